/* A GunCon in port 1 and a mouse in port 2, read through the SIO0 registers once per frame
 * just after vblank begins (controllersandmemorycards.md "Lightguns - Namco (GunCon)",
 * "Controllers - Mouse"), each change printed to the console for the desktop app's host-mouse
 * test (qt_app_pointer):
 *   gun BUTTONS X Y       (hex: halfword 1 active low, 8 MHz clocks since HSYNC, lines since
 *                          VSYNC)
 *   mouse SUMX SUMY BUTTONS  (decimal sums of every motion read so far; hex halfword 1)
 * The display is screen.h's 320x240 NTSC at X1=260h, Y1=10h: the gun aimed at picture line
 * Y reads 10h + Y. */
#include "screen.h"

#define JOY_DATA MMIO8(0x1f801040)
#define JOY_STAT MMIO32(0x1f801044)
#define JOY_MODE MMIO16(0x1f801048)
#define JOY_CTRL MMIO16(0x1f80104a)
#define JOY_BAUD MMIO16(0x1f80104e)
#define I_STAT MMIO32(0x1f801070)

static uint8_t exchange(uint8_t b) {
    I_STAT = ~(1u << 7);
    JOY_CTRL = JOY_CTRL | 0x10; /* acknowledge */
    JOY_DATA = b;
    int i;
    for (i = 0; i < 10000 && !(JOY_STAT & 2); ++i) {
    }
    const uint8_t r = JOY_DATA;
    for (i = 0; i < 2000 && !(I_STAT & (1u << 7)); ++i) {
    }
    return r;
}

/* 01h 42h 00h... on `port` (JOY_CTRL bit 13 selects port 2). */
static void read_port(int port, uint8_t* out, int n) {
    int i;
    JOY_CTRL = port ? 0x3003 : 0x1003;
    for (i = 0; i < n; ++i)
        out[i] = exchange(i == 0 ? 0x01 : i == 1 ? 0x42 : 0x00);
    JOY_CTRL = 0;
    for (i = 0; i < 200; ++i) {
    }
}

int main(void) {
    screen_setup(0x808080);
    screen_on();
    bios_enter_critical_section();
    JOY_CTRL = 0x40;
    JOY_MODE = 0x000d;
    JOY_BAUD = 0x0088;
    uint32_t gun = 0xffffffffu, gunX = 0, gunY = 0, mouseButtons = 0xffffffffu;
    int sumX = 0, sumY = 0;
    for (;;) {
        I_STAT = ~1u;
        while (!(I_STAT & 1)) {
        }
        uint8_t g[9], m[7];
        read_port(0, g, 9);
        read_port(1, m, 7);
        const uint32_t buttons = g[3] | (uint32_t)g[4] << 8;
        const uint32_t x = g[5] | (uint32_t)g[6] << 8, y = g[7] | (uint32_t)g[8] << 8;
        if (g[1] == 0x63 && (buttons != gun || x != gunX || y != gunY)) {
            gun = buttons;
            gunX = x;
            gunY = y;
            tprintf("gun %04x %04x %04x\n", buttons, x, y);
        }
        if (m[1] == 0x12 && (m[4] != mouseButtons || m[5] || m[6])) {
            sumX += (int8_t)m[5];
            sumY += (int8_t)m[6];
            mouseButtons = m[4];
            tprintf("mouse %d %d %02x\n", sumX, sumY, m[4]);
        }
    }
}
