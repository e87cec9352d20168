/* The CD-ROM drive's host registers (cdromdrive.md "CDROM Controller I/O Ports") and the
   polled command/response protocol the drive tests use: write the parameters and the command
   in bank 0, poll HINTSTS in bank 1 for the INT type, read the response, acknowledge. */
#ifndef SKIPJACK_CDROM_IO_H
#define SKIPJACK_CDROM_IO_H
#include "ps1.h"

#define CD_ADDR MMIO8(0x1f801800) /* HSTS (read) / ADDRESS (write, bank select) */
#define CD_REG1 MMIO8(0x1f801801) /* COMMAND (bank 0 write) / RESULT (read) */
#define CD_REG2 MMIO8(0x1f801802) /* PARAMETER / HINTMSK (bank 1 write) / RDDATA (read) */
#define CD_REG3 MMIO8(0x1f801803) /* HCHPCTL (bank 0) / HCLRCTL (bank 1) / HINTSTS (read) */
#define I_STAT MMIO32(0x1f801070)
#define I_MASK MMIO32(0x1f801074)

#define CD_HSTS_RSLRRDY 0x20
#define CD_HSTS_DRQSTS 0x40

static uint8_t cd_response[16];
static int cd_response_length;

/* Waits for an INT (polling HINTSTS; a limit of `tries` reads) and reads its response, without
   acknowledging it (an INT1's data is requested with BFRD before the acknowledge, "CDROM
   Incoming Data"); returns the INT type (0: none came). HINTSTS is read a second time once
   non-zero: the flags may be unstable on the first read ("Unstable IRQ Flag polling"). */
static inline int cd_poll_int(int tries) {
    int type = 0;
    CD_ADDR = 1;
    for (int i = 0; i < tries && type == 0; ++i)
        type = CD_REG3 & 7;
    if (type) type = CD_REG3 & 7;
    cd_response_length = 0;
    while ((CD_ADDR & CD_HSTS_RSLRRDY) && cd_response_length < 16)
        cd_response[cd_response_length++] = CD_REG1;
    return type;
}

/* HCLRCTL: acknowledges INT1-INT5, BFEMPT and BFWRDY; back to bank 0. */
static inline void cd_ack(void) {
    CD_ADDR = 1;
    CD_REG3 = 0x1f;
    CD_ADDR = 0;
}

/* Waits for an INT, reads its response, acknowledges it; returns the type (0: none). */
static inline int cd_wait_int_for(int tries) {
    const int type = cd_poll_int(tries);
    cd_ack();
    return type;
}

/* Polls long enough for the slowest response (a spin-up, about a second); the run's frame
   limit ends a program whose INT never comes. */
#define CD_POLL_LIMIT 40000000
static inline int cd_wait_int(void) {
    return cd_wait_int_for(CD_POLL_LIMIT);
}

/* Sends a command with its parameters (bank 0). */
static inline void cd_command(uint8_t cmd, const uint8_t* params, int count) {
    CD_ADDR = 0;
    for (int i = 0; i < count; ++i)
        CD_REG2 = params[i];
    CD_REG1 = cmd;
}

/* Binary to BCD, as the drive's MSF parameters take it ("Setloc": BCD). */
static inline uint8_t cd_bcd(uint32_t v) {
    return (uint8_t)(((v / 10) << 4) | (v % 10));
}

/* Enables and acknowledges every interrupt and clears the parameter FIFO, then takes what
   responses are still arriving (up to 16). */
static inline void cd_drain(void) {
    CD_ADDR = 1;
    CD_REG2 = 0x1f; /* HINTMSK: all */
    CD_REG3 = 0x5f; /* acknowledge everything, clear the parameter FIFO */
    for (int i = 0; i < 16 && cd_wait_int_for(200000) != 0; ++i) {
    }
}

/* A command whose single response is INT3; returns the INT type. */
static inline int cd_simple(uint8_t cmd, const uint8_t* params, int count) {
    cd_command(cmd, params, count);
    return cd_wait_int();
}

/* Setloc (02h) to logical sector `lba` (MSF = lba + 150, "Setloc": BCD, entire disc). */
static inline int cd_setloc(uint32_t lba) {
    const uint32_t a = lba + 150;
    const uint8_t loc[3] = {cd_bcd(a / 75 / 60), cd_bcd(a / 75 % 60), cd_bcd(a % 75)};
    return cd_simple(0x02, loc, 3);
}

#endif
