/* GPU texture cache (graphicsprocessingunitgpu.md "GPU Texture Caching", "Cache blocks",
   "Cache entries"; "Clear Cache" GP0(01h): "it is possible to abuse the texture cache by changing
   pixels in VRAM that the GPU loaded in its cache").
   The cache holds 256 entries of 8 bytes (4 VRAM halfwords: one "line"). 4-bit and 8-bit pages
   are tiled into blocks of 16 halfwords x 64 rows (64x64 4-bit or 32x64 8-bit texels), entry
   (y & 63) * 4 + ((x >> 2) & 3); 15-bit pages into blocks of 32 halfwords x 32 rows, entry
   (y & 31) * 8 + ((x >> 2) & 7); "the cache can hold only one cache entry by the same number".
   A texel whose line is cached is read from the cache even after VRAM changed. Fills (02h) and
   drawing do not invalidate; GP0(01h), GP1(00h), VRAM transfers (80h/A0h/C0h) and a change of
   texture page (X/Y base, colour depth) do. Every pixel of a textured primitive fetches its
   texel, also a pixel the mask test protects; a pixel outside the drawing area does not.
   The program loads lines with 1x1 raw-textured rectangles, overwrites VRAM under them without a
   transfer, draws again and reads the result back only at the end of each scenario (a read-back
   is a GP0(C0h) and invalidates the cache). The CLUT never changes, so the CLUT cache plays no
   part. Expected values come from the rules above. */
#include "gpu_common.h"

/* Texture pages (E1h / texpage attribute: bits 0-3 X/64, bit 4 Y/256, bits 7-8 depth). */
#define DEPTH4 (0u << 7)
#define DEPTH8 (1u << 7)
#define DEPTH15 (2u << 7)
#define PAGE4 (8u | 16u | DEPTH4)    /* 4-bit at (512, 256) */
#define PAGE8 (10u | 16u | DEPTH8)   /* 8-bit at (640, 256) */
#define PAGE15 (12u | 16u | DEPTH15) /* 15-bit at (768, 256) */
#define PAGE0 (0u | DEPTH4)          /* 4-bit at (0, 0): the page GP1(00h) selects */
#define X4 512
#define X8 640
#define X15 768
#define TY 256
/* One CLUT at (0, 500), used by the 4-bit (first 16 entries) and 8-bit textures. Entry i is
   0400h + i: never transparent, bit 15 clear, and the drawn pixel names the texel's index. */
#define CLUT_ATTR (0u | (500u << 6))
#define C(i) ((uint16_t)(0x0400u + (i)))

/* Drawn pixels go to "slots" at (2 * (n % 128), 2 * (n / 128)), y < 64, apart from every
   texture line used below (4-bit page 0 texels live at y >= 128). */
static int g_slot;
static int slot_x(int s) {
    return 2 * (s % 128);
}
static int slot_y(int s) {
    return 2 * (s / 128);
}

static void set_page(uint32_t page) {
    gp0_cmd(0xe1000400 | page); /* bit 10: drawing to the display area allowed */
}
static void clear_cache(void) {
    gp0_cmd(0x01000000);
}
static void set_mask(uint32_t bits) {
    gp0_cmd(0xe6000000 | bits);
}

/* GP0(65h) raw-textured opaque rectangle, 1x1, at the next slot; returns the slot. */
static int fetch(int u, int v) {
    int s = g_slot++;
    gp0_cmd(0x65000000);
    GP0 = XY(slot_x(s), slot_y(s));
    GP0 = (CLUT_ATTR << 16) | ((uint32_t)v << 8) | (uint32_t)u;
    GP0 = XY(1, 1);
    return s;
}
static uint16_t shown(int s) {
    return gpu_pixel(slot_x(s), slot_y(s));
}

