/* fs-clear: see FsMode FS_CLEAR in fs.h. */
#include "fs.h"

int main(void) {
    fs_run("fs-clear", FS_CLEAR);
}
