/* COP0 trace breaks (cpuspecifications.md "cop0r7 - DCIC": bit 28 TE "Break on
   branch/jump/call/etc.", bit 5 T "Automatically set upon Trace break", bit 0 DB, bit 31 TR
   "Jump to debug vector" at 80000040h with ExcCode 09h, KD/UD by mode, DE enabling bits
   24-31). Where the reference stops, this program checks Skipjack's documented rule
   (core/cpu/cpu_memory.cpp): a taken branch or jump breaks at its target, after its delay slot
   and before the target runs (EPC = the target, BD clear); a branch not taken does not. */
#include "test.h"

volatile uint32_t g_dbg[4]; /* cause, epc, dcic, count */
void trace_vector(void);
void trace_vector_end(void);
uint32_t trace_branch(uint32_t dcic, volatile uint32_t* dcic_after);
uint32_t trace_jal(uint32_t dcic);
void trace_target1(void);
void trace_target2(void);
void trace_callee(void);

#define DB (1u << 0)
#define TRACED (1u << 5)
#define DE (1u << 23)
#define TE (1u << 28)
#define KD (1u << 29)
#define UD (1u << 30)
#define TR (1u << 31)

static void reset_dbg(void) {
    for (int i = 0; i < 4; ++i)
        g_dbg[i] = 0;
}
static uint32_t code(void) {
    return (g_dbg[0] >> 2) & 0x1f;
}
static void set_sr(uint32_t v) {
    __asm__ volatile("mtc0 %0, $12\n nop\n nop" : : "r"(v));
}
static uint32_t get_sr(void) {
    uint32_t v;
    __asm__ volatile("mfc0 %0, $12\n nop" : "=r"(v));
    return v;
}

int main(void) {
    test_begin("cpu_trace");
    uint32_t saved_sr = get_sr();
    volatile uint32_t* vec = (volatile uint32_t*)0x80000040;
    const uint32_t* src = (const uint32_t*)trace_vector;
    const int words = ((uint32_t)trace_vector_end - (uint32_t)trace_vector) / 4;
    uint32_t saved_vec[8];
    for (int i = 0; i < words; ++i) {
        saved_vec[i] = vec[i];
        vec[i] = src[i];
    }
    bios_flush_cache();
    set_sr(0); /* kernel mode, interrupts off, BEV=0 */
    volatile uint32_t after = 0;
    uint32_t v;

    /* TR: the first taken branch traps at its target; the not-taken one before it does not. */
    reset_dbg();
    v = trace_branch(TR | KD | TE | DE, &after);
    check_eq("TE+TR: one debug exception (the not-taken branch does not break)", g_dbg[3], 1);
    check_eq("TE+TR: ExcCode 09h (as BREAK)", code(), 0x09);
    check_eq("TE+TR: EPC = the taken branch's target", g_dbg[1], (uint32_t)trace_target1);
    check_eq("TE+TR: not in a delay slot (Cause.BD clear)", g_dbg[0] >> 31, 0);
    check_eq("TE+TR: DCIC status DB and T set", g_dbg[2], TR | KD | TE | DE | DB | TRACED);
    check_eq("TE+TR: delay slot ran once, the target runs after the handler", v, 0x107);

    /* A JAL traps at the called function. */
    reset_dbg();
    v = trace_jal(TR | KD | TE | DE);
    check_eq("JAL: one debug exception", g_dbg[3], 1);
    check_eq("JAL: EPC = the called function", g_dbg[1], (uint32_t)trace_callee);
    check_eq("JAL: the call completes", v, 0x35);

    /* Without TR: status bits only, every instruction runs once. */
    reset_dbg();
    v = trace_branch(KD | TE | DE, &after);
    check_eq("TR=0: no debug exception", g_dbg[3], 0);
    check_eq("TR=0: DCIC status DB and T set", after, KD | TE | DE | DB | TRACED);
    check_eq("TR=0: the code runs unchanged", v, 0x107);

    /* Gating: DE off, or only UD in kernel mode: nothing happens. */
    reset_dbg();
    v = trace_branch(TR | KD | TE, &after);
    check_eq("DE=0: no break", g_dbg[3], 0);
    check_eq("DE=0: no status bits", after, TR | KD | TE);
    reset_dbg();
    v = trace_branch(TR | UD | TE | DE, &after);
    check_eq("UD only, kernel mode: no break", g_dbg[3], 0);
    check_eq("UD only, kernel mode: no status bits", after, TR | UD | TE | DE);
    check_eq("gated: the code runs unchanged", v, 0x107);

    set_sr(saved_sr);
    for (int i = 0; i < words; ++i)
        vec[i] = saved_vec[i];
    bios_flush_cache();
    return test_done();
}
