// A(nnh) functions of the HLE BIOS: the C library part of the kernel (kernelbios.md
// "BIOS Memory Fill/Copy/Compare", "String Functions", "Number/String/Character Conversion",
// "Memory Allocation", "TTY Console", "GPU Functions", "Misc Functions"). The documented bugs
// of the real functions (memcmp, memmove, strstr, strtok, strtol prefixes...) are kept:
// programs written against the real kernel depend on what it really does.
#include <cstdio>
#include <string>

#include "core/bios_printf.h"
#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/hle_bios.h"
#include "core/hle_bios_layout.h"

namespace core {

using namespace hle;
using namespace mips;

namespace {
constexpr uint32_t kRefuse = 0x7fffffff; // lengths above this are refused
constexpr uint32_t kGp0 = 0x1f801810, kGp1 = 0x1f801814;
constexpr uint32_t kD2Madr = 0x1f8010a0, kD2Bcr = 0x1f8010a4, kD2Chcr = 0x1f8010a8;
constexpr uint32_t kDpcr = 0x1f8010f0, kDicr = 0x1f8010f4;
bool isBlank(uint8_t c) {
    return (c >= 0x09 && c <= 0x0d) || c == 0x20;
}
int digitValue(uint8_t c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}
} // namespace

void HleBios::heapInit(uint32_t& start, uint32_t& end, uint32_t addr, uint32_t size) {
    start = (addr + 3) & ~3u;
    end = start + (size & ~3u);
    if (end - start >= 8) wr32(start, ((end - start - 4) & ~3u) | 1);
}

// Blocks: a header word (size, bit0 = free) in front of the data; free() sets bit0 of
// [buf-4] exactly as documented, adjacent free blocks merge while malloc walks the heap.
uint32_t HleBios::heapAlloc(uint32_t& start, uint32_t& end, uint32_t size) {
    size = (size + 3) & ~3u;
    if (size == 0) size = 4;
    uint32_t p = start;
    while (p >= start && p + 4 <= end) {
        uint32_t h = rd32(p);
        uint32_t bsize = h & ~3u;
        if (h & 1) {
            for (;;) {
                uint32_t q = p + 4 + bsize;
                if (q <= p || q + 4 > end) break;
                uint32_t hq = rd32(q);
                if (!(hq & 1)) break;
                bsize += 4 + (hq & ~3u);
            }
            if (p + 4 + bsize > end || p + 4 + bsize < p) bsize = end - p - 4;
            wr32(p, bsize | 1);
            if (bsize >= size) {
                if (bsize >= size + 8) {
                    wr32(p, size);
                    wr32(p + 4 + size, (bsize - size - 4) | 1);
                } else {
                    wr32(p, bsize);
                }
                return p + 4;
            }
        }
        uint32_t next = p + 4 + bsize;
        if (next <= p) break;
        p = next;
    }
    return 0;
}

uint32_t HleBios::strtolImpl(uint32_t src, uint32_t endDst, int base, bool sign, bool atoiMode) {
    if (src == 0) return 0;
    uint32_t p = src;
    while (isBlank(rd8(p)))
        ++p;
    bool neg = false;
    if (sign && rd8(p) == '-') {
        neg = true;
        ++p;
    }
    if (base < 2 || base > 36) base = 10;
    uint8_t c = rd8(p), c1 = rd8(p + 1);
    if (c == '0' && (c1 == 'x' || c1 == 'X')) {
        base = 16;
        p += 2;
    } else if (c == '0' && (c1 == 'b' || c1 == 'B')) {
        base = 2;
        p += 2;
    } else if (!atoiMode && (c == 'o' || c == 'O')) {
        base = 8;
        ++p;
    } else if (atoiMode && c == '0') {
        base = 8;
        ++p;
    }
    uint32_t result = 0;
    for (;;) {
        int d = digitValue(rd8(p));
        if (d >= base) break;
        result = result * static_cast<uint32_t>(base) + static_cast<uint32_t>(d);
        ++p;
    }
    if (endDst) wr32(endDst, p);
    return neg ? 0u - result : result;
}

// printf (kernelbios.md "A(3Fh) Printf"): the formatter is shared with the TTY capture
// under a BIOS image (core/bios_printf.h); %n stores the count through the bus.
void HleBios::printfImpl(uint32_t fmt, unsigned firstArg) {
    unsigned argi = firstArg;
    BiosPrintfIo io;
    io.read8 = [this](uint32_t a) { return rd8(a); };
    io.nextArg = [&] { return arg(argi++); };
    io.out = [this](char c) { tty(c); };
    io.storeCount = [this](uint32_t dst, uint32_t n, bool half) {
        if (half)
            wr16(dst, static_cast<uint16_t>(n));
        else
            wr32(dst, n);
    };
    biosPrintf(fmt, io);
}

bool HleBios::functionA(uint32_t n, uint32_t trapPc) {
    if (libcFunction(n) || fileFunctionA(n) || execFunctionA(n) || sortFunctionA(n)) return true;
    switch (n) {
    case 0x03: { // write(fd, src, length) to the console (fd 0/1); files: hle_bios_files.cpp
        if (arg(0) != 1) {
            warnOnce(0xa0, n, "write to the console input");
            ret(0xffffffff);
            return true;
        }
        uint32_t src = arg(1), len = arg(2);
        for (uint32_t i = 0; i < len; ++i)
            tty(static_cast<char>(rd8(src + i)));
        ret(len);
        return true;
    }
    case 0x05: // ioctl: "Used only for TTY"
        warnOnce(0xa0, n, "ioctl (TTY only)");
        ret(0xffffffff);
        return true;
    case 0x07: // isatty(fd)
        ret(arg(0) <= 1 ? 1 : 0);
        return true;
    case 0x09: // putc(char, fd)
        if (arg(1) == 1) tty(static_cast<char>(arg(0)));
        ret(arg(0));
        return true;
    case 0x06:
    case 0x3a: { // exit(code) / _exit(code): no shell to return to; end the run
        bus_.write(0x1f802082, arg(0) & 0xff, 1);
        state_.halted = 1;
        cpu_.setPc(HleBios::kSystemErrorLoop);
        return true;
    }
    case 0x3c: // putchar(char)
        tty(static_cast<char>(arg(0)));
        ret(arg(0));
        return true;
    case 0x3e: { // puts(src)
        uint32_t s = arg(0);
        if (s == 0) {
            ttyString("<NULL>");
        } else {
            for (uint32_t i = 0; i < 0x100000; ++i) {
                uint8_t ch = rd8(s + i);
                if (ch == 0) break;
                tty(static_cast<char>(ch));
            }
        }
        ret(1);
        return true;
    }
    case 0x3f: // printf(fmt, ...)
        printfImpl(arg(0), 1);
        ret(arg(0));
        return true;
    case 0x3b:   // getchar()
    case 0x3d: { // gets(dst)
        warnOnce(0xa0, n, "console input (there is none)");
        ret(0);
        return true;
    }
    case 0x44: // FlushCache (reached only through a stub call; the table holds MIPS code)
        ret(0);
        return true;
    case 0x45: // init_a0_b0_c0_vectors
        writeCallVectors();
        ret(0);
        return true;
    case 0x46: { // GPU_dw(Xdst, Ydst, Xsiz, Ysiz, src)
        if (!(bus_.read(kGp1, 4) & (1u << 26))) {
            cpu_.setPc(trapPc);
            return true;
        }
        uint32_t x = arg(0), y = arg(1), w = arg(2), h = arg(3), src = arg(4);
        bus_.write(kGp0, 0xa0000000, 4);
        bus_.write(kGp0, (y << 16) | (x & 0xffff), 4);
        bus_.write(kGp0, (h << 16) | (w & 0xffff), 4);
        uint32_t words = (w * h) / 2;
        for (uint32_t i = 0; i < words; ++i)
            bus_.write(kGp0, rd32(src + 4 * i), 4);
        ret(src + 4 * words);
        return true;
    }
    case 0x47:   // gpu_send_dma(Xdst, Ydst, Xsiz, Ysiz, src)
    case 0x49:   // GPU_cw(gp0cmd)
    case 0x4a:   // GPU_cwp(src, num)
    case 0x4b:   // send_gpu_linked_list(src)
    case 0x4e: { // gpu_sync()
        // gpu_sync: with DMA off wait for GPUSTAT.28; with DMA on wait for D2_CHCR.24 = 0,
        // then GPUSTAT.28, then GP1(04h) off. Waiting = retrying the call (IRQs go on).
        uint32_t stat = bus_.read(kGp1, 4);
        if (stat & 0x60000000) {
            if ((bus_.read(kD2Chcr, 4) & (1u << 24)) || !(stat & (1u << 28))) {
                cpu_.setPc(trapPc);
                return true;
            }
            bus_.write(kGp1, 0x04000000, 4);
        } else if (!(stat & (1u << 28))) {
            cpu_.setPc(trapPc);
            return true;
        }
        if (n == 0x47) {
            uint32_t words = arg(2) * arg(3) / 32;
            bus_.write(kGp0, 0xa0000000, 4);
            bus_.write(kGp1, 0x04000002, 4);
            bus_.write(kDpcr, bus_.read(kDpcr, 4) | 0x800, 4);
            bus_.write(kD2Madr, arg(4), 4);
            bus_.write(kD2Bcr, (words << 16) | 0x10, 4);
            bus_.write(kD2Chcr, 0x01000201, 4);
            ret(kGp0);
        } else if (n == 0x49) {
            bus_.write(kGp0, arg(0), 4);
            ret(0);
        } else if (n == 0x4a) {
            uint32_t src = arg(0), num = arg(1);
            for (uint32_t i = 0; i < num; ++i)
                bus_.write(kGp0, rd32(src + 4 * i), 4);
            ret(0);
        } else if (n == 0x4b) {
            bus_.write(kGp1, 0x04000002, 4);
            bus_.write(kDicr, 0, 4);
            bus_.write(kDpcr, bus_.read(kDpcr, 4) | 0x800, 4);
            bus_.write(kD2Madr, arg(0), 4);
            bus_.write(kD2Bcr, 0, 4);
            bus_.write(kD2Chcr, 0x01000401, 4);
            ret(0);
        } else {
            ret(0);
        }
        return true;
    }
    case 0x48: // SendGP1Command(gp1cmd): r2 unchanged
        bus_.write(kGp1, arg(0), 4);
        cpu_.setPc(cpu_.reg(kRa));
        return true;
    case 0x4c: // gpu_abort_dma()
        bus_.write(kD2Chcr, 0x401, 4);
        bus_.write(kGp1, 0x04000000, 4);
        bus_.write(kGp1, 0x02000000, 4);
        bus_.write(kGp1, 0x01000000, 4);
        ret(kGp1);
        return true;
    case 0x4d: // GetGPUStatus()
        ret(bus_.read(kGp1, 4));
        return true;
    case 0x54:
    case 0x55:
    case 0x56:
    case 0x70:
    case 0x71:
    case 0x72: // _96_init, _bu_init..
    case 0x57:
    case 0x58:
    case 0x59:
    case 0x5a:
    case 0x73:
    case 0x74:
    case 0x75:
    case 0x76:
    case 0x77:
    case 0x79:
    case 0x7a:
    case 0x7b:
    case 0x7d:
    case 0x7f:
    case 0x80:
    case 0x82:
    case 0x83:
    case 0x84:
    case 0x85:
    case 0x86:
    case 0x87:
    case 0x88:
    case 0x89:
    case 0x8a:
    case 0x8b:
    case 0x8c:
    case 0x8d:
    case 0x8e:
    case 0x8f:
    case 0xb0:
    case 0xb1:
    case 0xb3:
    case 0x96:
    case 0x97:
    case 0x98:
    case 0x99:
    case 0xa2:
    case 0xa3: ret(0); return true;
    case 0x9d: // GetConf(num_EvCB_dst, num_TCB_dst, stacktop_dst)
        wr32(arg(0), kNumEvCB);
        wr32(arg(1), kNumTCB);
        wr32(arg(2), 0x801fff00);
        cpu_.setPc(cpu_.reg(kRa));
        return true;
    case 0x9f: { // SetMem(megabytes)
        uint32_t mb = arg(0);
        if (mb == 2 || mb == 8) {
            uint32_t v = bus_.read(0x1f801060, 4);
            bus_.write(0x1f801060, (v & ~0x0e00u) | (mb == 8 ? 0x0a00 : 0x0800), 4);
            wr32(kKseg0 + 0x60, mb);
        }
        ret(0);
        return true;
    }
    case 0xb4: { // GetSystemInfo(index)
        static constexpr uint32_t kInfo[15] = {0x19951204, 3,     0xbfc00108, 0, 0, 2048, 0, 0x400,
                                               0,          0x200, 0,          0, 1, 1,    1};
        uint32_t i = arg(0);
        ret(i < 15 ? kInfo[i] : 0);
        return true;
    }
    case 0x40:
    case 0x4f:
    case 0x50:
    case 0x52:
    case 0x53:
    case 0x9a:
    case 0x9b:
    case 0xa1: systemError("SystemError A-function"); return true;
    case 0x0b:
    case 0x32: systemError("atof/strtod use the absent COP1"); return true;
    default:
        if (n >= 0xb5) {
            systemError("A-function beyond the table (jumps to 00000000h)");
            return true;
        }
        return false;
    }
}

// The pure memory/string/number functions.
bool HleBios::libcFunction(uint32_t n) {
    switch (n) {
    case 0x0a: { // todigit(char)
        int d = digitValue(static_cast<uint8_t>(arg(0)));
        ret(d < 36 ? static_cast<uint32_t>(d) : 0x0098967f);
        return true;
    }
    case 0x0c: // strtoul(src, src_end, base)
        ret(strtolImpl(arg(0), arg(1), static_cast<int>(arg(2)), false, false));
        return true;
    case 0x0d: // strtol(src, src_end, base)
        ret(strtolImpl(arg(0), arg(1), static_cast<int>(arg(2)), true, false));
        return true;
    case 0x0e:
    case 0x0f: { // abs / labs
        int32_t v = static_cast<int32_t>(arg(0));
        ret(v < 0 ? 0u - static_cast<uint32_t>(v) : static_cast<uint32_t>(v));
        return true;
    }
    case 0x10:
    case 0x11: // atoi / atol
        ret(strtolImpl(arg(0), 0, 10, true, true));
        return true;
    case 0x12: { // atob(src, num_dst): R2 = end address, [num_dst] = value
        uint32_t src = arg(0), dst = arg(1);
        uint32_t endAddr = src;
        uint32_t v = strtolImpl(src, 0, 10, true, false);
        if (src != 0) {
            // strtol again for its end pointer, without touching the caller's memory.
            uint32_t p = src;
            while (isBlank(rd8(p)))
                ++p;
            if (rd8(p) == '-') ++p;
            while (digitValue(rd8(p)) < 10)
                ++p;
            endAddr = p;
        }
        wr32(dst, v);
        ret(endAddr);
        return true;
    }
    case 0x13: { // setjmp(buf)
        uint32_t b = arg(0);
        wr32(b + 0x00, cpu_.reg(kRa));
        wr32(b + 0x04, cpu_.reg(kSp));
        wr32(b + 0x08, cpu_.reg(kFp));
        for (unsigned r = 0; r < 8; ++r)
            wr32(b + 0x0c + 4 * r, cpu_.reg(kS0 + r));
        wr32(b + 0x2c, cpu_.reg(kGp));
        ret(0);
        return true;
    }
    case 0x14: { // longjmp(buf, param): param is not clamped to 1
        uint32_t b = arg(0), v = arg(1);
        cpu_.setReg(kRa, rd32(b + 0x00));
        cpu_.setReg(kSp, rd32(b + 0x04));
        cpu_.setReg(kFp, rd32(b + 0x08));
        for (unsigned r = 0; r < 8; ++r)
            cpu_.setReg(kS0 + r, rd32(b + 0x0c + 4 * r));
        cpu_.setReg(kGp, rd32(b + 0x2c));
        ret(v);
        return true;
    }
    case 0x15:   // strcat(dst, src)
    case 0x16: { // strncat(dst, src, maxlen)
        uint32_t d = arg(0), s = arg(1);
        if (d == 0 || s == 0) {
            ret(0);
            return true;
        }
        uint32_t max = n == 0x16 ? arg(2) : 0xffffffff;
        uint32_t p = d;
        while (rd8(p))
            ++p;
        for (uint32_t i = 0;; ++i) {
            uint8_t ch = i < max ? rd8(s + i) : 0;
            wr8(p++, ch);
            if (ch == 0) break;
        }
        ret(d);
        return true;
    }
    case 0x17:   // strcmp(a, b)
    case 0x18: { // strncmp(a, b, maxlen)
        uint32_t a = arg(0), b = arg(1);
        if (a == 0 || b == 0) {
            ret(a == 0 && b == 0 ? 0 : a == 0 ? 0xffffffff : 1);
            return true;
        }
        uint32_t max = n == 0x18 ? arg(2) : 0xffffffff;
        for (uint32_t i = 0; i < max; ++i) {
            int8_t ca = static_cast<int8_t>(rd8(a + i)), cb = static_cast<int8_t>(rd8(b + i));
            if (ca != cb) {
                ret(static_cast<uint32_t>(ca - cb));
                return true;
            }
            if (ca == 0) break;
        }
        ret(0);
        return true;
    }
    case 0x19:   // strcpy(dst, src)
    case 0x1a: { // strncpy(dst, src, maxlen)
        uint32_t d = arg(0), s = arg(1);
        if (d == 0 || s == 0) {
            ret(0);
            return true;
        }
        if (n == 0x19) {
            for (uint32_t i = 0;; ++i) {
                uint8_t ch = rd8(s + i);
                wr8(d + i, ch);
                if (ch == 0) break;
            }
        } else {
            uint32_t max = arg(2);
            bool ended = false;
            for (uint32_t i = 0; i < max; ++i) {
                uint8_t ch = ended ? 0 : rd8(s + i);
                if (ch == 0) ended = true;
                wr8(d + i, ch);
            }
        }
        ret(d);
        return true;
    }
    case 0x1b: { // strlen(src)
        uint32_t s = arg(0), len = 0;
        if (s)
            while (rd8(s + len))
                ++len;
        ret(len);
        return true;
    }
    case 0x1c:
    case 0x1e: // index / strchr
    case 0x1d:
    case 0x1f: { // rindex / strrchr
        uint32_t s = arg(0);
        uint8_t c = static_cast<uint8_t>(arg(1));
        uint32_t found = 0;
        if (s) {
            for (uint32_t p = s;; ++p) {
                uint8_t ch = rd8(p);
                if (ch == c) {
                    found = p;
                    if (n == 0x1c || n == 0x1e) break;
                }
                if (ch == 0) break;
            }
        }
        ret(found);
        return true;
    }
    case 0x20: { // strpbrk(src, list): "none found" returns src unless src is empty (bug)
        uint32_t s = arg(0), l = arg(1);
        for (uint32_t p = s;; ++p) {
            uint8_t ch = rd8(p);
            if (ch == 0) break;
            for (uint32_t q = l; rd8(q); ++q)
                if (rd8(q) == ch) {
                    ret(p);
                    return true;
                }
        }
        ret(rd8(s) == 0 ? 0 : s);
        return true;
    }
    case 0x21:   // strspn(src, list)
    case 0x22: { // strcspn(src, list)
        uint32_t s = arg(0), l = arg(1), i = 0;
        for (;; ++i) {
            uint8_t ch = rd8(s + i);
            if (ch == 0) break;
            bool in = false;
            for (uint32_t q = l; rd8(q); ++q)
                if (rd8(q) == ch) in = true;
            if (in != (n == 0x21)) break;
        }
        ret(i);
        return true;
    }
    case 0x23: { // strtok(src, list)
        uint32_t s = arg(0), l = arg(1);
        uint32_t buf = kKseg0 + kStrtokBuf;
        if (s != 0) {
            uint32_t i = 0;
            for (; i < 0xff; ++i) {
                uint8_t ch = rd8(s + i);
                wr8(buf + i, ch);
                if (ch == 0) break;
            }
            wr8(buf + i, 0);
            state_.strtokNext = buf;
        }
        uint32_t p = state_.strtokNext;
        if (p == 0 || rd8(p) == 0) {
            ret(0);
            return true;
        }
        uint32_t start = p;
        auto inList = [&](uint8_t ch) {
            for (uint32_t q = l; rd8(q); ++q)
                if (rd8(q) == ch) return true;
            return false;
        };
        while (rd8(p) && !inList(rd8(p)))
            ++p;
        if (rd8(p)) {
            wr8(p++, 0);
            // Runs of separators are skipped only when the list has a single character.
            if (rd8(l) && !rd8(l + 1))
                while (rd8(p) == rd8(l))
                    ++p;
        }
        state_.strtokNext = p;
        ret(start);
        return true;
    }
    case 0x24: { // strstr(str, substr): after a failed partial match it goes on behind it
        uint32_t s = arg(0), sub = arg(1);
        for (uint32_t p = s; rd8(p);) {
            uint32_t q = p, t = sub;
            while (rd8(t) && rd8(q) == rd8(t)) {
                ++q;
                ++t;
            }
            if (rd8(t) == 0) {
                ret(p);
                return true;
            }
            p = q + 1;
        }
        ret(0);
        return true;
    }
    case 0x25:
    case 0x26: { // toupper / tolower
        uint32_t c = arg(0) & 0xff;
        if (n == 0x25 && c >= 'a' && c <= 'z') c -= 0x20;
        if (n == 0x26 && c >= 'A' && c <= 'Z') c += 0x20;
        ret(c);
        return true;
    }
    case 0x27:   // bcopy(src, dst, len)
    case 0x2a: { // memcpy(dst, src, len)
        uint32_t d = n == 0x2a ? arg(0) : arg(1), s = n == 0x2a ? arg(1) : arg(0), len = arg(2);
        uint32_t refuse = n == 0x2a ? d : s;
        if (refuse != 0 && len <= kRefuse)
            for (uint32_t i = 0; i < len; ++i)
                wr8(d + i, rd8(s + i));
        ret(refuse);
        return true;
    }
    case 0x28:   // bzero(dst, len)
    case 0x2b: { // memset(dst, fill, len)
        uint32_t d = arg(0), fill = n == 0x2b ? arg(1) : 0, len = n == 0x2b ? arg(2) : arg(1);
        if (d == 0 || len == 0 || len > kRefuse) {
            ret(0);
            return true;
        }
        for (uint32_t i = 0; i < len; ++i)
            wr8(d + i, static_cast<uint8_t>(fill));
        ret(d);
        return true;
    }
    case 0x2c: { // memmove(dst, src, len): backwards only when src<dst and dst>=src+len,
                 // and then copies len+1 bytes (bug)
        uint32_t d = arg(0), s = arg(1), len = arg(2);
        if (d != 0 && len <= kRefuse) {
            if (s < d && d >= s + len) {
                for (uint32_t i = len + 1; i-- > 0;)
                    wr8(d + i, rd8(s + i));
            } else {
                for (uint32_t i = 0; i < len; ++i)
                    wr8(d + i, rd8(s + i));
            }
        }
        ret(d);
        return true;
    }
    case 0x29:   // bcmp(a, b, len)
    case 0x2d: { // memcmp(a, b, len): returns the difference of the bytes AFTER the first
                 // mismatch (bug)
        uint32_t a = arg(0), b = arg(1), len = arg(2);
        if (a == 0 || b == 0) {
            ret(0);
            return true;
        }
        for (uint32_t i = 0; i < len; ++i)
            if (rd8(a + i) != rd8(b + i)) {
                ret(static_cast<uint32_t>(static_cast<int>(rd8(a + i + 1)) - rd8(b + i + 1)));
                return true;
            }
        ret(0);
        return true;
    }
    case 0x2e: { // memchr(src, byte, len)
        uint32_t s = arg(0), len = arg(2);
        uint8_t c = static_cast<uint8_t>(arg(1));
        if (s != 0 && len <= kRefuse)
            for (uint32_t i = 0; i < len; ++i)
                if (rd8(s + i) == c) {
                    ret(s + i);
                    return true;
                }
        ret(0);
        return true;
    }
    case 0x2f: // rand()
        state_.randSeed = state_.randSeed * 0x41c64e6d + 0x3039;
        ret((state_.randSeed >> 16) & 0x7fff);
        return true;
    case 0x30: // srand(seed)
        state_.randSeed = arg(0);
        ret(0);
        return true;
    case 0x33: // malloc(size)
        ret(heapAlloc(state_.heapStart, state_.heapEnd, arg(0)));
        return true;
    case 0x34: { // free(buf)
        uint32_t b = arg(0);
        wr32(b - 4, rd32(b - 4) | 1);
        cpu_.setPc(cpu_.reg(kRa));
        return true;
    }
    case 0x37: { // calloc(x, y)
        uint32_t size = arg(0) * arg(1);
        uint32_t p = heapAlloc(state_.heapStart, state_.heapEnd, size);
        if (p)
            for (uint32_t i = 0; i < size; ++i)
                wr8(p + i, 0);
        ret(p);
        return true;
    }
    case 0x38: { // realloc(old, size): copies `size` bytes from the old block (as documented)
        uint32_t old = arg(0), size = arg(1);
        if (old == 0) {
            ret(heapAlloc(state_.heapStart, state_.heapEnd, size));
            return true;
        }
        if (size == 0) {
            wr32(old - 4, rd32(old - 4) | 1);
            ret(0);
            return true;
        }
        uint32_t p = heapAlloc(state_.heapStart, state_.heapEnd, size);
        if (p) {
            for (uint32_t i = 0; i < size; ++i)
                wr8(p + i, rd8(old + i));
            wr32(old - 4, rd32(old - 4) | 1);
        }
        ret(p);
        return true;
    }
    case 0x39: // InitHeap(addr, size)
        heapInit(state_.heapStart, state_.heapEnd, arg(0), arg(1));
        ret(0);
        return true;
    default: return false;
    }
}

} // namespace core
