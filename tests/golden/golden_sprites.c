/* Golden scene: textured sprites from 4-bit and 8-bit textures with CLUTs: raw, modulated,
   X/Y-flipped rectangles, a textured quad scaled up, and a repeated texture window.
   Golden image RECORDED, not checked against a rule: its hashes (hashes.txt) come from a run
   whose screenshot was looked at. */
#include "scene.h"

static uint16_t row[256];

int main(void) {
    gpu_setup();
    gpu_area(0, 0, 319, 239);
    gpu_fill(0, 0, 320, 240, RGB24(0x20, 0x30, 0x28));
    /* 4-bit 16x16 texture at (512,0): a ring (index by squared distance from the centre) with
       transparent corners (index 0) and a mark in one corner to show flips. */
    for (int y = 0; y < 16; ++y) {
        for (int c = 0; c < 4; ++c) {
            uint32_t h = 0;
            for (int k = 0; k < 4; ++k) {
                int x = 4 * c + k, dx = x - 8, dy = y - 8, d = dx * dx + dy * dy;
                uint32_t i = d < 64 ? 1 + (uint32_t)d / 5 : 0;
                if (x < 4 && y < 4) i = 15;
                h |= i << (4 * k);
            }
            row[c] = (uint16_t)h;
        }
        gpu_upload(512, y, 4, 1, row);
    }
    for (int i = 0; i < 16; ++i)
        row[i] = i == 0 ? 0 : RGB15(31 - i, 2 * i, 10 + i);
    row[15] = RGB15(31, 31, 0);
    gpu_upload(512, 480, 16, 1, row);
    /* 8-bit 32x32 texture at (576,0): diagonal bands; CLUT of 256 at (512,481). */
    for (int y = 0; y < 32; ++y) {
        for (int c = 0; c < 16; ++c)
            row[c] = (uint16_t)(((2 * c + y) * 8 & 255) | ((((2 * c + 1 + y) * 8) & 255) << 8));
        gpu_upload(576, y, 16, 1, row);
    }
    for (int i = 0; i < 256; ++i)
        row[i] = RGB15(i >> 3, (255 - i) >> 3, (i * 3 >> 3) & 31) | 1;
    gpu_upload(512, 481, 256, 1, row);

    const uint32_t clut4 = (512u / 16) | (480u << 6), clut8 = (512u / 16) | (481u << 6);
    /* Row of raw 16x16 sprites with the four flip settings. */
    for (int f = 0; f < 4; ++f) {
        gp0_cmd(0xe1000400 | 8u | ((uint32_t)f << 12));
        gp0_cmd(0x7d000000);
        GP0 = XY(20 + 24 * f, 20);
        GP0 = (clut4 << 16) | (f & 2 ? 15u << 8 : 0) | (f & 1 ? 15u : 0);
    }
    /* Modulated sprites in four tints. */
    static const uint32_t tint[4] = {0x808080, 0x4040ff, 0x40ff40, 0xff4040};
    gp0_cmd(0xe1000400 | 8u);
    for (int i = 0; i < 4; ++i) {
        gp0_cmd(0x7c000000 | tint[i]);
        GP0 = XY(20 + 24 * i, 50);
        GP0 = clut4 << 16;
    }
    /* Scaled-up textured quad (4x) of the ring, modulated and dithered. */
    gp0_cmd(0xe1000600 | 8u);
    gp0_cmd(0x2c000000 | 0x909090);
    GP0 = XY(140, 20);
    GP0 = clut4 << 16;
    GP0 = XY(204, 20);
    GP0 = (8u | 0u << 7) << 16 | 16u;
    GP0 = XY(140, 84);
    GP0 = 16u << 8;
    GP0 = XY(204, 84);
    GP0 = (16u << 8) | 16u;
    /* 8-bit texture on a rotated quad. */
    gp0_cmd(0x2d000000);
    GP0 = XY(260, 20);
    GP0 = clut8 << 16;
    GP0 = XY(310, 50);
    GP0 = ((9u | 1u << 7) << 16) | 31u;
    GP0 = XY(230, 70);
    GP0 = 31u << 8;
    GP0 = XY(280, 100);
    GP0 = (31u << 8) | 31u;
    /* A 256x100 rectangle repeating the 16x16 ring through a texture window (mask 1Eh). */
    gp0_cmd(0xe1000400 | 8u);
    gp0_cmd(0xe2000000 | (0x1eu << 5) | 0x1eu);
    gp0_cmd(0x65000000);
    GP0 = XY(20, 120);
    GP0 = clut4 << 16;
    GP0 = XY(280, 100);
    gp0_cmd(0xe2000000);
    scene_display(1);
    scene_idle();
    return 0;
}
