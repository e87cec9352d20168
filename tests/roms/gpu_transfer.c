/* GPU VRAM transfers (graphicsprocessingunitgpu.md "Quick Rectangle Fill", "GPU Memory Transfer
   Commands", "Masking and Rounding for FILL Command parameters", "Masking for COPY Commands
   parameters", "Wrapping", "GP0(E6h) - Mask Bit Setting"): fill, VRAM->VRAM copy, CPU->VRAM
   and VRAM->CPU through the GP0 port and through DMA2 block mode. */
#include "gpu_common.h"

static uint16_t buf[64];
static uint32_t words[64];

static uint16_t pattern(int i) {
    return (uint16_t)(((uint32_t)i * 0x1234u + 0x0421u) & 0x7fff);
}

/* Reads one row of `n` pixels at (x, y) and compares each with `expected[i]`. */
static void check_row(const char* rule, int x, int y, int n, const uint16_t* expected) {
    uint16_t got[64];
    gpu_readback(x, y, n, 1, got);
    for (int i = 0; i < n; ++i)
        check_eq(rule, got[i], expected[i]);
}

static void test_fill(void) {
    /* 24->15 bit: each channel >> 3, mask bit 0. FFh>>3=31, 87h>>3=16, 0Fh>>3=1 ->
       31 | 16<<5 | 1<<10 = 061Fh. */
    gpu_fill(64, 256, 16, 2, RGB24(0xff, 0x87, 0x0f));
    check_eq("fill rule: 24-bit colour drops 3 LSBs per channel", gpu_pixel(64, 256), 0x061f);
    check_eq("fill rule: second row filled", gpu_pixel(79, 257), 0x061f);

    /* Mask settings do not apply: pre-set mask bits, then fill with E6h = 3. */
    for (int i = 0; i < 16; ++i)
        buf[i] = 0x8000 | 0x1234;
    gpu_upload(96, 256, 16, 1, buf);
    gp0_cmd(0xe6000003);
    gpu_fill(96, 256, 16, 1, RGB24(0x08, 0x10, 0x18)); /* 1 | 2<<5 | 3<<10 = 0C41h */
    gp0_cmd(0xe6000000);
    check_eq("fill rule: mask check (E6h.1) ignored, mask bit written 0", gpu_pixel(96, 256),
             0x0c41);
    check_eq("fill rule: mask check ignored on the last column", gpu_pixel(111, 256), 0x0c41);

    /* Xpos AND 3F0h: x = 45h fills from 40h. Xsiz = (1 + 0Fh) AND NOT 0Fh = 16. */
    gpu_fill(0x40, 260, 64, 1, 0);
    gpu_fill(0x45, 260, 1, 1, RGB24(0xf8, 0, 0)); /* red 31 */
    check_eq("fill rule: Xpos AND 3F0h (45h -> 40h)", gpu_pixel(0x40, 260), 0x001f);
    check_eq("fill rule: Xsiz 1 rounds up to 16 (last column 4Fh)", gpu_pixel(0x4f, 260), 0x001f);
    check_eq("fill rule: right edge excluded (column 50h)", gpu_pixel(0x50, 260), 0);

    /* Xsiz 16 exactly: columns 60h..6Fh; Ysiz 2: rows 261-262, row 263 untouched. */
    gpu_fill(0x40, 261, 64, 3, 0);
    gpu_fill(0x60, 261, 16, 2, RGB24(0, 0xf8, 0)); /* green 31 -> 03E0h */
    check_eq("fill rule: first column filled", gpu_pixel(0x60, 261), 0x03e0);
    check_eq("fill rule: right edge excluded (Xsiz 16)", gpu_pixel(0x70, 261), 0);
    check_eq("fill rule: left neighbour untouched", gpu_pixel(0x5f, 261), 0);
    check_eq("fill rule: bottom edge excluded (Ysiz 2)", gpu_pixel(0x60, 263), 0);

    /* Xsiz = 0 or Ysiz = 0: nothing. Param 400h: Xsiz 0 -> nothing. Ysiz 512 AND 1FFh = 0. */
    gpu_fill(0x80, 264, 16, 1, 0);
    gpu_fill_raw(RGB24(0xf8, 0xf8, 0xf8), XY(0x80, 264), XY(0, 1));
    check_eq("fill rule: Xsiz 0 fills nothing", gpu_pixel(0x80, 264), 0);
    gpu_fill_raw(RGB24(0xf8, 0xf8, 0xf8), XY(0x80, 264), XY(16, 0));
    check_eq("fill rule: Ysiz 0 fills nothing", gpu_pixel(0x80, 264), 0);
    gpu_fill_raw(RGB24(0xf8, 0xf8, 0xf8), XY(0x80, 264), XY(0x400, 1));
    check_eq("fill rule: Xsiz param 400h is handled as 0", gpu_pixel(0x80, 264), 0);
    gpu_fill_raw(RGB24(0xf8, 0xf8, 0xf8), XY(0x80, 264), XY(16, 512));
    check_eq("fill rule: Ysiz 512 AND 1FFh = 0 fills nothing", gpu_pixel(0x80, 264), 0);

    /* Param 3F1h rounds up to 400h: a whole 1024-pixel row, starting at 10h and wrapping. */
    gpu_fill_raw(RGB24(0, 0, 0xf8), XY(0x10, 265), XY(0x3f1, 1)); /* blue 31 -> 7C00h */
    check_eq("fill rule: Xsiz 3F1h rounds up to 400h (column 0 after wrap)", gpu_pixel(0, 265),
             0x7c00);
    check_eq("fill rule: Xsiz 400h covers column 0Fh", gpu_pixel(0x0f, 265), 0x7c00);
    check_eq("fill rule: Xsiz 400h covers column 3FFh", gpu_pixel(0x3ff, 265), 0x7c00);
    check_eq("fill rule: the row below is untouched", gpu_pixel(0x200, 266), 0);

    /* Ysiz 201h AND 1FFh = 1 row. */
    gpu_fill(0xa0, 267, 16, 2, 0);
    gpu_fill_raw(RGB24(0xf8, 0, 0), XY(0xa0, 267), XY(16, 0x201));
    check_eq("fill rule: Ysiz 201h AND 1FFh = 1 (row 267)", gpu_pixel(0xa0, 267), 0x001f);
    check_eq("fill rule: Ysiz 201h fills one row only", gpu_pixel(0xa0, 268), 0);

    /* Wrapping: Y 510 + 4 rows -> 510, 511, 0, 1; X 3F0h + 32 -> 3F0h..3FFh, 0..0Fh. */
    gpu_fill(0x3c0, 0, 16, 3, 0);
    gpu_fill(0x3c0, 508, 16, 4, 0);
    gpu_fill(0x3c0, 510, 16, 4, RGB24(0xf8, 0xf8, 0));
    check_eq("fill wrap rule: row 511", gpu_pixel(0x3c0, 511), 0x03ff);
    check_eq("fill wrap rule: Y wraps to row 0", gpu_pixel(0x3c0, 0), 0x03ff);
    check_eq("fill wrap rule: Y wraps to row 1", gpu_pixel(0x3cf, 1), 0x03ff);
    check_eq("fill wrap rule: row 2 untouched", gpu_pixel(0x3c0, 2), 0);
    check_eq("fill wrap rule: row 509 untouched", gpu_pixel(0x3c0, 509), 0);
    gpu_fill(0, 270, 32, 1, 0);
    gpu_fill(0x3e0, 270, 32, 1, 0);
    gpu_fill(0x3f0, 270, 32, 1, RGB24(0, 0xf8, 0xf8));
    check_eq("fill wrap rule: column 3FFh", gpu_pixel(0x3ff, 270), 0x7fe0);
    check_eq("fill wrap rule: X wraps to column 0 (no carry into Y)", gpu_pixel(0, 270), 0x7fe0);
    check_eq("fill wrap rule: column 0Fh", gpu_pixel(0x0f, 270), 0x7fe0);
    check_eq("fill wrap rule: column 10h untouched", gpu_pixel(0x10, 270), 0);
    check_eq("fill wrap rule: no carry into the next row", gpu_pixel(0, 271), 0);
    check_eq("fill wrap rule: column 3EFh untouched", gpu_pixel(0x3ef, 270), 0);

    /* Absolute coordinates: neither the drawing area nor the offset applies. */
    gpu_fill(0xc0, 272, 16, 1, 0);
    gpu_area(0, 0, 15, 15);
    gpu_offset(100, 3);
    gpu_fill(0xc0, 272, 16, 1, RGB24(0xf8, 0, 0xf8));
    gpu_setup();
    check_eq("fill rule: not clipped to the drawing area, no drawing offset", gpu_pixel(0xc0, 272),
             0x7c1f);
    check_eq("fill rule: drawing offset not added", gpu_pixel(0xc0 + 100, 275), 0);
}

