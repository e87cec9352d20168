/* What a program prints through the BIOS console functions (kernelbios.md "BIOS Function
   Summary": A(3Ch) putchar, A(3Eh) puts, A(3Fh) printf, A(03h) write, A(09h) putc and their
   B-table twins B(3Dh), B(3Fh), B(35h), B(3Bh), fd 1 = std_out), one line per function. Under
   the HLE BIOS the kernel prints it (ctest romdisc.bios_tty_lines); booted by our test boot ROM,
   whose A0h/B0h vectors only return, the text reaches --tty only through skipjack-cli's
   capture of the calls (romdisc_bootrom.bios_tty), which must print each line once. */
#include "bios_call.h"
#include "test.h"

BIOS_CALL_IMPL

static const char line_write[] = "tty: write A03\n";
static const char line_write_b[] = "tty: write B35\n";

int main(void) {
    test_begin("bios_tty");
    int calls = 0;
    /* fd 0 is not std_out: nothing of this line may appear (first, so that what the HLE
       kernel says about it does not come between the lines below). */
    A(0x03, P(0), P("tty: never\n"), P(11));
    ++calls;
    /* putchar, one character at a time. */
    const char* s = "tty: putchar A3C\n";
    while (*s)
        A(0x3c, P(*s++));
    ++calls;
    s = "tty: putchar B3D\n";
    while (*s)
        B(0x3d, P(*s++));
    ++calls;
    A(0x3e, P("tty: puts A3E\n"));
    ++calls;
    B(0x3f, P("tty: puts B3F\n"));
    ++calls;
    /* Arguments past a3 come from the caller's stack ([sp+10h]...). */
    A(0x3f, P("tty: printf %d %x %s %c%c %05u\n"), P(-42), P(0xbeef), P("str"), P('o'), P('k'),
      P(77));
    ++calls;
    A(0x03, P(1), P(line_write), P(sizeof line_write - 1));
    ++calls;
    B(0x35, P(1), P(line_write_b), P(sizeof line_write_b - 1));
    ++calls;
    s = "tty: putc A09\n";
    while (*s)
        A(0x09, P(*s++), P(1));
    ++calls;
    /* Execution continues after every call (the vectors return to RA). */
    check_eq("every console call returns to its caller", calls, 9);
    return test_done();
}
