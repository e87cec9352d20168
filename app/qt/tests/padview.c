/* Shows the digital pad of port 1 as 16 squares, one per button bit of the BIOS pad buffer
 * (white while held), for the desktop app's keyboard-to-pad test (kernelbios.md "BIOS Joypad
 * Functions", controllersandmemorycards.md: the button halfword is active low). */
#include "ps1.h"

#define GP0 MMIO32(0x1f801810)
#define GP1 MMIO32(0x1f801814)
#define GPUSTAT MMIO32(0x1f801814)

static uint8_t pad1[0x22], pad2[0x22];

/* A command word waits for GPUSTAT.26 (ready for a command); its parameters follow at once
 * (bit 26 stays clear while the GPU collects them). */
static void cmd(uint32_t word) {
    for (int i = 0; i < 100000 && !(GPUSTAT & (1u << 26)); ++i) {
    }
    GP0 = word;
}

static void param(uint32_t word) { GP0 = word; }

static void fill(uint32_t rgb, uint32_t x, uint32_t y, uint32_t w, uint32_t h) {
    cmd(0x02000000u | rgb);
    param((y << 16) | x);
    param((h << 16) | w);
}

int main(void) {
    GP1 = 0x00000000;
    GP1 = 0x08000001; /* 320x240 NTSC, 15-bit */
    GP1 = 0x05000000;
    GP1 = 0x06000000u | 0x260u | ((0x260u + 320u * 8u) << 12);
    GP1 = 0x07000000u | 0x10u | ((0x10u + 240u) << 10);
    cmd(0xe1000400);
    cmd(0xe3000000);
    cmd(0xe4000000u | 319u | (239u << 10));
    cmd(0xe5000000);
    fill(0x101010, 0, 0, 320, 240);
    GP1 = 0x03000000;

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
