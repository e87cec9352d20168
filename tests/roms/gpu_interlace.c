/* Interlaced drawing (graphicsprocessingunitgpu.md): GP1(08h) "the Vertical Interlace flag DOES
   affect GP0 draw commands"; GP0(E1h).10 "Drawing to display area (0=Prohibited, 1=Allowed)";
   GPUSTAT.31 "Drawing even/odd lines in interlace mode (0=Even or Vblank, 1=Odd)". In 480-line
   interlaced mode with E1h.10 = 0, a rectangle drawn while the odd field is shown (GPUSTAT.31
   = 1, display start Y = 0) leaves the odd VRAM rows alone, and so does a GP0(02h) fill (as in
   peer emulators, which cite hardware tests); E1h.10 = 1 draws every row; 240-line interlace
   draws every row. */
#include "gpu_common.h"

/* Waits for the odd field's active display (GPUSTAT.31 = 1), draws a 4x6 white rectangle (or
   a 16x6 white fill) at (x, 100) and says whether GPUSTAT.31 stayed 1 (the command arrived
   within that field). */
static int rect_in_odd_field(int x, int fill) {
    for (int i = 0; i < 4000000 && !(GPUSTAT >> 31); ++i) {
    }
    gpu_wait_cmd();
    if (fill) {
        GP0 = 0x02ffffff;
        GP0 = XY(x & ~15, 100);
        GP0 = XY(16, 6);
    } else {
        GP0 = 0x60ffffff;
        GP0 = XY(x, 100);
        GP0 = XY(4, 6);
    }
    return (GPUSTAT >> 31) != 0;
}

/* Bit k set when row 100 + k of column x + 1 was written. */
static uint32_t rows_written(int x) {
    uint16_t p[6];
    uint32_t mask = 0;
    for (int k = 0; k < 6; ++k) {
        gpu_readback(x + 1, 100 + k, 1, 1, p);
        if (p[0]) mask |= 1u << k;
    }
    return mask;
}

/* Clears the 16x16 block around (x, 96) with drawing to the display area allowed (so the
   clearing fill writes every row), then draws with E1h = `e1` in the odd field. */
static int draw_in_odd_field(int x, uint32_t e1, int fill) {
    for (int tries = 0; tries < 8; ++tries) {
        gp0_cmd(0xe1000400);
        gpu_fill(x & ~15, 96, 16, 16, 0);
        gp0_cmd(e1);
        gpu_wait_idle();
        if (rect_in_odd_field(x, fill)) return 1;
    }
    return 0;
}

int main(void) {
    test_begin("gpu_interlace");
    bios_enter_critical_section();
    gpu_setup();
    GP1 = 0x05000000;
    GP1 = 0x08000024; /* 256 wide, 480 lines, interlace */
    GP1 = 0x03000000;

    /* E1h.10 = 0: drawing to the display area prohibited */
    check_true("setup: a rectangle arrived within one odd field",
               draw_in_odd_field(16, 0xe1000000, 0));
    check_eq("GP1(08h) rule: 480i + E1h.10=0 in the odd field draws only the even rows",
             rows_written(16), 0x15);

    /* E1h.10 = 1 */
    check_true("setup: a rectangle arrived within one odd field",
               draw_in_odd_field(48, 0xe1000400, 0));
    check_eq("E1h.10 rule: drawing to the display area allowed draws every row", rows_written(48),
             0x3f);

    check_true("setup: a fill arrived within one odd field", draw_in_odd_field(80, 0xe1000000, 1));
    check_eq("GP1(08h) rule: a GP0(02h) fill in 480i + E1h.10=0 also skips the odd rows",
             rows_written(80), 0x15);
    check_true("setup: a fill arrived within one odd field", draw_in_odd_field(80, 0xe1000400, 1));
    check_eq("E1h.10 rule: a fill with drawing to the display area allowed writes every row",
             rows_written(80), 0x3f);

    GP1 = 0x08000020; /* interlace, 240 lines: both fields show the same rows */
    gpu_fill(112, 96, 16, 16, 0);
    gpu_wait_idle();
    gpu_wait_cmd();
    GP0 = 0x60ffffff;
    GP0 = XY(112, 100);
    GP0 = XY(4, 6);
    check_eq("GP1(08h) rule: 240-line interlace draws every row", rows_written(112), 0x3f);

    bios_exit_critical_section();
    return test_done();
}
