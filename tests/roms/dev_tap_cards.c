/* Memory cards behind a multitap, as skipjack-cli puts them there (--pad1 multitap --memcard1 F
   --memcard1b G --memcard1d H, dev_tap_cards.args): address 81h+n reaches the card of slot n
   (controllersandmemorycards.md "Multitap Memory Card Access"), each with the Sony card's
   replies ("Get Memory Card ID Command", "Writing/Reading Data from Memory Card"). Slot B's
   written sector is checked in the card image after the run (check_tap_card.cmake). */
#define SIO0_ACK_SPINS 40000 /* a card's /ACK comes late after some bytes */
#include "sio0_io.h"

#define SECTOR 0x3f0

/* One transfer on port 1: send[i] out, reply in recv[i]; stops after a byte without /ACK. */
static int transfer(const uint8_t* send, uint8_t* recv, int n) {
    int i;
    JOY_CTRL = 0x1003;
    for (i = 0; i < n; ++i) {
        recv[i] = xfer(send[i]);
        if (!got_ack) {
            ++i;
            break;
        }
    }
    JOY_CTRL = 0;
    for (volatile int w = 0; w < 200; ++w) {
    }
    return i;
}

static const char kPattern[] = "TAP-B-SECTOR-OK!"; /* 16 bytes, 8 times = the sector */

static void get_id(const char* rule, uint8_t address, int present) {
    uint8_t send[10] = {address, 0x53}, recv[10];
    static const uint8_t id[10] = {0xff, 0x08, 0x5a, 0x5d, 0x5c, 0x5d, 0x04, 0x00, 0x00, 0x80};
    int n = transfer(send, recv, 10), i, ok;
    if (!present) {
        check_true(rule, n == 1 && recv[0] == 0xff);
        return;
    }
    ok = n == 10;
    for (i = 0; i < n; ++i)
        ok &= recv[i] == id[i];
    check_true(rule, ok);
}

static int read_sector(uint8_t address, uint8_t* data) {
    uint8_t send[140] = {address, 0x52, 0, 0, SECTOR >> 8, SECTOR & 0xff}, recv[140];
    int n = transfer(send, recv, 140), i;
    for (i = 0; i < 128; ++i)
        data[i] = recv[10 + i];
    return n == 140 && recv[6] == 0x5c && recv[7] == 0x5d && recv[139] == 0x47;
}

int main(void) {
    uint8_t send[138], recv[138], data[128];
    int i, n, same;
    test_begin("dev_tap_cards");
    bios_enter_critical_section();
    JOY_CTRL = 0x40;
    JOY_MODE = 0x000d;
    JOY_BAUD = 0x0088;

    get_id("slot A card (--memcard1) answers 81h: FLAG 08h, 5Ah 5Dh 5Ch 5Dh 04h 00h 00h 80h", 0x81,
           1);
    get_id("slot B card (--memcard1b) answers 82h", 0x82, 1);
    get_id("slot C has no card: 83h gets no /ACK, FFh", 0x83, 0);
    get_id("slot D card (--memcard1d) answers 84h", 0x84, 1);

    /* Write sector 3F0h of slot B: 82h 57h 00h 00h MSB LSB data CHK 00h 00h 00h. */
    uint8_t chk = (SECTOR >> 8) ^ (SECTOR & 0xff);
    send[0] = 0x82;
    send[1] = 0x57;
    send[2] = send[3] = 0;
    send[4] = SECTOR >> 8;
    send[5] = SECTOR & 0xff;
    for (i = 0; i < 128; ++i) {
        send[6 + i] = (uint8_t)kPattern[i & 15];
        chk ^= send[6 + i];
    }
    send[134] = chk;
    send[135] = send[136] = send[137] = 0;
    n = transfer(send, recv, 138);
    check_true("Write to slot B: 5Ch 5Dh then end byte 47h (Good)",
               n == 138 && recv[135] == 0x5c && recv[136] == 0x5d && recv[137] == 0x47);

    check_true("Read from slot B: 5Ch 5Dh ... 47h", read_sector(0x82, data));
    same = 1;
    for (i = 0; i < 128; ++i)
        same &= data[i] == (uint8_t)kPattern[i & 15];
    check_true("slot B reads back what was written", same);
    check_true("Read from slot A: 47h", read_sector(0x81, data));
    same = 1;
    for (i = 0; i < 128; ++i)
        same &= data[i] == (uint8_t)kPattern[i & 15];
    check_true("slot A is another card: not written", !same);
    I_STAT = ~(1u << 7);
    bios_exit_critical_section();
    return test_done();
}
