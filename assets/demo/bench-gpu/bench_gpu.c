/* The scene is built from what costs a PS1 GPU (and an emulator's rasterizer) the most: large
   gouraud polygons, large textured polygons in all three texture depths with CLUTs, and large
   semi-transparent polygons in all four blend modes, over a full-screen clear, plus a cloud of
   small triangles for per-primitive overhead. Everything moves with the frame count, so every
   frame is different but every run is the same. Each level doubles the work of the one below.
   Tick lines: "tick N checksum X level L prims P kpixels K frames F" where F counts frames
   actually drawn (it falls behind the vblanks when the GPU cannot keep up). */
#include "bench_gpu.h"

#include "font.h"
#include "gpu.h"
#include "gte.h"
#include "pad.h"
#include "sys.h"

#define OT_LEN 8
#define POOL_WORDS 32768

/* VRAM: buffers at (0,0) and (0,240); textures at x 320+ (one page each), CLUTs at y 480+ */
#define T4_X 320
#define T8_X 384
#define T15_X 448
#define CLUT4_Y 480
#define CLUT8_Y 481

static uint32_t g_ot[2][OT_LEN];
static uint32_t g_pool[2][POOL_WORDS];
static GpuFrame g_frame[2];
static uint16_t g_tex[64 * 64];

static void make_textures(void) {
    /* 4-bit: concentric rings; 8-bit: a plasma; 15-bit: a colour checkerboard */
    for (int y = 0; y < 64; ++y)
        for (int hx = 0; hx < 16; ++hx) {
            uint16_t v = 0;
            for (int k = 0; k < 4; ++k) {
                int x = hx * 4 + k - 32, yy = y - 32;
                v |= (uint16_t)((((x * x + yy * yy) >> 5) & 15) << (k * 4));
            }
            g_tex[y * 16 + hx] = v;
        }
    gpu_upload(T4_X, 0, 16, 64, g_tex);
    for (int y = 0; y < 64; ++y)
        for (int hx = 0; hx < 32; ++hx) {
            uint16_t v = 0;
            for (int k = 0; k < 2; ++k) {
                int x = hx * 2 + k;
                int p = (fx_sin(x * 64) + fx_sin(y * 128) + fx_sin((x + y) * 64)) / 48 + 128;
                v |= (uint16_t)((p & 255) << (k * 8));
            }
            g_tex[y * 32 + hx] = v;
        }
    gpu_upload(T8_X, 0, 32, 64, g_tex);
    for (int y = 0; y < 64; ++y)
        for (int x = 0; x < 64; ++x) {
            int c = ((x >> 3) ^ (y >> 3)) & 1;
            /* every texel opaque (non-zero) and with bit 15 on half of them, so the textured
               semi-transparent polygons blend only there */
            g_tex[y * 64 + x] = c ? (uint16_t)(0x8000 | (x >> 1) | ((y >> 1) << 5) | (20 << 10))
                                  : (uint16_t)((31 - (x >> 1)) | (10 << 5) | ((y >> 1) << 10));
        }
    gpu_upload(T15_X, 0, 64, 64, g_tex);
    uint16_t clut[256];
    for (int i = 0; i < 16; ++i)
        clut[i] = (uint16_t)((i * 2) | ((31 - i * 2) << 5) | (16 << 10) | 1);
    gpu_upload(0, CLUT4_Y, 16, 1, clut);
    for (int i = 0; i < 256; ++i)
        clut[i] = (uint16_t)((i >> 3) | (((i * 3) & 255) >> 3 << 5) | ((255 - i) >> 3 << 10) | 1);
    gpu_upload(0, CLUT8_Y, 256, 1, clut);
}

static uint32_t g_prims, g_pixels;

static void corners(int16_t* xy, int cx, int cy, int w, int h, int angle) {
    /* a rotated rectangle as a quad in GPU vertex order (0,1,2 then 1,2,3) */
    int c = fx_cos(angle), s = fx_sin(angle);
    static const int8_t k[4][2] = {{-1, -1}, {1, -1}, {-1, 1}, {1, 1}};
    for (int i = 0; i < 4; ++i) {
        int dx = k[i][0] * w / 2, dy = k[i][1] * h / 2;
        xy[i * 2] = (int16_t)(cx + ((dx * c - dy * s) >> 12));
        xy[i * 2 + 1] = (int16_t)(cy + ((dx * s + dy * c) >> 12));
    }
}

