/* A GunCon on port 1 and a mouse on port 2, read through the SIO0 registers as a game does
   (controllersandmemorycards.md "Lightguns - Namco (GunCon)", "Controllers - Mouse"). Run with
   dev_pad_guncon.args: --pad1 guncon --pad2 mouse and the input script dev_pad_guncon.input
   (the gun aimed at picture pixel 160,100 with Trigger held; the mouse moved +100 in frames
   0 and 1, then -5, Right held). The display is set to 320x240 NTSC at X1=260h, Y1=10h
   (graphicsprocessingunitgpu.md GP1(06h)/GP1(07h)), so the gun's coordinates are
   X = 4Dh at video clock 260h (the first visible pixel, gpu "GP1(06h)"; the gun's range
   starts at 04Dh) + 160*8 video clocks at 53.693175 MHz in 8 MHz clocks (190) = 010Bh and
   Y = 10h + 100 = 0074h scanlines since VSYNC. */
#include "sio0_io.h"

#define GP1 MMIO32(0x1f801814)
#define T1_COUNT MMIO32(0x1f801110)
#define T1_MODE MMIO32(0x1f801114)

/* A read (01h 42h 00h...) of n bytes on `port`; replies in out[], /ACK count in *acks. */
static void read_pad(int port, uint8_t* out, int n, int* acks) {
    int i;
    *acks = 0;
    JOY_CTRL = port ? 0x3003 : 0x1003;
    for (i = 0; i < n; ++i) {
        out[i] = xfer(i == 0 ? 0x01 : i == 1 ? 0x42 : 0x00);
        *acks += got_ack;
    }
    JOY_CTRL = 0;
    for (i = 0; i < 200; ++i) {
    }
}

static void wait_vblank(void) {
    I_STAT = ~1u;
    while (!(I_STAT & 1)) {
    }
}

static void check_bytes(const char* rule, const uint8_t* got, const uint8_t* expect, int n) {
    int i, bad = -1;
    for (i = 0; i < n; ++i)
        if (got[i] != expect[i] && bad < 0) bad = i;
    if (bad >= 0) tprintf("  %s: byte %d is %02x, not %02x\n", rule, bad, got[bad], expect[bad]);
    check_true(rule, bad < 0);
}

int main(void) {
    uint8_t r[10];
    int acks;
    test_begin("dev_pad_guncon");
    bios_enter_critical_section();
    GP1 = 0x06000000 | 0x260 | ((0x260 + 320 * 8) << 12); /* X1, X2 */
    GP1 = 0x07000000 | 0x10 | ((0x10 + 240) << 10);       /* Y1, Y2 */
    GP1 = 0x08000001;                                     /* 320x240, NTSC, 15 bit */
    GP1 = 0x03000000;                                     /* display on */
    JOY_CTRL = 0x40;
    JOY_MODE = 0x000d;
    JOY_BAUD = 0x0088;
    T1_MODE = 0x0100; /* timer 1 counts hblanks (timers.md) */
    wait_vblank();
    wait_vblank();
    wait_vblank(); /* the frames after the display settings: the gun aims at them */

    /* Shortly after vblank begins (before VSYNC): the coordinates of the last pass. */
    read_pad(0, r, 10, &acks);
    static const uint8_t gun[] = {0xff, 0x63, 0x5a, 0xff, 0xdf, 0x0b, 0x01, 0x74, 0x00, 0xff};
    check_bytes("GunCon: 5A63h, Trigger (bit 13) low, X=010Bh, Y=0074h", r, gun, 10);
    check_eq("GunCon: /ACK after every byte but the last", acks, 8);

    /* About 20 lines after VSYNC the beam has not reached line 74h yet: BUSY. */
    wait_vblank();
    T1_COUNT = 0;
    while (T1_COUNT < 28) {
    }
    read_pad(0, r, 9, &acks);
    static const uint8_t busy[] = {0xff, 0x63, 0x5a, 0xff, 0xdf, 0x01, 0x00, 0x0a, 0x00};
    check_bytes("GunCon Error/Busy Codes: no light sensed yet: X=0001h, Y=000Ah", r, busy, 9);
    /* Below the aimed line: the coordinates again. */
    while (T1_COUNT < 150) {
    }
    read_pad(0, r, 9, &acks);
    check_bytes("GunCon: after the beam passed the point: X=010Bh, Y=0074h", r, gun, 9);

    /* The mouse moved +100 in frames 0 and 1 and -5 in frame 2, all before its first read:
       -80h..+7Fh, so +195 reads 7Fh and the rest, +68 (44h), comes with the next read; Right
       (bit 10) held. */
    read_pad(1, r, 8, &acks);
    static const uint8_t mouse[] = {0xff, 0x12, 0x5a, 0xff, 0xf8, 0x7f, 0x00, 0xff};
    check_bytes("Mouse: 5A12h, Right low, motion clamped to +7Fh", r, mouse, 8);
    check_eq("Mouse: /ACK after every byte but the last", acks, 6);
    read_pad(1, r, 7, &acks);
    static const uint8_t rest[] = {0xff, 0x12, 0x5a, 0xff, 0xf8, 0x44, 0x00};
    check_bytes("Mouse: the motion past +7Fh comes with the next read", r, rest, 7);
    read_pad(1, r, 7, &acks);
    static const uint8_t still[] = {0xff, 0x12, 0x5a, 0xff, 0xf8, 0x00, 0x00};
    check_bytes("Mouse: the motion was taken by the last reads", r, still, 7);

    I_STAT = ~((1u << 7) | 1u);
    bios_exit_critical_section();
    return test_done();
}
