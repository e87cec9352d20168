/* A disc change as a game sees it (cdromdrive.md "Status code", "Getstat", "INT5"): run as
   disc 1 of a two-disc .m3u with `skipjack-cli run --disc-swap-at N`, by polling the drive's
   registers. Reads the volume id of the disc in the drive (ISO 9660 PVD, sector 16, bytes
   28h..47h), then polls Getstat: the lid opening gives INT5 with error 08h ("Drive door
   became opened") and stat.4 ShellOpen; while it is open Getstat keeps stat.4; after it closes
   the motor spins up (stat.1) and the first Getstat still shows stat.4 (the latch), the next
   one not. Then the new disc's volume id must be the other disc's. */
#include "cdrom_io.h"
#include "test.h"

static uint8_t sector[2048];

static int skip_int1(void) {
    int t;
    do
        t = cd_wait_int();
    while (t == 1);
    return t;
}
static int simple(uint8_t cmd, const uint8_t* params, int count) {
    cd_command(cmd, params, count);
    return skip_int1();
}
static int read_pvd(void) {
    const uint32_t a = 16 + 150;
    const uint8_t loc[3] = {cd_bcd(a / 75 / 60), cd_bcd(a / 75 % 60), cd_bcd(a % 75)};
    if (simple(0x02, loc, 3) != 3 || simple(0x06, 0, 0) != 3) return 0;
    const int type = cd_poll_int(CD_POLL_LIMIT);
    const int ok = type == 1;
    if (!ok) tprintf("ReadN: INT%d %02x %02x\n", type, cd_response[0], cd_response[1]);
    CD_ADDR = 0;
    CD_REG3 = 0x80; /* BFRD */
    cd_ack();
    for (int i = 0; i < 2048; ++i)
        sector[i] = CD_REG2;
    cd_command(0x09, 0, 0); /* Pause: INT3, then INT2 */
    if (skip_int1() == 3) skip_int1();
    return ok && sector[0] == 1;
}
static void print_volume(char* out) {
    int n = 0;
    for (int i = 40; i < 72 && sector[i] != ' '; ++i)
        out[n++] = (char)sector[i];
    out[n] = 0;
    tprintf("volume %s\n", out);
}
static int getstat(void) {
    cd_command(0x01, 0, 0);
    int t = cd_wait_int();
    return t == 3 ? cd_response[0] : -t;
}

int main(void) {
    test_begin("disc_swap");
    bios_enter_critical_section(); /* polled: no kernel IRQ handler takes the drive's INTs */
    CD_ADDR = 1;
    CD_REG2 = 0x1f;
    CD_REG3 = 0x5f;
    for (int i = 0; i < 16 && cd_wait_int_for(200000) != 0; ++i) {
    }
    check_eq("Init: INT3", simple(0x0a, 0, 0), 3);
    skip_int1();
    const uint8_t mode = 0x00; /* Init leaves mode 20h (924h sectors): back to 800h */
    check_eq("Setmode: INT3", simple(0x0e, &mode, 1), 3);
    char first[40], second[40];
    check_true("ReadN of the PVD from disc 1", read_pvd());
    print_volume(first);

    /* The lid opens: INT5(stat|01h, 08h) arrives by itself; Getstat shows ShellOpen. */
    int door = 0, open = 0;
    for (int i = 0; i < 4000 && !open; ++i) {
        const int t = cd_poll_int(200000);
        if (t == 5 && cd_response_length >= 2) door = cd_response[1];
        cd_ack();
        if (t == 0 || t == 5) {
            const int s = getstat();
            if (s >= 0 && (s & 0x10)) open = 1;
        }
    }
    check_true("stat.4 ShellOpen once the lid opened", open);
    check_eq("INT5 error 08h: drive door became opened", door, 0x08);
    /* Closed again: the motor spins up; the latch shows on one more Getstat only. */
    int s = 0;
    for (int i = 0; i < 100000; ++i) {
        s = getstat();
        if (s >= 0 && (s & 0x02)) break;
    }
    check_true("the motor spins up after the lid closed", s >= 0 && (s & 0x02));
    s = getstat();
    check_eq("ShellOpen clears after a Getstat with the lid closed", s & 0x10, 0);
    check_true("ReadN of the PVD from disc 2", read_pvd());
    print_volume(second);
    int same = 1;
    for (int i = 0; same && (first[i] || second[i]); ++i)
        same = first[i] == second[i];
    check_true("the second disc is another disc", !same && second[0] != 0);
    bios_exit_critical_section();
    return test_done();
}
