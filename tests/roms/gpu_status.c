/* GPUSTAT, GP1 and GPUREAD register behaviour (graphicsprocessingunitgpu.md "GPU Status
   Register", "Ready Bits", "GPU Display Control Commands (GP1)", "GP1(10h) - Read GPU internal
   register", "GP0(1Fh) - Interrupt Request (IRQ1)", "GP0(00h) - NOP", FIFO notes). */
#include "gpu_common.h"

#define STAT_NO_FIELD 0x7fffffffu /* bit 31 follows the scanline */

static uint32_t gp1_info(uint32_t cmd) {
    GP1 = cmd;
    return GPUREAD;
}

static void test_reset_and_fields(void) {
    GP1 = 0x00000000;
    gpu_wait_idle();
    check_eq("GP1(00h) rule: GPUSTAT becomes 14802000h (bit 31 aside)", GPUSTAT & STAT_NO_FIELD,
             0x14802000);

    gp0_cmd(0xe1000fff);
    check_eq("GPUSTAT rule: bits 0-10 = E1h bits 0-10", GPUSTAT & 0x7ff, 0x7ff);
    check_eq("GPUSTAT rule: bit 15 = E1h bit 11 (texpage Y base 2)", (GPUSTAT >> 15) & 1, 1);
    gp0_cmd(0xe1000000 | (2u << 7) | (1u << 5) | 3u);
    check_eq("GPUSTAT rule: E1h 15-bit depth, semi mode 1, X base 3", GPUSTAT & 0x87ff,
             (2u << 7) | (1u << 5) | 3u);
    gp0_cmd(0xe6000001);
    check_eq("GPUSTAT rule: bit 11 = E6h bit 0", (GPUSTAT >> 11) & 3, 1);
    gp0_cmd(0xe6000002);
    check_eq("GPUSTAT rule: bit 12 = E6h bit 1", (GPUSTAT >> 11) & 3, 2);
    gp0_cmd(0xe6000000);

    /* GP1(08h) bits 0-6: 0-1 -> 17-18, 2 -> 19, 3 -> 20, 4 -> 21, 5 -> 22, 6 -> 16. */
    GP1 = 0x08000041; /* 320 + 368 bit, NTSC, 15-bit, no interlace */
    check_eq("GPUSTAT rule: GP1(08h).0-1 -> 17-18, .6 -> 16", (GPUSTAT >> 16) & 0x7f,
             (1u << 1) | 1u);
    GP1 = 0x0800003e; /* 512, vres 480, PAL, 24-bit, interlace */
    check_eq("GPUSTAT rule: GP1(08h).1-5 -> 18-22", (GPUSTAT >> 16) & 0x7f, 0x3eu << 1);
    GP1 = 0x08000000;
    check_eq("GPUSTAT rule: bit 13 is 1 with interlace off (v2)", (GPUSTAT >> 13) & 1, 1);
    GP1 = 0x03000000;
    check_eq("GP1(03h) rule: display on clears GPUSTAT.23", (GPUSTAT >> 23) & 1, 0);
    GP1 = 0x03000001;
    check_eq("GP1(03h) rule: display off sets GPUSTAT.23", (GPUSTAT >> 23) & 1, 1);
    GP1 = 0x43000000; /* GP1(40h..FFh) mirror 00h..3Fh */
    check_eq("GP1 rule: GP1(43h) mirrors GP1(03h)", (GPUSTAT >> 23) & 1, 0);
    GP1 = 0x03000001;

    /* GPUSTAT.31: per scanline in 240-line mode, 0 in vblank: both values show up in a frame. */
    int seen0 = 0, seen1 = 0;
    for (int i = 0; i < 20000 && !(seen0 && seen1); ++i) {
        if (GPUSTAT >> 31)
            seen1 = 1;
        else
            seen0 = 1;
    }
    check_true("GPUSTAT.31 rule: alternates with the scanline in 240-line mode", seen0 && seen1);
}

