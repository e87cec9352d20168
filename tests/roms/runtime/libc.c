#include <stdarg.h>

#include "ps1.h"
#include "test.h"

void* memset(void* d, int c, size_t n) {
    uint8_t* p = d;
    while (n--) *p++ = (uint8_t)c;
    return d;
}

void* memcpy(void* d, const void* s, size_t n) {
    uint8_t* p = d;
    const uint8_t* q = s;
    while (n--) *p++ = *q++;
    return d;
}

static void put_number(uint32_t v, unsigned base, int width, char pad, int upper, int negative) {
    char buf[12];
    int n = 0;
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        buf[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (negative) {
        if (pad == '0') bios_putchar('-');
        width--;
    }
    while (width-- > n) bios_putchar(pad);
    if (negative && pad != '0') bios_putchar('-');
    while (n) bios_putchar(buf[--n]);
}

void tprintf(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; ++fmt) {
        if (*fmt != '%') {
            bios_putchar(*fmt);
            continue;
        }
        ++fmt;
        char pad = ' ';
        int width = 0;
        if (*fmt == '0') pad = '0', ++fmt;
        while (*fmt >= '0' && *fmt <= '9') width = width * 10 + (*fmt++ - '0');
        switch (*fmt) {
        case 'd': {
            int v = va_arg(ap, int);
            put_number(v < 0 ? (uint32_t)-v : (uint32_t)v, 10, width, pad, 0, v < 0);
            break;
        }
        case 'u': put_number(va_arg(ap, uint32_t), 10, width, pad, 0, 0); break;
        case 'x': put_number(va_arg(ap, uint32_t), 16, width, pad, 0, 0); break;
        case 'X': put_number(va_arg(ap, uint32_t), 16, width, pad, 1, 0); break;
        case 'c': bios_putchar(va_arg(ap, int)); break;
        case 's': {
            const char* s = va_arg(ap, const char*);
            while (*s) bios_putchar(*s++);
            break;
        }
        case '%': bios_putchar('%'); break;
        default: return;
        }
    }
    va_end(ap);
}

static const char* g_program;
static uint32_t g_passed, g_failed;

void test_begin(const char* program) {
    g_program = program;
    g_passed = g_failed = 0;
}

void check_eq(const char* rule, uint32_t got, uint32_t expected) {
    if (got == expected) {
        ++g_passed;
        return;
    }
    ++g_failed;
    tprintf("FAIL %s: got %08X, expected %08X\n", rule, got, expected);
}

void check_true(const char* rule, int cond) { check_eq(rule, cond ? 1 : 0, 1); }

int test_done(void) {
    tprintf("%s: %u passed, %u failed\n", g_program, g_passed, g_failed);
    return g_failed ? 1 : 0;
}
