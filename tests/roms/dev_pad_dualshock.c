/* A DualShock on port 1 and a multitap on port 2, talked to through the SIO0 registers as a
   game does (controllersandmemorycards.md). Run with dev_pad_dualshock.args: --pad1 dualshock
   --pad2 multitap:dualshock,digital,digital,mouse and the input script
   dev_pad_dualshock.input (port 1: Cross, left stick X 20h; slot A: Start; slot C unplugged;
   slot D: mouse Left, moved +3). Every reply byte and every /ACK is checked. */
#include "sio0_io.h"

/* One transfer on `port` (0/1): sends n bytes, checks every reply byte and that /ACK followed
   each of the first `acks` bytes and none after. */
static void transfer(const char* rule, int port, const uint8_t* send, const uint8_t* expect, int n,
                     int acks) {
    int i, bad_byte = -1, bad_ack = -1;
    uint8_t got = 0;
    JOY_CTRL = port ? 0x3003 : 0x1003; /* TXEN, /CS, DSR interrupt, port select */
    for (i = 0; i < n; ++i) {
        uint8_t r = xfer(send[i]);
        if (r != expect[i] && bad_byte < 0) {
            bad_byte = i;
            got = r;
        }
        if (got_ack != (i < acks) && bad_ack < 0) bad_ack = i;
    }
    JOY_CTRL = 0;
    for (i = 0; i < 200; ++i) { /* /CS high between transfers */
    }
    if (bad_byte >= 0)
        tprintf("  %s: byte %d is %02x, not %02x\n", rule, bad_byte, got, expect[bad_byte]);
    if (bad_ack >= 0) tprintf("  %s: /ACK wrong after byte %d\n", rule, bad_ack);
    check_true(rule, bad_byte < 0 && bad_ack < 0);
}

static void command(const char* rule, int port, const uint8_t* head, int head_n,
                    const uint8_t* expect, int n, int acks) {
    uint8_t send[40];
    int i;
    for (i = 0; i < n; ++i)
        send[i] = i < head_n ? head[i] : 0;
    transfer(rule, port, send, expect, n, acks);
}

int main(void) {
    test_begin("dev_pad_dualshock");
    bios_enter_critical_section();
    JOY_CTRL = 0x40; /* reset */
    JOY_MODE = 0x000d;
    JOY_BAUD = 0x0088;

    /* Port 1: the DualShock powers up in digital mode (Analog Mode Note). */
    static const uint8_t read[] = {0x01, 0x42};
    static const uint8_t digital[] = {0xff, 0x41, 0x5a, 0xff, 0xbf};
    command("Communication Sequence: digital mode 5A41h, Cross (bit 14) low, 5 bytes", 0, read, 2,
            digital, 5, 4);
    static const uint8_t enter[] = {0x01, 0x43, 0x00, 0x01};
    command("Configuration Commands: 43h 01h from normal mode replies like 42h", 0, enter, 4,
            digital, 5, 4);
    static const uint8_t led[] = {0x01, 0x44, 0x00, 0x01, 0x03};
    static const uint8_t led_r[] = {0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0};
    command("44h Set LED (analog, locked): 5AF3h then six 00h", 0, led, 5, led_r, 9, 8);
    static const uint8_t get[] = {0x01, 0x45};
    static const uint8_t get_r[] = {0xff, 0xf3, 0x5a, 0x01, 0x02, 0x01, 0x02, 0x01, 0x00};
    command("45h Get LED: Typ 01h, 02h, Led 01h, 02h, 01h, 00h", 0, get, 2, get_r, 9, 8);
    static const uint8_t leave[] = {0x01, 0x43, 0x00, 0x00};
    static const uint8_t leave_r[] = {0xff, 0xf3, 0x5a, 0, 0, 0, 0, 0, 0};
    command("43h 00h leaves configuration mode (9 bytes)", 0, leave, 4, leave_r, 9, 8);
    static const uint8_t analog[] = {0xff, 0x73, 0x5a, 0xff, 0xbf, 0x80, 0x80, 0x20, 0x80};
    command("Standard Controllers: analog mode 5A73h, adc0..3 = RX RY LX LY", 0, read, 2, analog, 9,
            8);

    /* Port 2: a multitap (SCPH-1070) with a DualShock, a digital pad, nothing, a mouse. */
    static const uint8_t req[] = {0x01, 0x42, 0x01};
    static const uint8_t slot_a[] = {0xff, 0x41, 0x5a, 0xf7, 0xff};
    command("Multitap method 1: the request does not change the current reply (slot A)", 1, req, 3,
            slot_a, 5, 4);
    static const uint8_t all[35] = {
        0xff, 0x80, 0x5a,                               /* 5A80h = Multitap */
        0x41, 0x5a, 0xf7, 0xff, 0xff, 0xff, 0xff, 0xff, /* A: DualShock, Start */
        0x41, 0x5a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* B: digital pad */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* C: empty */
        0x12, 0x5a, 0xff, 0xf4, 0x03, 0x00, 0xff, 0xff, /* D: mouse, Left, X +3 */
    };
    command("Multitap method 1: the next access returns slots A-D, 4 halfwords each", 1, read, 2,
            all, 35, 34);
    static const uint8_t b[] = {0x02, 0x42};
    static const uint8_t slot_b[] = {0xff, 0x41, 0x5a, 0xff, 0xff};
    command("Multitap method 2: 02h 42h reads slot B", 1, b, 2, slot_b, 5, 4);
    static const uint8_t c[] = {0x03, 0x42};
    static const uint8_t none[] = {0xff, 0xff, 0xff};
    command("Multitap: an empty slot aborts after the first byte", 1, c, 2, none, 3, 0);
    I_STAT = ~(1u << 7);
    bios_exit_critical_section();
    return test_done();
}
