/* GPU polygons (graphicsprocessingunitgpu.md "GPU Render Polygon Commands", "GPU Rendering
   Attributes", "Texture Bitmaps", "Texture Palettes - CLUT", "Semi-transparency",
   "Modulation", "24bit RGB to 15bit RGB Dithering", "GP0(E6h) - Mask Bit Setting"): flat,
   gouraud and textured triangles and quads, 4/8/15-bit textures with CLUT, texture window, raw
   and modulated, semi-transparency modes 0-3 with the per-texel semi bit, dithering, mask
   set/check, drawing area and offset, size limit. Every expected pixel is computed here from
   those rules. */
#include "gpu_tex.h"

#define BG RGB15(20, 10, 4)

/* Context of the expectation callbacks. */
static int g_x0, g_y0, g_w, g_h, g_u0, g_v0, g_depth, g_dither, g_semi;
static int g_r, g_g, g_b;
static uint16_t g_outside, g_inside;

static int inside(int x, int y) {
    return x >= g_x0 && x < g_x0 + g_w && y >= g_y0 && y < g_y0 + g_h;
}

static uint16_t exp_flat(int x, int y) {
    return inside(x, y) ? g_inside : g_outside;
}

/* Semi-transparency on 5-bit channels ("Semi-transparency"; additive results clamp to 31,
   subtractive to 0). Mode 0 halves the sum: test colours never have both channels odd, so
   B/2+F/2 and (B+F)/2 agree. */
static uint16_t blend(int mode, uint16_t b, uint16_t f) {
    uint32_t out = 0;
    for (int s = 0; s < 15; s += 5) {
        int bc = (b >> s) & 31, fc = (f >> s) & 31, c;
        if (mode == 0)
            c = (bc + fc) / 2;
        else if (mode == 1)
            c = bc + fc > 31 ? 31 : bc + fc;
        else if (mode == 2)
            c = bc - fc < 0 ? 0 : bc - fc;
        else
            c = bc + fc / 4 > 31 ? 31 : bc + fc / 4;
        out |= (uint32_t)c << s;
    }
    return (uint16_t)out;
}

