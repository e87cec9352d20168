/* Generic BIOS calls for the bios_* test programs: the function number goes through a global
   into t1 (kernelbios.md: "Call 00A0h with function number in R9"), arguments stay in a0..a3
   and on the caller's stack. Not reentrant: call only from the main program. */
#ifndef SKIPJACK_BIOS_CALL_H
#define SKIPJACK_BIOS_CALL_H
#include "ps1.h"

extern volatile uint32_t g_bios_fn;
uint32_t bios_a(uint32_t a0, ...);
uint32_t bios_b(uint32_t a0, ...);
uint32_t bios_c(uint32_t a0, ...);

#define BIOS_CALL_IMPL                                                                             \
    volatile uint32_t g_bios_fn;                                                                   \
    __asm__(".set push\n.set noreorder\n"                                                          \
            ".global bios_a\nbios_a:\n lui $t2, %hi(g_bios_fn)\n lw $t1, %lo(g_bios_fn)($t2)\n"    \
            " li $t2, 0xA0\n jr $t2\n nop\n"                                                       \
            ".global bios_b\nbios_b:\n lui $t2, %hi(g_bios_fn)\n lw $t1, %lo(g_bios_fn)($t2)\n"    \
            " li $t2, 0xB0\n jr $t2\n nop\n"                                                       \
            ".global bios_c\nbios_c:\n lui $t2, %hi(g_bios_fn)\n lw $t1, %lo(g_bios_fn)($t2)\n"    \
            " li $t2, 0xC0\n jr $t2\n nop\n"                                                       \
            ".set pop\n");

#define A(n, ...) (g_bios_fn = (n), bios_a(__VA_ARGS__))
#define B(n, ...) (g_bios_fn = (n), bios_b(__VA_ARGS__))
#define C(n, ...) (g_bios_fn = (n), bios_c(__VA_ARGS__))
#define P(x) ((uint32_t)(x))

#endif
