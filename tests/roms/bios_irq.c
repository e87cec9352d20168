/* SysEnqIntRP interrupt handlers and the BIOS pad buffers (kernelbios.md "Priority Chains",
   "BIOS Joypad Functions"): a handler behind the pad handler counts vblanks. */
#include "bios_call.h"
#include "test.h"

BIOS_CALL_IMPL

static volatile uint32_t g_vblanks, g_second_arg, g_verify_calls;
static uint8_t pad1[0x22], pad2[0x22];

static int verify(void) {
    g_verify_calls++;
    return (MMIO32(0x1f801070) & MMIO32(0x1f801074) & 1) ? 0x77 : 0;
}
static void handle(int v) {
    g_second_arg = (uint32_t)v;
    g_vblanks++;
    MMIO32(0x1f801070) = ~1u; /* acknowledge IRQ0 */
}
static uint32_t g_elem[4] = {0, P(handle), P(verify), 0};

/* Once our counting handler is gone, this one keeps IRQ0 acknowledged (nobody else does after
   ChangeClearPAD(0) and StopPAD2, and an unacknowledged IRQ0 would fire forever). */
static int ack_verify(void) { return (MMIO32(0x1f801070) & 1) ? 1 : 0; }
static void ack_handle(int v) {
    (void)v;
    MMIO32(0x1f801070) = ~1u;
}
static uint32_t g_ack_elem[4] = {0, P(ack_handle), P(ack_verify), 0};

int main(void) {
    test_begin("bios_irq");
    bios_enter_critical_section();
    B(0x12, P(pad1), 0x22, P(pad2), 0x22);
    pad1[0] = 0x55;
    pad1[1] = 0;
    C(0x02, 3, P(g_elem));
    B(0x13, 0); /* StartPAD2: enqueues the pad handler, enables IRQ0 and interrupts */
    B(0x5b, 0); /* ChangeClearPAD(0): leave IRQ0 to our handler */
    bios_exit_critical_section();
    for (uint32_t spin = 0; g_vblanks < 5 && spin < 50000000; ++spin) {
    }
    check_true("a SysEnqIntRP handler saw 5 vblanks", g_vblanks >= 5);
    check_eq("the SECOND function gets the FIRST one's result", g_second_arg, 0x77);
    check_eq("pad buffer status 00h after a vblank", pad1[0], 0);
    check_eq("pad buffer ID 41h (digital pad)", pad1[1], 0x41);
    check_eq("no buttons pressed: both button bytes FFh", pad1[2] & pad1[3], 0xff);
    bios_enter_critical_section();
    C(0x03, 3, P(g_elem));
    B(0x14, 0);
    C(0x02, 3, P(g_ack_elem));
    uint32_t n = g_vblanks, calls = g_verify_calls;
    bios_exit_critical_section();
    for (volatile uint32_t spin = 0; spin < 2000000; ++spin) {
    }
    check_eq("SysDeqIntRP removed the handler (its SECOND is no longer called)", g_vblanks, n);
    check_eq("SysDeqIntRP removed the handler (nor its FIRST)", g_verify_calls, calls);
    bios_enter_critical_section();
    C(0x03, 3, P(g_ack_elem));
    MMIO32(0x1f801074) &= ~1u;
    bios_exit_critical_section();
    return test_done();
}