static void test_flat(void) {
    /* 8x8 quad at (16,16) over a black background: F8h,80h,08h -> 31,16,1. */
    gpu_fill(0, 0, 64, 64, 0);
    flat_quad(0x28000000, RGB24(0xf8, 0x80, 0x08), 16, 16, 8, 8);
    g_x0 = 16, g_y0 = 16, g_w = 8, g_h = 8, g_outside = 0, g_inside = RGB15(31, 16, 1);
    check_region("polygon rule: quad drawn up to excluding its lower-right coordinates", 8, 8, 24,
                 24, exp_flat);

    /* Right triangle (40,16),(48,16),(40,24): the vertex pixels on the right/bottom are
       excluded, the top-left corner and pixels strictly inside are drawn. */
    gp0_cmd(0x20000000 | RGB24(0, 0xf8, 0));
    GP0 = XY(40, 16);
    GP0 = XY(48, 16);
    GP0 = XY(40, 24);
    check_eq("polygon rule: triangle top-left vertex pixel drawn", gpu_pixel(40, 16), 0x03e0);
    check_eq("polygon rule: pixel (47,16) strictly inside drawn", gpu_pixel(47, 16), 0x03e0);
    check_eq("polygon rule: pixel (40,23) strictly inside drawn", gpu_pixel(40, 23), 0x03e0);
    check_eq("polygon rule: pixel (43,20) inside drawn", gpu_pixel(43, 20), 0x03e0);
    check_eq("polygon rule: right vertex (48,16) excluded", gpu_pixel(48, 16), 0);
    check_eq("polygon rule: bottom vertex (40,24) excluded", gpu_pixel(40, 24), 0);
    check_eq("polygon rule: pixel (45,20) beyond the diagonal not drawn", gpu_pixel(45, 20), 0);
    check_eq("polygon rule: left of the triangle not drawn", gpu_pixel(39, 20), 0);

    /* Vertex bits 11-15 and 27-31 are ignored: X/Y are signed 11-bit. F810h -> 010h = 16,
       07F8h | F800h -> 7F8h = -8 (sign bit 10). */
    gpu_fill(0, 48, 32, 16, 0);
    gp0_cmd(0x28000000 | RGB24(0xf8, 0, 0));
    GP0 = 0xf830f810; /* (16, 48) with junk upper bits */
    GP0 = 0x0830a818; /* (24, 48) */
    GP0 = 0x9838f810; /* (16, 56) */
    GP0 = 0x7838c018; /* (24, 56) */
    g_x0 = 16, g_y0 = 48, g_w = 8, g_h = 8, g_outside = 0, g_inside = 0x001f;
    check_region("vertex rule: bits 11-15 and 27-31 of a vertex are ignored", 8, 48, 24, 16,
                 exp_flat);
    gpu_offset(24, 56);
    gp0_cmd(0x28000000 | RGB24(0, 0xf8, 0));
    GP0 = 0x07f807f8; /* (-8, -8) + (24, 56) = (16, 48) */
    GP0 = 0x07f80000;
    GP0 = 0x000007f8;
    GP0 = 0x00000000;
    gpu_offset(0, 0);
    g_inside = 0x03e0;
    check_region("vertex rule: bit 10 is the sign of an 11-bit coordinate", 8, 48, 24, 16,
                 exp_flat);

    /* Vertex order does not matter: the same triangle in the other winding, 16 pixels right. */
    gp0_cmd(0x20000000 | RGB24(0, 0xf8, 0));
    GP0 = XY(56, 24);
    GP0 = XY(64, 16);
    GP0 = XY(56, 16);
    uint16_t a[10], b[10];
    int same = 1;
    for (int y = 15; y < 25; ++y) {
        gpu_readback(39, y, 10, 1, a);
        gpu_readback(55, y, 10, 1, b);
        for (int i = 0; i < 10; ++i)
            same &= a[i] == b[i];
    }
    check_true("polygon rule: the vertex order does not change the pixels", same);

    /* Flat polygons are never dithered: 86h with dither on is 86h>>3 = 16 everywhere, although
       dithering would give 16 or 17 (82h..89h). */
    gp0_cmd(0xe1000600); /* dither on, drawing to display area allowed */
    flat_quad(0x28000000, RGB24(0x86, 0x86, 0x86), 16, 32, 8, 8);
    g_x0 = 16, g_y0 = 32, g_w = 8, g_h = 8, g_inside = RGB15(16, 16, 16);
    check_region("dither rule: flat untextured polygons are not dithered", 16, 32, 8, 8, exp_flat);
    gp0_cmd(0xe1000400);

    /* Size restriction: vertex distance 1024 horizontally -> not drawn; 1023 -> drawn. */
    gpu_fill(0, 200, 16, 16, 0);
    gp0_cmd(0x20000000 | RGB24(0xf8, 0xf8, 0xf8));
    GP0 = XY(-512, 200);
    GP0 = XY(512, 200);
    GP0 = XY(0, 210);
    check_eq("size rule: a polygon 1024 wide is not rendered", gpu_pixel(0, 201), 0);
    gp0_cmd(0x20000000 | RGB24(0xf8, 0xf8, 0xf8));
    GP0 = XY(-511, 200);
    GP0 = XY(512, 200);
    GP0 = XY(0, 210);
    check_eq("size rule: a polygon 1023 wide is rendered", gpu_pixel(0, 201), 0x7fff);
    gpu_fill(0, 200, 16, 16, 0);
    gp0_cmd(0x20000000 | RGB24(0xf8, 0xf8, 0xf8));
    GP0 = XY(0, -300);
    GP0 = XY(8, 212);
    GP0 = XY(0, 212);
    check_eq("size rule: a polygon 512 tall is not rendered", gpu_pixel(2, 205), 0);
}

static void gouraud_quad(int x, int y, int w, int h, uint32_t c0, uint32_t c1, uint32_t c2,
                         uint32_t c3) {
    gp0_cmd(0x38000000 | c0);
    GP0 = XY(x, y);
    GP0 = c1;
    GP0 = XY(x + w, y);
    GP0 = c2;
    GP0 = XY(x, y + h);
    GP0 = c3;
    GP0 = XY(x + w, y + h);
}

