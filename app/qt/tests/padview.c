/* Shows the digital pad of port 1 as 16 squares, one per button bit of the BIOS pad buffer
 * (white while held), for the desktop app's keyboard-to-pad test (kernelbios.md "BIOS Joypad
 * Functions", controllersandmemorycards.md: the button halfword is active low).
 * No golden image: the test CHECKS probed pixels against the rule that 5-bit 31 scans out as
 * 255 and 5-bit 8 as 66 ((x << 3) | (x >> 2), gpu/display.cpp), and the window against the
 * emulated frame. */
#include "screen.h"

static uint8_t pad1[0x22], pad2[0x22];

int main(void) {
    screen_setup(0x101010);
    screen_on();

    bios_init_pad(pad1, sizeof pad1, pad2, sizeof pad2);
    bios_start_pad();
    uint32_t shown = 0xffffffffu;
    for (;;) {
        /* The BIOS fills the buffer from its vblank handler. */
        const volatile uint8_t* buf = pad1;
        if (buf[0] != 0 || buf[1] != 0x41) continue; /* no pad data yet */
        const uint32_t held = ~((uint32_t)buf[2] | ((uint32_t)buf[3] << 8)) & 0xffffu;
        if (held == shown) continue;
        shown = held;
        /* Square i is button bit i: two rows of eight, 16x32 each, at multiples of 16 in X
         * (GP0(02h) rounds X and width to 16). */
        for (uint32_t i = 0; i < 16; ++i)
            fill((held >> i) & 1 ? 0xf8f8f8 : 0x404040, 32 + 32 * (i % 8), 64 + 64 * (i / 8), 16,
                 32);
    }
    return 0;
}
