/* fs-rtt: see FsMode FS_RTT in fs.h. */
#include "fs.h"

int main(void) {
    fs_run("fs-rtt", FS_RTT);
}