static void test_gouraud(void) {
    /* Quad 32x32 at (64,0): red 4 at the left edge and 4 + 7*32 = 228 at x0+32, green the same
       vertically, so pixel (i,j) = red 4+7i, green 4+7j (linear interpolation). Checked where
       the 8-bit value sits mid-way in its 5-bit step (i, j multiples of 8: 4+56k = 8*(7k)+4),
       so a rounding difference of up to 3 cannot change the result. */
    gpu_fill(64, 0, 48, 48, 0);
    gouraud_quad(64, 0, 32, 32, RGB24(4, 4, 0x86), RGB24(228, 4, 0x86), RGB24(4, 228, 0x86),
                 RGB24(228, 228, 0x86));
    int ok = 1;
    for (int j = 0; j < 32; j += 8) {
        for (int i = 0; i < 32; i += 8) {
            uint16_t e = RGB15((4 + 7 * i) >> 3, (4 + 7 * j) >> 3, 0x86 >> 3);
            uint16_t got = gpu_pixel(64 + i, j);
            if (got != e) {
                check_eq("gouraud rule: linear colour across the quad", got, e);
                ok = 0;
            }
        }
    }
    check_true("gouraud rule: linear colour across the quad (dither off)", ok);
    check_eq("gouraud rule: right edge excluded", gpu_pixel(96, 0), 0);
    check_eq("gouraud rule: bottom edge excluded", gpu_pixel(64, 32), 0);

    /* Quad split: triangles v0 v1 v2 and v1 v2 v3. v0 (top-left), v1 (top-right), v2
       (bottom-left) black, v3 (bottom-right) F0h: the first triangle is black; in the second,
       grey = F0h * (i + j - 16) / 16 = 15 * (i + j - 16). Splitting along v0-v3 instead would
       give (12,2) and (2,12) the grey 15*2 = 30 -> 3. */
    gpu_fill(112, 0, 32, 20, 0);
    gouraud_quad(112, 0, 16, 16, 0, 0, 0, RGB24(0xf0, 0xf0, 0xf0));
    check_eq("quad rule: (12,2) lies in triangle v0 v1 v2 (black)", gpu_pixel(124, 2), 0);
    check_eq("quad rule: (2,12) lies in triangle v0 v1 v2 (black)", gpu_pixel(114, 12), 0);
    check_eq("quad rule: (14,14) in triangle v1 v2 v3: 15*12 = 180 -> 22", gpu_pixel(126, 14),
             RGB15(22, 22, 22));

    /* Dithering: a gouraud quad of one colour 86h: (86h + offset) >> 3 = 16 or 17 by position. */
    gp0_cmd(0xe1000600);
    gouraud_quad(64, 36, 8, 8, RGB24(0x86, 0x86, 0x86), RGB24(0x86, 0x86, 0x86),
                 RGB24(0x86, 0x86, 0x86), RGB24(0x86, 0x86, 0x86));
    gp0_cmd(0xe1000400);
    g_x0 = 64, g_y0 = 36, g_w = 8, g_h = 8, g_dither = 1;
    static uint16_t exp86[4][4];
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            uint32_t c = to5(0x86, 1, x, y);
            exp86[y][x] = RGB15(c, c, c);
        }
    ok = 1;
    for (int y = 36; y < 44; ++y)
        for (int x = 64; x < 72; ++x)
            if (gpu_pixel(x, y) != exp86[y & 3][x & 3]) ok = 0;
    check_true("dither rule: gouraud polygon uses the 4x4 offset matrix (86h -> 16/17)", ok);
    check_eq("dither rule: offset -4 at (0,0) of the block: 82h>>3 = 16", gpu_pixel(64, 36),
             RGB15(16, 16, 16));
    check_eq("dither rule: offset +3 at (2,1): 89h>>3 = 17", gpu_pixel(66, 37), RGB15(17, 17, 17));
    /* Dither offsets saturate to 0..FFh: colour 0 with +3 stays 0, FFh with +3 stays 31. */
    gp0_cmd(0xe1000600);
    gouraud_quad(76, 36, 4, 4, RGB24(0, 0xff, 0), RGB24(0, 0xff, 0), RGB24(0, 0xff, 0),
                 RGB24(0, 0xff, 0));
    gp0_cmd(0xe1000400);
    ok = 1;
    for (int y = 36; y < 40; ++y)
        for (int x = 76; x < 80; ++x)
            if (gpu_pixel(x, y) != RGB15(0, to5(0xff, 1, x, y), 0)) ok = 0;
    check_true("dither rule: results saturate to 00h..FFh before the divide by 8", ok);
    check_eq("dither rule: FFh + 3 saturates to 31", gpu_pixel(78, 37), RGB15(0, 31, 0));
}

