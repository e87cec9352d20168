/* The HLE kernel's vblank pad read into the InitPAD2 buffers (kernelbios.md "B(12h) InitPAD2":
   00h status, 01h ID1, 02h..21h data) talks to whatever is plugged in, the standard way
   (controllersandmemorycards.md "Controller Communication Sequence": 01h 42h 00h, then as many
   halfwords as ID1's low nibble says). Run with bios_pads.args: --pad1 dualshock --pad2
   multitap:analog-joystick,mouse,digital,digital and bios_pads.input (port 1: Analog pressed
   in frame 0, Cross, left X 20h; slot A: Triangle, RX 10h RY 20h LX 30h LY 40h, unplugged from
   frame 100; slot B: mouse Left, moved +3 in frame 0; slot D unplugged). */
#include "bios_call.h"
#include "sio0_io.h"

BIOS_CALL_IMPL

#include "bios_pad_buffers.h"

int main(void) {
    int i, ok;
    test_begin("bios_pads");
    bios_enter_critical_section();
    fill(pad1, 0, 0xee);
    fill(pad2, 0, 0xee);
    B(0x12, P(pad1), 0x22, P(pad2), 0x22);
    ok = 1;
    for (i = 0; i < 0x22; ++i)
        ok &= pad1[i] == 0 && pad2[i] == 0;
    check_true("InitPAD2 zerofills both buffers", ok);
    B(0x13, 0); /* StartPAD2: interrupts on */
    check_eq("StartPAD2 sets SIO0_BAUD to 0088h (serialinterfacessio.md: standard ~250 kHz)",
             JOY_BAUD, 0x88);
    wait_read();
    check_true("the pad handler runs at vblank", wait_read());

    /* A DualShock in analog mode: 5A73h, buttons, adc0..3 = RX RY LX LY. */
    fill(pad1, 2, 0xee);
    fill(pad2, 2, 0xee);
    wait_read();
    static const uint8_t analog[] = {0x00, 0x73, 0xff, 0xbf, 0x80, 0x80, 0x20, 0x80};
    check_buf("DualShock analog mode: 00h, 73h, Cross low, RX RY LX LY, 3 halfwords only", pad1,
              analog, 8, 0xee);
    /* A multitap: the kernel sends TAP=00h, so the tap answers with slot A's own reply. */
    static const uint8_t stick[] = {0x00, 0x53, 0xff, 0xef, 0x10, 0x20, 0x30, 0x40};
    check_buf("Multitap, no request: slot A's analog joystick, 00h 53h, Triangle low, adc0..3",
              pad2, stick, 8, 0xee);

    /* Our own access to slot A with TAP=01h asks for the long reply on the NEXT access
       ("Multitap Controller Access, Method 1 Details"): the kernel's. */
    bios_enter_critical_section();
    JOY_CTRL = 0x3003;
    static const uint8_t req[] = {0x01, 0x42, 0x01, 0, 0, 0, 0, 0, 0};
    static const uint8_t req_r[] = {0xff, 0x53, 0x5a, 0xff, 0xef, 0x10, 0x20, 0x30, 0x40};
    ok = 1;
    for (i = 0; i < 9; ++i)
        ok &= xfer(req[i]) == req_r[i];
    JOY_CTRL = 0;
    check_true("Method 1: the request itself gets slot A's reply", ok);
    I_STAT = ~(1u << 7);
    bios_exit_critical_section();
    wait_read();
    static const uint8_t all[0x22] = {
        0x00, 0x80,                                     /* okay, 5A80h = Multitap */
        0x53, 0x5a, 0xff, 0xef, 0x10, 0x20, 0x30, 0x40, /* A: analog joystick */
        0x12, 0x5a, 0xff, 0xf4, 0x03, 0x00, 0xff, 0xff, /* B: mouse, Left, X +3 */
        0x41, 0x5a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* C: digital pad */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* D: empty */
    };
    check_buf("Multitap long reply: 00h 80h then slots A-D unparsed, all 22h bytes", pad2, all,
              0x22, -1);
    wait_read();
    check_buf("REQ=0 after the long reply: slot A again", pad2, stick, 8, -1);
    check_eq("port 1 still okay", pad1[0], 0);

    /* Slot A unplugged (frame 100): the tap aborts after the first byte, so no /ACK after the
       address: status FFh, ID1 not written. */
    ok = 0;
    for (i = 0; i < 400 && !ok; ++i) {
        wait_read();
        ok = pad2[0] == 0xff;
    }
    check_true("Multitap without slot A: status FFh (timeout)", ok);
    check_eq("timeout after the address byte: ID1 byte keeps its old value", pad2[1], 0x53);
    check_eq("port 1 unaffected", pad1[1], 0x73);
    return test_done();
}
