// The HLE BIOS's entry points: traps from the CPU, the A0h/B0h/C0h dispatch, the console and
// the memory helpers every part uses. The other parts: hle_bios_kernel.cpp (the kernel image
// in RAM), hle_bios_exceptions.cpp (exceptions, events and the frame machine),
// hle_bios_functions.cpp (B and C functions), hle_bios_libc.cpp (A functions) and
// hle_bios_files.cpp (the cdrom: file functions).
#include "core/hle_bios.h"

#include <cstdio>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/hle_bios_layout.h"
#include "core/host.h"

// Hardware/kernel notes this file relies on (kernelbios.md unless named):
// - Functions are called by jumping to A0h/B0h/C0h with the number in t1 (R9); arguments in
//   a0..a3 then [sp+10h]..; result in v0; RA is the return address.
// - C(80h..17Fh) mirror B(00h..FFh); the tables can be patched, so a call goes through the
//   table and only our own stubs run natively.

namespace core {

using namespace hle;
using namespace mips;

// ---------------------------------------------------------------------------------------------
// Memory helpers

uint32_t HleBios::rd32(uint32_t a) {
    return bus_.read(a & ~3u, 4);
}
uint16_t HleBios::rd16(uint32_t a) {
    return static_cast<uint16_t>(bus_.read(a & ~1u, 2));
}
uint8_t HleBios::rd8(uint32_t a) {
    return static_cast<uint8_t>(bus_.read(a, 1));
}
void HleBios::wr32(uint32_t a, uint32_t v) {
    bus_.write(a & ~3u, v, 4);
}
void HleBios::wr16(uint32_t a, uint16_t v) {
    bus_.write(a & ~1u, v, 2);
}
void HleBios::wr8(uint32_t a, uint8_t v) {
    bus_.write(a, v, 1);
}
uint32_t HleBios::arg(unsigned n) {
    if (n < 4) return cpu_.reg(kA0 + n);
    return rd32(cpu_.reg(kSp) + 4 * n);
}
void HleBios::ret(uint32_t v) {
    cpu_.setReg(kV0, v);
    cpu_.setPc(cpu_.reg(kRa));
}

// The console device (std_out): TAB pads to the next multiple of 8, LF becomes CR LF.
void HleBios::tty(char c) {
    auto out = [this](char ch) {
        if (host_) host_->consoleText(ch);
    };
    if (c == '\t') {
        do {
            out(' ');
            ++state_.ttyColumn;
        } while (state_.ttyColumn & 7);
        return;
    }
    if (c == '\n') {
        out('\r');
        out('\n');
        state_.ttyColumn = 0;
        return;
    }
    out(c);
    if (c == '\r')
        state_.ttyColumn = 0;
    else if (c == '\b') {
        if (state_.ttyColumn) --state_.ttyColumn;
    } else
        ++state_.ttyColumn;
}
void HleBios::ttyString(const char* s) {
    while (*s)
        tty(*s++);
}

void HleBios::warnOnce(uint32_t table, uint32_t number, const char* what) {
    uint32_t t = table == 0xa0 ? 0 : table == 0xb0 ? 1 : 2;
    uint32_t n = number & 0xff;
    if (state_.warned[t][n >> 5] & (1u << (n & 31))) return;
    state_.warned[t][n >> 5] |= 1u << (n & 31);
    char buf[96];
    std::snprintf(buf, sizeof buf, "[HLE BIOS] %X(%02Xh) %s: not implemented, returns 0\n",
                  table >> 4, n, what);
    ttyString(buf);
}

void HleBios::systemError(const char* why) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "[HLE BIOS] SystemError: %s (pc=%08X ra=%08X)\n", why, cpu_.pc(),
                  cpu_.reg(kRa));
    ttyString(buf);
    state_.halted = 1;
    state_.depth = 0;
    cpu_.setPc(HleBios::kSystemErrorLoop);
}

// ---------------------------------------------------------------------------------------------
// Traps

bool HleBios::trap(uint32_t pc, uint32_t instruction) {
    if (mips::Instruction{instruction}.op() != kTrapOpcode) return false;
    uint32_t code = instruction & 0x03ffffff;
    if (code < kCodeFnC + 0x80) {
        runFunction(code < kCodeFnB ? 0xa0 : code < kCodeFnC ? 0xb0 : 0xc0, code & 0xff, pc);
    } else if (code >= kCodeDispatch && code <= kCodeDispatch + 2) {
        dispatch(0xa0 + 0x10 * (code - kCodeDispatch), pc);
    } else if (code == kCodeExcSave) {
        exceptionEntry();
    } else if (code == kCodeExcDispatch) {
        exceptionDispatch();
    } else if (code == kCodeRestore) {
        restoreFinish();
    } else if (code == kCodeReturn) {
        if (state_.depth == 0) {
            systemError("kernel return trampoline reached with no kernel call pending");
        } else {
            lastResult_ = cpu_.reg(kV0);
            run();
        }
    } else if (code == kCodeExecReturn) {
        execReturn();
    } else if (code == kCodeBoot) {
        systemError("jump to the reset vector BFC00000h (reboot) under the HLE BIOS");
    } else if (code >= kCodeBuiltin && code < kCodeBuiltin + kBiN) {
        ret(0); // the kernel runs its handlers natively; called as a function they do nothing
    } else {
        return false;
    }
    bus_.takeBusError();
    return true;
}

