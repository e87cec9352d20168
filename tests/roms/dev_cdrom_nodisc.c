/* The CD-ROM drive through the bus with no disc inserted (cdromdrive.md): registers, the INT
   flags and I_STAT.2, responses and error codes of commands that need no disc. */
#include "test.h"

#define CD_ADDR MMIO8(0x1f801800)
#define CD_REG1 MMIO8(0x1f801801)
#define CD_REG2 MMIO8(0x1f801802)
#define CD_REG3 MMIO8(0x1f801803)
#define I_STAT MMIO32(0x1f801070)
#define I_MASK MMIO32(0x1f801074)

static uint8_t response[16];
static int responseLength;

/* Waits for an INT, reads its type and response, acknowledges; returns the type (0: none). */
static int wait_int(void) {
    int type = 0;
    for (int i = 0; i < 2000000 && type == 0; ++i) {
        CD_ADDR = 1;
        type = CD_REG3 & 7;
    }
    responseLength = 0;
    while ((CD_ADDR & 0x20) && responseLength < 16)
        response[responseLength++] = CD_REG1;
    CD_ADDR = 1;
    CD_REG3 = 0x1f;
    CD_ADDR = 0;
    return type;
}

static void command(uint8_t cmd, const uint8_t* params, int count) {
    CD_ADDR = 0;
    for (int i = 0; i < count; ++i)
        CD_REG2 = params[i];
    CD_REG1 = cmd;
}

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

    command(0x01, 0, 0); /* Nop */
    check_eq("cdromdrive.md BUSYSTS: set until the command runs", CD_ADDR & 0x80, 0x80);
    int t = wait_int();
    check_eq("cdromdrive.md Nop: INT3", t, 3);
    check_eq("cdromdrive.md Nop: one stat byte", responseLength, 1);
    check_eq("cdromdrive.md Status code: no disc, motor off", response[0], 0x00);
    check_true("interrupts.md: the CD-ROM INT sets I_STAT.2", (I_STAT >> 2) & 1);
    I_STAT = ~(1u << 2);

    const uint8_t sub20[1] = {0x20};
    command(0x19, sub20, 1);
    t = wait_int();
    check_eq("cdromdrive.md Test 20h: INT3", t, 3);
    check_eq("cdromdrive.md Test 20h: four bytes", responseLength, 4);
    check_eq("cdromdrive.md Test 20h: version C2h", response[3], 0xc2);

    command(0x1a, 0, 0); /* GetID */
    t = wait_int();
    check_eq("cdromdrive.md GetID no disk: INT3 first", t, 3);
    t = wait_int();
    check_eq("cdromdrive.md GetID no disk: INT5 second", t, 5);
    check_eq("cdromdrive.md GetID no disk: stat 08h", response[0], 0x08);
    check_eq("cdromdrive.md GetID no disk: flags 40h", response[1], 0x40);

    const uint8_t loc[3] = {0x00, 0x02, 0x00};
    command(0x02, loc, 3); /* Setloc without a disc */
    t = wait_int();
    check_eq("cdromdrive.md Status code: Setloc without a disc is INT5", t, 5);
    check_eq("cdromdrive.md Status code: error 80h", response[1], 0x80);

    command(0x17, 0, 0);
    t = wait_int();
    check_eq("cdromdrive.md Command Summary: 17h is invalid (INT5)", t, 5);
    check_eq("cdromdrive.md Status code: error 40h", response[1], 0x40);

    command(0x01, loc, 1);
    t = wait_int();
    check_eq("cdromdrive.md Status code: Nop with a parameter is INT5", t, 5);
    check_eq("cdromdrive.md Status code: error 20h", response[1], 0x20);
    check_eq("cdromdrive.md Status code: stat has the error bit", response[0], 0x01);

    I_STAT = ~(1u << 2);
    I_MASK = oldMask;
    bios_exit_critical_section();
    return test_done();
}