static uint16_t exp_tex(int x, int y) {
    if (!inside(x, y)) return g_outside;
    uint16_t t = texel(g_depth, (uint32_t)(g_u0 + x - g_x0), (uint32_t)(g_v0 + y - g_y0));
    if (t == 0) return g_outside; /* fully transparent */
    uint16_t c = g_r < 0 ? (uint16_t)(t & 0x7fff) : modulate(t, g_r, g_g, g_b, g_dither, x, y);
    if (g_semi >= 0 && (t & 0x8000)) c = blend(g_semi, g_outside, c);
    return (uint16_t)(c | (t & 0x8000));
}

static void textured(const char* rule, uint32_t cmd, uint32_t color, int depth, int u0, int v0,
                     int semi, int dither, int x, int y) {
    static const uint32_t pages[3] = {PAGE4, PAGE8, PAGE15};
    static const uint32_t cluts[3] = {CLUT4, CLUT8, 0};
    /* background (10h>>3, 20h>>3, 50h>>3) = (2,4,10) wherever the check looks */
    gpu_fill(x, y - 1, 32, 18, RGB24(0x10, 0x20, 0x50));
    if (dither) gp0_cmd(0xe1000600);
    tex_quad(cmd, color, x, y, 16, 16, u0, v0, cluts[depth],
             pages[depth] | SEMI(semi < 0 ? 0 : semi));
    gp0_cmd(0xe1000400);
    g_x0 = x, g_y0 = y, g_w = 16, g_h = 16, g_u0 = u0, g_v0 = v0, g_depth = depth;
    g_dither = dither, g_semi = semi, g_outside = RGB15(2, 4, 10);
    if (cmd & (1u << 24))
        g_r = -1;
    else
        g_r = color & 0xff, g_g = (color >> 8) & 0xff, g_b = (color >> 16) & 0xff;
    check_region(rule, x, y - 1, 17, 17, exp_tex);
}

