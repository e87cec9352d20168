/* Writes a frame counter to the memory card in port 1 every 8 frames, for the desktop app's
 * memory-card-rollback test. Sector 100h (block 2, frame 0) holds "SJMC", the counter
 * (32 bits, little-endian) and 120 bytes derived from it. At boot the counter continues from
 * what the card holds; before each write the program reads the sector back and checks that
 * the card holds the value it last wrote itself (its RAM copy): a savestate that brought back
 * RAM without the card (or the card without RAM) prints a MISMATCH line. The counter is shown
 * as 16 squares (white = bit set).
 *
 * Raw SIO0 (serialinterfacessio.md; controllersandmemorycards.md "Memory Card Read/Write
 * Commands"): /CS port 1, address 81h, then 'R' or 'W' and the sector; the card pulls /ACK
 * (IRQ7) after every byte but the last, the Read's 7th byte circa 31000 cycles late. Frames are
 * counted by polling the vblank IRQ (I_STAT.0) with interrupts off. */
#include "screen.h"

#define JOY_DATA MMIO8(0x1f801040)
#define JOY_STAT MMIO32(0x1f801044)
#define JOY_MODE MMIO16(0x1f801048)
#define JOY_CTRL MMIO16(0x1f80104a)
#define JOY_BAUD MMIO16(0x1f80104e)
#define I_STAT MMIO32(0x1f801070)

#define SECTOR 0x100u
#define PERIOD 8u

static uint32_t frame, counter, written;

static void show(uint32_t value) {
    for (uint32_t i = 0; i < 16; ++i)
        fill((value >> i) & 1 ? 0xf8f8f8 : 0x404040, 32 + 32 * (i % 8), 64 + 64 * (i / 8), 16, 32);
}

/* One byte exchange; returns the reply (got_ack: the device pulled /ACK). */
static int got_ack;
static uint8_t xfer(uint8_t b) {
    I_STAT = ~(1u << 7);
    JOY_CTRL = JOY_CTRL | 0x10; /* acknowledge SIO0_STAT.9 */
    JOY_DATA = b;
    int i;
    for (i = 0; i < 100000 && !(JOY_STAT & 2); ++i) {
    }
    uint8_t r = JOY_DATA;
    got_ack = 0;
    for (i = 0; i < 100000; ++i) /* the Read's late /ACK: ~31000 cycles */
        if (I_STAT & (1u << 7)) {
            got_ack = 1;
            break;
        }
    for (i = 0; i < 2000 && (JOY_STAT & 0x80); ++i) {
    }
    return r;
}

static void select_card(void) {
    JOY_CTRL = 0;      /* /CS high: the card ends any transfer */
    JOY_CTRL = 0x1003; /* TXEN, /CS port 1 */
}

/* Returns the end byte (47h = good) and fills data. */
static uint8_t read_sector(uint32_t sector, uint8_t* data) {
    select_card();
    xfer(0x81);
    xfer('R');
    xfer(0);
    xfer(0);
    xfer((uint8_t)(sector >> 8));
    xfer((uint8_t)sector);
    xfer(0); /* 5Ch */
    xfer(0); /* 5Dh */
    xfer(0); /* confirmed MSB */
    xfer(0); /* confirmed LSB */
    for (int i = 0; i < 128; ++i)
        data[i] = xfer(0);
    xfer(0); /* checksum */
    uint8_t end = xfer(0);
    JOY_CTRL = 0;
    return end;
}

static uint8_t write_sector(uint32_t sector, const uint8_t* data) {
    select_card();
    xfer(0x81);
    xfer('W');
    xfer(0);
    xfer(0);
    uint8_t msb = (uint8_t)(sector >> 8), lsb = (uint8_t)sector;
    xfer(msb);
    xfer(lsb);
    uint8_t sum = msb ^ lsb;
    for (int i = 0; i < 128; ++i) {
        xfer(data[i]);
        sum ^= data[i];
    }
    xfer(sum);
    xfer(0); /* 5Ch */
    xfer(0); /* 5Dh */
    uint8_t end = xfer(0);
    JOY_CTRL = 0;
    return end;
}

static int holds_counter(const uint8_t* d) {
    return d[0] == 'S' && d[1] == 'J' && d[2] == 'M' && d[3] == 'C';
}

static uint32_t counter_of(const uint8_t* d) {
    return (uint32_t)d[4] | ((uint32_t)d[5] << 8) | ((uint32_t)d[6] << 16) | ((uint32_t)d[7] << 24);
}

static void wait_vblank(void) {
    while (!(I_STAT & 1u)) {
    }
    I_STAT = ~1u;
    ++frame;
}

int main(void) {
    static uint8_t data[128];
    bios_enter_critical_section();
    screen_setup(0x102030);
    screen_on();

    JOY_CTRL = 0x40; /* reset */
    JOY_MODE = 0x000d;
    JOY_BAUD = 0x0088;
    I_STAT = ~1u;

    if (read_sector(SECTOR, data) != 0x47) {
        tprintf("memcard: no card in port 1\n");
        return 1;
    }
    counter = holds_counter(data) ? counter_of(data) : 0;
    written = counter;
    tprintf("memcard: boot, card counter %u\n", counter);
    show(counter);
    for (;;) {
        wait_vblank();
        if (frame % PERIOD != 0) continue;
        if (read_sector(SECTOR, data) != 0x47) {
            tprintf("memcard: read failed at frame %u\n", frame);
            continue;
        }
        const uint32_t onCard = holds_counter(data) ? counter_of(data) : 0;
        if (onCard != written)
            tprintf("memcard: MISMATCH at frame %u: wrote %u, card holds %u\n", frame, written,
                    onCard);
        ++counter;
        data[0] = 'S', data[1] = 'J', data[2] = 'M', data[3] = 'C';
        data[4] = (uint8_t)counter, data[5] = (uint8_t)(counter >> 8);
        data[6] = (uint8_t)(counter >> 16), data[7] = (uint8_t)(counter >> 24);
        for (uint32_t i = 8; i < 128; ++i)
            data[i] = (uint8_t)(counter * 7u + i);
        if (write_sector(SECTOR, data) != 0x47) {
            tprintf("memcard: write failed at frame %u\n", frame);
            continue;
        }
        written = counter;
        tprintf("memcard: frame %u wrote %u\n", frame, counter);
        show(counter);
    }
    return 0;
}
