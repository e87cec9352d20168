/* GPU lines, polylines and rectangles (graphicsprocessingunitgpu.md "GPU Render Line Commands",
   "GPU Render Rectangle Commands", "Texture Origin and X/Y-Flip", "24bit RGB to 15bit RGB
   Dithering", "Semi-transparency", "Size Restriction"). Expected pixels come from those rules. */
#include "gpu_tex.h"

#define BLACK 0

static void hline_check(const char* rule, int x0, int x1, int y, uint16_t color) {
    uint16_t row[32];
    gpu_readback(x0 - 1, y, x1 - x0 + 3, 1, row);
    int ok = row[0] == BLACK && row[x1 - x0 + 2] == BLACK;
    for (int i = 1; i <= x1 - x0 + 1; ++i)
        ok &= row[i] == color;
    if (!ok)
        tprintf("  row %d from %d: %04x %04x .. %04x\n", y, x0 - 1, row[0], row[1],
                row[x1 - x0 + 2]);
    check_true(rule, ok);
}

static void line(uint32_t cmd, uint32_t c0, int x0, int y0, uint32_t c1, int x1, int y1) {
    gp0_cmd(cmd | c0);
    GP0 = XY(x0, y0);
    if (cmd & (1u << 28)) GP0 = c1;
    GP0 = XY(x1, y1);
}

