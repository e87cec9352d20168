#include "pad.h"

#include "hw.h"

/* Polls before giving up on a byte: a missing pad never answers and never sends /ACK. */
#define BYTE_TIMEOUT 3000

void pad_init(void) {
    SIO0_CTRL = 0x40;   /* reset */
    SIO0_MODE = 0x000D; /* MUL1, 8 data bits, no parity */
    SIO0_BAUD = 0x0088; /* ~250 kHz, the standard pad rate */
    SIO0_CTRL = 0;
}

/* Sends one byte and returns the reply, or -1 on timeout. When `want_ack` the pad must then
   pull /ACK (SIO_STAT.7) to say it has another byte to give. */
static int exchange(uint8_t out, int want_ack) {
    while (SIO0_STAT & 2)
        (void)SIO0_DATA; /* drop stale bytes */
    SIO0_DATA = out;
    int i = 0;
    while (!(SIO0_STAT & 2))
        if (++i > BYTE_TIMEOUT) return -1;
    int in = SIO0_DATA;
    if (want_ack) {
        /* /ACK is a short pulse: poll the sticky IRQ flag (SIO_STAT.9) the DSR interrupt
           enable latches, rather than the live DSR level that a poll could miss */
        i = 0;
        while (!(SIO0_STAT & 0x200))
            if (++i > BYTE_TIMEOUT) return -1;
        SIO0_CTRL = SIO0_CTRL | 0x10; /* acknowledge SIO_STAT.9 */
        I_STAT = ~(1u << 7);          /* and the controller IRQ it raised */
    }
    return in;
}

uint16_t pad_read(void) {
    /* select port 1 (DTR pulls /CS), TX enabled, DSR (/ACK) interrupt enabled */
    SIO0_CTRL = 0x1003;
    for (volatile int d = 0; d < 50; ++d) {
    }
    uint16_t buttons = 0;
    int id;
    /* 01h addresses the controller, 42h reads it; the reply carries the ID (41h for a digital
       pad) then 5Ah, then two bytes of buttons, active low */
    if (exchange(0x01, 1) >= 0 && (id = exchange(0x42, 1)) >= 0 && (id & 0xF0) != 0xF0 &&
        exchange(0x00, 1) == 0x5A) {
        int lo = exchange(0x00, 1);
        int hi = exchange(0x00, 0);
        if (lo >= 0 && hi >= 0) buttons = (uint16_t) ~(lo | (hi << 8));
    }
    SIO0_CTRL = 0;
    return buttons;
}
