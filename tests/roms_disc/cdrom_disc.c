/* The CD-ROM drive reading the disc this program booted from (cdromdrive.md), driven through
   its registers by polling: Init, the TOC (GetTN, GetTD), Setloc + SeekL, ReadN with data
   through RDDATA and DMA3, the sector rate, Pause, GetlocL and GetlocP, and a file found
   through the ISO 9660 root directory (cdromfileformats.md / ECMA-119).
   The disc (tests/roms_disc/CMakeLists.txt) is skipjack-mkdisc's layout: track 1 holds the
   ISO image as Mode 2 Form 1 sectors from 00:02:00, then two audio tracks; its lead-out is
   at N + 600 sectors (N = the ISO's volume space size; see expected_leadout). */
#include "cdrom_io.h"
#include "test.h"

#define DPCR MMIO32(0x1f8010f0)
#define D3_MADR MMIO32(0x1f8010b0)
#define D3_BCR MMIO32(0x1f8010b4)
#define D3_CHCR MMIO32(0x1f8010b8)
#define T2_COUNT MMIO32(0x1f801120)
#define T2_MODE MMIO32(0x1f801124)

#define CMD_NOP 0x01
#define CMD_SETLOC 0x02
#define CMD_READN 0x06
#define CMD_PAUSE 0x09
#define CMD_INIT 0x0a
#define CMD_SETMODE 0x0e
#define CMD_GETLOCL 0x10
#define CMD_GETLOCP 0x11
#define CMD_GETTN 0x13
#define CMD_GETTD 0x14
#define CMD_SEEKL 0x15

static uint8_t pvd[2048];
static uint8_t sector2[2048];
static uint8_t dir[2048];
static uint8_t file[2048];
static uint32_t dma_buf[512];