static void test_lines(void) {
    gpu_fill(0, 128, 192, 64, 0);
    /* Both end points are drawn ("up to <including> their lower-right coordinates"). */
    line(0x40000000, RGB24(0xf8, 0, 0), 10, 130, 0, 20, 130);
    hline_check("line rule: horizontal line includes both end points (10..20)", 10, 20, 130,
                0x001f);
    line(0x40000000, RGB24(0xf8, 0, 0), 20, 132, 0, 10, 132);
    hline_check("line rule: reversed line covers the same pixels", 10, 20, 132, 0x001f);
    line(0x40000000, RGB24(0, 0xf8, 0), 30, 130, 0, 30, 140);
    int ok = gpu_pixel(30, 129) == 0 && gpu_pixel(30, 141) == 0;
    for (int y = 130; y <= 140; ++y)
        ok &= gpu_pixel(30, y) == 0x03e0;
    check_true("line rule: vertical line 130..140 inclusive", ok);
    line(0x40000000, RGB24(0, 0, 0xf8), 40, 130, 0, 50, 140);
    ok = 1;
    for (int i = 0; i <= 10; ++i)
        ok &= gpu_pixel(40 + i, 130 + i) == 0x7c00 && gpu_pixel(41 + i, 130 + i) == 0;
    check_true("line rule: 45-degree line steps one pixel per row", ok);

    /* Gouraud: the end points have the vertex colours; the midpoint of a 10-step line from
       F8h to 0 is 7Ch -> 15 (exact). */
    line(0x50000000, RGB24(0xf8, 0, 0), 60, 130, RGB24(0, 0, 0xf8), 70, 130);
    check_eq("gouraud line rule: first end point has colour 0", gpu_pixel(60, 130), 0x001f);
    check_eq("gouraud line rule: last end point has colour 1", gpu_pixel(70, 130), 0x7c00);
    check_eq("gouraud line rule: midpoint is the mean (7Ch -> 15)", gpu_pixel(65, 130),
             RGB15(15, 0, 15));

    /* Coincident vertices: a 1x1 rectangle in the first vertex's colour. */
    line(0x50000000, RGB24(0xf8, 0, 0), 75, 135, RGB24(0, 0xf8, 0), 75, 135);
    check_eq("line rule: coincident vertices draw one pixel in colour 0", gpu_pixel(75, 135),
             0x001f);
    check_eq("line rule: coincident vertices draw only one pixel", gpu_pixel(76, 135), 0);

    /* Mono lines are dithered when E1h.9 is on: 86h + offset. */
    gp0_cmd(0xe1000600);
    line(0x40000000, RGB24(0x86, 0x86, 0x86), 80, 150, 0, 95, 150);
    line(0x40000000, RGB24(0x86, 0x86, 0x86), 80, 151, 0, 95, 151);
    gp0_cmd(0xe1000400);
    ok = 1;
    for (int y = 150; y < 152; ++y)
        for (int x = 80; x <= 95; ++x) {
            uint32_t c = to5(0x86, 1, x, y);
            ok &= gpu_pixel(x, y) == RGB15(c, c, c);
        }
    check_true("dither rule: mono lines are dithered", ok);

    /* Polylines: segments share vertices; 55555555h ends the list in a vertex position. */
    gp0_cmd(0x48000000 | RGB24(0xf8, 0xf8, 0));
    GP0 = XY(100, 130);
    GP0 = XY(110, 130);
    GP0 = XY(110, 140);
    GP0 = XY(100, 140);
    GP0 = 0x55555555;
    hline_check("polyline rule: first segment", 100, 110, 130, 0x03ff);
    hline_check("polyline rule: third segment", 100, 110, 140, 0x03ff);
    check_eq("polyline rule: second segment", gpu_pixel(110, 135), 0x03ff);
    /* The terminator ended it: the next word is a command. */
    gpu_fill(112, 160, 16, 1, RGB24(0xf8, 0, 0));
    check_eq("polyline rule: the stream resumes after the terminator", gpu_pixel(112, 160), 0x001f);
    /* Terminator 50005000h (F000F000h mask) in the colour position of a gouraud polyline. */
    gp0_cmd(0x58000000 | RGB24(0xf8, 0, 0));
    GP0 = XY(130, 130);
    GP0 = RGB24(0xf8, 0, 0);
    GP0 = XY(140, 130);
    GP0 = RGB24(0, 0xf8, 0);
    GP0 = XY(140, 140);
    GP0 = 0x5a005f00;
    gpu_fill(144, 160, 16, 1, RGB24(0, 0xf8, 0));
    check_eq("polyline rule: gouraud segment 1 keeps colour 0 to colour 1", gpu_pixel(140, 130),
             0x001f);
    check_eq("polyline rule: gouraud segment 2 ends in the third colour", gpu_pixel(140, 140),
             0x03e0);
    check_eq("polyline rule: (w AND F000F000h) = 50005000h terminates", gpu_pixel(144, 160),
             0x03e0);

    /* Semi-transparent line, mode 1: B + F saturates. B = (20,10,4), F = (16,24,2). */
    gpu_fill(0, 176, 64, 4, RGB24(20 << 3, 10 << 3, 4 << 3));
    gp0_cmd(0xe1000400 | SEMI(1));
    line(0x42000000, RGB24(16 << 3, 24 << 3, 2 << 3), 2, 177, 0, 20, 177);
    gp0_cmd(0xe1000400 | SEMI(2));
    line(0x42000000, RGB24(16 << 3, 24 << 3, 2 << 3), 2, 178, 0, 20, 178);
    gp0_cmd(0xe1000400);
    check_eq("semi mode 1 on lines: 20+16 and 10+24 saturate at 31", gpu_pixel(10, 177),
             RGB15(31, 31, 6));
    check_eq("semi mode 2 on lines: B-F clamps at 0", gpu_pixel(10, 178), RGB15(4, 0, 2));

    /* Size restriction: Y -300 to +300 is not rendered, -100 to +400 is. */
    gpu_fill(160, 128, 16, 64, 0);
    line(0x40000000, RGB24(0xf8, 0xf8, 0xf8), 162, -300, 0, 162, 300);
    check_eq("size rule: line from Y -300 to +300 is not rendered", gpu_pixel(162, 150), 0);
    line(0x40000000, RGB24(0xf8, 0xf8, 0xf8), 164, -100, 0, 164, 400);
    check_eq("size rule: line from Y -100 to +400 is rendered", gpu_pixel(164, 150), 0x7fff);

    /* Drawing area clips lines; offset moves them. */
    gpu_area(170, 130, 175, 135);
    gpu_offset(10, 0);
    line(0x40000000, RGB24(0xf8, 0xf8, 0xf8), 150, 132, 0, 180, 132);
    gpu_setup();
    hline_check("drawing area rule: line clipped to 170..175 (offset +10)", 170, 175, 132, 0x7fff);
    /* Mask set on lines. */
    gp0_cmd(0xe6000001);
    line(0x40000000, RGB24(0xf8, 0, 0), 170, 140, 0, 175, 140);
    gp0_cmd(0xe6000000);
    check_eq("mask rule: E6h.0 sets bit 15 on line pixels", gpu_pixel(172, 140), 0x801f);
}

