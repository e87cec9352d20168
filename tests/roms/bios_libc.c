/* HLE/real BIOS A-functions (kernelbios.md): strings, memory, conversion, rand, heap,
   setjmp/longjmp, printf. Results follow the documented behaviour, bugs included. */
#include "bios_call.h"
#include "test.h"

BIOS_CALL_IMPL

static char buf[64], buf2[64];
static uint32_t jmp[12];
static uint8_t heap[4096];

int main(void) {
    test_begin("bios_libc");
    check_eq("A(1Bh) strlen counts up to the 00h byte", A(0x1b, P("hello")), 5);
    check_eq("A(1Bh) strlen(0) returns 0", A(0x1b, 0), 0);
    check_eq("A(17h) strcmp returns the difference at the first mismatch",
             A(0x17, P("help"), P("hello")), (uint32_t)('p' - 'l'));
    check_eq("A(17h) strcmp(0, s) returns -1", A(0x17, 0, P("x")), 0xffffffff);
    check_eq("A(18h) strncmp stops after maxlen", A(0x18, P("help"), P("hello"), 3), 0);
    check_eq("A(19h) strcpy returns dst", A(0x19, P(buf), P("abc")), P(buf));
    check_eq("A(15h) strcat appends", A(0x15, P(buf), P("def")), P(buf));
    check_eq("A(1Bh) strcat result length", A(0x1b, P(buf)), 6);
    check_eq("A(1Eh) strchr finds the first", A(0x1e, P(buf), 'c'), P(buf) + 2);
    check_eq("A(1Fh) strrchr with 00h finds the end", A(0x1f, P(buf), 0), P(buf) + 6);
    check_eq("A(24h) strstr does not fall back after a partial match", A(0x24, P("aaab"), P("aab")),
             0);
    check_eq("A(25h) toupper", A(0x25, 'q'), 'Q');
    check_eq("A(26h) tolower", A(0x26, 'Q'), 'q');
    check_eq("A(2Bh) memset returns dst", A(0x2b, P(buf2), 'x', 8), P(buf2));
    check_eq("A(2Bh) memset with len=0 returns 0", A(0x2b, P(buf2), 'x', 0), 0);
    check_eq("A(2Ah) memcpy returns dst", A(0x2a, P(buf2), P("12345"), 3), P(buf2));
    check_eq("A(2Ah) memcpy copied", (uint8_t)buf2[2], '3');
    check_eq("A(2Ah) memcpy stopped", (uint8_t)buf2[3], 'x');
    check_eq("A(2Dh) memcmp returns the difference AFTER the first mismatch",
             A(0x2d, P("abXe"), P("abYf"), 4), (uint32_t)('e' - 'f'));
    static const char num[] = "  -42z";
    uint32_t end = 0;
    check_eq("A(0Dh) strtol skips blanks, takes '-'", A(0x0d, P(num), P(&end), 10), (uint32_t)-42);
    check_eq("A(0Dh) strtol end pointer at the first non-digit", end, P(num) + 5);
    check_eq("A(0Dh) strtol 0x prefix overrides the base", A(0x0d, P("0x1F"), 0, 10), 31);
    check_eq("A(10h) atoi treats a leading 0 as octal", A(0x10, P("010")), 8);
    check_eq("A(0Eh) abs", A(0x0e, (uint32_t)-9), 9);
    A(0x30, 1);
    uint32_t x = 1u * 0x41c64e6du + 0x3039u;
    check_eq("A(2Fh) rand = (x*41C64E6Dh+3039h)>>16 & 7FFFh", A(0x2f, 0), (x >> 16) & 0x7fff);
    A(0x39, P(heap), sizeof heap);
    uint32_t m1 = A(0x33, 10), m2 = A(0x33, 16);
    check_true("A(33h) malloc returns word-aligned blocks in the heap",
               m1 && m2 && !(m1 & 3) && m1 >= P(heap) && m2 < P(heap) + sizeof heap);
    A(0x34, m1);
    check_eq("A(34h) free sets bit0 of [buf-4]", *(volatile uint32_t*)(m1 - 4) & 1, 1);
    check_eq("A(33h) malloc reuses a freed block", A(0x33, 8), m1);
    check_eq("A(33h) malloc fails beyond the heap", A(0x33, 8192), 0);
    volatile uint32_t pass = 0;
    uint32_t r = A(0x13, P(jmp));
    pass++;
    if (r == 0) A(0x14, P(jmp), 7);
    check_eq("A(14h) longjmp returns param at the setjmp call", r, 7);
    check_eq("A(13h) setjmp returned twice", pass, 2);
    A(0x3f, P("printf: %d %5x|%-3s|%c%%\n"), -5, 0xab, P("ok"), 'z');
    return test_done();
}
