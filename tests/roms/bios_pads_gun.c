/* The HLE kernel's vblank pad read with a GunCon on port 1 and a mouse on port 2
   (kernelbios.md "B(12h) InitPAD2"; controllersandmemorycards.md "Lightguns - Namco (GunCon)",
   "Controllers - Mouse"). Run with bios_pads_gun.args and bios_pads_gun.input: the gun aimed at
   picture pixel 160,100 with Trigger held; the mouse moved +5,-3 in frame 0 with Right held,
   unplugged from frame 100. The display is 320x240 NTSC at X1=260h, Y1=10h, so the gun reads
   X = 4Dh (video clock 260h, the first visible pixel) + 160*8 * 8 MHz / 53.693175 MHz = 010Bh
   and Y = 10h + 100 = 0074h (as in
   dev_pad_guncon.c); the kernel reads at the start of vblank, before VSYNC: the last pass. */
#include "bios_call.h"
#include "bios_pad_buffers.h"

BIOS_CALL_IMPL

#define GP1 MMIO32(0x1f801814)

int main(void) {
    int i, ok;
    test_begin("bios_pads_gun");
    bios_enter_critical_section();
    GP1 = 0x06000000 | 0x260 | ((0x260 + 320 * 8) << 12); /* X1, X2 */
    GP1 = 0x07000000 | 0x10 | ((0x10 + 240) << 10);       /* Y1, Y2 */
    GP1 = 0x08000001;                                     /* 320x240, NTSC, 15 bit */
    GP1 = 0x03000000;                                     /* display on */
    B(0x12, P(pad1), 0x22, P(pad2), 0x22);
    fill(pad2, 2, 0xee);
    B(0x13, 0); /* StartPAD2: interrupts on */
    check_true("the pad handler runs at vblank", wait_read());

    /* The mouse's motion since power-on is taken by the first read: 5A12h, Right (bit 10)
       low, X +5, Y -3 (two's complement). */
    static const uint8_t moved[] = {0x00, 0x12, 0xff, 0xf8, 0x05, 0xfd};
    check_buf("Mouse: 00h 12h, Right low, X=05h, Y=FDh, 2 halfwords only", pad2, moved, 6, 0xee);
    wait_read();
    static const uint8_t still[] = {0x00, 0x12, 0xff, 0xf8, 0x00, 0x00};
    check_buf("Mouse: the motion went with the previous read", pad2, still, 6, 0xee);

    fill(pad1, 2, 0xee);
    wait_read();
    wait_read(); /* frames after the display settings: the gun aims at them */
    static const uint8_t gun[] = {0x00, 0x63, 0xff, 0xdf, 0x0b, 0x01, 0x74, 0x00};
    check_buf("GunCon: 00h 63h, Trigger (bit 13) low, X=010Bh, Y=0074h, 3 halfwords", pad1, gun, 8,
              0xee);

    /* Mouse unplugged (frame 100): no /ACK after the address byte. */
    ok = 0;
    for (i = 0; i < 400 && !ok; ++i) {
        wait_read();
        ok = pad2[0] == 0xff;
    }
    check_true("nothing on port 2: status FFh", ok);
    check_eq("timeout after the address byte: ID1 byte keeps its old value", pad2[1], 0x12);
    check_eq("port 1 still okay", pad1[0], 0);
    return test_done();
}
