/* COP0 debug registers (cpuspecifications.md "COP0 - Debug Registers"): execution breakpoints
   ((PC XOR BPC) AND BPCM = 0), data breakpoints ((addr XOR BDA) AND BDAM = 0) on reads and
   writes, the DCIC enable bits (DE, PCE, DAE, DR, DW, KD/UD) and status bits (DB, PC, DA, R, W),
   the trap to 80000040h with ExcCode 09h when DCIC.TR is set and status bits only when it is
   not. Rules marked "peer" are where psx-spx is silent and the accurate emulators agree. */
#include "test.h"

volatile uint32_t g_dbg[5]; /* cause, epc, dcic, count, resume offset */
void dbg_handler(void);
uint32_t bp_exec(void);
uint32_t bp_lw(volatile void* a);
uint32_t bp_lh(volatile void* a);
uint32_t bp_lb(volatile void* a);
uint32_t bp_lwl(volatile void* a);
void bp_sw(volatile void* a, uint32_t v);
void bp_sh(volatile void* a, uint32_t v);
void bp_swr(volatile void* a, uint32_t v);
void set_dcic(uint32_t v);
uint32_t get_dcic(void);
void set_bp(uint32_t bpc, uint32_t bpcm, uint32_t bda, uint32_t bdam);

/* The watched data sits in its own 256-byte block, away from g_dbg. */
static volatile uint32_t g_data[64] __attribute__((aligned(256)));

/* DCIC bits ("cop0r7 - DCIC"). */
#define DB (1u << 0)
#define PCH (1u << 1)
#define DA (1u << 2)
#define RD (1u << 3)
#define WR (1u << 4)
#define DE (1u << 23)
#define PCE (1u << 24)
#define DAE (1u << 25)
#define DR (1u << 26)
#define DW (1u << 27)
#define KD (1u << 29)
#define UD (1u << 30)
#define TR (1u << 31)

