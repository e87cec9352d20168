/* bench-gpu: a fill-rate and primitive-count heavy scene for `skipjack-cli bench gpu`. */
#ifndef BENCH_GPU_H
#define BENCH_GPU_H

/* Runs forever at the given load level (1 = light .. 4 = heavy); L1/R1 on the pad lower and
   raise it at run time. */
void bench_gpu_run(const char* name, int level) __attribute__((noreturn));

#endif