/* 24-bit command colour whose 15-bit conversion (strip LSBs) is `hw` (bit 15 clear). */
static uint32_t rgb_of(uint16_t hw) {
    return RGB24((hw & 31u) << 3, ((hw >> 5) & 31u) << 3, ((hw >> 10) & 31u) << 3);
}
/* GP0(02h) fill of the 16-halfword-aligned row segment holding (x, y) (fills round X to 16). */
static void fill_row(int x, int y, uint16_t hw) {
    gpu_fill(x & ~15, y, 16, 1, rgb_of(hw));
}
/* GP0(68h) 1x1 untextured opaque rectangle: draws one halfword (no dithering on rectangles). */
static void poke(int x, int y, uint16_t hw) {
    gp0_cmd(0x68000000 | rgb_of(hw));
    GP0 = XY(x, y);
}
/* 4 halfwords `hw` at (x, y) by GP0(A0h). */
static void upload4(int x, int y, uint16_t hw) {
    uint16_t p[4] = {hw, hw, hw, hw};
    gpu_upload(x, y, 4, 1, p);
}

static void setup(void) {
    static uint16_t clut[256];
    gpu_setup();
    for (int i = 0; i < 256; ++i)
        clut[i] = C(i);
    gpu_upload(0, 500, 256, 1, clut);
    gpu_fill(0, 0, 256, 64, 0);
}

/* 1. A fill over a cached 4-bit line: the old texels are drawn until GP0(01h). */
static void fill_over_texture(void) {
    upload4(X4, TY, 0x1111); /* every texel index 1 */
    set_page(PAGE4);
    clear_cache();
    int a = fetch(0, 0); /* loads the line (512..515, 256) */
    fill_row(X4, TY, 0x2222);
    int b = fetch(0, 0);
    int c = fetch(3, 0);
    clear_cache();
    int d = fetch(0, 0);
    check_eq("4-bit texel from VRAM on first use", shown(a), C(1));
    check_eq("cache keeps stale data: GP0(02h) fill over a cached line does not invalidate",
             shown(b), C(1));
    check_eq("cache keeps stale data: other texel of the same cached halfword is stale too",
             shown(c), C(1));
    check_eq("GP0(01h) Clear Cache: the line is loaded again from VRAM", shown(d), C(2));
}

/* 2. Line granularity: an entry holds 4 halfwords, loaded together. */
static void line_granularity(void) {
    const int y = TY + 4;
    uint16_t line[8] = {0x1111, 0x3333, 0x1111, 0x1111, 0x6666, 0x6666, 0x6666, 0x6666};
    gpu_upload(X4, y, 8, 1, line);
    set_page(PAGE4);
    clear_cache();
    fetch(0, 4);             /* halfword 0 of the line (512..515, 260) */
    poke(X4 + 1, y, 0x4444); /* halfword 1, never fetched as a texel */
    poke(X4 + 4, y, 0x5555); /* first halfword of the next line, not loaded */
    int a = fetch(4, 4);     /* halfword 1: came in with halfword 0 */
    int b = fetch(16, 4);    /* halfword 4: (516..519, 260), entry 1, not loaded yet */
    clear_cache();
    int c = fetch(4, 4);
    check_eq("cache keeps stale data: an entry is 4 halfwords loaded together (halfword 1 "
             "from the load of halfword 0)",
             shown(a), C(3));
    check_eq("cache entry is 4 halfwords: the next line was not loaded and reads VRAM", shown(b),
             C(5));
    check_eq("GP0(01h) Clear Cache: halfword 1 read again from VRAM", shown(c), C(4));
    gpu_fill(X4, y, 16, 1, 0);
}

/* Loads the 4-bit line at (512, 256 + v) holding index-1 texels (0x1111). */
static void load4(int v) {
    upload4(X4, TY + v, 0x1111);
    set_page(PAGE4);
    clear_cache();
    fetch(0, v);
}
/* ... and overwrites it with index-2 texels by a fill. */
static void load_then_fill4(int v) {
    load4(v);
    fill_row(X4, TY + v, 0x2222);
}

/* GP0(25h) textured 3-point, opaque, raw texture: every vertex has texcoord (0, v), so every
   pixel fetches that texel; its top-left pixel (x, y) is drawn. */
