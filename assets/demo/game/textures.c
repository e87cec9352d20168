/* Procedural textures: a 4-bit rock wall with strata, an 8-bit sand floor with ripples, and a
   15-bit sky gradient with a glow sprite whose texels carry the semi-transparency bit. */
#include "textures.h"

#include "gpu.h"
#include "gte.h"

static uint32_t noise_hash(uint32_t x, uint32_t y) {
    uint32_t h = x * 374761393u + y * 668265263u;
    h = (h ^ (h >> 13)) * 1274126177u;
    return h ^ (h >> 16);
}

static uint16_t rgb15(int r, int g, int b) {
    r = r < 0 ? 0 : r > 255 ? 255 : r;
    g = g < 0 ? 0 : g > 255 ? 255 : g;
    b = b < 0 ? 0 : b > 255 ? 255 : b;
    return (uint16_t)((r >> 3) | ((g >> 3) << 5) | ((b >> 3) << 10));
}

/* One buffer reused for every upload: the largest is the sky, 128x64 halfwords. */
static uint16_t g_buf[128 * 64];

static void wall(void) {
    /* strata: horizontal bands warped by a coarse noise, plus fine grain */
    for (int y = 0; y < 64; ++y)
        for (int hx = 0; hx < 16; ++hx) {
            uint16_t v = 0;
            for (int k = 0; k < 4; ++k) {
                int x = hx * 4 + k;
                int warp = (int)(noise_hash((uint32_t)x >> 3, 7) & 7);
                int band = ((y + warp) >> 2) & 7;
                int grain = (int)(noise_hash((uint32_t)x, (uint32_t)y) & 3);
                int idx = 2 + band + (grain == 0 ? 4 : grain == 1 ? 1 : 0);
                if (idx > 15) idx = 15;
                v |= (uint16_t)(idx << (k * 4)); /* leftmost texel in the low nibble */
            }
            g_buf[y * 16 + hx] = v;
        }
    gpu_upload(TEX_WALL_X, TEX_WALL_Y, 16, 64, g_buf);
    uint16_t clut[16];
    for (int i = 0; i < 16; ++i)
        clut[i] = rgb15(90 + i * 10, 45 + i * 6, 25 + i * 3);
    gpu_upload(CLUT_WALL_X, CLUT_WALL_Y, 16, 1, clut);
}

static void floor_tex(void) {
    /* ripples: a sine of x bent by y, shaded through a 256-entry sand ramp */
    for (int y = 0; y < 64; ++y)
        for (int hx = 0; hx < 32; ++hx) {
            uint16_t v = 0;
            for (int k = 0; k < 2; ++k) {
                int x = hx * 2 + k;
                /* whole periods across the 64 texels, so the texture tiles seamlessly */
                int s = fx_sin(x * 64 + (fx_sin(y * 128) >> 3));
                int idx =
                    128 + (s >> 5) + (int)(noise_hash((uint32_t)x, (uint32_t)y + 99) & 15) - 8;
                idx = idx < 0 ? 0 : idx > 255 ? 255 : idx;
                v |= (uint16_t)(idx << (k * 8));
            }
            g_buf[y * 32 + hx] = v;
        }
    gpu_upload(TEX_FLOOR_X, TEX_FLOOR_Y, 32, 64, g_buf);
    static uint16_t clut[256];
    for (int i = 0; i < 256; ++i)
        clut[i] = rgb15(110 + i / 2, 80 + i / 3, 50 + i / 5);
    gpu_upload(CLUT_FLOOR_X, CLUT_FLOOR_Y, 256, 1, clut);
}

static void sky(void) {
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 128; ++x) {
            uint16_t v = 0;
            if (y < 48) {
                /* deep blue at the top to a warm haze at the horizon, with streaks of cloud */
                int t = y * 255 / 47;
                int cloud = (int)(noise_hash((uint32_t)x >> 2, (uint32_t)y >> 1) & 31);
                cloud = (y > 8 && y < 30 && cloud > 26) ? 40 : 0;
                v = rgb15(40 + t * 3 / 4 + cloud, 70 + t / 2 + cloud, 160 + t / 4 + cloud / 2);
            } else if (x < 16) {
                /* glow: bright at the centre, fading out; bit 15 makes the GPU blend it */
                int dx = x * 2 - 15, dy = (y - GLOW_V) * 2 - 15;
                int d2 = dx * dx + dy * dy;
                int a = 255 - d2 * 255 / 226;
                if (a > 0) v = (uint16_t)(rgb15(a, a * 7 / 8, a / 2) | 0x8000);
            }
            g_buf[y * 128 + x] = v;
        }
    gpu_upload(TEX_SKY_X, TEX_SKY_Y, 128, 64, g_buf);
}

void textures_upload(void) {
    wall();
    floor_tex();
    sky();
}
