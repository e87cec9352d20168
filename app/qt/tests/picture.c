/* A still picture for the desktop app's picture test: sets up a 320x240 NTSC display and
 * draws fills, a flat and a Gouraud-shaded triangle with the GPU, then waits forever
 * (graphicsprocessingunitgpu.md: GP1(00h..08h), GP0(02h), GP0(20h), GP0(30h), GP0(E1h..E5h)). */
#include "ps1.h"

#define GP0 MMIO32(0x1f801810)
#define GP1 MMIO32(0x1f801814)
#define GPUSTAT MMIO32(0x1f801814)

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
    GP1 = 0x00000000;                               /* reset */
    GP1 = 0x08000001;                               /* 320 dots, NTSC, 15-bit, progressive */
    GP1 = 0x05000000;                               /* display start 0,0 */
    GP1 = 0x06000000u | 0x260u | ((0x260u + 320u * 8u) << 12); /* X1..X2: 320 dots */
    GP1 = 0x07000000u | 0x10u | ((0x10u + 240u) << 10);         /* Y1..Y2: 240 lines */
    cmd(0xe1000400);                                /* draw to display area allowed */
    cmd(0xe3000000);                                /* drawing area 0,0 .. 319,239 */
    cmd(0xe4000000u | 319u | (239u << 10));
    cmd(0xe5000000);                                /* offset 0,0 */

    fill(0x402010, 0, 0, 320, 240);   /* background */
    fill(0x0000f8, 16, 16, 64, 48);   /* red block (GP0 colour is 0xBBGGRR) */
    fill(0x00f800, 96, 16, 64, 48);   /* green */
    fill(0xf80000, 176, 16, 64, 48);  /* blue */
    fill(0xf8f8f8, 256, 16, 48, 48);  /* white */
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
    GP1 = 0x03000000; /* display on */
    /* Keep running (a jump to itself would read as a hang) with the picture on screen. */
    volatile uint32_t spin = 0;
    for (;;)
        ++spin;
    return 0;
}