static void test_textured(void) {
    tex_upload_all();
    /* Raw textures: the texel (after the CLUT) with its bit 15 as mask bit; 0000h skipped. */
    textured("texture rule: 4-bit CLUT raw quad", 0x2d000000, 0, 0, 0, 0, -1, 0, 128, 0);
    textured("texture rule: 4-bit CLUT raw quad, U/V origin (21,5)", 0x2d000000, 0, 0, 21, 5, -1, 0,
             160, 0);
    textured("texture rule: 8-bit CLUT raw quad", 0x2d000000, 0, 1, 3, 0, -1, 0, 192, 0);
    textured("texture rule: 15-bit direct raw quad (0000h transparent)", 0x2d000000, 0, 2, 0, 0, -1,
             0, 224, 0);
    /* Raw textures ignore dithering ("dithered ONLY if gouraud shading or modulation"). */
    textured("dither rule: raw textured polygon not dithered", 0x2d000000, 0, 2, 4, 4, -1, 1, 256,
             0);
    /* Modulation: 80h is neutral, 40h halves, FFh doubles and saturates at 31. */
    textured("modulation rule: colour 808080h leaves texels unchanged", 0x2c000000, 0x808080, 2, 0,
             0, -1, 0, 288, 0);
    textured("modulation rule: (colour * texel) / 16, 8-bit, then / 8", 0x2c000000, 0xff4020, 2, 5,
             7, -1, 0, 320, 0);
    textured("modulation rule: 4-bit CLUT texels modulated", 0x2c000000, 0x60a0c0, 0, 8, 2, -1, 0,
             352, 0);
    /* Modulated textures are dithered: 80h gives t*8 + offset, so negative offsets drop 1. */
    textured("dither rule: modulated textured polygon dithered", 0x2c000000, 0x808080, 2, 0, 0, -1,
             1, 384, 0);
    /* Gouraud-textured with equal colours is the flat modulated result. */
    gpu_fill(416, 0, 32, 20, RGB24(0x10, 0x20, 0x50));
    gp0_cmd(0x3c000000 | 0x806040);
    GP0 = XY(416, 1);
    GP0 = (CLUT8 << 16) | 0x0000;
    GP0 = 0x806040;
    GP0 = XY(432, 1);
    GP0 = (PAGE8 << 16) | 0x0010;
    GP0 = 0x806040;
    GP0 = XY(416, 17);
    GP0 = 0x1000;
    GP0 = 0x806040;
    GP0 = XY(432, 17);
    GP0 = 0x1010;
    g_x0 = 416, g_y0 = 1, g_u0 = 0, g_v0 = 0, g_depth = 1, g_dither = 0, g_semi = -1;
    g_r = 0x40, g_g = 0x60, g_b = 0x80;
    check_region("modulation rule: gouraud-textured quad of one colour", 416, 0, 17, 17, exp_tex);

    /* Semi-transparency on textured polygons: only texels with bit 15 blend. */
    for (int m = 0; m < 4; ++m)
        textured("semi rule: per-texel bit 15 selects blending (15-bit, raw)", 0x2f000000, 0, 2, 0,
                 0, m, 0, 128 + 32 * m, 24);
    textured("semi rule: CLUT bit 15 selects blending (4-bit, mode 1)", 0x2f000000, 0, 0, 0, 0, 1,
             0, 256, 24);
    textured("semi rule: opaque command writes 8000h as non-transparent black", 0x2d000000, 0, 0,
             12, 1, -1, 0, 288, 24);
    textured("semi rule: modulated semi 8-bit, mode 2", 0x2e000000, 0x808080, 1, 0, 0, 2, 0, 320,
             24);

    /* Texture window E2h: mask X 2, offset X 2 -> u = (u AND NOT 16) OR 16; mask Y 1, offset
       Y 0 -> v = v AND NOT 8. */
    gpu_fill(352, 24, 32, 20, RGB24(0x10, 0x20, 0x50));
    gp0_cmd(0xe2000000 | (0u << 15) | (2u << 10) | (1u << 5) | 2u);
    tex_quad(0x2d000000, 0, 352, 25, 16, 16, 0, 0, 0, PAGE15);
    gp0_cmd(0xe2000000);
    int ok = 1;
    for (int j = 0; j < 16 && ok; ++j) {
        uint16_t row[16];
        gpu_readback(352, 25 + j, 16, 1, row);
        for (int i = 0; i < 16; ++i) {
            uint16_t t = tex15((uint32_t)i | 16, (uint32_t)j & ~8u);
            uint16_t e = t ? t : RGB15(2, 4, 10);
            if (row[i] != e) {
                check_eq("texture window rule: Texcoord = (T AND NOT(Mask*8)) OR ((Off AND "
                         "Mask)*8)",
                         row[i], e);
                ok = 0;
                break;
            }
        }
    }
    check_true("texture window rule: 16x16 quad reads the windowed texels", ok);

    /* Texpage attribute: sets E1h bits 0-8 (GPUSTAT 0-8) but not 9-10. */
    gp0_cmd(0xe1000600);
    tex_quad(0x2d000000, 0, 400, 60, 4, 4, 0, 0, CLUT8, PAGE8 | SEMI(3));
    check_eq("texpage rule: polygon texpage sets GPUSTAT 0-8, keeps 9-10", GPUSTAT & 0x7ff,
             PAGE8 | SEMI(3) | 0x600);
    gp0_cmd(0xe1000400);
}

static void test_untextured_semi(void) {
    /* F = F8h,C0h,10h -> (31,24,2) over B = (20,10,4). */
    static const uint16_t expect[4] = {
        RGB15(25, 17, 3), /* mode 0: (20+31)/2=25, (10+24)/2=17, (4+2)/2=3 */
        RGB15(31, 31, 6), /* mode 1: 51->31, 34->31, 6: saturates at 31 */
        RGB15(0, 0, 2),   /* mode 2: 20-31->0, 10-24->0, 4-2=2 */
        RGB15(27, 16, 4), /* mode 3: 20+7=27, 10+6=16, 4+0=4 */
    };
    for (int m = 0; m < 4; ++m) {
        gpu_fill(16 * m, 64, 16, 8, RGB24(20 << 3, 10 << 3, 4 << 3));
        gp0_cmd(0xe1000400 | SEMI(m));
        flat_quad(0x2a000000, RGB24(0xf8, 0xc0, 0x10), 16 * m + 2, 66, 4, 4);
        check_eq(m == 1   ? "semi mode 1 saturates at 31 (B+F)"
                 : m == 2 ? "semi mode 2 clamps at 0 (B-F)"
                 : m == 3 ? "semi mode 3 is B+F/4"
                          : "semi mode 0 is B/2+F/2",
                 gpu_pixel(16 * m + 3, 67), expect[m]);
        check_eq("semi rule: expected blend matches the formula", expect[m],
                 blend(m, BG, RGB15(31, 24, 2)));
        check_eq("semi rule: untextured semi pixels get mask bit 0",
                 gpu_pixel(16 * m + 2, 69) >> 15, 0);
    }
    /* Gouraud semi quad, mode 1, of one colour: same as flat. */
    gpu_fill(64, 64, 16, 8, RGB24(20 << 3, 10 << 3, 4 << 3));
    gp0_cmd(0xe1000400 | SEMI(1));
    gp0_cmd(0x3a000000 | RGB24(0x08, 0x10, 0x18));
    GP0 = XY(66, 66);
    GP0 = RGB24(0x08, 0x10, 0x18);
    GP0 = XY(70, 66);
    GP0 = RGB24(0x08, 0x10, 0x18);
    GP0 = XY(66, 70);
    GP0 = RGB24(0x08, 0x10, 0x18);
    GP0 = XY(70, 70);
    gp0_cmd(0xe1000400);
    check_eq("semi mode 1 on a gouraud polygon: B + F per channel", gpu_pixel(67, 67),
             RGB15(21, 12, 7));
}

