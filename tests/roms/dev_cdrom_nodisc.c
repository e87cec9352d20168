/* The CD-ROM drive through the bus with no disc inserted (cdromdrive.md): registers, the INT
   flags and I_STAT.2, responses and error codes of commands that need no disc. */
#include "cdrom_io.h"
#include "test.h"

int main(void) {
    test_begin("dev_cdrom_nodisc");
    bios_enter_critical_section();
    uint32_t oldMask = I_MASK;
    I_MASK = 0;

    CD_ADDR = 0;
    check_eq("cdromdrive.md HSTS: parameter FIFO empty and ready", CD_ADDR, 0x18);
    check_eq("cdromdrive.md Misc: a 32-bit read of 1F801800h is HSTS four times",
             MMIO32(0x1f801800), 0x18181818);
    CD_ADDR = 1;
    CD_REG2 = 0x1f; /* HINTMSK */
    CD_REG3 = 0x5f; /* acknowledge everything, clear the parameter FIFO */
    I_STAT = ~(1u << 2);

    cd_command(0x01, 0, 0); /* Nop */
    check_eq("cdromdrive.md BUSYSTS: set until the command runs", CD_ADDR & 0x80, 0x80);
    int t = cd_wait_int();
    check_eq("cdromdrive.md Nop: INT3", t, 3);
    check_eq("cdromdrive.md Nop: one stat byte", cd_response_length, 1);
    check_eq("cdromdrive.md Status code: no disc, motor off", cd_response[0], 0x00);
    check_true("interrupts.md: the CD-ROM INT sets I_STAT.2", (I_STAT >> 2) & 1);
    I_STAT = ~(1u << 2);

    const uint8_t sub20[1] = {0x20};
    cd_command(0x19, sub20, 1);
    t = cd_wait_int();
    check_eq("cdromdrive.md Test 20h: INT3", t, 3);
    check_eq("cdromdrive.md Test 20h: four bytes", cd_response_length, 4);
    check_eq("cdromdrive.md Test 20h: version C2h", cd_response[3], 0xc2);

    cd_command(0x1a, 0, 0); /* GetID */
    t = cd_wait_int();
    check_eq("cdromdrive.md GetID no disk: INT3 first", t, 3);
    t = cd_wait_int();
    check_eq("cdromdrive.md GetID no disk: INT5 second", t, 5);
    check_eq("cdromdrive.md GetID no disk: stat 08h", cd_response[0], 0x08);
    check_eq("cdromdrive.md GetID no disk: flags 40h", cd_response[1], 0x40);

    const uint8_t loc[3] = {0x00, 0x02, 0x00};
    cd_command(0x02, loc, 3); /* Setloc without a disc */
    t = cd_wait_int();
    check_eq("cdromdrive.md Status code: Setloc without a disc is INT5", t, 5);
    check_eq("cdromdrive.md Status code: error 80h", cd_response[1], 0x80);

    cd_command(0x17, 0, 0);
    t = cd_wait_int();
    check_eq("cdromdrive.md Command Summary: 17h is invalid (INT5)", t, 5);
    check_eq("cdromdrive.md Status code: error 40h", cd_response[1], 0x40);

    cd_command(0x01, loc, 1);
    t = cd_wait_int();
    check_eq("cdromdrive.md Status code: Nop with a parameter is INT5", t, 5);
    check_eq("cdromdrive.md Status code: error 20h", cd_response[1], 0x20);
    check_eq("cdromdrive.md Status code: stat has the error bit", cd_response[0], 0x01);

    I_STAT = ~(1u << 2);
    I_MASK = oldMask;
    bios_exit_critical_section();
    return test_done();
}
