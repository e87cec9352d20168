/* Our test boot ROM (DESIGN.md §6, issue 13 item 7): boots a PlayStation disc the way a BIOS
   does, through the CD-ROM drive's registers only (cdromdrive.md), with no help from the
   emulator's HLE kernel:
     Init; GetID (the licence check: INT2 for a licensed disc or with a modchip, INT5 for an
     unlicensed or audio disc); Setmode 80h; Setloc + ReadN of sector 16, the ISO 9660
     primary volume descriptor ("\1CD001", root directory record at 9Ch); the root directory
     (cdromfileformats.md / ECMA-119 directory records); SYSTEM.CNF's BOOT line (PSX.EXE;1
     without one) and STACK; the PS-EXE header (pc0 at 10h, gp0 14h, t_addr 18h, t_size 1Ch,
     b_addr 28h, b_size 2Ch, s_addr 30h, s_size 34h) and its body read sector by sector to
     t_addr; then a jump to pc0 with SP and GP set.
   As a real BIOS, it first sets up its kernel (the exception and A0h/B0h/C0h vectors,
   rom_start.S) and then starts its "shell" at 80030000h (kernelbios.md: the intro/boot menu
   code runs there), which here is the disc boot above; so an emulator's fast boot, which
   takes over at 80030000h, skips exactly the drive work.
   Every step prints a "bootrom:" line on the DUART TTY (1F802023h); a failure prints why and
   stops (exit code 1 through the debug register 1F802082h). */
#include "cdrom_io.h"

extern void function_handler_a0(void);
extern void function_handler_b0(void);
extern void function_handler_c0(void);
extern void exception_handler(void);
extern void flush_icache(void);

#define SECTOR 2048
static uint8_t sector[SECTOR];
static uint8_t root[SECTOR * 4];

static void tty(const char* s) {
    while (*s)
        MMIO8(0x1f802023) = (uint8_t)*s++;
}
static void tty_hex(uint32_t v) {
    for (int i = 7; i >= 0; --i)
        MMIO8(0x1f802023) = (uint8_t) "0123456789ABCDEF"[(v >> (i * 4)) & 15];
}
static void fail(const char* why) {
    tty("bootrom: boot failed: ");
    tty(why);
    tty("\n");
    MMIO8(0x1f802082) = 1;
    for (;;) {
    }
}
static uint32_t le32(const uint8_t* p) {
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}
static int same(const uint8_t* a, const char* b, int n) {
    for (int i = 0; i < n; ++i)
        if (a[i] != (uint8_t)b[i]) return 0;
    return 1;
}
static char upper(char c) {
    return c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
}

/* A command and its first response; INT1s of a read still running are dropped. */
static int command(uint8_t cmd, const uint8_t* params, int count) {
    cd_command(cmd, params, count);
    for (;;) {
        int type = cd_wait_int();
        if (type != 1) return type;
    }
}
/* The second response of the command just acknowledged (INT2, or INT5). */
static int second(void) {
    for (;;) {
        int type = cd_wait_int();
        if (type != 1) return type;
    }
}

/* Reads `count` 800h-byte sectors from logical sector `lba` to `dst` (Setloc MSF = lba + 150
   in BCD; ReadN; per sector: INT1, BFRD, acknowledge, 800h bytes from RDDATA; then Pause). */
static void read_sectors(uint32_t lba, uint32_t count, uint8_t* dst) {
    const uint32_t msf = lba + 150;
    const uint8_t loc[3] = {cd_bcd(msf / 4500), cd_bcd(msf / 75 % 60), cd_bcd(msf % 75)};
    if (command(0x02, loc, 3) != 3) fail("Setloc");
    if (command(0x06, 0, 0) != 3) fail("ReadN");
    for (uint32_t s = 0; s < count; ++s) {
        int type = cd_poll_int(CD_POLL_LIMIT);
        if (type != 1) fail("no data (INT1) from ReadN");
        CD_ADDR = 0;
        CD_REG3 = 0x00; /* HCHPCTL BFRD off, then on: the sector goes to the data FIFO */
        CD_REG3 = 0x80;
        cd_ack();
        for (uint32_t i = 0; i < SECTOR; ++i)
            dst[s * SECTOR + i] = CD_REG2;
    }
    if (command(0x09, 0, 0) != 3 || second() != 2) fail("Pause");
}

