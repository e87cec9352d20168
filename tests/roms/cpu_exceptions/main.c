/* Exceptions (cpuspecifications.md "COP0 - Exception Handling"): Cause/EPC/BadVaddr/BD/BT/TAR,
   SR push/pop, every exception kind. Installs its own handler at 80000080h. */
#include "test.h"

volatile uint32_t g_exc[8]; /* cause, epc, badvaddr, sr, tar, count, resume */
void exc_handler(void);
void flush_icache(void);
uint32_t do_add_ovf(void);
uint32_t do_addi_ovf(void);
uint32_t do_sub_ovf(void);
void do_syscall(void);
void do_break(void);
void do_reserved(void);
uint32_t do_lw(uint32_t addr);
uint32_t do_lh(uint32_t addr);
void do_sw(uint32_t addr, uint32_t v);
void do_sh(uint32_t addr, uint32_t v);
void do_jr(uint32_t addr);
void do_delay_ovf(void);
extern char do_delay_ovf_jump[], do_delay_ovf_target[];
void do_cop2(void);
void do_lwc0(void);
void do_mfc0_r0(void);
void do_swint(uint32_t sr);
extern char do_swint_after[];

static uint32_t get_sr(void) {
    uint32_t v;
    __asm__ volatile("mfc0 %0, $12\n nop" : "=r"(v));
    return v;
}
static void set_sr(uint32_t v) {
    __asm__ volatile("mtc0 %0, $12\n nop\n nop" : : "r"(v));
}
static void flush(void) {
    ((void (*)(void))((uint32_t)flush_icache | 0xa0000000))();
}

static uint32_t code(void) {
    return (g_exc[0] >> 2) & 0x1f;
}
static void reset_exc(void) {
    for (int i = 0; i < 7; ++i)
        g_exc[i] = 0;
}

