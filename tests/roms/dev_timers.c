/* Root counters (timers.md). */
#include "test.h"

#define T_COUNT(n) MMIO32(0x1f801100 + 0x10 * (n))
#define T_MODE(n) MMIO32(0x1f801104 + 0x10 * (n))
#define T_TARGET(n) MMIO32(0x1f801108 + 0x10 * (n))
#define I_STAT MMIO32(0x1f801070)
#define I_MASK MMIO32(0x1f801074)

static void spin(int n) {
    for (volatile int i = 0; i < n; ++i) {
    }
}

int main(void) {
    test_begin("dev_timers");
    bios_enter_critical_section();
    uint32_t oldMask = I_MASK;
    I_MASK = 0;

    T_MODE(2) = 0;
    uint32_t a = T_COUNT(2);
    spin(100);
    uint32_t b = T_COUNT(2);
    check_true("timers.md: counter 2 counts the system clock", b > a);

    T_MODE(2) = 2 << 8; /* system clock / 8 */
    spin(100);
    uint32_t c8 = T_COUNT(2);
    T_MODE(2) = 0;
    spin(100);
    uint32_t c1 = T_COUNT(2);
    check_true("timers.md: clock source 2 is 8 times slower", c8 * 4 < c1);

    T_TARGET(2) = 50;
    T_MODE(2) = 1 << 3;
    spin(200);
    check_true("timers.md: with bit 3 the counter stays at or below target", T_COUNT(2) <= 50);
    /* Move the target far away first: at 50 the counter reaches it again every 51 cycles, so a
       second read could legitimately see bit 11 set again. */
    T_TARGET(2) = 0xFFFF;
    uint32_t m = T_MODE(2);
    check_true("timers.md: bit 11 reached target", (m >> 11) & 1);
    check_eq("timers.md: bit 11 resets after reading", (T_MODE(2) >> 11) & 1, 0);
    check_eq("timers.md: bit 10 is set after a mode write", (m >> 10) & 1, 1);

    T_MODE(2) = (1 << 0) | (0 << 1); /* sync mode 0: stop */
    uint32_t s0 = T_COUNT(2);
    spin(100);
    check_eq("timers.md: counter 2 sync mode 0 stops the counter", T_COUNT(2), s0);

    T_TARGET(2) = 100;
    I_STAT = ~(1u << 6);
    T_MODE(2) = (1 << 3) | (1 << 4) | (1 << 6) | (1 << 7); /* toggle, repeat */
    uint32_t saw0 = 0, saw1 = 0;
    for (int i = 0; i < 3000; ++i) {
        if ((T_MODE(2) >> 10) & 1)
            saw1 = 1;
        else
            saw0 = 1;
    }
    check_true("timers.md: toggle mode flips bit 10", saw0 && saw1);
    check_true("timers.md: toggle mode raised IRQ6", (I_STAT >> 6) & 1);
    T_MODE(2) = 0;

    T_MODE(1) = 1 << 8; /* hblank clock */
    uint32_t h0 = T_COUNT(1);
    spin(20000);
    uint32_t h1 = T_COUNT(1);
    T_MODE(1) = 0;
    check_true("timers.md: counter 1 counts hblanks, slower than the CPU", h1 > h0 && h1 < 2000);

    I_STAT = ~((1u << 4) | (1u << 5) | (1u << 6));
    I_MASK = oldMask;
    bios_exit_critical_section();
    return test_done();
}