static void test_mask_area(void) {
    /* E6h.0: every pixel written gets bit 15. */
    gpu_fill(0, 80, 64, 16, 0);
    gp0_cmd(0xe6000001);
    flat_quad(0x28000000, RGB24(0xf8, 0, 0), 0, 80, 8, 8);
    gp0_cmd(0xe6000000);
    check_eq("mask rule: E6h.0 sets bit 15 on drawn pixels", gpu_pixel(3, 83), 0x801f);
    /* E6h.1: pixels with bit 15 are kept. Columns 8..11 get bit 15 first. */
    static uint16_t row[8] = {0x8001, 0x0002, 0x8003, 0x0004, 0x8005, 0x0006, 0x8007, 0x0008};
    gpu_upload(8, 80, 8, 1, row);
    gp0_cmd(0xe6000002);
    flat_quad(0x28000000, RGB24(0, 0xf8, 0), 8, 80, 8, 1);
    gp0_cmd(0xe6000000);
    uint16_t got[8];
    gpu_readback(8, 80, 8, 1, got);
    int ok = 1;
    for (int i = 0; i < 8; ++i)
        ok &= got[i] == ((row[i] & 0x8000) ? row[i] : 0x03e0);
    check_true("mask rule: E6h.1 draws only where bit 15 = 0", ok);
    /* Semi-transparent pixels over masked ones: still protected. */
    gp0_cmd(0xe6000002);
    gp0_cmd(0xe1000400 | SEMI(1));
    flat_quad(0x2a000000, RGB24(0xf8, 0xf8, 0xf8), 8, 80, 8, 1);
    gp0_cmd(0xe6000000);
    gp0_cmd(0xe1000400);
    gpu_readback(8, 80, 8, 1, got);
    ok = 1;
    for (int i = 0; i < 8; ++i)
        ok &= got[i] == ((row[i] & 0x8000) ? row[i] : 0x7fff);
    check_true("mask rule: E6h.1 also protects against semi-transparent pixels", ok);

    /* Drawing area (inclusive) + offset: area (100,100)-(109,109), offset (100,100), quad
       (-5,-5)-(15,15) -> 95..114 clipped to 100..109. */
    gpu_fill(80, 80, 48, 48, 0);
    gpu_area(100, 100, 109, 109);
    gpu_offset(100, 100);
    flat_quad(0x28000000, RGB24(0xf8, 0xf8, 0), -5, -5, 20, 20);
    gpu_setup();
    g_x0 = 100, g_y0 = 100, g_w = 10, g_h = 10, g_outside = 0, g_inside = 0x03ff;
    check_region("drawing area rule: clipped to E3h..E4h inclusive, E5h offset added", 90, 90, 30,
                 30, exp_flat);
    /* Offset with negative vertex coordinates: offset (120, 90), vertex (-8,-8)-(0,0) ->
       (112,82)-(120,90). */
    gpu_offset(120, 90);
    flat_quad(0x28000000, RGB24(0, 0, 0xf8), -8, -8, 8, 8);
    gpu_setup();
    check_eq("offset rule: signed 11-bit vertex + offset", gpu_pixel(112, 82), 0x7c00);
    check_eq("offset rule: lower-right excluded after the offset", gpu_pixel(120, 90), 0);
}

int main(void) {
    test_begin("gpu_poly");
    bios_enter_critical_section();
    gpu_setup();
    test_flat();
    test_gouraud();
    test_textured();
    test_untextured_semi();
    test_mask_area();
    bios_exit_critical_section();
    return test_done();
}
