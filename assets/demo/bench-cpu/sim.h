/* The bench-cpu workload: one step of a small game world's logic. Plain portable C (only the
   fixed-size integer types of ps1.h), so the same file compiled for the host gives the
   expected checksums the PS1 build checks itself against. */
#ifndef BENCH_SIM_H
#define BENCH_SIM_H
#include "ps1.h"

void sim_reset(uint32_t seed);
void sim_step(void);
/* Hash of the whole world state (objects, scores, log, counters). */
uint32_t sim_checksum(void);
/* Re-checks the invariants the step maintains (depth order sorted, broadphase pair count equal
   to the brute-force count, scores sorted); returns 0 when all hold, else a failure number. */
int sim_verify(void);
uint32_t sim_steps(void);
/* Called between phases of a step and every few objects of the long loops, so the caller can
   notice vblanks promptly even though a step may take longer than a frame. */
void sim_set_poll(void (*poll)(void));

#endif
