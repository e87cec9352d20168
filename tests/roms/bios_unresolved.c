/* Programs that catch exceptions through the BIOS tables (kernelbios.md "BREAK-Functions":
   the kernel "calls DeliverEvent(F0000010h,1000h) and SystemError_A_40h upon any BRK opcodes
   (as well as on any other unresolved exceptions)"; "A(40h) - SystemErrorUnresolvedException":
   "useful for debugging software which may hook that functions"). The A(40h) entry of the
   RAM table at 200h is patched to our handler; each exception the kernel does not resolve
   (BREAK, address errors on load and store, overflow, a reserved instruction, an unusable
   coprocessor; cpuspecifications.md "Exception codes") must reach it with the faulting
   instruction in the TCB's EPC ("Thread Control Blocks": EPC at 88h, CAUSE at 98h), and the
   program continues after it: through B(17h) ReturnFromException, or by returning from the
   handler to the kernel. */
#include "bios_call.h"
#include "test.h"

BIOS_CALL_IMPL

static uint32_t peek(uint32_t a) {
    uint32_t v;
    __asm__ volatile("lw %0, 0(%1)\n nop" : "=r"(v) : "r"(a));
    return v;
}
static void poke(uint32_t a, uint32_t v) {
    __asm__ volatile("sw %0, 0(%1)" : : "r"(v), "r"(a) : "memory");
}

static volatile uint32_t g_count, g_excode, g_epc, g_return_mode;

static void on_unresolved(void) {
    uint32_t tcb = peek(peek(0x108)); /* the PCB's current TCB */
    uint32_t epc = peek(tcb + 0x88);
    g_excode = (peek(tcb + 0x98) >> 2) & 0x1f;
    g_epc = epc;
    ++g_count;
    poke(tcb + 0x88, epc + 4);          /* continue after the faulting instruction */
    if (g_return_mode == 0) B(0x17, 0); /* ReturnFromException: does not come back */
}

/* Each returns the address of its faulting instruction. */
#define FAULT(name, setup, insn)                                                                   \
    static uint32_t name(void) {                                                                   \
        uint32_t at;                                                                               \
        __asm__ volatile(".set push\n.set noreorder\n.set noat\n" setup                            \
                         " la %0, 1f\n nop\n1: " insn "\n nop\n.set pop"                           \
                         : "=r"(at)                                                                \
                         :                                                                         \
                         : "t0", "t1", "memory");                                                  \
        return at;                                                                                 \
    }
FAULT(fault_break, "", "break 7") /* BRK(1C00h): division by zero */
FAULT(fault_adel, " lui $t1, 0x8010\n", "lw $t0, 1($t1)")
FAULT(fault_ades, " lui $t1, 0x8010\n", "sw $zero, 2($t1)")
FAULT(fault_ov, " lui $t0, 0x7fff\n ori $t0, $t0, 0xffff\n", "add $t1, $t0, $t0")
FAULT(fault_ri, "", ".word 0x70000000")  /* primary opcode 1Ch: reserved */
FAULT(fault_cpu, "", ".word 0x44000000") /* MFC1: COP1 is not there (SR.CU1 = 0) */

static void expect(const char* what, uint32_t (*fault)(void), uint32_t excode) {
    uint32_t before = g_count;
    uint32_t at = fault();
    tprintf("%s: ", what);
    check_eq("the patched A(40h) ran once", g_count - before, 1);
    check_eq("with the exception code in the TCB's CAUSE", g_excode, excode);
    check_eq("and the faulting instruction in the TCB's EPC", g_epc, at);
    tprintf("ok\n");
}

int main(void) {
    test_begin("bios_unresolved");
    uint32_t slot = 0x200 + 4 * 0x40;
    uint32_t old = peek(slot);
    poke(slot, (uint32_t)on_unresolved);
    g_return_mode = 0;
    expect("BREAK", fault_break, 9);
    expect("load address error", fault_adel, 4);
    expect("store address error", fault_ades, 5);
    expect("overflow", fault_ov, 12);
    expect("reserved instruction", fault_ri, 10);
    expect("coprocessor unusable", fault_cpu, 11);
    /* A handler that returns to the kernel: the kernel returns from the exception with the
       TCB as the handler left it. */
    g_return_mode = 1;
    expect("BREAK, handler returns", fault_break, 9);
    expect("overflow, handler returns", fault_ov, 12);
    poke(slot, old);
    return test_done();
}