static void test_dma_request(void) {
    gpu_wait_idle();
    for (uint32_t d = 0; d < 4; ++d) {
        GP1 = 0x04000000 | d;
        check_eq("GP1(04h) rule: GPUSTAT.29-30 = DMA direction", (GPUSTAT >> 29) & 3, d);
    }
    GP1 = 0x04000000;
    check_eq("GPUSTAT.25 rule: direction 0 -> always 0", (GPUSTAT >> 25) & 1, 0);
    GP1 = 0x04000001;
    check_eq("GPUSTAT.25 rule: direction 1 -> FIFO not full (idle)", (GPUSTAT >> 25) & 1, 1);
    GP1 = 0x04000002;
    check_eq("GPUSTAT.25 rule: direction 2 -> same as bit 28 (idle: 1)", (GPUSTAT >> 25) & 1,
             (GPUSTAT >> 28) & 1);
    check_eq("GPUSTAT.28 rule: ready for a DMA block when idle", (GPUSTAT >> 28) & 1, 1);
    GP1 = 0x04000003;
    check_eq("GPUSTAT.25 rule: direction 3 -> same as bit 27 (no read-back: 0)",
             (GPUSTAT >> 25) & 1, 0);
    gp0_cmd(0xc0000000);
    GP0 = XY(0, 0);
    GP0 = XY(2, 1);
    for (int i = 0; i < 100000 && !(GPUSTAT & STAT_READY_READ); ++i) {
    }
    check_eq("GPUSTAT.25 rule: direction 3 -> bit 27 during a read-back", (GPUSTAT >> 25) & 1, 1);
    (void)GPUREAD;
    check_eq("GPUSTAT.25 rule: direction 3 -> 0 after the last word", (GPUSTAT >> 25) & 1, 0);

    /* Ready bits while a packet is incomplete. Polygon/line: bit 28 drops right after the
       command word; other commands keep it until all parameters are in. Bit 26 drops as soon
       as the GPU wants parameters. */
    GP1 = 0x04000002;
    gp0_cmd(0x20000000 | RGB24(0xf8, 0, 0)); /* flat triangle, 3 vertices to come */
    uint32_t s = GPUSTAT;
    check_eq("GPUSTAT.28 rule: cleared right after a polygon command word", (s >> 28) & 1, 0);
    check_eq("GPUSTAT.26 rule: cleared while parameters are wanted", (s >> 26) & 1, 0);
    check_eq("GPUSTAT.25 rule: direction 2 follows bit 28 (0)", (s >> 25) & 1, 0);
    GP0 = XY(900, 400);
    GP0 = XY(902, 400);
    GP0 = XY(900, 402);
    gpu_wait_idle();
    check_eq("GPUSTAT rule: ready bits 26 and 28 return after the polygon", (GPUSTAT >> 26) & 5, 5);
    gp0_cmd(0x48000000 | RGB24(0xf8, 0, 0)); /* flat polyline */
    GP0 = XY(900, 410);
    GP0 = XY(910, 410);
    GP0 = XY(910, 415);
    s = GPUSTAT;
    check_eq("GPUSTAT.28 rule: stays 0 during polyline vertices", (s >> 28) & 1, 0);
    check_eq("GPUSTAT.26 rule: stays 0 until the polyline terminator", (s >> 26) & 1, 0);
    GP0 = 0x55555555;
    gpu_wait_idle();
    check_eq("GPUSTAT rule: ready bits return after the polyline terminator", (GPUSTAT >> 26) & 5,
             5);
    gp0_cmd(0x02000000); /* fill: command word only */
    s = GPUSTAT;
    check_eq("GPUSTAT.28 rule: a fill keeps bit 28 until all parameters are in", (s >> 28) & 1, 1);
    check_eq("GPUSTAT.26 rule: cleared while fill parameters are wanted", (s >> 26) & 1, 0);
    GP0 = XY(896, 420);
    GP0 = XY(16, 1);
    gpu_wait_idle();
    GP1 = 0x04000000;
}