static void tex_triangle(int x, int y, int v, uint32_t page) {
    gp0_cmd(0x25000000);
    GP0 = XY(x, y);
    GP0 = (CLUT_ATTR << 16) | ((uint32_t)v << 8);
    GP0 = XY(x + 4, y);
    GP0 = (page << 16) | ((uint32_t)v << 8);
    GP0 = XY(x, y + 4);
    GP0 = (uint32_t)v << 8;
}

/* 3. Commands that invalidate the whole cache. */
static void invalidation(void) {
    int s[9];
    const int v = 8;
    static const uint16_t one = 0x1234;

    load_then_fill4(v);
    gpu_upload(300, 400, 1, 1, &one);
    s[0] = fetch(0, v);

    load_then_fill4(v);
    gp0_cmd(0x80000000); /* GP0(80h) VRAM copy (300,400) -> (301,400), 1x1 */
    GP0 = XY(300, 400);
    GP0 = XY(301, 400);
    GP0 = XY(1, 1);
    s[1] = fetch(0, v);

    load_then_fill4(v);
    (void)gpu_pixel(300, 400); /* GP0(C0h) */
    s[2] = fetch(0, v);

    load_then_fill4(v);
    set_page(PAGE4 ^ 1u); /* other X base, then back */
    set_page(PAGE4);
    s[3] = fetch(0, v);

    load_then_fill4(v);
    set_page(PAGE4 ^ 16u); /* other Y base, then back */
    set_page(PAGE4);
    s[4] = fetch(0, v);

    /* Only the depth changes: the 15-bit page at the same X/Y reads the same halfword (512, 256)
       (u 0, v 0), whose entry is 0 in both geometries ((y & 63) * 4 + ((x >> 2) & 3) and
       (y & 31) * 8 + ((x >> 2) & 7)), with the same VRAM address: only an invalidation makes
       it read VRAM. */
    load_then_fill4(0);
    set_page(8u | 16u | DEPTH15);
    s[5] = fetch(0, 0);

    /* Only the X base changes: the 15-bit page at X 448 reads halfword (512, 264) at u 64, the
       same entry ((y & 31) * 8 + ((512 >> 2) & 7)) the 15-bit page at X 512 loaded at u 0. */
    upload4(X4, TY + v, 0x1111);
    set_page(8u | 16u | DEPTH15);
    clear_cache();
    fetch(0, v);
    fill_row(X4, TY + v, 0x2222);
    set_page(7u | 16u | DEPTH15);
    s[6] = fetch(64, v);

    /* A textured polygon whose texpage attribute (15-bit at X 512) differs from E1h's page. */
    load_then_fill4(0);
    tex_triangle(240, 40, 0, 8u | 16u | DEPTH15);

    /* GP1(00h): texture page 0 is selected before and after the reset (GP1(00h) sets E1h to 0
       and gpu_setup() sends E1h 400h), so only the reset itself can invalidate. */
    upload4(0, 128, 0x1111);
    set_page(PAGE0);
    clear_cache();
    fetch(0, 128);
    fill_row(0, 128, 0x2222);
    s[7] = fetch(0, 128);
    gpu_wait_idle();
    gpu_setup();
    s[8] = fetch(0, 128);

    check_eq("GP0(A0h) CPU->VRAM elsewhere invalidates the cache", shown(s[0]), C(2));
    check_eq("GP0(80h) VRAM->VRAM copy elsewhere invalidates the cache", shown(s[1]), C(2));
    check_eq("GP0(C0h) VRAM->CPU invalidates the cache", shown(s[2]), C(2));
    check_eq("E1h texture page X base change (and back) invalidates the cache", shown(s[3]), C(2));
    check_eq("E1h texture page Y base change (and back) invalidates the cache", shown(s[4]), C(2));
    check_eq("E1h colour depth change alone invalidates the cache (same line same entry)",
             shown(s[5]), 0x2222);
    check_eq("E1h X base change alone invalidates the cache (same line same entry)", shown(s[6]),
             0x2222);
    check_eq("textured polygon texpage attribute with another page invalidates the cache",
             gpu_pixel(240, 40), 0x2222);
    check_eq("cache keeps stale data: page 0 line stale before GP1(00h)", shown(s[7]), C(1));
    check_eq("GP1(00h) reset invalidates the cache", shown(s[8]), C(2));
    gpu_fill(0, 128, 16, 1, 0);
}

