/* fs-switch: see FsMode FS_SWITCH in fs.h. */
#include "fs.h"

int main(void) {
    fs_run("fs-switch", FS_SWITCH);
}
