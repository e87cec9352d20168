/* A still picture for the desktop app's picture test: sets up a 320x240 NTSC display and
 * draws fills, a flat and a Gouraud-shaded triangle with the GPU, then waits forever
 * (graphicsprocessingunitgpu.md: GP1(00h..08h), GP0(02h), GP0(20h), GP0(30h), GP0(E1h..E5h)).
 * No golden image: the app's picture of it is CHECKED against a rule, equality with
 * skipjack-cli's frame of the same emulated frame (scaled as the viewport says). */
#include "screen.h"

int main(void) {
    screen_setup(0x402010);

    fill(0x0000f8, 16, 16, 64, 48);  /* red block (GP0 colour is 0xBBGGRR) */
    fill(0x00f800, 96, 16, 64, 48);  /* green */
    fill(0xf80000, 176, 16, 64, 48); /* blue */
    fill(0xf8f8f8, 256, 16, 48, 48); /* white */
    /* flat triangle */
    cmd(0x2000c0f0);
    param((200u << 16) | 20u);
    param((90u << 16) | 90u);
    param((200u << 16) | 150u);
    /* Gouraud triangle */
    cmd(0x300000f8);
    param((220u << 16) | 170u);
    param(0x0000f800);
    param((80u << 16) | 240u);
    param(0x00f80000);
    param((220u << 16) | 310u);
    screen_on();
    /* Keep running (a jump to itself would read as a hang) with the picture on screen. */
    volatile uint32_t spin = 0;
    for (;;)
        ++spin;
    return 0;
}