static void scene(GpuFrame* f, uint32_t t, int level) {
    int n = 1 << (level - 1); /* 1, 2, 4, 8 */
    /* large gouraud quads */
    for (int i = 0; i < 4 * n; ++i) {
        int16_t xy[8];
        corners(xy, 160 + (fx_sin((int)t * 9 + i * 700) * 120 >> 12),
                120 + (fx_cos((int)t * 7 + i * 500) * 80 >> 12), 220, 160, (int)t * 5 + i * 300);
        uint32_t rgb[4] = {gp_rgb(255, 40 * (i & 3), 80), gp_rgb(40, 255, 120), gp_rgb(60, 60, 255),
                           gp_rgb(255, 255, (int)(t & 255))};
        gpu_quad_g(f, 6, xy, rgb, 0);
        g_pixels += 220 * 160;
    }
    /* large textured quads in 4-, 8- and 15-bit, modulated by gouraud colours */
    static const uint8_t uv[8] = {0, 0, 63, 0, 0, 63, 63, 63};
    const uint32_t tpages[3] = {gp_tpage(T4_X, 0, 0, 0), gp_tpage(T8_X, 0, 0, 1),
                                gp_tpage(T15_X, 0, 0, 2)};
    const uint32_t cluts[3] = {gp_clut(0, CLUT4_Y), gp_clut(0, CLUT8_Y), 0};
    for (int i = 0; i < 6 * n; ++i) {
        int16_t xy[8];
        corners(xy, 160 + (fx_cos((int)t * 6 + i * 900) * 110 >> 12),
                120 + (fx_sin((int)t * 8 + i * 400) * 70 >> 12), 180, 180, -(int)t * 4 + i * 200);
        uint32_t rgb[4] = {0x808080, 0x60A0A0, 0xA06080, 0x808080};
        gpu_quad_gt(f, 5, xy, rgb, uv, tpages[i % 3], cluts[i % 3], 0);
        g_pixels += 180 * 180;
    }
    /* large semi-transparent quads, cycling the four blend modes (taken from the texpage) */
    for (int i = 0; i < 4 * n; ++i) {
        int16_t xy[8];
        corners(xy, 160 + (fx_sin((int)t * 11 + i * 1100) * 100 >> 12), 120, 240, 200,
                (int)t * 3 + i * 512);
        uint32_t rgb[4] = {0x606060, 0x804020, 0x208040, 0x402080};
        gpu_quad_gt(f, 4, xy, rgb, uv, gp_tpage(T15_X, 0, i & 3, 2), 0, 1);
        int16_t g[8];
        corners(g, 160, 120 + (fx_cos((int)t * 5 + i * 800) * 60 >> 12), 260, 120,
                i * 400 - (int)t * 2);
        uint32_t grgb[4] = {gp_rgb(200, 0, 0), gp_rgb(0, 200, 0), gp_rgb(0, 0, 200),
                            gp_rgb(100, 100, 100)};
        gpu_quad_g(f, 3, g, grgb, 1);
        g_pixels += 240 * 200 + 260 * 120;
    }
    /* a cloud of small triangles: per-primitive cost */
    for (int i = 0; i < 96 * n; ++i) {
        int a = (int)t * 13 + i * 97;
        int r = 30 + (i * 37) % 100;
        int x = 160 + (fx_cos(a) * r >> 12), y = 120 + (fx_sin(a) * r >> 12);
        int16_t xy[6] = {(int16_t)x,       (int16_t)y,       (int16_t)(x + 8),
                         (int16_t)(y + 2), (int16_t)(x + 3), (int16_t)(y + 9)};
        uint32_t rgb[3] = {0xFFFFFF, gp_rgb(i & 255, 128, 255 - (i & 255)), 0x000080};
        gpu_tri_g(f, 2, xy, rgb, i & 1);
        g_pixels += 36;
    }
    g_prims += (uint32_t)(4 * n + 6 * n + 8 * n + 96 * n);
}

void bench_gpu_run(const char* name, int level) {
    sys_init();
    gpu_init();
    pad_init();
    math_init();
    make_textures();
    font_init(960, 0, 960, 482);
    for (int i = 0; i < 2; ++i)
        gpu_frame_init(&g_frame[i], g_ot[i], OT_LEN, g_pool[i], POOL_WORDS);
    tprintf("%s level %d\n", name, level);

    int cur = 0;
    uint32_t drawn = 0, hash = HASH_INIT;
    uint16_t prev_buttons = 0;
    char extra[80], text[32];
    for (uint32_t t = 0;; ++t) {
        uint16_t b = pad_read();
        uint16_t pressed = b & (uint16_t)~prev_buttons;
        prev_buttons = b;
        if ((pressed & PAD_R1) && level < 4) ++level;
        if ((pressed & PAD_L1) && level > 1) --level;

        GpuFrame* f = &g_frame[cur];
        gpu_frame_begin(f);
        g_prims = 0;
        g_pixels = 0;
        uint32_t* p = gpu_ot_packet(f, OT_LEN - 1, GPU_ENV_WORDS);
        if (p) gpu_env(p, 0, cur * SCREEN_H, SCREEN_W, SCREEN_H, 0, 0);
        gpu_fill(f, OT_LEN - 2, 0, cur * SCREEN_H, SCREEN_W, SCREEN_H, gp_rgb(16, 16, 40));
        scene(f, t, level);
        char* q = fmt_str(text, "GPU BENCH LEVEL ");
        fmt_uint(q, (uint32_t)level, 1);
        font_draw(f, 0, 8, 8, text, 0x808080);

        gpu_sync();
        sys_wait_vblank();
        gpu_display_at(0, (cur ^ 1) * SCREEN_H);
        gpu_frame_send(f);
        cur ^= 1;
        ++drawn;
        hash = hash_word(hash, g_prims ^ (t << 12));

        q = fmt_str(extra, "level ");
        q = fmt_uint(q, (uint32_t)level, 1);
        q = fmt_str(q, " prims ");
        q = fmt_uint(q, g_prims, 1);
        q = fmt_str(q, " kpixels ");
        q = fmt_uint(q, g_pixels / 1000, 1);
        q = fmt_str(q, " frames ");
        q = fmt_uint(q, drawn, 1);
        if (f->overflowed) fmt_str(q, " overflow");
        sys_tick(hash, extra);
    }
}
