/* The HLE kernel's vblank pad read takes the time of its bytes on the wire
   (controllersandmemorycards.md "Controller and Memory Card Signals": the kernel's ~250 kHz,
   JOY_BAUD 0088h with factor 1 = 136 cycles a bit, so 8 x 136 = 1088 cycles a byte; before
   each further byte it waits for the device's /ACK; with none it gives up "within 100 us from
   the last SCK pulse" = 3387 cycles). The device's /ACK delay is our pads' 338 cycles
   (core/sio0.h kAckDelayCycles: psx-spx gives no figure, only "at least 2 us" low).
   Digital pads in both ports (5 bytes each, no /ACK awaited after the last):
     2 x (4 x (1088 + 338) + 1088) = 13584 cycles;
   with port 2 unplugged (bios_pads_time.input, frame 60): port 1's 6792 + the address byte
   1088 + the timeout 3387 = 11267 cycles. The program times its own loop with timer 2 (system
   clock): the longest gap between two reads is the vblank interrupt, the pad read included.
   The rest of the interrupt's cost is the same in both runs, so the difference must be
   13584 - 11267 = 2317 cycles, and the gap at least the 13584 of the read itself. */
#include "bios_call.h"
#include "bios_pad_buffers.h"

BIOS_CALL_IMPL

#define T2_COUNT MMIO32(0x1f801120)
#define T2_MODE MMIO32(0x1f801124)

/* The longest time between two consecutive reads of timer 2 over a few frames. */
static uint32_t longest_gap(void) {
    uint32_t i, prev = T2_COUNT & 0xffff, longest = 0;
    for (i = 0; i < 150000; ++i) {
        const uint32_t now = T2_COUNT & 0xffff;
        const uint32_t gap = (now - prev) & 0xffff;
        if (gap > longest) longest = gap;
        prev = now;
    }
    return longest;
}

int main(void) {
    int i, unplugged = 0;
    uint32_t both, one;
    test_begin("bios_pads_time");
    bios_enter_critical_section();
    T2_MODE = 0; /* system clock, counts up to FFFFh and wraps */
    B(0x12, P(pad1), 0x22, P(pad2), 0x22);
    B(0x13, 0); /* StartPAD2: interrupts on */
    fill(pad1, 2, 0xee);
    check_true("the pad handler runs at vblank", wait_read());
    static const uint8_t digital[] = {0x00, 0x41, 0xff, 0xff};
    check_buf("port 1: a digital pad, nothing held, 1 halfword", pad1, digital, 4, 0xee);
    check_eq("port 2: a digital pad answers", pad2[0], 0);
    both = longest_gap();
    for (i = 0; i < 200 && !unplugged; ++i) {
        wait_read();
        unplugged = pad2[0] == 0xff;
    }
    check_true("port 2 unplugged at frame 60: status FFh", unplugged);
    one = longest_gap();
    tprintf("  longest gap: %u cycles with two pads, %u with one\n", both, one);
    check_true("the read of two digital pads takes at least 13584 cycles", both >= 13584);
    check_true("and not much more (the rest of the interrupt)", both < 13584 + 2000);
    check_true("an unplugged port 2 saves 2317 cycles (5 bytes less the address byte's timeout)",
               both - one >= 2317 - 16 && both - one <= 2317 + 16);
    return test_done();
}
