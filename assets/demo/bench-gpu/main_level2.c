/* bench-gpu: the GPU benchmark scene at load level 2. */
#include "bench_gpu.h"

int main(void) {
    bench_gpu_run("bench-gpu", 2);
}