/* 4. Commands that keep the cache. */
static void no_invalidation(void) {
    int s[6];
    const int v = 12;
    const int y = TY + v;

    load_then_fill4(v);
    gp0_cmd(0xe2000000 | (3u << 5) | 1u); /* some texture window, then none again */
    gp0_cmd(0xe2000000);
    s[0] = fetch(0, v);

    /* The window applies before the cache: mask X 4 (32 texels), offset 0 maps u 32 to 0. */
    load_then_fill4(v);
    gp0_cmd(0xe2000000 | 4u);
    s[1] = fetch(32, v);
    gp0_cmd(0xe2000000);

    load_then_fill4(v);
    set_page(PAGE4 | (1u << 5) | (1u << 9)); /* same page, other semi mode and dither */
    set_page(PAGE4);
    s[2] = fetch(0, v);

    load_then_fill4(v);
    gpu_wait_idle();
    GP1 = 0x01000000; /* GP1(01h) reset command buffer */
    s[3] = fetch(0, v);

    load_then_fill4(v);
    tex_triangle(240, 44, v, PAGE4); /* same texpage attribute */

    /* Untextured line and polygon drawn over the cached line. */
    load4(v);
    gp0_cmd(0x40000000 | rgb_of(0x2222)); /* GP0(40h) monochrome line over (512..515, y) */
    GP0 = XY(X4, y);
    GP0 = XY(X4 + 3, y);
    s[4] = fetch(0, v);

    load4(v + 1);
    gp0_cmd(0x20000000 | rgb_of(0x2222)); /* GP0(20h) monochrome triangle from (512, y + 1) */
    GP0 = XY(X4, y + 1);
    GP0 = XY(X4 + 8, y + 1);
    GP0 = XY(X4, y + 3);
    s[5] = fetch(0, v + 1);

    check_eq("cache keeps stale data: GP0(E2h) texture window change does not invalidate",
             shown(s[0]), C(1));
    check_eq("cache keeps stale data: texture window applied before the cache lookup", shown(s[1]),
             C(1));
    check_eq("cache keeps stale data: GP0(E1h) with the same texture page does not invalidate",
             shown(s[2]), C(1));
    check_eq("cache keeps stale data: GP1(01h) does not invalidate the texture cache", shown(s[3]),
             C(1));
    check_eq("cache keeps stale data: textured polygon with the same texpage does not "
             "invalidate",
             gpu_pixel(240, 44), C(1));
    check_eq("monochrome line drew over the texture", gpu_pixel(X4, y), 0x2222);
    check_eq("cache keeps stale data: a line drawn over a cached line does not invalidate",
             shown(s[4]), C(1));
    check_eq("monochrome triangle drew over the texture", gpu_pixel(X4, y + 1), 0x2222);
    check_eq("cache keeps stale data: a polygon drawn over a cached line does not invalidate",
             shown(s[5]), C(1));
}

/* Loads line (x, 256 + v) (texel (0, v)) holding `hw_old`, fills it with `hw_new`, fetches the
   texel (u_ok, v_ok) whose line maps to another entry, then (0, v) (stale), then (u_bad, v_bad)
   whose line maps to the same entry (evicts), then (0, v) again (fresh). */
struct pair {
    int stale, conflict, fresh;
};
static struct pair eviction(uint32_t page, int x, int v, int u_ok, int v_ok, int u_bad, int v_bad,
                            uint16_t hw_old, uint16_t hw_new) {
    struct pair p;
    upload4(x, TY + v, hw_old);
    set_page(page);
    clear_cache();
    fetch(0, v);
    fill_row(x, TY + v, hw_new);
    fetch(u_ok, v_ok); /* other entry: line v stays */
    p.stale = fetch(0, v);
    p.conflict = fetch(u_bad, v_bad); /* same entry: evicts line v */
    p.fresh = fetch(0, v);
    return p;
}

