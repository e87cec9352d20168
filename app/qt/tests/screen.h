/* Shared by the desktop app's test programs: the GPU ports, GP0 command helpers and a
 * 320x240 NTSC 15-bit display (graphicsprocessingunitgpu.md: GP1(00h..08h), GP0(02h),
 * GP0(E1h..E5h)). */
#pragma once
#include "ps1.h"

#define GP0 MMIO32(0x1f801810)
#define GP1 MMIO32(0x1f801814)
#define GPUSTAT MMIO32(0x1f801814)

/* A command word waits for GPUSTAT.26 (ready for a command); its parameters follow at once
 * (bit 26 stays clear while the GPU collects them). */
static inline void cmd(uint32_t word) {
    for (int i = 0; i < 100000 && !(GPUSTAT & (1u << 26)); ++i) {
    }
    GP0 = word;
}

static inline void param(uint32_t word) {
    GP0 = word;
}

static inline void fill(uint32_t rgb, uint32_t x, uint32_t y, uint32_t w, uint32_t h) {
    cmd(0x02000000u | rgb);
    param((y << 16) | x);
    param((h << 16) | w);
}

/* GPU reset, a 320x240 progressive NTSC 15-bit display of VRAM (0,0), the drawing area on it
 * (offset 0,0, drawing to the display area allowed), cleared to `background` (0xBBGGRR). The
 * display stays off until screen_on(). */
static inline void screen_setup(uint32_t background) {
    GP1 = 0x00000000;
    GP1 = 0x08000001;
    GP1 = 0x05000000;
    GP1 = 0x06000000u | 0x260u | ((0x260u + 320u * 8u) << 12); /* X1..X2: 320 dots */
    GP1 = 0x07000000u | 0x10u | ((0x10u + 240u) << 10);        /* Y1..Y2: 240 lines */
    cmd(0xe1000400);
    cmd(0xe3000000);
    cmd(0xe4000000u | 319u | (239u << 10));
    cmd(0xe5000000);
    fill(background, 0, 0, 320, 240);
}

static inline void screen_on(void) {
    GP1 = 0x03000000;
}
