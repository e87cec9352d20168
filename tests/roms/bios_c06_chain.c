/* A program's own exception vector that passes control back to the kernel through the C(06h)
   entry (kernelbios.md "C(06h) - ExceptionHandler": "Reading the C(06h) entry can be used to
   let a custom 80000080h handler pass control back to the default handler (that, by a
   "direct" jump ...)"; "B(56h) GetC0Table"). Our vector counts exceptions in k0/k1 only and
   jumps to the C(06h) address; the kernel then handles them as usual: SYSCALL(01h/02h)
   Enter/ExitCriticalSection, and a BREAK through a patched A(40h) that skips it. */
#include "bios_call.h"
#include "test.h"

BIOS_CALL_IMPL

volatile uint32_t g_seen, g_c06, g_breaks;

static uint32_t peek(uint32_t a) {
    uint32_t v;
    __asm__ volatile("lw %0, 0(%1)\n nop" : "=r"(v) : "r"(a));
    return v;
}
static void poke(uint32_t a, uint32_t v) {
    __asm__ volatile("sw %0, 0(%1)" : : "r"(v), "r"(a) : "memory");
}

/* The vector's target: count, then jump to what C(06h) holds (k0/k1 only). */
void chain_handler(void);
__asm__(".set push\n.set noreorder\n.set noat\n"
        ".global chain_handler\nchain_handler:\n"
        " lui $k0, %hi(g_seen)\n lw $k1, %lo(g_seen)($k0)\n nop\n addiu $k1, $k1, 1\n"
        " sw $k1, %lo(g_seen)($k0)\n"
        " lui $k0, %hi(g_c06)\n lw $k0, %lo(g_c06)($k0)\n nop\n jr $k0\n nop\n"
        ".set pop\n");

static void on_unresolved(void) {
    uint32_t tcb = peek(peek(0x108));
    poke(tcb + 0x88, peek(tcb + 0x88) + 4); /* skip the BREAK */
    ++g_breaks;
    B(0x17, 0); /* ReturnFromException */
}

int main(void) {
    test_begin("bios_c06_chain");
    uint32_t c0 = B(0x56, 0); /* GetC0Table */
    g_c06 = peek(c0 + 4 * 6);
    check_true("C(06h) holds a kernel address", g_c06 >= 0x80000000 && g_c06 < 0x80010000);
    uint32_t old[4];
    for (int i = 0; i < 4; ++i)
        old[i] = peek(0x80 + 4 * i);
    bios_enter_critical_section();
    uint32_t h = (uint32_t)chain_handler;
    /* lui k0, hi / addiu k0, k0, lo / jr k0 / nop */
    poke(0x80, 0x3c1a0000 | ((h + 0x8000) >> 16));
    poke(0x84, 0x275a0000 | (h & 0xffff));
    poke(0x88, 0x03400008);
    poke(0x8c, 0);
    bios_flush_cache();
    uint32_t a40 = peek(0x200 + 4 * 0x40);
    poke(0x200 + 4 * 0x40, (uint32_t)on_unresolved);

    g_seen = 0;
    check_eq("SYSCALL(01h) through our vector: EnterCriticalSection returns 0 (already in one)",
             bios_enter_critical_section(), 0);
    check_eq("our vector saw the SYSCALL", g_seen, 1);
    bios_exit_critical_section();
    check_eq("SYSCALL(02h) went through it too", g_seen, 2);
    check_eq("EnterCriticalSection after ExitCriticalSection returns 1",
             bios_enter_critical_section(), 1);
    check_eq("third exception through our vector", g_seen, 3);
    __asm__ volatile("break 7");
    check_eq("a BREAK through our vector reaches the patched A(40h) and continues", g_breaks, 1);
    check_eq("... after passing our vector", g_seen, 4);

    poke(0x200 + 4 * 0x40, a40);
    for (int i = 0; i < 4; ++i)
        poke(0x80 + 4 * i, old[i]);
    bios_flush_cache();
    return test_done();
}
