/* bench-gpu-heavy: the GPU benchmark scene at load level 4. */
#include "bench_gpu.h"

int main(void) {
    bench_gpu_run("bench-gpu-heavy", 4);
}