/* The directory record of `name` (upper case, with ";1") in the root directory, or 0. */
static const uint8_t* find(const char* name, uint32_t rootSize) {
    uint32_t at = 0;
    while (at < rootSize) {
        const uint8_t* r = root + at;
        if (r[0] == 0) { /* records do not cross sectors: next sector */
            at = (at / SECTOR + 1) * SECTOR;
            continue;
        }
        const int len = r[32];
        int n = 0;
        while (name[n])
            ++n;
        if (len == n) {
            int ok = 1;
            for (int i = 0; i < n && ok; ++i)
                ok = upper((char)r[33 + i]) == name[i];
            if (ok) return r;
        }
        at += r[0];
    }
    return 0;
}

static uint32_t hexval(const char* s) {
    uint32_t v = 0;
    for (;; ++s) {
        char c = upper(*s);
        if (c >= '0' && c <= '9')
            v = v * 16 + (uint32_t)(c - '0');
        else if (c >= 'A' && c <= 'F')
            v = v * 16 + (uint32_t)(c - 'A' + 10);
        else if (c != ' ' && c != '\t')
            return v;
    }
}

/* "lui k0, hi; ori k0, k0, lo; jr k0; nop": kernel RAM cannot reach the ROM with a J. */
static void put_stub(uint32_t at, void (*target)(void)) {
    const uint32_t t = (uint32_t)target;
    MMIO32(at) = 0x3c1a0000 | (t >> 16);
    MMIO32(at + 4) = 0x375a0000 | (t & 0xffff);
    MMIO32(at + 8) = 0x03400008;
    MMIO32(at + 12) = 0;
}

static void boot_disc(void) __attribute__((noreturn));

void boot_main(void) __attribute__((noreturn));
void boot_main(void) {
    tty("bootrom: Skipjack test boot ROM\n");
    /* Memory control as a BIOS leaves it (memorycontrol.md, the "usually" values): bus delays,
       RAM_SIZE, and BCC 1E988h, which turns the instruction cache and the scratchpad on.
       Without BCC.IS1 every program this ROM boots would fetch each instruction from RAM. */
    static const uint32_t memctl[][2] = {
        {0x1f801000, 0x1f000000}, {0x1f801004, 0x1f802000}, {0x1f801008, 0x0013243f},
        {0x1f80100c, 0x00003022}, {0x1f801010, 0x0013243f}, {0x1f801014, 0x200931e1},
        {0x1f801018, 0x00020843}, {0x1f80101c, 0x00070777}, {0x1f801020, 0x00031125},
        {0x1f801060, 0x00000b88}, {0xfffe0130, 0x0001e988}};
    for (unsigned i = 0; i < sizeof memctl / sizeof memctl[0]; ++i)
        MMIO32(memctl[i][0]) = memctl[i][1];
    put_stub(0x80000080, exception_handler);
    put_stub(0x800000a0, function_handler_a0);
    put_stub(0x800000b0, function_handler_b0);
    put_stub(0x800000c0, function_handler_c0);
    put_stub(0x80030000, boot_disc); /* the shell */
    flush_icache();
    tty("bootrom: kernel ready, starting the shell at 80030000h\n");
    ((void (*)(void))0x80030000)();
    for (;;) {
    }
}

