/* fs-readback: see FsMode FS_READBACK in fs.h. */
#include "fs.h"

int main(void) {
    fs_run("fs-readback", FS_READBACK);
}