/* Rectangle expectation context. */
static int r_x0, r_y0, r_w, r_h, r_u0, r_v0, r_du, r_dv, r_depth, r_semi, r_r, r_g, r_b;
static uint16_t r_bg;

static uint16_t exp_rect(int x, int y) {
    if (x < r_x0 || x >= r_x0 + r_w || y < r_y0 || y >= r_y0 + r_h) return r_bg;
    uint32_t u = (uint32_t)(r_u0 + r_du * (x - r_x0)) & 0xff;
    uint32_t v = (uint32_t)(r_v0 + r_dv * (y - r_y0)) & 0xff;
    uint16_t t = texel(r_depth, u, v);
    if (t == 0) return r_bg;
    uint16_t c = r_r < 0 ? (uint16_t)(t & 0x7fff) : modulate(t, r_r, r_g, r_b, 0, x, y);
    if (r_semi >= 0 && (t & 0x8000)) {
        /* mode 0 only here; the background channels are even */
        c = RGB15(((r_bg & 31) + (c & 31)) / 2, (((r_bg >> 5) & 31) + ((c >> 5) & 31)) / 2,
                  (((r_bg >> 10) & 31) + ((c >> 10) & 31)) / 2);
    }
    return (uint16_t)(c | (t & 0x8000));
}

static void tex_rect(const char* rule, uint32_t cmd, uint32_t color, int x, int y, int w, int h,
                     int u, int v, int depth, uint32_t e1, int semi) {
    static const uint32_t pages[3] = {PAGE4, PAGE8, PAGE15};
    static const uint32_t cluts[3] = {CLUT4, CLUT8, 0};
    gpu_fill(x, y - 1, 48, h + 2, RGB24(0x10, 0x20, 0x50));
    gp0_cmd(0xe1000400 | pages[depth] | SEMI(semi < 0 ? 0 : semi) | e1);
    gp0_cmd(cmd | color);
    GP0 = XY(x, y);
    GP0 = (cluts[depth] << 16) | ((uint32_t)v << 8) | (uint32_t)u;
    if (((cmd >> 27) & 3) == 0) GP0 = XY(w, h);
    gp0_cmd(0xe1000400);
    /* X-flip starts at U OR 1 (the peers' rule, psx-spx only says "decremented"). */
    r_x0 = x, r_y0 = y, r_w = w, r_h = h, r_u0 = (e1 & 0x1000) ? (u | 1) : u, r_v0 = v;
    r_depth = depth, r_semi = semi;
    r_du = (e1 & 0x1000) ? -1 : 1;
    r_dv = (e1 & 0x2000) ? -1 : 1;
    r_bg = RGB15(2, 4, 10);
    if (cmd & (1u << 24))
        r_r = -1;
    else
        r_r = color & 0xff, r_g = (color >> 8) & 0xff, r_b = (color >> 16) & 0xff;
    check_region(rule, x, y - 1, w + 1, h + 2, exp_rect);
}

static uint16_t g_flat;
static uint16_t exp_flat_rect(int x, int y) {
    return (x >= r_x0 && x < r_x0 + r_w && y >= r_y0 && y < r_y0 + r_h) ? g_flat : r_bg;
}

