/* Frame pacing and reporting shared by every demo program.
   The programs never enable interrupts: the vblank is found by polling I_STAT, so they run the
   same on any BIOS and their timing depends only on the emulated hardware. */
#ifndef DEMO_SYS_H
#define DEMO_SYS_H
#include "ps1.h"

/* Masks all interrupt sources and acknowledges the pending ones. Call first in main(). */
void sys_init(void);

/* Counts a vblank if one happened since the last call (non-blocking); returns 1 if so. */
int sys_poll_vblank(void);

/* Waits until a vblank has been counted since the previous wait returned (at once if one was
   already counted by polling during the frame); returns how many were counted (1 when the
   frame's work fitted in one frame, more when it overran). */
unsigned sys_wait_vblank(void);

/* Vblanks counted so far. */
uint32_t sys_vblanks(void);

/* 1 when sys_tick would print now. */
int sys_tick_due(void);

/* Prints "tick N checksum XXXXXXXX" when 60 more vblanks have passed since the last tick line;
   `extra` (may be NULL) is appended after a space. Returns 1 when a line was printed. */
int sys_tick(uint32_t checksum, const char* extra);

/* Small formatters for building text: each writes at d, terminates, and returns the end. */
char* fmt_uint(char* d, uint32_t v, int width);
char* fmt_hex(char* d, uint32_t v);
char* fmt_str(char* d, const char* s);

/* A 32-bit mixing hash (FNV-1a over words) the programs fold their results into. */
static inline uint32_t hash_word(uint32_t h, uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        h ^= v & 0xFF;
        h *= 16777619u;
        v >>= 8;
    }
    return h;
}
#define HASH_INIT 2166136261u

#endif