static void reset_dbg(uint32_t resume) {
    for (int i = 0; i < 4; ++i)
        g_dbg[i] = 0;
    g_dbg[4] = resume;
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
    test_begin("cpu_breakpoints");
    uint32_t saved_sr = get_sr();
    volatile uint32_t* vec = (volatile uint32_t*)0x80000040;
    uint32_t saved_vec[4];
    for (int i = 0; i < 4; ++i)
        saved_vec[i] = vec[i];
    uint32_t h = (uint32_t)dbg_handler;
    vec[0] = 0x3c1a0000 | (h >> 16);    /* lui k0, hi */
    vec[1] = 0x375a0000 | (h & 0xffff); /* ori k0, k0, lo */
    vec[2] = 0x03400008;                /* jr k0 */
    vec[3] = 0;
    bios_flush_cache();
    set_sr(0); /* kernel mode, interrupts off, BEV=0 */
    uint32_t ex = (uint32_t)bp_exec;
    uint32_t v;

    /* DCIC: bits 6-11 and 16-22 always read zero (DE off so nothing can break; the jump
       redirection bits 12-13 stay 0, as they act without DE). */
    set_dcic(0xff7fcfffu);
    check_eq("DCIC bits 6-11, 16-22 read as zero", get_dcic(), 0xff00c03fu);
    set_dcic(0);
    check_eq("DCIC written 0 reads 0", get_dcic(), 0);

    /* Execution breakpoint with TR: trap before the instruction runs, EPC = it. */
    reset_dbg(0);
    set_bp(ex, 0xffffffffu, 0, 0);
    set_dcic(TR | KD | PCE | DE);
    v = bp_exec();
    check_eq("BPC hit: one debug exception", g_dbg[3], 1);
    check_eq("BPC hit: ExcCode 09h (as BREAK)", code(), 0x09);
    check_eq("BPC hit: EPC = the instruction at BPC", g_dbg[1], ex);
    check_eq("BPC hit: DCIC status DB and PC set", g_dbg[2], TR | KD | PCE | DE | DB | PCH);
    check_eq("BPC hit: the instruction runs after the handler returns", v, 0x12);

    /* BPCM masks address bits: FFFFFFF0h matches the whole 16-byte block, first fetch wins. */
    reset_dbg(0);
    set_bp(ex + 8, 0xfffffff0u, 0, 0);
    set_dcic(TR | KD | PCE | DE);
    bp_exec();
    check_eq("BPCM: masked bits ignored (hit at block start)", g_dbg[1], ex);

    /* A hit in a branch delay slot: EPC = the branch, Cause.BD. */
    reset_dbg(0);
    set_bp(ex + 8, 0xffffffffu, 0, 0);
    set_dcic(TR | KD | PCE | DE);
    v = bp_exec();
    check_eq("BPC in a delay slot: EPC = the jump", g_dbg[1], ex + 4);
    check_eq("BPC in a delay slot: Cause.BD", g_dbg[0] >> 31, 1);
    check_eq("BPC in a delay slot: the code completes", v, 0x12);

    /* Without TR: status bits only, no exception. */
    reset_dbg(0);
    set_bp(ex, 0xffffffffu, 0, 0);
    set_dcic(KD | PCE | DE);
    bp_exec();
    v = get_dcic();
    set_dcic(0);
    check_eq("TR=0: no debug exception", g_dbg[3], 0);
    check_eq("TR=0: DCIC status DB and PC set", v, KD | PCE | DE | DB | PCH);

    /* Gating: no KD in kernel mode, no DE, no PCE: nothing happens. */
    reset_dbg(0);
    set_dcic(TR | UD | PCE | DE);
    bp_exec();
    v = get_dcic();
    set_dcic(0);
    check_eq("KD=0: no break in kernel mode", g_dbg[3], 0);
    check_eq("KD=0: no status bits", v & 0x3f, 0);
    set_dcic(TR | KD | PCE);
    bp_exec();
    v = get_dcic();
    set_dcic(0);
    check_eq("DE=0: no break", g_dbg[3], 0);
    check_eq("DE=0: no status bits", v & 0x3f, 0);
    set_dcic(TR | KD | DE);
    bp_exec();
    set_dcic(0);
    check_eq("PCE=0: no execution break", g_dbg[3], 0);

    /* Data read breakpoint. */
    volatile uint32_t* d = &g_data[4];
    d[0] = 0x12345678;
    reset_dbg(0);
    set_bp(0, 0, (uint32_t)d, 0xffffffffu);
    set_dcic(TR | KD | DE | DAE | DR);
    v = bp_lw(d);
    check_eq("BDA read hit: ExcCode 09h", code(), 0x09);
    check_eq("BDA read hit: EPC = the load", g_dbg[1], (uint32_t)bp_lw);
    check_eq("BDA read hit: DCIC status DB, DA, R", g_dbg[2] & 0x3f, DB | DA | RD);
    check_eq("BDA read hit: the load completes after the handler", v, 0x12345678);

    /* DR only: a write to the same address does not break. */
    reset_dbg(0);
    set_dcic(TR | KD | DE | DAE | DR);
    bp_sw(d, 0xcafef00d);
    set_dcic(0);
    check_eq("DR only: writes do not break", g_dbg[3], 0);
    check_eq("DR only: the write happened", d[0], 0xcafef00d);

    /* Data write breakpoint. */
    reset_dbg(0);
    set_bp(0, 0, (uint32_t)d, 0xffffffffu);
    set_dcic(TR | KD | DE | DAE | DW);
    bp_sw(d, 0xa5a5a5a5);
    check_eq("BDA write hit: ExcCode 09h", code(), 0x09);
    check_eq("BDA write hit: EPC = the store", g_dbg[1], (uint32_t)bp_sw);
    check_eq("BDA write hit: DCIC status DB, DA, W", g_dbg[2] & 0x3f, DB | DA | WR);
    check_eq("BDA write hit: the store completes after the handler", d[0], 0xa5a5a5a5);

    /* Trap taken before the store: with the handler skipping the store, memory is unchanged. */
    reset_dbg(4);
    set_dcic(TR | KD | DE | DAE | DW);
    bp_sh(d, 0x1111);
    check_eq("BDA write hit: the trap comes before the store", d[0], 0xa5a5a5a5);
    check_eq("BDA write hit on SH", g_dbg[2] & 0x3f, DB | DA | WR);

    /* DW only: reads do not break. */
    reset_dbg(0);
    set_dcic(TR | KD | DE | DAE | DW);
    v = bp_lw(d);
    set_dcic(0);
    check_eq("DW only: reads do not break", g_dbg[3], 0);

    /* DAE=0: DR/DW alone do nothing. */
    reset_dbg(0);
    set_dcic(TR | KD | DE | DR | DW);
    bp_lw(d);
    bp_sw(d, 0x5a5a5a5a);
    set_dcic(0);
    check_eq("DAE=0: no data breaks", g_dbg[3], 0);

    /* BDAM: a byte load anywhere in the watched 16-byte block. */
    reset_dbg(0);
    set_bp(0, 0, (uint32_t)d, 0xfffffff0u);
    set_dcic(TR | KD | DE | DAE | DR);
    v = bp_lb((volatile uint8_t*)d + 13);
    check_eq("BDAM: masked address bits ignored", g_dbg[3], 1);
    reset_dbg(0);
    set_dcic(TR | KD | DE | DAE | DR);
    v = bp_lb((volatile uint8_t*)d + 16);
    set_dcic(0);
    check_eq("BDAM: outside the block no break", g_dbg[3], 0);

    /* TR=0 on data: status bits only. */
    reset_dbg(0);
    set_bp(0, 0, (uint32_t)d, 0xffffffffu);
    set_dcic(KD | DE | DAE | DR | DW);
    bp_sw(d, 0x01020304);
    v = get_dcic();
    set_dcic(0);
    check_eq("data TR=0: no exception", g_dbg[3], 0);
    check_eq("data TR=0: status DB, DA, W", v & 0x3f, DB | DA | WR);
    check_eq("data TR=0: the store happened", d[0], 0x01020304);

    /* Unaligned: a misaligned LH matching BDA traps as Bp, not AdEL (peer). */
    reset_dbg(4);
    set_bp(0, 0, (uint32_t)d + 1, 0xffffffffu);
    set_dcic(TR | KD | DE | DAE | DR);
    v = bp_lh((volatile uint8_t*)d + 1);
    check_eq("misaligned LH on BDA: Bp before AdEL (peer)", code(), 0x09);
    check_eq("misaligned LH on BDA: EPC = the load", g_dbg[1], (uint32_t)bp_lh + 4);

    /* LWL compares its own (unaligned) address (peer). */
    reset_dbg(0);
    set_bp(0, 0, (uint32_t)d + 1, 0xffffffffu);
    set_dcic(TR | KD | DE | DAE | DR);
    v = bp_lwl((volatile uint8_t*)d + 1);
    check_eq("LWL matches with its unaligned address (peer)", g_dbg[3], 1);
    check_eq("LWL: EPC = the load", g_dbg[1], (uint32_t)bp_lwl + 4);
    check_eq("LWL merges bytes 0-1 into the top after the handler", v, 0x03040000);

    /* SWR compares the aligned word address (peer). */
    reset_dbg(0);
    set_bp(0, 0, (uint32_t)d, 0xffffffffu);
    set_dcic(TR | KD | DE | DAE | DW);
    bp_swr((volatile uint8_t*)d + 2, 0x0000abcd);
    check_eq("SWR matches with the aligned address (peer)", g_dbg[3], 1);
    check_eq("SWR stores the low half into bytes 2-3 after the handler", d[0], 0xabcd0304);

    set_dcic(0);
    set_bp(0, 0, 0, 0);
    set_sr(saved_sr);
    for (int i = 0; i < 4; ++i)
        vec[i] = saved_vec[i];
    bios_flush_cache();
    return test_done();
}
