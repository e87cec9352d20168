/* Host stand-in for the PS1 runtime header, so sim.c builds natively for the expected-checksum
   check (demo.bench_cpu_host_checksum). */
#ifndef SKIPJACK_PS1_H
#define SKIPJACK_PS1_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#endif
