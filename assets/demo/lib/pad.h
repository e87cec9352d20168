/* Digital pad on port 1, read directly through SIO0 (controllersandmemorycards.md,
   serialinterfacessio.md) so it works without BIOS pad support or interrupts. */
#ifndef DEMO_PAD_H
#define DEMO_PAD_H
#include "ps1.h"

/* Button bits as the pad sends them (active low on the wire; pad_read returns 1 = pressed). */
#define PAD_SELECT (1u << 0)
#define PAD_START (1u << 3)
#define PAD_UP (1u << 4)
#define PAD_RIGHT (1u << 5)
#define PAD_DOWN (1u << 6)
#define PAD_LEFT (1u << 7)
#define PAD_L2 (1u << 8)
#define PAD_R2 (1u << 9)
#define PAD_L1 (1u << 10)
#define PAD_R1 (1u << 11)
#define PAD_TRIANGLE (1u << 12)
#define PAD_CIRCLE (1u << 13)
#define PAD_CROSS (1u << 14)
#define PAD_SQUARE (1u << 15)

void pad_init(void);
/* Polls the pad once; returns the pressed buttons, or 0 when no pad answers. */
uint16_t pad_read(void);

#endif
