#include "sys.h"

#include "hw.h"

static uint32_t g_vblanks;
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
    uint32_t before = g_vblanks;
    /* A vblank that already happened during the frame's work still ends this wait, so a frame
       that overran by a little loses one vblank, not two. */
    if (!sys_poll_vblank())
        while (!sys_poll_vblank()) {
        }
    return g_vblanks - before;
}

uint32_t sys_vblanks(void) {
    return g_vblanks;
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
