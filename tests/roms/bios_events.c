/* BIOS events (kernelbios.md "BIOS Event Functions") and the vblank root-counter event
   F2000003h/2 with ChangeClearRCnt(3,1). */
#include "bios_call.h"
#include "test.h"

BIOS_CALL_IMPL

static volatile uint32_t g_calls;
/* Kernel RAM at low addresses (the compiler treats such constants as null-ish pointers). */
static uint32_t peek(uint32_t a) {
    uint32_t v;
    __asm__ volatile("lw %0, 0(%1)\n nop" : "=r"(v) : "r"(a));
    return v;
}
static void callback(void) {
    g_calls++;
}

int main(void) {
    test_begin("bios_events");
    bios_enter_critical_section();
    uint32_t ev = B(0x08, 0xf0000010, 0x4000, 0x2000, 0);
    check_eq("B(08h) OpenEvent returns F1000000h+n", ev & 0xffff0000, 0xf1000000);
    volatile uint32_t* evcb = (volatile uint32_t*)(peek(0x120) + (ev & 0xffff) * 0x1c);
    check_eq("EvCB status after OpenEvent: 1000h disabled", evcb[1], 0x1000);
    check_eq("B(0Ah) WaitEvent on a disabled event returns 0", B(0x0a, ev), 0);
    check_eq("B(0Ch) EnableEvent returns 1", B(0x0c, ev), 1);
    check_eq("EvCB status after EnableEvent: 2000h busy", evcb[1], 0x2000);
    check_eq("B(0Bh) TestEvent on a busy event returns 0", B(0x0b, ev), 0);
    B(0x07, 0xf0000010, 0x4000);
    check_eq("B(07h) DeliverEvent marks a mode-2000h event ready", evcb[1], 0x4000);
    B(0x20, 0xf0000010, 0x4000);
    check_eq("B(20h) UnDeliverEvent makes it busy again", evcb[1], 0x2000);
    B(0x07, 0xf0000010, 0x4000);
    check_eq("B(0Ah) WaitEvent on a ready event returns 1", B(0x0a, ev), 1);
    check_eq("WaitEvent switched it back to busy", evcb[1], 0x2000);
    check_eq("B(0Dh) DisableEvent returns 1", B(0x0d, ev), 1);
    check_eq("B(09h) CloseEvent returns 1", B(0x09, ev), 1);
    check_eq("CloseEvent frees the EvCB", evcb[1], 0);

    uint32_t cb = B(0x08, 0xf0000010, 0x4000, 0x1000, P(callback));
    B(0x0c, cb);
    B(0x07, 0xf0000010, 0x4000);
    B(0x07, 0xf0000010, 0x4000);
    check_eq("mode 1000h calls the callback on each delivery", g_calls, 2);
    check_eq("mode 1000h never becomes ready", B(0x0b, cb), 0);
    /* SYS(04h+) delivers F0000010h/4000h. */
    __asm__ volatile("li $a0, 0x55\n syscall 0" ::: "a0", "v0", "memory");
    check_eq("an unknown syscall delivers F0000010h/4000h", g_calls, 3);
    B(0x09, cb);

    /* Vblank as a root counter: acknowledge in the kernel and return at once. */
    C(0x0a, 3, 1);
    uint32_t vb = B(0x08, 0xf2000003, 2, 0x2000, 0);
    B(0x0c, vb);
    check_eq("B(04h) enable_timer_irq(3) returns 0", B(0x04, 3), 0);
    check_eq("enable_timer_irq(3) sets I_MASK bit0", MMIO32(0x1f801074) & 1, 1);
    bios_exit_critical_section();
    for (int i = 0; i < 3; ++i)
        check_eq("WaitEvent(F2000003h) returns 1 after a vblank", B(0x0a, vb), 1);
    check_eq("ChangeClearRCnt(3,1): the kernel acknowledged IRQ0", MMIO32(0x1f801070) & 1, 0);
    bios_enter_critical_section();
    check_eq("SYS(01h) returns 0 when interrupts were already off",
             (uint32_t)bios_enter_critical_section(), 0);
    return test_done();
}
