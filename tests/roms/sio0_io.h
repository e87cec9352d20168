/* The SIO0 port (serialinterfacessio.md) and one byte exchange with /ACK detection
   (controllersandmemorycards.md: the device pulls /ACK after each byte but the last, seen as
   IRQ7), shared by the pad and memory card test programs. A file may define SIO0_ACK_SPINS
   before including this to wait longer for a late /ACK (memory cards). */
#pragma once
#include "test.h"

#define JOY_DATA MMIO8(0x1f801040)
#define JOY_STAT MMIO32(0x1f801044)
#define JOY_MODE MMIO16(0x1f801048)
#define JOY_CTRL MMIO16(0x1f80104a)
#define JOY_BAUD MMIO16(0x1f80104e)
#define I_STAT MMIO32(0x1f801070)

#ifndef SIO0_ACK_SPINS
#define SIO0_ACK_SPINS 2000
#endif

static int got_ack; /* /ACK followed the last byte xfer() sent */

/* Sends b, returns the byte received with it. */
static inline uint8_t xfer(uint8_t b) {
    int i;
    I_STAT = ~(1u << 7);
    JOY_CTRL = JOY_CTRL | 0x10; /* acknowledge */
    JOY_DATA = b;
    for (i = 0; i < 10000 && !(JOY_STAT & 2); ++i) {
    }
    uint8_t r = JOY_DATA;
    got_ack = 0;
    for (i = 0; i < SIO0_ACK_SPINS; ++i)
        if (I_STAT & (1u << 7)) {
            got_ack = 1;
            break;
        }
    for (i = 0; i < 2000 && (JOY_STAT & 0x80); ++i) {
    }
    return r;
}