static void test_command_buffer_reset(void) {
    /* GP1(01h) drops a half-received packet: the next word is a command again. */
    gpu_fill(896, 430, 16, 1, 0);
    gp0_cmd(0x02000000 | RGB24(0xf8, 0, 0));
    GP0 = XY(896, 430); /* the size word never comes */
    check_eq("GPUSTAT.26 rule: low while the fill waits for its size", (GPUSTAT >> 26) & 1, 0);
    GP1 = 0x01000000;
    check_eq("GP1(01h) rule: the command buffer is empty again (GPUSTAT.26)", (GPUSTAT >> 26) & 1,
             1);
    gpu_fill(896, 430, 16, 1, RGB24(0, 0xf8, 0));
    check_eq("GP1(01h) rule: the next word starts a new command", gpu_pixel(896, 430), 0x03e0);
    /* GP1(01h) also ends a CPU->VRAM transfer: the data phase is abandoned. */
    gp0_cmd(0xa0000000);
    GP0 = XY(896, 431);
    GP0 = XY(4, 1);
    GP0 = 0x11111111;
    GP1 = 0x01000000;
    gpu_fill(912, 431, 16, 1, RGB24(0, 0, 0xf8));
    check_eq("GP1(01h) rule: an abandoned upload does not eat the next command",
             gpu_pixel(912, 431), 0x7c00);
}

static void test_gp1_info(void) {
    gp0_cmd(0xe2000000 | 0x12345);
    gp0_cmd(0xe3000000 | (300u << 10) | 50u);
    gp0_cmd(0xe4000000 | (400u << 10) | 700u);
    gp0_cmd(0xe5000000 | ((0x7ffu & (uint32_t)-5) << 11) | (0x7ffu & (uint32_t)-3));
    /* Index 5: 22-bit draw offset: X -3 = 7FDh, Y -5 = 7FBh -> 7FBh << 11 | 7FDh = 3FDFFDh. */
    check_eq("GP1(10h) rule: index 5 = draw offset (22 bits)", gp1_info(0x10000005), 0x3fdffd);
    /* Index 2: 20 bits; the MSBs return "Nothing" (keep the latch): 3FDFFDh -> 3 in 20-23. */
    check_eq("GP1(10h) rule: index 2 = texture window, 20 bits, MSBs keep the latch",
             gp1_info(0x10000002), 0x312345);
    check_eq("GP1(10h) rule: index 8 = 00000000h (v2)", gp1_info(0x10000008), 0);
    check_eq("GP1(10h) rule: index 2 = texture window", gp1_info(0x10000002), 0x12345);
    check_eq("GP1(10h) rule: index 3 = drawing area top left", gp1_info(0x10000003),
             (300u << 10) | 50u);
    check_eq("GP1(10h) rule: index 4 = drawing area bottom right", gp1_info(0x10000004),
             (400u << 10) | 700u);
    check_eq("GP1(10h) rule: index 7 = GPU version 2", gp1_info(0x10000007), 2);
    check_eq("GP1(10h) rule: index 0 returns nothing (latch unchanged)", gp1_info(0x10000000), 2);
    check_eq("GP1(10h) rule: index 1 returns nothing", gp1_info(0x10000001), 2);
    check_eq("GP1(10h) rule: index 6 returns nothing", gp1_info(0x10000006), 2);
    check_eq("GP1(10h) rule: index 9 returns nothing (v2)", gp1_info(0x10000009), 2);
    check_eq("GP1(10h) rule: index 12h mirrors index 2", gp1_info(0x10000012), 0x12345);
    check_eq("GP1(10h) rule: GP1(11h) mirrors GP1(10h)", gp1_info(0x11000003), (300u << 10) | 50u);
    check_eq("GP1(10h) rule: GP1(5Fh) mirrors GP1(1Fh)", gp1_info(0x5f000004), (400u << 10) | 700u);
    check_eq("GP1(10h) rule: the latch is read repeatedly", GPUREAD, (400u << 10) | 700u);
    gp0_cmd(0xe2000000);
    check_eq("GP1(10h) rule: the latch is not updated by GP0 writes", GPUREAD, (400u << 10) | 700u);
    GP1 = 0x00000000;
    check_eq("GP1(00h) rule: resets E3h (index 3 reads 0)", gp1_info(0x10000003), 0);
    check_eq("GP1(00h) rule: resets E5h (index 5 reads 0)", gp1_info(0x10000005), 0);
    gpu_setup();
}

