/* Digital pad read through the SIO0 registers (controllersandmemorycards.md). */
#include "test.h"

#define JOY_DATA MMIO8(0x1f801040)
#define JOY_STAT MMIO32(0x1f801044)
#define JOY_MODE MMIO16(0x1f801048)
#define JOY_CTRL MMIO16(0x1f80104a)
#define JOY_BAUD MMIO16(0x1f80104e)
#define I_STAT MMIO32(0x1f801070)

static int got_ack;

static uint8_t xfer(uint8_t b) {
    I_STAT = ~(1u << 7);
    JOY_CTRL = JOY_CTRL | 0x10; /* acknowledge */
    JOY_DATA = b;
    int i;
    for (i = 0; i < 10000 && !(JOY_STAT & 2); ++i) {
    }
    uint8_t r = JOY_DATA;
    got_ack = 0;
    for (i = 0; i < 2000; ++i)
        if (I_STAT & (1u << 7)) {
            got_ack = 1;
            break;
        }
    for (i = 0; i < 2000 && (JOY_STAT & 0x80); ++i) {
    }
    return r;
}

int main(void) {
    test_begin("dev_pad");
    bios_enter_critical_section();
    JOY_CTRL = 0x40; /* reset */
    JOY_MODE = 0x000d;
    JOY_BAUD = 0x0088;
    check_eq("serialinterfacessio.md: idle STAT has TX ready and TX idle", JOY_STAT & 5, 5);
    JOY_CTRL = 0x1003; /* TXEN, /CS port 1, DSR interrupt */
    check_eq("controllersandmemorycards.md: address byte reply is Hi-Z", xfer(0x01), 0xff);
    check_true("controllersandmemorycards.md: the pad acknowledges its address", got_ack);
    check_eq("controllersandmemorycards.md: ID low 41h", xfer(0x42), 0x41);
    check_true("controllersandmemorycards.md: /ACK after the command", got_ack);
    check_eq("controllersandmemorycards.md: ID high 5Ah", xfer(0x00), 0x5a);
    check_eq("controllersandmemorycards.md: no button held reads FFh", xfer(0x00), 0xff);
    check_true("controllersandmemorycards.md: /ACK before the last byte", got_ack);
    check_eq("controllersandmemorycards.md: buttons high byte", xfer(0x00), 0xff);
    check_true("controllersandmemorycards.md: no /ACK after the last byte", !got_ack);
    JOY_CTRL = 0;
    JOY_CTRL = 0x1003;
    xfer(0x81);
    check_true("controllersandmemorycards.md: no memory card answers 81h here", !got_ack);
    JOY_CTRL = 0;
    I_STAT = ~(1u << 7);
    bios_exit_critical_section();
    return test_done();
}
