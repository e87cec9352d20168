/* fs-incremental: see FsMode FS_INCREMENTAL in fs.h. */
#include "fs.h"

int main(void) {
    fs_run("fs-incremental", FS_INCREMENTAL);
}