int main(void) {
    test_begin("cpu_exceptions");
    uint32_t saved_sr = get_sr();
    volatile uint32_t* vec = (volatile uint32_t*)0x80000080;
    uint32_t saved_vec[4];
    for (int i = 0; i < 4; ++i)
        saved_vec[i] = vec[i];
    uint32_t h = (uint32_t)exc_handler;
    vec[0] = 0x3c1a0000 | (h >> 16);    /* lui k0, hi */
    vec[1] = 0x375a0000 | (h & 0xffff); /* ori k0, k0, lo */
    vec[2] = 0x03400008;                /* jr k0 */
    vec[3] = 0;
    set_sr(0); /* kernel mode, interrupts off, COP2 off, BEV=0 */
    flush();

    reset_exc();
    uint32_t r = do_add_ovf();
    check_eq("ADD overflow -> Ovf (0Ch)", code(), 0x0c);
    check_eq("ADD overflow leaves rd unchanged", r, 0x55);
    check_eq("EPC = the faulting instruction", g_exc[1], (uint32_t)do_add_ovf + 12);
    check_eq("BD clear outside a delay slot", g_exc[0] >> 31, 0);
    check_eq("exception pushes the KU/IE stack (kernel, IE off)", g_exc[3] & 0x3f, 0);
    reset_exc();
    check_eq("ADDI overflow leaves rt unchanged", do_addi_ovf(), 0x66);
    check_eq("ADDI overflow -> Ovf", code(), 0x0c);
    reset_exc();
    check_eq("SUB overflow leaves rd unchanged", do_sub_ovf(), 0x77);
    check_eq("SUB overflow -> Ovf", code(), 0x0c);

    reset_exc();
    do_syscall();
    check_eq("SYSCALL -> Sys (08h)", code(), 0x08);
    check_eq("SYSCALL EPC", g_exc[1], (uint32_t)do_syscall);
    reset_exc();
    do_break();
    check_eq("BREAK -> Bp (09h)", code(), 0x09);
    reset_exc();
    do_reserved();
    check_eq("N/A opcode -> RI (0Ah)", code(), 0x0a);

    reset_exc();
    g_exc[2] = 0;
    r = do_lw(0x80000102);
    check_eq("misaligned LW -> AdEL (04h)", code(), 0x04);
    check_eq("AdEL writes BadVaddr", g_exc[2], 0x80000102);
    check_eq("a faulting load leaves rt untouched", r, 0x99);
    reset_exc();
    do_lh(0x80000101);
    check_eq("misaligned LH -> AdEL", code(), 0x04);
    reset_exc();
    do_sw(0x80000106, 0);
    check_eq("misaligned SW -> AdES (05h)", code(), 0x05);
    check_eq("AdES writes BadVaddr", g_exc[2], 0x80000106);
    reset_exc();
    do_sh(0x80000103, 0);
    check_eq("misaligned SH -> AdES", code(), 0x05);

    reset_exc();
    r = do_lw(0x1f800400);
    check_eq("load from a locked region -> DBE (07h)", code(), 0x07);
    check_eq("bus errors leave BadVaddr alone", g_exc[2], 0x80000103);
    reset_exc();
    do_sw(0x1f800400, 0);
    check_eq("store to a locked region -> DBE", code(), 0x07);
    reset_exc();
    r = do_lw(0x20000000);
    check_eq("KUSEG above 512 MB -> bus error", code(), 0x07);
    /* unpredictablethings.md "Locked Locations": the gaps in the I/O area fault. */
    reset_exc();
    r = do_lw(0x1f801064);
    check_eq("locked I/O gap 1F801064h: load -> DBE", code(), 0x07);
    reset_exc();
    do_sw(0x1f801140, 0);
    check_eq("locked I/O gap 1F801140h: store -> DBE", code(), 0x07);
    reset_exc();
    do_lh(0x9f801828);
    check_eq("locked I/O gap 1F801828h (KSEG0): load -> DBE", code(), 0x07);
    reset_exc();
    r = do_lw(0xfffe0020);
    check_eq("locked KSEG2 gap FFFE0020h -> DBE", code(), 0x07);
    reset_exc();
    r = do_lw(0x1f801130);
    check_eq("garbage location 1F801130h does not fault", g_exc[5], 0);

    /* Jump to a misaligned address: AdEL at the target fetch, EPC = BadVaddr = target. */
    reset_exc();
    do_jr((uint32_t)do_syscall + 2);
    check_eq("misaligned jump target -> AdEL at fetch", code(), 0x04);
    check_eq("misaligned fetch: EPC = target", g_exc[1], (uint32_t)do_syscall + 2);
    check_eq("misaligned fetch: BadVaddr = target", g_exc[2], (uint32_t)do_syscall + 2);

    /* memorymap.md "Scratchpad": not executable, a fetch from it is a bus error (KUSEG and
       KSEG0 alike); EPC = the fetched address. */
    reset_exc();
    do_jr(0x1f800000);
    check_eq("scratchpad fetch (KUSEG) -> IBE (06h)", code(), 0x06);
    check_eq("scratchpad fetch: EPC = the target", g_exc[1], 0x1f800000);
    reset_exc();
    do_jr(0x9f800100);
    check_eq("scratchpad fetch (KSEG0) -> IBE", code(), 0x06);

    /* Exception in the delay slot of a taken jump. */
    reset_exc();
    g_exc[6] = (uint32_t)do_delay_ovf_target;
    do_delay_ovf();
    check_eq("delay slot fault: Ovf", code(), 0x0c);
    check_eq("delay slot fault: EPC = the jump", g_exc[1], (uint32_t)do_delay_ovf_jump);
    check_eq("delay slot fault: Cause.BD", g_exc[0] >> 31, 1);
    check_eq("delay slot fault: Cause.BT (taken)", (g_exc[0] >> 30) & 1, 1);
    check_eq("delay slot fault: TAR = jump target", g_exc[4], (uint32_t)do_delay_ovf_target);

    reset_exc();
    do_cop2();
    check_eq("COP2 with SR.CU2 clear -> CpU (0Bh)", code(), 0x0b);
    check_eq("CpU: Cause.CE = 2", (g_exc[0] >> 28) & 3, 2);
    reset_exc();
    do_lwc0();
    check_eq("LWC0 -> CpU", code(), 0x0b);
    check_eq("LWC0: Cause.CE = 0", (g_exc[0] >> 28) & 3, 0);
    reset_exc();
    do_mfc0_r0();
    check_eq("MFC0 of r0 (N/A) -> RI", code(), 0x0a);

    /* Software interrupt: Cause bit 8, SR.IM bit 8, SR.IEc. */
    reset_exc();
    do_swint(0x101);
    check_eq("software interrupt -> Int (00h)", code(), 0x00);
    check_eq("software interrupt: Cause bit 8 was set", (g_exc[0] >> 8) & 3, 1);
    check_eq("interrupt EPC = next instruction", g_exc[1], (uint32_t)do_swint_after);
    check_eq("interrupt pushes IEc into IEp", g_exc[3] & 0x3f, 0x04);
    check_eq("taken once", g_exc[5], 1);
    reset_exc();
    do_swint(0x100);
    check_eq("no interrupt while SR.IEc is clear", g_exc[5], 0);
    reset_exc();
    do_swint(0x001);
    check_eq("no interrupt while SR.IM bit 8 is clear", g_exc[5], 0);

    /* RFE pops the stack: bits 2-3 -> 0-1, 4-5 -> 2-3, 4-5 unchanged. */
    uint32_t sr;
    __asm__ volatile("li $8, 0x14\n mtc0 $8, $12\n nop\n rfe\n mfc0 %0, $12\n nop"
                     : "=r"(sr)
                     :
                     : "$8");
    set_sr(0);
    check_eq("RFE pops the KU/IE stack", sr & 0x3f, 0x15);

    for (int i = 0; i < 4; ++i)
        vec[i] = saved_vec[i];
    flush();
    set_sr(saved_sr);
    return test_done();
}
