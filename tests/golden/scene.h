/* Shared setup of the golden-image scenes: each scene draws once, turns the display on and
   idles, so every later frame shows the same picture. */
#ifndef SKIPJACK_GOLDEN_SCENE_H
#define SKIPJACK_GOLDEN_SCENE_H
#include "gpu_common.h"

/* GP1(05h..08h) then display on. Horizontal range 260h..260h+2560 video clocks (the full
   width at every dot clock); vertical 88h -/+ 120 lines. `mode` is GP1(08h). */
static inline void scene_display(uint32_t mode) {
    GP1 = 0x05000000;
    GP1 = 0x06000000 | ((0x260u + 2560u) << 12) | 0x260u;
    GP1 = 0x07000000 | ((0x88u + 120u) << 10) | (0x88u - 120u);
    GP1 = 0x08000000 | mode;
    GP1 = 0x03000000;
}

/* Idles with interrupts enabled (not a jump-to-self, which skipjack-cli treats as a hang). */
static inline void scene_idle(void) {
    volatile uint32_t n = 0;
    for (;;)
        n = n + 1;
}

static inline void gouraud_tri_cmd(uint32_t cmd, int x0, int y0, uint32_t c0, int x1, int y1,
                                   uint32_t c1, int x2, int y2, uint32_t c2) {
    gp0_cmd(cmd | c0);
    GP0 = XY(x0, y0);
    GP0 = c1;
    GP0 = XY(x1, y1);
    GP0 = c2;
    GP0 = XY(x2, y2);
}

#define gouraud_tri(...) gouraud_tri_cmd(0x30000000, __VA_ARGS__)

static inline void rect(uint32_t cmd, uint32_t color, int x, int y, int w, int h) {
    gp0_cmd(cmd | color);
    GP0 = XY(x, y);
    GP0 = XY(w, h);
}
#endif