/* 5-7. Entry index per depth. */
static void geometry(void) {
    /* The other lines hold index 3 (conflicting) and 6 (other entry); uploads come before each
       scenario's GP0(01h). 4-bit rows: v 8 and 72 (64 apart) share entry 32; v 40 (32 apart) is
       entry 160. */
    upload4(X4, TY + 72, 0x3333);
    upload4(X4, TY + 40, 0x6666);
    struct pair r4 = eviction(PAGE4, X4, 8, 0, 40, 0, 72, 0x1111, 0x2222);
    /* 4-bit columns: halfword 512 (u 0) and 528 (u 64, 16 halfwords right) share entry
       ((x >> 2) & 3) = 0; halfword 520 (u 32) is entry 2. Row v 16. */
    upload4(X4 + 16, TY + 16, 0x3333);
    upload4(X4 + 8, TY + 16, 0x6666);
    struct pair c4 = eviction(PAGE4, X4, 16, 32, 16, 64, 16, 0x1111, 0x2222);
    /* 8-bit: block 32x64 texels; v 8 and 72 conflict, v 40 does not. Halfword 0101h is index
       1 in both bytes. */
    upload4(X8, TY + 72, 0x0303);
    upload4(X8, TY + 40, 0x0606);
    struct pair r8 = eviction(PAGE8, X8, 8, 0, 40, 0, 72, 0x0101, 0x0202);
    /* 8-bit columns: halfword 640 (u 0) and 656 (u 32) share entry 0; 648 (u 16) is entry 2. */
    upload4(X8 + 16, TY + 16, 0x0303);
    upload4(X8 + 8, TY + 16, 0x0606);
    struct pair c8 = eviction(PAGE8, X8, 16, 16, 16, 32, 16, 0x0101, 0x0202);
    /* 15-bit: block 32x32; v 8 and 40 (32 apart) conflict, v 24 (16 apart) does not. */
    upload4(X15, TY + 40, 0x3333);
    upload4(X15, TY + 24, 0x6666);
    struct pair r15 = eviction(PAGE15, X15, 8, 0, 24, 0, 40, 0x1111, 0x2222);
    /* 15-bit columns: halfword 768 and 784 (16 right) are entries 0 and 4: no conflict;
       800 (32 right) is entry 0 again. Row v 16. */
    upload4(X15 + 16, TY + 16, 0x6666);
    upload4(X15 + 32, TY + 16, 0x3333);
    struct pair c15 = eviction(PAGE15, X15, 16, 16, 16, 32, 16, 0x1111, 0x2222);

    check_eq("cache keeps stale data: 4-bit rows 32 apart are different entries", shown(r4.stale),
             C(1));
    check_eq("4-bit texel of the conflicting row read from VRAM", shown(r4.conflict), C(3));
    check_eq("4-bit block is 64 rows: rows 64 apart share an entry (eviction)", shown(r4.fresh),
             C(2));
    check_eq("cache keeps stale data: 4-bit halfwords 8 apart are different entries",
             shown(c4.stale), C(1));
    check_eq("4-bit texel of the conflicting column read from VRAM", shown(c4.conflict), C(3));
    check_eq("4-bit block is 16 halfwords wide: halfwords 16 apart share an entry (eviction)",
             shown(c4.fresh), C(2));
    check_eq("cache keeps stale data: 8-bit rows 32 apart are different entries", shown(r8.stale),
             C(1));
    check_eq("8-bit texel of the conflicting row read from VRAM", shown(r8.conflict), C(3));
    check_eq("8-bit block is 32x64 texels: rows 64 apart share an entry (eviction)",
             shown(r8.fresh), C(2));
    check_eq("cache keeps stale data: 8-bit halfwords 8 apart (16 texels) are different entries",
             shown(c8.stale), C(1));
    check_eq("8-bit texel of the conflicting column read from VRAM", shown(c8.conflict), C(3));
    check_eq("8-bit block is 32 texels wide: texels 32 apart share an entry (eviction)",
             shown(c8.fresh), C(2));
    check_eq("cache keeps stale data: 15-bit rows 16 apart are different entries", shown(r15.stale),
             0x1111);
    check_eq("15-bit texel of the conflicting row read from VRAM", shown(r15.conflict), 0x3333);
    check_eq("15-bit block is 32 rows: rows 32 apart share an entry (eviction)", shown(r15.fresh),
             0x2222);
    check_eq("cache keeps stale data: 15-bit halfwords 16 apart are different entries (8 "
             "entries per row)",
             shown(c15.stale), 0x1111);
    check_eq("15-bit texel of the conflicting column read from VRAM", shown(c15.conflict), 0x3333);
    check_eq("15-bit block is 32 halfwords wide: halfwords 32 apart share an entry (eviction)",
             shown(c15.fresh), 0x2222);
}

