/* IRQ status and masking (interrupts.md) with the root counters as the source. */
#include "test.h"

#define I_STAT MMIO32(0x1f801070)
#define I_MASK MMIO32(0x1f801074)
#define T2_MODE MMIO32(0x1f801124)
#define T2_TARGET MMIO32(0x1f801128)

int main(void) {
    test_begin("dev_irq");
    bios_enter_critical_section();
    uint32_t oldMask = I_MASK;
    I_MASK = 0;
    I_STAT = ~(1u << 6);
    T2_TARGET = 200;
    T2_MODE = (1 << 3) | (1 << 4) | (1 << 6); /* reset on target, IRQ on target, repeat */
    for (volatile int i = 0; i < 2000; ++i) {
    }
    check_true("interrupts.md: I_STAT is set although I_MASK masks it", (I_STAT >> 6) & 1);
    I_STAT = 0xffffffff;
    check_true("interrupts.md: writing 1 leaves an I_STAT bit set", (I_STAT >> 6) & 1);
    T2_MODE = 0; /* no more IRQ conditions */
    I_STAT = ~(1u << 6);
    check_eq("interrupts.md: writing 0 acknowledges", (I_STAT >> 6) & 1, 0);
    for (volatile int i = 0; i < 2000; ++i) {
    }
    check_eq("interrupts.md: no edge, no I_STAT bit", (I_STAT >> 6) & 1, 0);
    I_MASK = oldMask;
    bios_exit_critical_section();
    return test_done();
}