void HleBios::callFunction(uint32_t table, uint32_t number) {
    cpu_.setReg(kT1, number);
    dispatch(table, kKseg0 + table);
}

// A0h/B0h/C0h: jump through the (patchable) table; our own entries run natively.
void HleBios::dispatch(uint32_t table, uint32_t trapPc) {
    uint32_t n = cpu_.reg(kT1);
    uint32_t count = table == 0xa0 ? 0xc0 : table == 0xb0 ? 0x100 : 0x80;
    if (table == 0xc0 && n >= 0x80 && n < 0x180) { // C(80h..) mirrors B(00h..)
        table = 0xb0;
        n -= 0x80;
        count = 0x100;
    }
    if (n >= count) {
        warnOnce(table, n, "number beyond the table");
        ret(0);
        return;
    }
    uint32_t base = table == 0xa0 ? kTableA : table == 0xb0 ? kTableB : kTableC;
    uint32_t stub = table == 0xa0 ? kStubA : table == 0xb0 ? kStubB : kStubC;
    uint32_t target = rd32(kKseg0 + base + 4 * n);
    if (phys(target) == stub + 4 * n)
        runFunction(table, n, trapPc);
    else
        cpu_.setPc(target);
}

void HleBios::runFunction(uint32_t table, uint32_t n, uint32_t trapPc) {
    bool known = table == 0xa0   ? functionA(n, trapPc)
                 : table == 0xb0 ? functionB(n, trapPc)
                                 : functionC(n, trapPc);
    if (!known) {
        warnOnce(table, n, "");
        ret(0);
    }
}

// ---------------------------------------------------------------------------------------------

void HleBios::serialize(savestate::StateIO& io) {
    // Version 2: named fields; version 1 stored the packed State (472 bytes).
    // Version 3: qsort/lsearch/bsearch in progress ("sort.*").
    uint32_t version = io.beginSection("hlebios", 3);
    io.record(state_, version, 2, 472, [&] {
        for (uint32_t i = 0; i < State::kMaxFrames; ++i) {
            Frame& f = state_.frames[i];
            io.field("frame.kind", i, f.kind);
            io.field("frame.phase", i, f.phase);
            io.field("frame.a", i, f.a);
            io.field("frame.b", i, f.b);
            io.field("frame.c", i, f.c);
            io.field("frame.d", i, f.d);
        }
        io.field("depth", state_.depth);
        io.field("heapStart", state_.heapStart);
        io.field("heapEnd", state_.heapEnd);
        io.field("kheapStart", state_.kheapStart);
        io.field("kheapEnd", state_.kheapEnd);
        io.field("randSeed", state_.randSeed);
        io.field("ttyColumn", state_.ttyColumn);
        io.field("exitStruct", state_.exitStruct);
        io.field("padBuf", state_.padBuf);
        io.field("padSize", state_.padSize);
        io.field("padEnable", state_.padEnable);
        io.field("padClear", state_.padClear);
        io.field("padButtonDest", state_.padButtonDest);
        io.field("rcntClear", state_.rcntClear);
        io.field("irqAutoAck", state_.irqAutoAck);
        io.field("strtokNext", state_.strtokNext);
        io.field("warned", state_.warned);
        io.field("halted", state_.halted);
        for (uint32_t i = 0; i < State::kMaxFiles; ++i) {
            File& f = state_.files[i];
            io.field("file.mode", i, f.mode);
            io.field("file.pos", i, f.pos);
            io.field("file.error", i, f.error);
            io.field("file.size", i, f.size);
            io.field("file.lba", i, f.lba);
        }
        io.field("fileErrno", state_.fileErrno);
        io.field("searchDirLba", state_.searchDirLba);
        io.field("searchDirSize", state_.searchDirSize);
        io.field("searchNext", state_.searchNext);
        io.field("searchName", state_.searchName);
        io.field("cdPath", state_.cdPath);
        Sort& q = state_.sort;
        io.field("sort.kind", q.kind);
        io.field("sort.phase", q.phase);
        io.field("sort.a", q.a);
        io.field("sort.l", q.l);
        io.field("sort.i", q.i);
        io.field("sort.j", q.j);
        io.field("sort.lp", q.lp);
        io.field("sort.hp", q.hp);
        io.field("sort.width", q.width);
        io.field("sort.cmp", q.cmp);
        io.field("sort.key", q.key);
        io.field("sort.ra", q.ra);
        io.field("sort.depth", q.depth);
        io.field("sort.stackA", q.stackA);
        io.field("sort.stackL", q.stackL);
    });
    io.endSection();
}

} // namespace core
