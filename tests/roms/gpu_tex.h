/* Textures, CLUTs and region checks shared by the GPU primitive test programs. Texture data is
   laid out as "Texture Bitmaps" and "Texture Palettes - CLUT" describe
   (graphicsprocessingunitgpu.md). */
#ifndef SKIPJACK_GPU_TEX_H
#define SKIPJACK_GPU_TEX_H
#include "gpu_common.h"

/* Texture pages (Y base 256): 4-bit at X 512, 8-bit at X 576, 15-bit at X 640. Texpage
   attribute: bits 0-3 X/64, bit 4 Y/256, bits 5-6 semi mode, bits 7-8 depth. */
#define PAGE4 (8u | 16u)
#define PAGE8 (9u | 16u | (1u << 7))
#define PAGE15 (10u | 16u | (2u << 7))
#define SEMI(m) ((uint32_t)(m) << 5)
/* CLUT attribute: X/16 in bits 0-5, Y in 6-14. 8-bit CLUT at (768,500), 4-bit at (768,501). */
#define CLUT8 (48u | (500u << 6))
#define CLUT4 (48u | (501u << 6))

static inline uint32_t idx4(uint32_t u, uint32_t v) {
    return (u + 2 * v) & 15;
}
static inline uint32_t idx8(uint32_t u, uint32_t v) {
    return (u * 7 + v * 3) & 255;
}
static inline uint16_t clut4(uint32_t i) {
    if (i == 0) return 0;                                    /* fully transparent */
    if (i == 14) return 0x8000;                              /* (semi-transparent) black */
    if (i == 15) return (uint16_t)(0x8000 | RGB15(3, 5, 7)); /* semi-transparent colour */
    return RGB15(i * 2, 31 - i, i);
}
static inline uint16_t clut8(uint32_t i) {
    if (i == 0) return 0;
    return RGB15(i & 31, (i >> 3) & 31, 31 - (i & 31));
}
/* 15-bit texel: (0,0) is 0000h (transparent); bit 15 set where (u + v) % 7 == 3. */
static inline uint16_t tex15(uint32_t u, uint32_t v) {
    uint16_t t = RGB15((u * 3 + v) & 31, (v * 5 + u) & 31, (u ^ v) & 31);
    if (t && (u + v) % 7 == 3) t |= 0x8000;
    return t;
}

/* Texel after the CLUT for depth 0 (4-bit), 1 (8-bit), 2 (15-bit), in page coordinates. */
static inline uint16_t texel(int depth, uint32_t u, uint32_t v) {
    if (depth == 0) return clut4(idx4(u, v));
    if (depth == 1) return clut8(idx8(u, v));
    return tex15(u, v);
}

static void tex_upload_all(void) {
    static uint16_t row[256];
    /* 4-bit: 64x32 texels = 16x16 halfwords, texel u in nibble (u & 3) of halfword u / 4. */
    for (uint32_t v = 0; v < 32; ++v) {
        for (uint32_t c = 0; c < 16; ++c) {
            uint32_t h = 0;
            for (uint32_t k = 0; k < 4; ++k)
                h |= idx4(4 * c + k, v) << (4 * k);
            row[c] = (uint16_t)h;
        }
        gpu_upload(512, 256 + (int)v, 16, 1, row);
    }
    /* 8-bit: 32x32 texels = 16x16 halfwords, texel u in byte (u & 1) of halfword u / 2. */
    for (uint32_t v = 0; v < 32; ++v) {
        for (uint32_t c = 0; c < 16; ++c)
            row[c] = (uint16_t)(idx8(2 * c, v) | (idx8(2 * c + 1, v) << 8));
        gpu_upload(576, 256 + (int)v, 16, 1, row);
    }
    for (uint32_t v = 0; v < 32; ++v) {
        for (uint32_t u = 0; u < 32; ++u)
            row[u] = tex15(u, v);
        gpu_upload(640, 256 + (int)v, 32, 1, row);
    }
    for (uint32_t i = 0; i < 256; ++i)
        row[i] = clut8(i);
    gpu_upload(768, 500, 256, 1, row);
    for (uint32_t i = 0; i < 16; ++i)
        row[i] = clut4(i);
    gpu_upload(768, 501, 16, 1, row);
}

/* Region check: `expect(x, y)` gives the expected pixel; reports the first mismatch. */
typedef uint16_t (*expect_fn)(int x, int y);
static void check_region(const char* rule, int x0, int y0, int w, int h, expect_fn expect) {
    uint16_t line[64];
    for (int y = y0; y < y0 + h; ++y) {
        for (int x = x0; x < x0 + w; x += 64) {
            int n = x0 + w - x < 64 ? x0 + w - x : 64;
            gpu_readback(x, y, n, 1, line);
            for (int i = 0; i < n; ++i) {
                uint16_t e = expect(x + i, y);
                if (line[i] != e) {
                    tprintf("  at (%d,%d):\n", x + i, y);
                    check_eq(rule, line[i], e);
                    return;
                }
            }
        }
    }
    check_true(rule, 1);
}

/* "24bit RGB to 15bit RGB Dithering": offset by position in the 4x4 block. */
static const int kDither[4][4] = {
    {-4, +0, -3, +1},
    {+2, -2, +3, -1},
    {-3, +1, -4, +0},
    {+3, -1, +2, -2},
};
/* 8-bit intensity (may exceed 255 after modulation) -> 5 bits, optionally dithered. */
static inline uint32_t to5(int i8, int dither, int x, int y) {
    if (dither) i8 += kDither[y & 3][x & 3];
    if (i8 < 0) i8 = 0;
    if (i8 > 255) i8 = 255;
    return (uint32_t)i8 >> 3;
}
/* Modulation on v2: (colour * texel) / 16 gives the 8-bit intensity ("Shaded Textures"). */
static inline uint16_t modulate(uint16_t t, int r, int g, int b, int dither, int x, int y) {
    return RGB15(to5((int)((t & 31) * r) >> 4, dither, x, y),
                 to5((int)(((t >> 5) & 31) * g) >> 4, dither, x, y),
                 to5((int)(((t >> 10) & 31) * b) >> 4, dither, x, y));
}

static inline void flat_quad(uint32_t cmd, uint32_t color, int x, int y, int w, int h) {
    gp0_cmd(cmd | (color & 0xffffff));
    GP0 = XY(x, y);
    GP0 = XY(x + w, y);
    GP0 = XY(x, y + h);
    GP0 = XY(x + w, y + h);
}

/* Axis-aligned textured quad whose UV span equals its size, so the linear interpolation gives
   u = u0 + (x - x0), v = v0 + (y - y0) at every pixel. */
static inline void tex_quad(uint32_t cmd, uint32_t color, int x, int y, int w, int h, int u, int v,
                            uint32_t clut, uint32_t page) {
    gp0_cmd(cmd | (color & 0xffffff));
    GP0 = XY(x, y);
    GP0 = (clut << 16) | ((uint32_t)v << 8) | (uint32_t)u;
    GP0 = XY(x + w, y);
    GP0 = (page << 16) | ((uint32_t)v << 8) | (uint32_t)(u + w);
    GP0 = XY(x, y + h);
    GP0 = ((uint32_t)(v + h) << 8) | (uint32_t)u;
    GP0 = XY(x + w, y + h);
    GP0 = ((uint32_t)(v + h) << 8) | (uint32_t)(u + w);
}

#endif
