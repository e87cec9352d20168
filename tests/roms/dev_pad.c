/* Digital pad read through the SIO0 registers (controllersandmemorycards.md). */
#include "sio0_io.h"

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
