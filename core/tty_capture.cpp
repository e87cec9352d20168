// The console under a BIOS image (see tty_capture.h).
#include "core/tty_capture.h"

#include "core/bios_printf.h"
#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/host.h"

// Kernel notes this file relies on (kernelbios.md "BIOS Function Summary", "BIOS TTY
// Console"):
// - A function is called by jumping to A0h/B0h with its number in t1 (R9), arguments in
//   a0..a3 then [sp+10h]...
// - Console output: A(3Ch)/B(3Dh) putchar(char), A(3Eh)/B(3Fh) puts(src), A(3Fh)
//   printf(fmt, ...), A(03h)/B(35h) write(fd, src, len) and A(09h)/B(3Bh) putc(char, fd) with
//   fd 1 = std_out. The console device ends lines CR LF (as Host::consoleText promises).
// - puts(0) prints "<NULL>" (as the HLE kernel's puts).

namespace core {

namespace {
constexpr uint32_t kMaxString = 0x10000; // a runaway string stops here
}

void TtyCapture::onVector(void* self, uint32_t vector) {
    auto& t = *static_cast<TtyCapture*>(self);
    t.call(vector, t.cpu_.reg(mips::kT1));
}

uint8_t TtyCapture::peek8(uint32_t addr) const {
    uint32_t phys = addr & 0x1fffffff;
    if (phys < 0x00800000) return bus_.ram()[phys & (Bus::kRamSize - 1)];
    if (phys >= 0x1f800000 && phys < 0x1f800000 + Bus::kScratchSize)
        return bus_.scratchpad()[phys & (Bus::kScratchSize - 1)];
    if (phys >= 0x1fc00000 && phys < 0x1fc00000 + Bus::kBiosSize)
        return bus_.bios()[phys - 0x1fc00000];
    return 0;
}

uint32_t TtyCapture::peek32(uint32_t addr) const {
    addr &= ~3u;
    return uint32_t(peek8(addr)) | uint32_t(peek8(addr + 1)) << 8 |
           uint32_t(peek8(addr + 2)) << 16 | uint32_t(peek8(addr + 3)) << 24;
}

uint32_t TtyCapture::arg(unsigned n) const {
    if (n < 4) return cpu_.reg(mips::kA0 + n);
    return peek32(cpu_.reg(mips::kSp) + 4 * n);
}

void TtyCapture::put(char c) {
    if (!host_) return;
    if (c == '\n') host_->consoleText('\r');
    host_->consoleText(c);
}

void TtyCapture::putString(uint32_t addr) {
    if (addr == 0) {
        for (const char* s = "<NULL>"; *s; ++s)
            put(*s);
        return;
    }
    for (uint32_t i = 0; i < kMaxString; ++i) {
        uint8_t c = peek8(addr + i);
        if (c == 0) break;
        put(static_cast<char>(c));
    }
}

void TtyCapture::call(uint32_t vector, uint32_t function) {
    const bool a = vector == 0xa0;
    if ((a && function == 0x3c) || (!a && function == 0x3d)) { // putchar(char)
        put(static_cast<char>(arg(0)));
    } else if ((a && function == 0x3e) || (!a && function == 0x3f)) { // puts(src)
        putString(arg(0));
    } else if (a && function == 0x3f) { // printf(fmt, ...)
        unsigned next = 1;
        uint32_t count = 0;
        BiosPrintfIo io;
        // A format without its terminating zero stops after kMaxString characters.
        io.read8 = [&](uint32_t addr) { return ++count > kMaxString ? uint8_t(0) : peek8(addr); };
        io.nextArg = [&] { return arg(next++); };
        io.out = [this](char c) { put(c); };
        biosPrintf(arg(0), io); // %n stores nothing: the BIOS itself does that
    } else if ((a && function == 0x03) || (!a && function == 0x35)) { // write(fd, src, len)
        if (arg(0) != 1) return;
        uint32_t src = arg(1), len = arg(2);
        for (uint32_t i = 0; i < len && i < kMaxString; ++i)
            put(static_cast<char>(peek8(src + i)));
    } else if ((a && function == 0x09) || (!a && function == 0x3b)) { // putc(char, fd)
        if (arg(1) == 1) put(static_cast<char>(arg(0)));
    }
}

} // namespace core