/* 8. Fetches of pixels that are not written: mask-protected, transparent texel; clipped. */
static void hidden_fetches(void) {
    const int v = 20;
    static const uint16_t masked = 0x8000 | 0x0155;
    int protected_slot = g_slot++;
    gpu_upload(slot_x(protected_slot), slot_y(protected_slot), 1, 1, &masked);

    /* Mask test: the destination has bit 15 set, E6h bit 1 keeps it. */
    upload4(X4, TY + v, 0x1111);
    set_page(PAGE4);
    clear_cache();
    set_mask(2u);
    gp0_cmd(0x65000000);
    GP0 = XY(slot_x(protected_slot), slot_y(protected_slot));
    GP0 = (CLUT_ATTR << 16) | ((uint32_t)v << 8);
    GP0 = XY(1, 1);
    set_mask(0u);
    fill_row(X4, TY + v, 0x2222);
    int a = fetch(0, v);

    /* Transparent 15-bit texel 0000h at halfword 768; halfword 769 overwritten after. */
    uint16_t line[4] = {0x0000, 0x1111, 0x1111, 0x1111};
    gpu_upload(X15, TY + v, 4, 1, line);
    set_page(PAGE15);
    clear_cache();
    int t = fetch(0, v); /* transparent: slot stays 0 */
    poke(X15 + 1, TY + v, 0x2222);
    int b = fetch(1, v);

    /* Clipped: a pixel outside the drawing area does not fetch. */
    upload4(X4, TY + v + 1, 0x1111);
    set_page(PAGE4);
    clear_cache();
    int clipped = g_slot++;
    gpu_area(0, 0, slot_x(clipped) - 1, 63); /* clipped slot just right of the area */
    gp0_cmd(0x65000000);
    GP0 = XY(slot_x(clipped), slot_y(clipped));
    GP0 = (CLUT_ATTR << 16) | ((uint32_t)(v + 1) << 8);
    GP0 = XY(1, 1);
    gpu_area(0, 0, 1023, 511);
    fill_row(X4, TY + v + 1, 0x2222);
    int c = fetch(0, v + 1);

    check_eq("mask test (E6h bit 1) keeps the destination pixel", shown(protected_slot), masked);
    check_eq("cache keeps stale data: a mask-protected pixel still fetched its texel line",
             shown(a), C(1));
    check_eq("15-bit texel 0000h is transparent", shown(t), 0);
    check_eq("cache keeps stale data: a transparent texel still fetched its line", shown(b),
             0x1111);
    check_eq("drawing area clips the pixel", shown(clipped), 0);
    check_eq("a pixel outside the drawing area fetches no texel (line read from VRAM later)",
             shown(c), C(2));
}

int main(void) {
    test_begin("gpu_texcache");
    bios_enter_critical_section();
    setup();
    fill_over_texture();
    line_granularity();
    invalidation();
    no_invalidation();
    geometry();
    hidden_fetches();
    bios_exit_critical_section();
    return test_done();
}
