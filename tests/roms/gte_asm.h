/* COP2 access primitives for the GTE test programs (psx-spx "Geometry Transformation Engine",
   "GTE Overview" and cpuspecifications "Caution - Load Delay" / "Caution - Store Delay").
   Register numbers and command words must be compile-time constants (they are encoded in the
   instruction). Timing rules followed here so the programs are valid on the real console:
   * MFC2/CFC2 load the GPR one instruction late: a nop follows each read.
   * MTC2/CTC2 reach the GTE 2..3 cycles later (IRGB: 3): writes are followed by 3 nops, LWC2
     (2-instruction delay) likewise.
   * A command is followed at once by a CFC2 of FLAG, which the CPU holds until the command has
     finished ("the CPU will hold until the instruction has finished"), so no later MTC2/CTC2
     can land while the command still reads its inputs ("GTE Pipeline Timings"). */
#ifndef SKIPJACK_GTE_ASM_H
#define SKIPJACK_GTE_ASM_H
#include "ps1.h"

#define GTE_STR_(x) #x
#define GTE_STR(x) GTE_STR_(x)
/* noreorder: the assembler must not add or move anything (the nops are ours). */
#define GTE_NR(s) ".set push\n\t.set noreorder\n\t" s "\n\t.set pop"

#define MFC2(r)                                                                                    \
    __extension__({                                                                                \
        uint32_t v_;                                                                               \
        __asm__ volatile(GTE_NR("mfc2 %0, $" GTE_STR(r) "\n\tnop") : "=r"(v_));                    \
        v_;                                                                                        \
    })
#define CFC2(r)                                                                                    \
    __extension__({                                                                                \
        uint32_t v_;                                                                               \
        __asm__ volatile(GTE_NR("cfc2 %0, $" GTE_STR(r) "\n\tnop") : "=r"(v_));                    \
        v_;                                                                                        \
    })
#define MTC2(r, v)                                                                                 \
    __asm__ volatile(GTE_NR("mtc2 %0, $" GTE_STR(r) "\n\tnop\n\tnop\n\tnop") : : "r"((uint32_t)(v)))
#define CTC2(r, v)                                                                                 \
    __asm__ volatile(GTE_NR("ctc2 %0, $" GTE_STR(r) "\n\tnop\n\tnop\n\tnop") : : "r"((uint32_t)(v)))
#define LWC2(r, p)                                                                                 \
    __asm__ volatile(GTE_NR("lwc2 $" GTE_STR(r) ", 0(%0)\n\tnop\n\tnop\n\tnop")                    \
                     :                                                                             \
                     : "r"(p)                                                                      \
                     : "memory")
#define SWC2(r, p) __asm__ volatile(GTE_NR("swc2 $" GTE_STR(r) ", 0(%0)") : : "r"(p) : "memory")

/* Issues a command word (bits 0-24 of "COP2 imm25") and returns FLAG after it finished. */
#define GTE_CMD(w)                                                                                 \
    __extension__({                                                                                \
        uint32_t f_;                                                                               \
        __asm__ volatile(GTE_NR("cop2 %1\n\tcfc2 %0, $31\n\tnop") : "=r"(f_) : "i"(w));            \
        f_;                                                                                        \
    })

/* Issues a command without waiting; a following GTE command or register read waits for it. */
#define GTE_ISSUE(w) __asm__ volatile(GTE_NR("cop2 %0") : : "i"(w))

/* MFC2 with the destination read in the load delay slot: returns {old, new} GPR values. */
#define MFC2_DELAY(r, before, slot, after)                                                         \
    __asm__ volatile(                                                                              \
        GTE_NR("move $t0, %2\n\tmfc2 $t0, $" GTE_STR(r) "\n\tmove %0, $t0\n\tmove %1, $t0")        \
        : "=&r"(slot), "=&r"(after)                                                                \
        : "r"(before)                                                                              \
        : "t0")
#define CFC2_DELAY(r, before, slot, after)                                                         \
    __asm__ volatile(                                                                              \
        GTE_NR("move $t0, %2\n\tcfc2 $t0, $" GTE_STR(r) "\n\tmove %0, $t0\n\tmove %1, $t0")        \
        : "=&r"(slot), "=&r"(after)                                                                \
        : "r"(before)                                                                              \
        : "t0")

/* SR bit 30 (CU2) enables COP2; the bit takes effect ~2 cycles late (cpuspecifications
   "Caution - Store Delay"). */
static inline uint32_t gte_enable(void) {
    uint32_t sr;
    __asm__ volatile(GTE_NR("mfc0 %0, $12\n\tnop\n\t"
                            "or %0, %0, %1\n\t"
                            "mtc0 %0, $12\n\tnop\n\tnop\n\t"
                            "mfc0 %0, $12\n\tnop")
                     : "=&r"(sr)
                     : "r"(0x40000000u));
    return sr;
}

#endif