static void test_copy(void) {
    uint16_t exp[16];
    /* Basic copy of a 8x2 block from (512,280) to (520,290). */
    for (int i = 0; i < 16; ++i)
        buf[i] = pattern(i);
    gpu_upload(512, 280, 8, 2, buf);
    gp0_cmd(0x80000000);
    GP0 = XY(512, 280);
    GP0 = XY(520, 290);
    GP0 = XY(8, 2);
    check_row("copy rule: row 0 copied", 520, 290, 8, buf);
    check_row("copy rule: row 1 copied", 520, 291, 8, buf + 8);

    /* Xsiz = ((401h - 1) AND 3FFh) + 1 = 1; Ysiz = ((201h - 1) AND 1FFh) + 1 = 1. */
    gpu_fill(528, 300, 16, 2, 0);
    gp0_cmd(0x80000000);
    GP0 = XY(512, 280);
    GP0 = XY(528, 300);
    GP0 = XY(0x401, 0x201);
    exp[0] = buf[0];
    exp[1] = 0;
    check_row("copy rule: Xsiz 401h masks to 1", 528, 300, 2, exp);
    check_eq("copy rule: Ysiz 201h masks to 1", gpu_pixel(528, 301), 0);

    /* Source wraps in X: 3FCh..3FFh then 0..3. */
    for (int i = 0; i < 4; ++i) {
        buf[i] = pattern(100 + i);
        buf[4 + i] = pattern(200 + i);
    }
    gpu_upload(0x3fc, 310, 4, 1, buf);
    gpu_upload(0, 310, 4, 1, buf + 4);
    gp0_cmd(0x80000000);
    GP0 = XY(0x3fc, 310);
    GP0 = XY(544, 310);
    GP0 = XY(8, 1);
    check_row("copy wrap rule: source X wraps to column 0", 544, 310, 8, buf);

    /* Destination wraps in X and Y: (3FEh, 511) + 4x2 -> columns 3FEh,3FFh,0,1, rows 511, 0. */
    gpu_fill(0x3f0, 511, 16, 1, 0);
    gpu_fill(0, 511, 16, 1, 0);
    gpu_fill(0x3f0, 0, 16, 1, 0);
    gpu_fill(0, 0, 16, 1, 0);
    for (int i = 0; i < 8; ++i)
        buf[i] = pattern(300 + i);
    gpu_upload(560, 310, 4, 2, buf);
    gp0_cmd(0x80000000);
    GP0 = XY(560, 310);
    GP0 = XY(0x3fe, 511);
    GP0 = XY(4, 2);
    check_eq("copy wrap rule: dest column 3FEh", gpu_pixel(0x3fe, 511), buf[0]);
    check_eq("copy wrap rule: dest X wraps to column 0", gpu_pixel(0, 511), buf[2]);
    check_eq("copy wrap rule: dest column 1", gpu_pixel(1, 511), buf[3]);
    check_eq("copy wrap rule: dest Y wraps to row 0", gpu_pixel(0x3ff, 0), buf[5]);
    check_eq("copy wrap rule: dest (0,0) is the 3rd pixel of row 2", gpu_pixel(0, 0), buf[6]);
    check_eq("copy wrap rule: column 2 untouched", gpu_pixel(2, 511), 0);

    /* Mask: E6h.0 sets bit 15 on copied halfwords; E6h.1 protects destinations with bit 15. */
    for (int i = 0; i < 4; ++i)
        buf[i] = pattern(400 + i);
    gpu_upload(576, 310, 4, 1, buf);
    gp0_cmd(0xe6000001);
    gp0_cmd(0x80000000);
    GP0 = XY(576, 310);
    GP0 = XY(576, 311);
    GP0 = XY(4, 1);
    gp0_cmd(0xe6000000);
    for (int i = 0; i < 4; ++i)
        exp[i] = buf[i] | 0x8000;
    check_row("copy mask rule: E6h.0 forces bit 15", 576, 311, 4, exp);
    buf[4] = 0x8000 | 0x0001;
    buf[5] = 0x0002;
    buf[6] = 0x8000 | 0x0003;
    buf[7] = 0x0004;
    gpu_upload(576, 312, 4, 1, buf + 4);
    gp0_cmd(0xe6000002);
    gp0_cmd(0x80000000);
    GP0 = XY(576, 310);
    GP0 = XY(576, 312);
    GP0 = XY(4, 1);
    gp0_cmd(0xe6000000);
    exp[0] = 0x8001;
    exp[1] = buf[1];
    exp[2] = 0x8003;
    exp[3] = buf[3];
    check_row("copy mask rule: E6h.1 keeps pixels with bit 15 set", 576, 312, 4, exp);

    /* Overlap towards lower addresses: one pixel to the left, and one row up. Copying reads
       each source pixel before anything overwrites it in either scan order, so the result is
       the old source ("Copies data within framebuffer"). */
    for (int i = 0; i < 10; ++i)
        buf[i] = pattern(500 + i);
    gpu_upload(640, 320, 10, 1, buf);
    gp0_cmd(0x80000000);
    GP0 = XY(641, 320);
    GP0 = XY(640, 320);
    GP0 = XY(9, 1);
    for (int i = 0; i < 9; ++i)
        exp[i] = buf[i + 1];
    exp[9] = buf[9];
    check_row("copy overlap rule: leftward overlapping copy moves the old source", 640, 320, 10,
              exp);
    for (int i = 0; i < 12; ++i)
        buf[i] = pattern(600 + i);
    gpu_upload(656, 330, 4, 3, buf);
    gp0_cmd(0x80000000);
    GP0 = XY(656, 331);
    GP0 = XY(656, 330);
    GP0 = XY(4, 2);
    check_row("copy overlap rule: upward overlap, row 0 = old row 1", 656, 330, 4, buf + 4);
    check_row("copy overlap rule: upward overlap, row 1 = old row 2", 656, 331, 4, buf + 8);
    check_row("copy overlap rule: upward overlap, row 2 unchanged", 656, 332, 4, buf + 8);
}