static void boot_disc(void) {
    CD_ADDR = 1;
    CD_REG2 = 0x1f; /* HINTMSK: every INT (polled: I_MASK stays 0) */
    CD_REG3 = 0x5f; /* acknowledge everything, clear the parameter FIFO */
    /* Init: INT3, then INT2 once the motor runs (after the spin-up at power-on). A drive that
       is still spinning up answers INT5 (80h "not ready"): retry. */
    for (int tries = 0;; ++tries) {
        if (tries == 20) fail("Init");
        int first = command(0x0a, 0, 0);
        if (first == 3 && second() == 2) break;
    }
    tty("bootrom: drive ready\n");
    /* GetID: a drive still spinning up or detecting the disc answers INT5 with error 80h "not
       ready" at once (cdromdrive.md "GetID": Spin-up / Detect busy), even after Init's INT2 on
       some drives: retry for a few seconds, as a BIOS does. */
    int first = 0;
    for (int tries = 0;; ++tries) {
        first = command(0x1a, 0, 0);
        if (first != 5 || cd_response_length < 2 || cd_response[1] != 0x80 || tries == 300) break;
        for (volatile int i = 0; i < 20000; ++i) {
        }
    }
    if (first != 3) fail("GetID");
    const int id = second();
    if (id != 2) fail("GetID: no licensed data disc (INT5)");
    tty("bootrom: licence ");
    for (int i = 4; i < 8 && i < cd_response_length; ++i)
        MMIO8(0x1f802023) = cd_response[i];
    tty("\n");
    const uint8_t mode = 0x80; /* double speed, 800h-byte sectors */
    if (command(0x0e, &mode, 1) != 3) fail("Setmode");

    read_sectors(16, 1, sector);
    if (sector[0] != 1 || !same(sector + 1, "CD001", 5)) fail("no ISO 9660 volume descriptor");
    const uint32_t rootLba = le32(sector + 156 + 2), rootSize = le32(sector + 156 + 10);
    const uint32_t rootSectors = (rootSize + SECTOR - 1) / SECTOR;
    if (rootSectors == 0 || rootSectors > 4) fail("root directory size");
    read_sectors(rootLba, rootSectors, root);
    tty("bootrom: root directory at sector ");
    tty_hex(rootLba);
    tty("\n");

    char boot[32] = "PSX.EXE;1";
    uint32_t stack = 0x801fff00;
    const uint8_t* cnf = find("SYSTEM.CNF;1", rootSize);
    if (cnf) {
        read_sectors(le32(cnf + 2), 1, sector);
        const uint32_t size = le32(cnf + 10) < SECTOR - 1 ? le32(cnf + 10) : SECTOR - 1;
        sector[size] = 0;
        const char* text = (const char*)sector;
        for (uint32_t i = 0; i < size; ++i) {
            const char* line = text + i;
            if ((i == 0 || text[i - 1] == '\n') && same((const uint8_t*)line, "BOOT", 4)) {
                /* BOOT = cdrom:\NAME;1 : the name after the last backslash (root only). */
                const char* p = line;
                while (*p && *p != '\r' && *p != '\n')
                    ++p;
                const char* end = p;
                while (p > line && p[-1] != '\\' && p[-1] != ':')
                    --p;
                int n = 0;
                while (p < end && *p != ' ' && n < 30)
                    boot[n++] = upper(*p++);
                boot[n] = 0;
            }
            if ((i == 0 || text[i - 1] == '\n') && same((const uint8_t*)line, "STACK", 5)) {
                const char* p = line + 5;
                while (*p == ' ' || *p == '=')
                    ++p;
                stack = hexval(p);
            }
        }
        int hasVersion = 0;
        for (int i = 0; boot[i]; ++i)
            hasVersion |= boot[i] == ';';
        if (!hasVersion) {
            int n = 0;
            while (boot[n])
                ++n;
            if (n < 29) boot[n] = ';', boot[n + 1] = '1', boot[n + 2] = 0;
        }
    }
    tty("bootrom: boot file ");
    tty(boot);
    tty("\n");
    const uint8_t* exe = find(boot, rootSize);
    if (!exe) fail("boot file not in the root directory");
    const uint32_t exeLba = le32(exe + 2);
    read_sectors(exeLba, 1, sector);
    if (!same(sector, "PS-X EXE", 8)) fail("not a PS-X EXE");
    const uint32_t pc = le32(sector + 0x10), gp = le32(sector + 0x14);
    const uint32_t tAddr = le32(sector + 0x18), tSize = le32(sector + 0x1c);
    const uint32_t bAddr = le32(sector + 0x28), bSize = le32(sector + 0x2c);
    const uint32_t sAddr = le32(sector + 0x30), sSize = le32(sector + 0x34);
    tty("bootrom: loading ");
    tty_hex(tSize);
    tty(" bytes at ");
    tty_hex(tAddr);
    tty(", entry ");
    tty_hex(pc);
    tty("\n");
    read_sectors(exeLba + 1, (tSize + SECTOR - 1) / SECTOR, (uint8_t*)tAddr);
    for (uint32_t i = 0; i < bSize; ++i)
        ((volatile uint8_t*)bAddr)[i] = 0;
    flush_icache(); /* the EXE was written by CPU stores */
    /* The stack: the EXE header's unless it is 0, else SYSTEM.CNF's STACK. */
    const uint32_t sp = sAddr ? sAddr + sSize : stack;
    tty("bootrom: starting the boot file\n");
    __asm__ volatile("move $gp, %0\n\tmove $sp, %1\n\tmove $fp, %1\n\tjr %2\n\tnop"
                     :
                     : "r"(gp), "r"(sp), "r"(pc)
                     : "memory");
    for (;;) {
    }
}

/* The compiler may call these for copies and clears (-ffreestanding still allows it). */
void* memcpy(void* dst, const void* src, size_t n) {
    uint8_t* d = dst;
    const uint8_t* s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}
void* memset(void* dst, int c, size_t n) {
    uint8_t* d = dst;
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}