static void test_irq(void) {
    I_MASK &= ~2u;
    I_STAT = ~2u;
    check_eq("GPUSTAT.24 rule: IRQ flag clear after GP1(00h)", (GPUSTAT >> 24) & 1, 0);
    gp0_cmd(0x1f000000);
    gpu_wait_idle();
    check_eq("GP0(1Fh) rule: sets GPUSTAT.24", (GPUSTAT >> 24) & 1, 1);
    check_eq("GP0(1Fh) rule: requests IRQ1 (I_STAT bit 1)", (I_STAT >> 1) & 1, 1);
    I_STAT = ~2u;
    check_eq("GPUSTAT.24 rule: acknowledging I_STAT leaves GPUSTAT.24 set", (GPUSTAT >> 24) & 1, 1);
    GP1 = 0x02000000;
    check_eq("GP1(02h) rule: acknowledges GPUSTAT.24", (GPUSTAT >> 24) & 1, 0);
    check_eq("GP1(02h) rule: no new IRQ1", (I_STAT >> 1) & 1, 0);
    gp0_cmd(0x1f000000);
    gpu_wait_idle();
    GP1 = 0x00000000;
    check_eq("GP1(00h) rule: acknowledges the IRQ (GP1(02h) part of the reset)",
             (GPUSTAT >> 24) & 1, 0);
    I_STAT = ~2u;
    gpu_setup();
}

static void test_busy(void) {
    gpu_wait_idle();
    GP1 = 0x04000001; /* GPUSTAT.25 = FIFO not full */
    /* Small fill: 16x1 pixels. */
    T2_MODE = 0x0200; /* system clock / 8, free run; writing the mode zeroes the counter */
    gpu_fill(0, 500, 16, 1, 0);
    gpu_wait_idle();
    uint32_t small = T2_VALUE;

    /* Big fill: 1008x511 pixels = 515088 halfwords. */
    T2_MODE = 0x0200;
    gpu_fill_raw(0, XY(0, 0), XY(0x3f0, 0x1ff));
    uint32_t s = GPUSTAT;
    check_eq("GPUSTAT.26 rule: low while a big fill executes", (s >> 26) & 1, 0);
    check_eq("GPUSTAT.28 rule: low while a command executes", (s >> 28) & 1, 0);
    /* NOPs and E3h..E5h take no FIFO space: 20 of each leave the FIFO not full. */
    for (int i = 0; i < 20; ++i)
        GP0 = 0x00000000;
    for (int i = 0; i < 20; ++i)
        GP0 = 0xe5000000;
    check_eq("FIFO rule: GP0(00h) and E3h..E5h take no FIFO space", (GPUSTAT >> 25) & 1, 1);
    /* 16 E1h words fill the 16-word FIFO behind the busy fill. */
    for (int i = 0; i < 16; ++i)
        GP0 = 0xe1000400;
    check_eq("FIFO rule: 16 queued command words make the FIFO full (GPUSTAT.25 = 0)",
             (GPUSTAT >> 25) & 1, 0);
    GP1 = 0x04000002;
    check_eq("GP1 rule: GP1 commands pass while the FIFO is full", (GPUSTAT >> 29) & 3, 2);
    GP1 = 0x04000001;
    gpu_wait_idle();
    uint32_t big = T2_VALUE;
    uint32_t overflow = (T2_MODE >> 12) & 1;
    check_eq("FIFO rule: not full once the GPU is idle", (GPUSTAT >> 25) & 1, 1);
    check_eq("busy rule: the big fill ends within 65535*8 CPU cycles (~15 ms)", overflow, 0);
    /* Plausibility: 515088 halfwords cannot be written in under ~10000 CPU cycles; the busy
       time grows with the area (the big fill is 32193 times the small one). */
    check_true("busy rule: a 1008x511 fill keeps the GPU busy > 10000 CPU cycles", big > 1250);
    check_true("busy rule: a 16x1 fill is at least 50 times shorter", small * 50 < big);
    tprintf("gpu_status: 16x1 fill %u, 1008x511 fill %u ticks of 8 CPU cycles\n", small, big);
    GP1 = 0x04000000;
}

int main(void) {
    test_begin("gpu_status");
    bios_enter_critical_section();
    test_reset_and_fields();
    gpu_setup();
    test_dma_request();
    test_command_buffer_reset();
    test_gp1_info();
    test_irq();
    test_busy();
    bios_exit_critical_section();
    return test_done();
}