static void test_upload_readback(void) {
    uint16_t exp[16];
    /* Odd halfword count: 3x1 takes 2 words; the extra halfword is not written. */
    gpu_fill(704, 340, 16, 1, RGB24(0xf8, 0, 0));
    gp0_cmd(0xa0000000);
    GP0 = XY(704, 340);
    GP0 = XY(3, 1);
    GP0 = 0x22221111;
    GP0 = 0x44443333;
    exp[0] = 0x1111;
    exp[1] = 0x2222;
    exp[2] = 0x3333;
    exp[3] = 0x001f;
    check_row("CPU->VRAM rule: an odd count is padded with a halfword that is dropped", 704, 340, 4,
              exp);
    /* The padding word ended the transfer: the next word is a command again. */
    gp0_cmd(0x02000000 | RGB24(0, 0xf8, 0));
    GP0 = XY(720, 340);
    GP0 = XY(16, 1);
    check_eq("CPU->VRAM rule: the GP0 stream resumes after the data phase", gpu_pixel(720, 340),
             0x03e0);

    /* Width/height masking like Copy: Xsiz 0 -> 400h is too big to test; 401h -> 1. */
    gpu_fill(736, 340, 16, 1, 0);
    gp0_cmd(0xa0000000);
    GP0 = XY(736, 340);
    GP0 = XY(0x401, 1);
    GP0 = 0x00007777;
    check_eq("CPU->VRAM rule: Xsiz 401h masks to 1 pixel (1 word)", gpu_pixel(736, 340), 0x7777);
    check_eq("CPU->VRAM rule: nothing beyond the 1-pixel width", gpu_pixel(737, 340), 0);

    /* Wrap in X and Y: (3FEh, 511) 4x2. */
    for (int i = 0; i < 8; ++i)
        buf[i] = pattern(700 + i);
    gpu_upload(0x3fe, 511, 4, 2, buf);
    check_eq("CPU->VRAM wrap rule: X wraps to column 0", gpu_pixel(0, 511), buf[2]);
    check_eq("CPU->VRAM wrap rule: Y wraps to row 0", gpu_pixel(1, 0), buf[7]);
    /* VRAM->CPU wraps the same way. */
    gpu_readback(0x3fe, 511, 4, 2, exp);
    for (int i = 0; i < 8; ++i)
        check_eq("VRAM->CPU wrap rule: reads wrap in X and Y", exp[i], buf[i]);

    /* Mask bits on uploads. */
    gp0_cmd(0xe6000001);
    buf[0] = 0x1234;
    buf[1] = 0x8765;
    gpu_upload(752, 340, 2, 1, buf);
    gp0_cmd(0xe6000000);
    check_eq("CPU->VRAM mask rule: E6h.0 forces bit 15", gpu_pixel(752, 340), 0x9234);
    check_eq("CPU->VRAM mask rule: bit 15 of the data is kept", gpu_pixel(753, 340), 0x8765);
    gp0_cmd(0xe6000002);
    buf[0] = 0x1111;
    buf[1] = 0x2222;
    gpu_upload(752, 340, 2, 1, buf);
    gp0_cmd(0xe6000000);
    check_eq("CPU->VRAM mask rule: E6h.1 protects bit-15 pixels", gpu_pixel(752, 340), 0x9234);
    buf[0] = 0x0005;
    gpu_fill(768, 340, 16, 1, RGB24(8, 0, 0));
    gp0_cmd(0xe6000002);
    gpu_upload(768, 340, 1, 1, buf);
    gp0_cmd(0xe6000000);
    check_eq("CPU->VRAM mask rule: E6h.1 writes over bit-15-clear pixels", gpu_pixel(768, 340),
             0x0005);

    /* GPUSTAT.27 is set after GP0(C0h) and its parameters and stays set until all words are
       read: 4x1 = 2 words. */
    gp0_cmd(0xc0000000);
    GP0 = XY(704, 340);
    GP0 = XY(4, 1);
    for (int i = 0; i < 100000 && !(GPUSTAT & STAT_READY_READ); ++i) {
    }
    check_eq("GPUSTAT.27 rule: set after GP0(C0h) and its parameters", (GPUSTAT >> 27) & 1, 1);
    check_eq("VRAM->CPU rule: first word = pixels 0 (low) and 1 (high)", GPUREAD, 0x22221111);
    check_eq("GPUSTAT.27 rule: stays set until all data words are read", (GPUSTAT >> 27) & 1, 1);
    check_eq("VRAM->CPU rule: second word = pixels 2 and 3", GPUREAD, 0x001f3333);
    check_eq("GPUSTAT.27 rule: cleared after the last word", (GPUSTAT >> 27) & 1, 0);
    check_eq("GPUSTAT.26 rule: ready for a command after the read-back", (GPUSTAT >> 26) & 1, 1);

    /* DMA2 block mode (sync mode 1): 16x4 pixels = 32 words in 4 blocks of 8. */
    for (int i = 0; i < 32; ++i)
        words[i] = ((uint32_t)pattern(2 * i + 1) << 16) | pattern(2 * i);
    gpu_upload_dma(800, 344, 16, 4, words, 8);
    check_eq("DMA2 rule: CHCR bit 24 cleared when the block transfer is done", (D2_CHCR >> 24) & 1,
             0);
    int ok = 1;
    for (int row = 0; row < 4; ++row) {
        uint16_t got[16];
        gpu_readback(800, 344 + row, 16, 1, got);
        for (int i = 0; i < 16; ++i)
            ok &= got[i] == pattern(row * 16 + i);
    }
    check_true("DMA2 CPU->VRAM rule: block mode data lands like GP0 writes", ok);
    /* DMA2 upload that wraps in X: (3F8h, 360) 16x2 = 16 words in 2 blocks of 8. */
    for (int i = 0; i < 16; ++i)
        words[i] = ((uint32_t)pattern(1000 + 2 * i + 1) << 16) | pattern(1000 + 2 * i);
    gpu_upload_dma(0x3f8, 360, 16, 2, words, 8);
    check_eq("DMA2 CPU->VRAM wrap rule: pixel 8 of row 0 lands in column 0", gpu_pixel(0, 360),
             pattern(1008));
    check_eq("DMA2 CPU->VRAM wrap rule: last pixel lands in column 7 of row 1", gpu_pixel(7, 361),
             pattern(1031));
    check_eq("DMA2 CPU->VRAM wrap rule: first pixel at column 3F8h", gpu_pixel(0x3f8, 360),
             pattern(1000));
    /* restore the block-mode image used below */
    for (int i = 0; i < 32; ++i)
        words[i] = ((uint32_t)pattern(2 * i + 1) << 16) | pattern(2 * i);
    /* Read back with DMA2 from GPUREAD (direction 3), 32 words in 8 blocks of 4. */
    static uint32_t back[32];
    for (int i = 0; i < 32; ++i)
        back[i] = 0xdeadbeef;
    gpu_readback_dma(800, 344, 16, 4, back, 4);
    ok = 1;
    for (int i = 0; i < 32; ++i)
        ok &= back[i] == words[i];
    check_true("DMA2 VRAM->CPU rule: block mode reads GPUREAD words in order", ok);
    check_eq("GPUSTAT.27 rule: cleared after the DMA read all words", (GPUSTAT >> 27) & 1, 0);
    /* DMA read-back with wrap: (3FCh, 350) 8x2 = 8 words. */
    for (int i = 0; i < 16; ++i)
        buf[i] = pattern(900 + i);
    gpu_upload(0x3fc, 350, 8, 2, buf);
    gpu_readback_dma(0x3fc, 350, 8, 2, back, 4);
    ok = 1;
    for (int i = 0; i < 8; ++i)
        ok &= back[i] == (((uint32_t)buf[2 * i + 1] << 16) | buf[2 * i]);
    check_true("DMA2 VRAM->CPU wrap rule: X wraps to column 0", ok);
}

int main(void) {
    test_begin("gpu_transfer");
    bios_enter_critical_section();
    gpu_setup();
    test_fill();
    test_copy();
    test_upload_readback();
    bios_exit_critical_section();
    return test_done();
}