static void flat_rect(const char* rule, uint32_t cmd, int x, int y, int w, int h) {
    gpu_fill(x & ~15, y - 1, 48, 20, 0);
    gp0_cmd(cmd | RGB24(0xf8, 0x80, 0x08));
    GP0 = XY(x, y);
    if (((cmd >> 27) & 3) == 0) GP0 = XY(w, h);
    r_x0 = x, r_y0 = y, r_w = w, r_h = h, r_bg = 0, g_flat = RGB15(31, 16, 1);
    check_region(rule, x - 1, y - 1, w + 2, h + 2, exp_flat_rect);
}

/* Texture U/V and widths of textured rectangles are even here: the reference warns that odd
   ones give one-pixel sampling errors every 16 pixels. */
static void test_rects(void) {
    tex_upload_all();
    flat_rect("rectangle rule: size 1 (68h) is 1x1", 0x68000000, 201, 130, 1, 1);
    flat_rect("rectangle rule: size 2 (70h) is 8x8", 0x70000000, 209, 130, 8, 8);
    flat_rect("rectangle rule: size 3 (78h) is 16x16", 0x78000000, 241, 130, 16, 16);
    flat_rect("rectangle rule: variable size (60h) 5x3", 0x60000000, 273, 130, 5, 3);
    flat_rect("rectangle rule: variable size 37x2", 0x60000000, 305, 130, 37, 2);

    /* Rectangles are never dithered, even modulated: 86h stays 16. */
    gpu_fill(352, 129, 32, 10, 0);
    gp0_cmd(0xe1000600);
    gp0_cmd(0x60000000 | RGB24(0x86, 0x86, 0x86));
    GP0 = XY(353, 130);
    GP0 = XY(8, 8);
    gp0_cmd(0xe1000400);
    r_x0 = 353, r_y0 = 130, r_w = 8, r_h = 8, r_bg = 0, g_flat = RGB15(16, 16, 16);
    check_region("dither rule: rectangles are not dithered", 352, 129, 10, 10, exp_flat_rect);

    /* Textured rectangles: Texpage from E1h, texcoords step +1 (or -1 with X/Y-flip). */
    tex_rect("rectangle rule: 15-bit raw 16x16 sprite from U/V (2,4)", 0x7d000000, 0, 200, 150, 16,
             16, 2, 4, 2, 0, -1);
    tex_rect("rectangle rule: 4-bit CLUT raw 8x8 sprite", 0x75000000, 0, 248, 150, 8, 8, 6, 8, 0, 0,
             -1);
    tex_rect("rectangle rule: 8-bit CLUT raw variable 20x6", 0x65000000, 0, 296, 150, 20, 6, 4, 10,
             1, 0, -1);
    tex_rect("modulation rule: modulated rectangle (no dither even with E1h.9)", 0x7c000000,
             RGB24(0xc0, 0x60, 0x90), 344, 150, 16, 16, 0, 0, 2, 0x200, -1);
    tex_rect("flip rule: E1h.12 X-flip decrements U", 0x7d000000, 0, 392, 150, 16, 16, 20, 2, 2,
             0x1000, -1);
    tex_rect("flip rule: E1h.13 Y-flip decrements V", 0x7d000000, 0, 440, 150, 16, 16, 2, 20, 2,
             0x2000, -1);
    tex_rect("flip rule: X and Y flip on a 4-bit sprite", 0x7d000000, 0, 200, 170, 16, 16, 40, 20,
             0, 0x3000, -1);
    tex_rect("semi rule: textured rectangle, mode 0 on bit-15 texels", 0x7f000000, 0, 248, 170, 16,
             16, 2, 2, 2, 0, 0);
    tex_rect("semi rule: modulated semi 4-bit rectangle", 0x7e000000, 0x808080, 296, 170, 16, 16, 0,
             0, 0, 0, 0);

    /* Flips affect only rectangles, and a polygon's texpage attribute does not change E1h
       bits 12-13: with E1h.12 set, a textured polygon still increments U, and a rectangle
       drawn after it is still flipped. */
    gpu_fill(336, 169, 48, 18, RGB24(0x10, 0x20, 0x50));
    gp0_cmd(0xe1001400 | PAGE15);
    tex_quad(0x2d000000, 0, 344, 170, 16, 16, 0, 0, 0, PAGE15);
    check_eq("flip rule: polygons ignore the X-flip (U increments)", gpu_pixel(345, 171),
             tex15(1, 1));
    gp0_cmd(0x7d000000);
    GP0 = XY(364, 170);
    GP0 = (8u << 8) | 20u;
    gp0_cmd(0xe1000400);
    /* U starts at 20 OR 1 = 21: the second column samples U 20. */
    check_eq("texpage rule: the polygon texpage attribute leaves E1h.12 (X-flip) set",
             gpu_pixel(365, 171), tex15(20, 9));

    /* Drawing area + offset on rectangles; texture coordinates of clipped pixels still count. */
    gpu_fill(400, 170, 48, 20, RGB24(0x10, 0x20, 0x50));
    gpu_area(404, 172, 411, 179);
    gpu_offset(400, 170);
    gp0_cmd(0xe1000400 | PAGE15);
    gp0_cmd(0x7d000000);
    GP0 = XY(0, 0);
    GP0 = 0;
    gpu_setup();
    check_eq("drawing area rule: rectangle clipped on the left", gpu_pixel(403, 175),
             RGB15(2, 4, 10));
    check_eq("rectangle rule: clipped rectangle samples U/V = position - origin",
             gpu_pixel(404, 172), tex15(4, 2));
    check_eq("rectangle rule: clipped rectangle, last pixel", gpu_pixel(411, 179), tex15(11, 9));
    check_eq("drawing area rule: rectangle clipped on the right", gpu_pixel(412, 175),
             RGB15(2, 4, 10));

    /* Texture window applies to rectangles: mask X 3, offset X 1 -> u = (u AND NOT 24) OR 8;
       mask Y 1, offset Y 1 -> v = (v AND NOT 8) OR 8. */
    gpu_fill(192, 199, 48, 6, RGB24(0x10, 0x20, 0x50));
    gp0_cmd(0xe1000400 | PAGE15);
    gp0_cmd(0xe2000000 | (1u << 15) | (1u << 10) | (1u << 5) | 3u);
    gp0_cmd(0x65000000);
    GP0 = XY(200, 200);
    GP0 = 0;
    GP0 = XY(16, 4);
    gp0_cmd(0xe2000000);
    gp0_cmd(0xe1000400);
    int ok = 1;
    for (int j = 0; j < 4; ++j) {
        uint16_t line[16];
        gpu_readback(200, 200 + j, 16, 1, line);
        for (int i = 0; i < 16; ++i) {
            uint16_t t = tex15(((uint32_t)i & ~24u) | 8u, ((uint32_t)j & ~8u) | 8u);
            ok &= line[i] == (t ? t : RGB15(2, 4, 10));
        }
    }
    check_true("texture window rule: rectangle texcoords pass through the E2h window", ok);

    /* Mask check on rectangles. */
    static uint16_t row[4] = {0x8001, 0x0002, 0x8003, 0x0004};
    gpu_upload(456, 200, 4, 1, row);
    gp0_cmd(0xe6000002);
    gp0_cmd(0x60000000 | RGB24(0xf8, 0xf8, 0xf8));
    GP0 = XY(456, 200);
    GP0 = XY(4, 1);
    gp0_cmd(0xe6000000);
    uint16_t got[4];
    gpu_readback(456, 200, 4, 1, got);
    check_eq("mask rule: rectangle keeps bit-15 pixel 0", got[0], 0x8001);
    check_eq("mask rule: rectangle draws bit-15-clear pixel 1", got[1], 0x7fff);
    check_eq("mask rule: rectangle keeps bit-15 pixel 2", got[2], 0x8003);
}

int main(void) {
    test_begin("gpu_line_rect");
    bios_enter_critical_section();
    gpu_setup();
    test_lines();
    test_rects();
    bios_exit_critical_section();
    return test_done();
}