static uint32_t le32(const uint8_t* p) {
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* BFRD (HCHPCTL bit 7), then waits for DRQSTS ("RDDATA": set BFRD, wait until DRQSTS). */
static int request_data(void) {
    CD_ADDR = 0;
    CD_REG3 = 0x80;
    for (int i = 0; i < 100000; ++i)
        if (CD_ADDR & CD_HSTS_DRQSTS) return 1;
    return 0;
}

static void read_rddata(uint8_t* out, int n) {
    for (int i = 0; i < n; ++i)
        out[i] = CD_REG2;
}

/* Waits for the INT a command's second response brings, skipping the INT1s of sectors that
   were already on their way when Pause was sent (delivered before the command's INTs). */
static int wait_skip_int1(void) {
    int t;
    do
        t = cd_wait_int();
    while (t == 1);
    return t;
}

static void pause_drive(void) {
    cd_command(CMD_PAUSE, 0, 0);
    if (wait_skip_int1() == 3) wait_skip_int1();
}

/* Reads one 800h-byte sector through RDDATA: Setloc, ReadN, INT3, INT1, BFRD, Pause. */
static int read_sector(uint32_t lba, uint8_t* out) {
    if (cd_setloc(lba) != 3) return 0;
    if (cd_simple(CMD_READN, 0, 0) != 3) return 0;
    int ok = cd_poll_int(CD_POLL_LIMIT) == 1 && request_data();
    cd_ack();
    if (ok) read_rddata(out, 2048);
    pause_drive();
    return ok;
}

static int same(const uint8_t* a, const uint8_t* b, int n) {
    for (int i = 0; i < n; ++i)
        if (a[i] != b[i]) return 0;
    return 1;
}

/* MSF of the lead-out from skipjack-mkdisc's layout: track 1 (N sectors from 00:02:00), track
   2 (2 s of stored INDEX 00 pregap + 2 s of tone), track 3 (1 s PREGAP + 1 s of tone). */
static uint32_t expected_leadout(uint32_t isoSectors) {
    return 150 + isoSectors + 450;
}

int main(void) {
    test_begin("cdrom_disc");
    bios_enter_critical_section();
    const uint32_t oldMask = I_MASK;
    I_MASK = 0;
    /* What the drive may still have queued from the boot (the loader's reads); a drive still
       reading keeps sending INT1s, which Init then stops. */
    cd_drain();

    /* Init: INT3 then INT2; mode becomes 20h and the motor spins. */
    cd_command(CMD_INIT, 0, 0);
    check_eq("cdromdrive.md Init: INT3 first", wait_skip_int1(), 3);
    check_eq("cdromdrive.md Init: INT2 second", wait_skip_int1(), 2);
    check_eq("cdromdrive.md Nop: INT3", cd_simple(CMD_NOP, 0, 0), 3);
    check_eq("cdromdrive.md Status code: bit1 motor on after Init", cd_response[0] & 0x02, 0x02);
    check_eq("cdromdrive.md Stat Seek/Play/Read bits: none after Init", cd_response[0] & 0xe0, 0);
    const uint8_t mode0[1] = {0x00};
    check_eq("cdromdrive.md Setmode: INT3", cd_simple(CMD_SETMODE, mode0, 1), 3);

    /* TOC. */
    check_eq("cdromdrive.md GetTN: INT3", cd_simple(CMD_GETTN, 0, 0), 3);
    check_eq("cdromdrive.md GetTN: stat,first,last", cd_response_length, 3);
    check_eq("cdromdrive.md GetTN: first track 01h (BCD)", cd_response[1], 0x01);
    check_eq("cdromdrive.md GetTN: last track 03h (BCD)", cd_response[2], 0x03);
    const uint8_t track1[1] = {0x01}, track0[1] = {0x00};
    check_eq("cdromdrive.md GetTD: INT3", cd_simple(CMD_GETTD, track1, 1), 3);
    check_eq("cdromdrive.md GetTD: stat,mm,ss", cd_response_length, 3);
    check_eq("cdromdrive.md GetTD: track 1 starts at 00:02 (mm, BCD)", cd_response[1], 0x00);
    check_eq("cdromdrive.md GetTD: track 1 starts at 00:02 (ss, BCD)", cd_response[2], 0x02);
    check_eq("cdromdrive.md GetTD 00h: INT3", cd_simple(CMD_GETTD, track0, 1), 3);
    const uint8_t leadMm = cd_response[1], leadSs = cd_response[2];

    /* Setloc 00:02:16 (the primary volume descriptor, sector 16) and SeekL. */
    const uint8_t loc[3] = {0x00, 0x02, 0x16};
    check_eq("cdromdrive.md Setloc: INT3", cd_simple(CMD_SETLOC, loc, 3), 3);
    cd_command(CMD_SEEKL, 0, 0);
    check_eq("cdromdrive.md SeekL: INT3 first", cd_wait_int(), 3);
    check_eq("cdromdrive.md SeekL: INT2 second", cd_wait_int(), 2);
    check_eq("cdromdrive.md SeekL: paused after the seek (no seek/read bit)", cd_response[0] & 0xe0,
             0);

    /* ReadN: INT3, then INT1 per sector. Timer 2 at SystemClock/8 times the second INT1. */
    check_eq("cdromdrive.md Setloc: INT3 (again, for ReadN)", cd_simple(CMD_SETLOC, loc, 3), 3);
    cd_command(CMD_READN, 0, 0);
    check_eq("cdromdrive.md ReadN: INT3 first", cd_wait_int(), 3);
    check_eq("cdromdrive.md ReadN: INT1 with the sector", cd_poll_int(CD_POLL_LIMIT), 1);
    T2_MODE = 0x200; /* System Clock/8, free run; the write resets the counter */
    check_true("cdromdrive.md RDDATA: DRQSTS after BFRD", request_data());
    cd_ack();
    check_eq("cdromdrive.md Stat Seek/Play/Read bits: INT1's stat has Read (bit5) alone",
             cd_response[0] & 0xe0, 0x20);
    read_rddata(pvd, 2048);
    check_eq("cdromdrive.md RDDATA: 800h bytes, then DRQSTS clears", CD_ADDR & CD_HSTS_DRQSTS, 0);
    check_true("cdromfileformats.md: sector 16 is the primary volume descriptor (01h,\"CD001\")",
               same(pvd,
                    (const uint8_t*)"\x01"
                                    "CD001\x01",
                    7));
    check_eq("cdromdrive.md ReadN: INT1 for the next sector", cd_poll_int(CD_POLL_LIMIT), 1);
    const uint32_t ticks = T2_COUNT & 0xffff;
    /* 75 sectors per second at single speed: SystemClock * 930h / 4 / 44100 = 451584 clocks
       ("INT1 Rate"), 56448 at /8; 3% covers the polling. */
    check_true("cdromdrive.md INT1 Rate: the next sector 1/75 s later",
               ticks > 54754 && ticks < 58142);
    if (!(ticks > 54754 && ticks < 58142)) tprintf("  ticks %u (expected 56448)\n", ticks);
    check_true("cdromdrive.md RDDATA: DRQSTS after BFRD (second sector)", request_data());
    cd_ack();
    read_rddata(sector2, 2048);
    check_true("cdromfileformats.md: sector 17 is a volume descriptor (\"CD001\")",
               same(sector2 + 1, (const uint8_t*)"CD001", 5));

    /* Pause: INT3 (still reading), INT2 (read bit cleared). */
    cd_command(CMD_PAUSE, 0, 0);
    int t = wait_skip_int1();
    check_eq("cdromdrive.md Pause: INT3 first", t, 3);
    check_eq("cdromdrive.md Pause: the first response still has Read (bit5)", cd_response[0] & 0x20,
             0x20);
    t = wait_skip_int1();
    check_eq("cdromdrive.md Pause: INT2 second", t, 2);
    check_eq("cdromdrive.md Pause: the second response has Read (bit5) cleared",
             cd_response[0] & 0xe0, 0);

    /* GetlocL: header (amm,ass,asect,mode) and subheader of the newest sector. */
    check_eq("cdromdrive.md GetlocL: INT3", cd_simple(CMD_GETLOCL, 0, 0), 3);
    check_eq("cdromdrive.md GetlocL: eight bytes", cd_response_length, 8);
    check_eq("cdromdrive.md GetlocL: amm 00h", cd_response[0], 0x00);
    check_eq("cdromdrive.md GetlocL: ass 02h", cd_response[1], 0x02);
    /* Paused, the head stays near the sectors read (SeekL: N-8..N), so 16h or later. */
    check_true("cdromdrive.md GetlocL: asect 16h or later (where reading began), BCD",
               cd_response[2] >= 0x16 && cd_response[2] < 0x75 && (cd_response[2] & 0xf) < 10);
    check_eq("cdromdrive.md GetlocL: mode 02h (Mode 2 sectors)", cd_response[3], 0x02);
    check_eq("cdromdrive.md GetlocL: submode 08h (data, as written)", cd_response[6], 0x08);

    /* GetlocP: Subchannel Q position, track 01 index 01, times in and across the track. */
    check_eq("cdromdrive.md GetlocP: INT3", cd_simple(CMD_GETLOCP, 0, 0), 3);
    check_eq("cdromdrive.md GetlocP: eight bytes", cd_response_length, 8);
    check_eq("cdromdrive.md GetlocP: track 01h", cd_response[0], 0x01);
    check_eq("cdromdrive.md GetlocP: index 01h", cd_response[1], 0x01);
    check_eq("cdromdrive.md GetlocP: mm:ss in track 1 is 00:00", cd_response[2] | cd_response[3],
             0);
    check_eq("cdromdrive.md GetlocP: amm:ass on the disc is 00:02",
             (cd_response[5] << 8) | cd_response[6], 0x0002);
    check_eq("cdromdrive.md GetlocP: sect = asect (track 1 starts at 00:02:00)", cd_response[4],
             cd_response[7]);

    /* GetTD 00h: the end of the last track, rounded down to seconds. */
    const uint32_t leadout = expected_leadout(le32(pvd + 80));
    check_eq("cdromdrive.md GetTD: 00h gives the lead-out (mm, BCD)", leadMm,
             cd_bcd(leadout / 75 / 60));
    check_eq("cdromdrive.md GetTD: 00h gives the lead-out (ss, BCD, rounded down)", leadSs,
             cd_bcd(leadout / 75 % 60));

    /* DMA3 of sector 16 (a new ReadN after Setloc) equals the RDDATA bytes. */
    check_eq("cdromdrive.md Setloc: INT3 (for DMA)", cd_simple(CMD_SETLOC, loc, 3), 3);
    cd_command(CMD_READN, 0, 0);
    check_eq("cdromdrive.md ReadN: INT3 (for DMA)", cd_wait_int(), 3);
    check_eq("cdromdrive.md ReadN: INT1 (for DMA)", cd_poll_int(CD_POLL_LIMIT), 1);
    check_true("cdromdrive.md RDDATA: DRQSTS after BFRD (for DMA)", request_data());
    cd_ack();
    memset(dma_buf, 0, sizeof dma_buf);
    DPCR |= 0x8000; /* DMA3 master enable (dmachannels.md DPCR bit 15) */
    D3_MADR = (uint32_t)dma_buf & 0x1ffffc;
    D3_BCR = 0x00010200;  /* one block of 200h words */
    D3_CHCR = 0x11000000; /* to RAM, SyncMode 0, start */
    int spins = 0;
    while ((D3_CHCR & 0x01000000) && spins < 1000000)
        ++spins;
    check_eq("dmachannels.md D_CHCR: bit24 clears when the transfer completes",
             D3_CHCR & 0x01000000, 0);
    check_true("cdromdrive.md RDDATA: DMA3 delivers the same 800h bytes as RDDATA",
               same((const uint8_t*)dma_buf, pvd, 2048));
    pause_drive();

    /* SYSTEM.CNF through the root directory record (PVD offset 156; extent at +2). */
    const uint32_t rootLba = le32(pvd + 156 + 2);
    check_true("cdromdrive.md ReadN: the root directory sector", read_sector(rootLba, dir));
    uint32_t cnfLba = 0;
    for (uint32_t off = 0; off < 2048 && dir[off] != 0; off += dir[off]) {
        const uint8_t* rec = dir + off;
        if (rec[32] >= 10 && same(rec + 33, (const uint8_t*)"SYSTEM.CNF", 10))
            cnfLba = le32(rec + 2);
    }
    check_true("cdromfileformats.md: the root directory lists SYSTEM.CNF", cnfLba != 0);
    check_true("cdromdrive.md ReadN: the SYSTEM.CNF sector", read_sector(cnfLba, file));
    check_true("cdromfileformats.md: SYSTEM.CNF names this program",
               same(file, (const uint8_t*)"BOOT = cdrom:\\PSXTEST.EXE;1", 27));

    I_STAT = ~(1u << 2);
    I_MASK = oldMask;
    bios_exit_critical_section();
    return test_done();
}
