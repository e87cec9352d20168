#include "sys.h"

#include "hw.h"

static uint32_t g_vblanks, g_last_wait;
static uint32_t g_next_tick = 60;
static uint32_t g_tick;

void sys_init(void) {
    I_MASK = 0;
    I_STAT = 0; /* writing 0 acknowledges every pending source */
}

int sys_poll_vblank(void) {
    if (!(I_STAT & IRQ_VBLANK)) return 0;
    I_STAT = ~IRQ_VBLANK;
    ++g_vblanks;
    return 1;
}

unsigned sys_wait_vblank(void) {
    /* Vblanks counted since the last wait (while the frame's work polled, e.g. in the GPU
       waits) end this wait at once, so a frame that overran a little loses one vblank, not
       two. */
    sys_poll_vblank();
    while (g_vblanks == g_last_wait)
        sys_poll_vblank();
    unsigned passed = g_vblanks - g_last_wait;
    g_last_wait = g_vblanks;
    return passed;
}

uint32_t sys_vblanks(void) {
    return g_vblanks;
}

int sys_tick_due(void) {
    return g_vblanks >= g_next_tick;
}

int sys_tick(uint32_t checksum, const char* extra) {
    if (g_vblanks < g_next_tick) return 0;
    g_next_tick += 60;
    ++g_tick;
    tprintf("tick %u checksum %08X", g_tick, checksum);
    if (extra) tprintf(" %s", extra);
    tprintf("\n");
    return 1;
}

char* fmt_uint(char* d, uint32_t v, int width) {
    char tmp[10];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (width-- > n)
        *d++ = '0';
    while (n)
        *d++ = tmp[--n];
    *d = 0;
    return d;
}

char* fmt_hex(char* d, uint32_t v) {
    for (int i = 7; i >= 0; --i)
        *d++ = "0123456789ABCDEF"[(v >> (i * 4)) & 15];
    *d = 0;
    return d;
}

char* fmt_str(char* d, const char* s) {
    while (*s)
        *d++ = *s++;
    *d = 0;
    return d;
}
