/* Partial-word stores to I/O (partialwordwrites.md): on-die registers latch the whole shifted
   word the CPU drives whatever the byte enables ("On-die MMIO behavior", checked on DPCR); the
   16-bit SBUS splits an access into halfword transactions and the SPU latches a whole bus
   halfword on /WR0 only ("SBUS writes to MAINVOL_L" table). Source AABBCCDDh, baseline 0. */
#include "test.h"

#define DPCR 0x1f8010f0u
#define VOL_L 0x1f801d80u /* SPU main volume left; right at +2 */
#define SRC 0xaabbccddu

#define ST(op, off, base, v)                                                                       \
    __asm__ volatile(op " %0, " #off "(%1)" : : "r"(v), "r"(base) : "memory")

static uint32_t vol(void) {
    return MMIO16(VOL_L) | ((uint32_t)MMIO16(VOL_L + 2) << 16);
}

int main(void) {
    test_begin("cpu_partial_writes");
    uint32_t saved_dpcr = MMIO32(DPCR);
    uint32_t saved_vol = vol();
    volatile uint32_t* dpcr = (volatile uint32_t*)DPCR;
    volatile uint32_t* v = (volatile uint32_t*)VOL_L;
    uint32_t src = SRC;

    /* On-die: every op overwrites DPCR with the bus word (the "DPCR" example table). */
#define ONDIE(op, off, expect)                                                                     \
    do {                                                                                           \
        *dpcr = 0x11223344;                                                                        \
        ST(op, off, dpcr, src);                                                                    \
        check_eq("on-die " op " +" #off " latches the shifted word", *dpcr, expect);               \
    } while (0)
    ONDIE("sb", 0, 0xaabbccdd);
    ONDIE("sb", 1, 0xbbccdd00);
    ONDIE("sb", 2, 0xccdd0000);
    ONDIE("sb", 3, 0xdd000000);
    ONDIE("sh", 0, 0xaabbccdd);
    ONDIE("sh", 2, 0xccdd0000);
    ONDIE("swl", 0, 0x000000aa);
    ONDIE("swl", 1, 0x0000aabb);
    ONDIE("swl", 2, 0x00aabbcc);
    ONDIE("swl", 3, 0xaabbccdd);
    ONDIE("swr", 0, 0xaabbccdd);
    ONDIE("swr", 1, 0xbbccdd00);
    ONDIE("swr", 2, 0xccdd0000);
    ONDIE("swr", 3, 0xdd000000);
    *dpcr = saved_dpcr;

    /* SBUS (SPU, 16-bit): result as (MAINVOL_R << 16) | MAINVOL_L. */
#define SBUS(op, off, expect)                                                                      \
    do {                                                                                           \
        *v = 0;                                                                                    \
        ST(op, off, v, src);                                                                       \
        check_eq("SBUS " op " +" #off, vol(), expect);                                             \
    } while (0)
    SBUS("sw", 0, 0xaabbccdd); /* two transactions: the neighbour is written too */
    SBUS("sh", 0, 0x0000ccdd);
    SBUS("sh", 2, 0xccdd0000);
    SBUS("sb", 0, 0x0000ccdd); /* /WR0: the whole bus halfword, not just the byte */
    SBUS("sb", 1, 0x00000000); /* /WR1 only: dropped */
    SBUS("sb", 2, 0xccdd0000); /* lands in the neighbour */
    SBUS("sb", 3, 0x00000000);
    SBUS("swl", 0, 0x000000aa);
    SBUS("swl", 1, 0x0000aabb);
    SBUS("swl", 2, 0x0000bbcc); /* byte 2 dropped */
    SBUS("swl", 3, 0xaabbccdd);
    SBUS("swr", 0, 0xaabbccdd);
    SBUS("swr", 1, 0x0000dd00); /* bytes 2-3 dropped */
    SBUS("swr", 2, 0xccdd0000);
    SBUS("swr", 3, 0x00000000);
    *v = saved_vol;
    return test_done();
}
