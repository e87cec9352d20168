/* The HLE/real kernel's pad buffers as the bios_pads test programs use them (kernelbios.md
   "InitPAD2", "Vblank"): two 22h-byte buffers, a wait for the vblank handler's next read, and a
   check of the bytes it stored. */
#pragma once
#include "test.h"

static volatile uint8_t pad1[0x22], pad2[0x22];

/* kernelbios.md "Vblank": set buf[0]=55h, wait until the handler wrote 00h or FFh. Port 2 is
   read after port 1, so its status says both are done. */
static int wait_read(void) {
    uint32_t spin;
    pad1[0] = 0x55;
    pad2[0] = 0x55;
    for (spin = 0; spin < 20000000; ++spin)
        if (pad2[0] != 0x55) return 1;
    return 0;
}

static void fill(volatile uint8_t* buf, int from, uint8_t v) {
    int i;
    for (i = from; i < 0x22; ++i)
        buf[i] = v;
}

/* n bytes as expected, then bytes n..21h still `rest` (the kernel stored no more; -1: any). */
static void check_buf(const char* rule, volatile uint8_t* buf, const uint8_t* expect, int n,
                      int rest) {
    int i, bad = -1;
    for (i = 0; i < 0x22 && bad < 0; ++i)
        if (i < n ? buf[i] != expect[i] : (rest >= 0 && buf[i] != rest)) bad = i;
    if (bad >= 0) tprintf("  %s: byte %02x is %02x\n", rule, bad, buf[bad]);
    check_true(rule, bad < 0);
}
