/* GTE command duration as seen by the CPU, measured with root counter 2 at the system clock
   (timers "Clock Source": counter 2, 0 = System Clock). Rules: psx-spx "GTE Load Delay Slots":
   "If an instruction that reads a GTE register or a GTE command is executed before the current
   GTE command is finished, the CPU will hold until the instruction has finished", with the
   cycle counts of "GTE Opcode Summary" (NCDT 44, SQR 5, RTPT 23, NCLIP 8). Each sequence is
   run twice and the second run is measured, so instruction-cache fills do not count. */
#include "gte_common.h"

#define T2_VALUE 0x1F801120u
#define T2_MODE 0x1F801124u

/* Cycles from a timer read before `cop2 w` to a timer read after `cfc2 FLAG`, with `pad` nops
   between the command and the read. */
#define MEASURE(w, pad)                                                                            \
    __extension__({                                                                                \
        uint32_t t0_, t1_, f_;                                                                     \
        __asm__ volatile(GTE_NR("li $t2, 2\n"                                                      \
                                "1:\tlw %0, 0(%3)\n\tnop\n\tcop2 %4\n\t" pad                       \
                                "cfc2 %2, $31\n\tnop\n\tlw %1, 0(%3)\n\taddiu $t2, $t2, -1\n\t"    \
                                "bnez $t2, 1b\n\tnop")                                             \
                         : "=&r"(t0_), "=&r"(t1_), "=&r"(f_)                                       \
                         : "r"(T2_VALUE), "i"(w)                                                   \
                         : "t2");                                                                  \
        (void)f_;                                                                                  \
        (t1_ - t0_) & 0xFFFF;                                                                      \
    })

#define NOPS10 "nop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\tnop\n\t"
#define NOPS60 NOPS10 NOPS10 NOPS10 NOPS10 NOPS10 NOPS10

static void in_range(const char* rule, uint32_t got, uint32_t lo, uint32_t hi) {
    if (got < lo || got > hi) tprintf("  measured %u, expected %u..%u\n", got, lo, hi);
    check_true(rule, got >= lo && got <= hi);
}

int main(void) {
    test_begin("gte_timing");
    gte_enable();
    gte_zero();
    MMIO16(T2_MODE) = 0x0000; /* free run, system clock */

    const uint32_t sqr = MEASURE(SQR | SF, "");
    const uint32_t ncdt = MEASURE(NCDT, "");
    const uint32_t rtpt = MEASURE(RTPT, "");
    const uint32_t nclip = MEASURE(NCLIP, "");
    tprintf("gte_timing: SQR %u, NCDT %u, RTPT %u, NCLIP %u cycles (timer to timer)\n", sqr, ncdt,
            rtpt, nclip);
    /* Differences cancel the fixed cost of the timer reads: NCDT-SQR = 44-5 = 39, etc. */
    in_range("CFC2 after NCDT holds the CPU 39 cycles longer than after SQR (44 vs 5)", ncdt - sqr,
             37, 41);
    in_range("CFC2 after RTPT holds the CPU 18 cycles longer than after SQR (23 vs 5)", rtpt - sqr,
             16, 20);
    in_range("CFC2 after NCLIP holds the CPU 3 cycles longer than after SQR (8 vs 5)", nclip - sqr,
             1, 5);

    /* With 60 nops in between the command has finished: no hold, both take the same time. */
    const uint32_t sqr60 = MEASURE(SQR | SF, NOPS60);
    const uint32_t ncdt60 = MEASURE(NCDT, NOPS60);
    in_range("the CPU runs on while a GTE command executes (NCDT then 60 nops: no hold)",
             ncdt60 - sqr60, 0, 1);
    return test_done();
}
