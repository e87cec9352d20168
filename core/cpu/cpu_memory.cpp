// Instruction fetch through the i-cache and the data accesses the fast path leaves alone
// (memorymap.md "i-Cache", memorycontrol.md "FFFE0130h - BCC", cpuspecifications.md).
//
// Hardware notes the code relies on:
// - The i-cache: 256 direct-mapped lines of 4 words, line index = address bits 11-4, tag =
//   physical address bits 31-12 plus a valid bit per word. Only KUSEG and KSEG0 fetches use it,
//   and only while BCC.IS1 (bit 11) is set. A miss fills from the missed word to the end of
//   the line (only words 0-1 when IBLKSZ=0 and the miss is at word 0); a miss on an invalid
//   word of a line whose tag matches refills all four words; valid bits accumulate. Stores
//   never update the cache (stale code runs until a flush).
// - Refill timing (approximate; the reference has no burst figure): the first word costs
//   what a RAM load costs (7 cycles), each further word of the burst one more cycle. An
//   uncached (KSEG1) fetch costs a full bus read per instruction.
// - SR.IsC sends loads and stores to the cache instead of memory: with BCC.TAG stores write
//   the tag of the addressed line, tag = (data AND 0Fh) OR (address AND FFFFF000h), and loads
//   return the valid bits, bit 4 = tag match, the rest the code word; with BCC.IS1 alone they
//   access the code words. SR.CM (bit 19) records whether an isolated load hit.
// - The scratchpad is not executable (bus error on fetch). KUSEG above 512 MB faults with a
//   bus error; user mode (SR.KUc) faults with an address error on any address >= 80000000h.
// - Misaligned LH/LHU/LW -> AdEL, SH/SW -> AdES, misaligned PC -> AdEL at fetch; BadVaddr
//   holds the address. Bus errors raise DBE/IBE and leave BadVaddr alone.
// - COP0 breakpoints ("COP0 - Debug Registers"): ((PC XOR BPC) AND BPCM) = 0 on fetch,
//   ((addr XOR BDA) AND BDAM) = 0 on data accesses, when DCIC.DE and the matching enable bits
//   (PCE; DAE with DR/DW) are set and KD/UD allows the current mode; a hit sets DCIC.DB plus
//   PC or DA and R/W, and with DCIC.TR raises Bp (ExcCode 09h) at the debug vector 80000040h
//   before the instruction or the access happens (EPC = the instruction, BD as usual). Where
//   psx-spx is silent the peers' rules are used: a data breakpoint is checked before the
//   alignment/user-mode checks, LWL/LWR compare their own (unaligned) address, SWL/SWR the
//   aligned word's. While no breakpoint can match (refreshModes) none of this costs anything:
//   only then do fetches and data accesses leave the fast paths. Not modelled: trace breaks
//   (DCIC.TE/T, no reference detail) and jump redirection (bits 12-13).
#include <cstring>

#include "core/bus.h"
#include "core/cpu/cpu.h"

namespace core {

// The instruction layer's names: cop0::kSr, exc::kOvf, sr::kBEV, cause::kBD, ...
using namespace mips;

namespace {
constexpr uint32_t kRamLoadCycles = 7;
} // namespace

// One code word for a fetch or a refill; false on a bus error.
static bool readCodeWord(Bus& bus, uint32_t ramWindow, uint32_t ramMask, uint32_t phys,
                         uint32_t vaddr, uint32_t& word, uint32_t& cycles) {
    if (phys < ramWindow) {
        uint32_t off = phys & ramMask;
        if (bus.pages().flags(off >> Bus::kPageShift) & PageFlag::kAnyRead)
            bus.pages().touched(off >> Bus::kPageShift, false);
        std::memcpy(&word, bus.ram() + off, 4);
        cycles = kRamLoadCycles;
        return true;
    }
    if (phys == 0xffffffff || (phys >= 0x1f800000 && phys < 0x1f800400)) {
        return false;
    }
    word = bus.read(vaddr, 4);
    cycles = bus.lastAccessCycles();
    return !bus.takeBusError();
}

bool Cpu::fetchSlow(uint32_t pc, uint32_t& instr) {
    State& s = st_;
    if (debugArmed_ && pcBreakpoint(pc)) return false;
    bool user = (s.cop0[cop0::kSr] & sr::kKUc) != 0;
    if ((pc & 3) || (user && (pc & 0x80000000))) {
        addressError(exc::kAdEL, pc);
        return false;
    }
    uint32_t seg = pc >> 29;
    uint32_t phys = Bus::physical(pc);
    bool cached =
        (seg == 0 || seg == 4) && (bus_.state().cacheControl & kBccIs1) && phys != 0xffffffff;
    if (cached) {
        uint32_t line = (pc >> 4) & 0xff, w = (pc >> 2) & 3;
        uint32_t tag = s.icacheTag[line];
        if ((tag & 0xfffff000) == (phys & 0xfffff000) && ((tag >> w) & 1)) {
            instr = s.icacheData[(pc >> 2) & 0x3ff];
            return true;
        }
        return icacheFill(pc, phys, instr);
    }
    uint32_t cycles;
    if (*now_ < s.busReadyAt) *now_ = s.busReadyAt; // the bus is still busy with a load
    if (!readCodeWord(bus_, ramWindow_, ramMask_, phys, pc, instr, cycles)) {
        exception(exc::kIBE);
        return false;
    }
    *now_ += cycles - 1;
    return true;
}

bool Cpu::icacheFill(uint32_t pc, uint32_t phys, uint32_t& instr) {
    State& s = st_;
    uint32_t line = (pc >> 4) & 0xff, w = (pc >> 2) & 3;
    uint32_t tag = s.icacheTag[line];
    uint32_t iblksz = (bus_.state().cacheControl >> 8) & 3;
    bool tagMatch = (tag & 0xfffff000) == (phys & 0xfffff000);
    unsigned first = tagMatch ? 0 : w;
    unsigned last = (!tagMatch && iblksz == 0 && w == 0) ? 1 : 3;
    uint32_t words[4] = {};
    uint32_t cycles[4] = {};
    if (*now_ < s.busReadyAt) *now_ = s.busReadyAt; // the bus is still busy with a load
    for (unsigned i = first; i <= last; ++i) {
        bool ok = readCodeWord(bus_, ramWindow_, ramMask_, (phys & ~0xfu) + 4 * i,
                               (pc & ~0xfu) + 4 * i, words[i], cycles[i]);
        if (!ok && i == w) {
            exception(exc::kIBE);
            return false;
        }
    }
    uint32_t valid = tagMatch ? (tag & 0xf) : 0;
    bool ram = phys < ramWindow_;
    // RAM bursts: the first word at the RAM access time, then one cycle per word; other
    // regions pay a full bus access per word.
    uint32_t extra = ram ? kRamLoadCycles - 2 : 0;
    for (unsigned i = first; i <= last; ++i) {
        s.icacheData[line * 4 + i] = words[i];
        valid |= 1u << i;
        extra += ram ? 1 : cycles[i];
    }
    s.icacheTag[line] = (phys & 0xfffff000) | valid;
    *now_ += extra;
    instr = words[w];
    return true;
}

uint32_t Cpu::peekInstruction(uint32_t pc) {
    uint32_t phys = Bus::physical(pc & ~3u);
    uint32_t v = 0;
    if (phys < ramWindow_)
        std::memcpy(&v, ram_ + (phys & ramMask_), 4);
    else if (phys >= 0x1fc00000 && phys < 0x20000000)
        std::memcpy(&v, bus_.bios() + ((phys - 0x1fc00000) & (Bus::kBiosSize - 1)), 4);
    return v;
}

bool Cpu::pcBreakpoint(uint32_t pc) {
    uint32_t& debug = st_.cop0[cop0::kDcic];
    bool user = (st_.cop0[cop0::kSr] & sr::kKUc) != 0;
    if (!(debug & dcic::kDE) || !(debug & dcic::kPCE)) return false;
    if (!(debug & (user ? dcic::kUD : dcic::kKD))) return false;
    if ((pc ^ st_.cop0[cop0::kBpc]) & st_.cop0[cop0::kBpcm]) return false;
    debug |= dcic::kDB | dcic::kPC;
    if (!(debug & dcic::kTR)) return false;
    curPc_ = pc;
    curDelay_ = st_.nextIsDelaySlot;
    exception(exc::kBp, 0, true);
    return true;
}

bool Cpu::dataBreakpoint(uint32_t addr, bool write) {
    uint32_t& debug = st_.cop0[cop0::kDcic];
    bool user = (st_.cop0[cop0::kSr] & sr::kKUc) != 0;
    if (!(debug & dcic::kDE) || !(debug & dcic::kDAE)) return false;
    if (!(debug & (write ? dcic::kDW : dcic::kDR))) return false;
    if (!(debug & (user ? dcic::kUD : dcic::kKD))) return false;
    if ((addr ^ st_.cop0[cop0::kBda]) & st_.cop0[cop0::kBdam]) return false;
    debug |= dcic::kDB | dcic::kDA | (write ? dcic::kW : dcic::kR);
    if (!(debug & dcic::kTR)) return false;
    exception(exc::kBp, 0, true);
    return true;
}

uint32_t Cpu::isolatedLoad(uint32_t addr) {
    State& s = st_;
    uint32_t bcc = bus_.state().cacheControl;
    uint32_t line = (addr >> 4) & 0xff, w = (addr >> 2) & 3;
    uint32_t tag = s.icacheTag[line];
    uint32_t word = s.icacheData[(addr >> 2) & 0x3ff];
    bool match = (tag & 0xfffff000) == (Bus::physical(addr) & 0xfffff000);
    if (match && ((tag >> w) & 1))
        s.cop0[cop0::kSr] |= sr::kCM;
    else
        s.cop0[cop0::kSr] &= ~sr::kCM;
    if (bcc & kBccTag) return (word & ~0x1fu) | (tag & 0xf) | (match ? 0x10u : 0u);
    if (bcc & kBccIs1) return word;
    return 0;
}

void Cpu::isolatedStore(uint32_t addr, uint32_t value, unsigned size) {
    State& s = st_;
    uint32_t bcc = bus_.state().cacheControl;
    uint32_t line = (addr >> 4) & 0xff;
    if (bcc & kBccTag) {
        s.icacheTag[line] = (value & 0xf) | (Bus::physical(addr) & 0xfffff000);
    } else if (bcc & kBccIs1) {
        uint32_t& word = s.icacheData[(addr >> 2) & 0x3ff];
        uint32_t sh = (addr & 3) * 8;
        uint32_t mask = size == 4 ? 0xffffffffu : ((1u << (size * 8)) - 1) << sh;
        word = (word & ~mask) | ((value << sh) & mask);
    }
}

bool Cpu::loadSlow(uint32_t addr, unsigned size, uint32_t& value, uint32_t& cycles,
                   uint32_t breakAddr) {
    State& s = st_;
    // The data breakpoint is checked before the address checks (a misaligned access that
    // matches BDA traps as Bp, not AdEL); psx-spx is silent, the peers agree.
    if (debugArmed_ && dataBreakpoint(breakAddr, false)) return false;
    if ((addr & (size - 1)) || ((s.cop0[cop0::kSr] & sr::kKUc) && (addr & 0x80000000))) {
        addressError(exc::kAdEL, addr);
        return false;
    }
    if (s.cop0[cop0::kSr] & sr::kIsC) {
        uint32_t w = isolatedLoad(addr);
        value = (w >> ((addr & 3) * 8)) & (size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1);
        return true;
    }
    value = bus_.read(addr, size);
    if (bus_.takeBusError()) {
        exception(exc::kDBE);
        return false;
    }
    cycles = bus_.lastAccessCycles();
    if (dcacheFill_) dcacheFill(addr, size, value);
    deadline_ = 0;
    return true;
}

// memorycontrol.md "D-cache mode (RAM=0, DS=1)": every load through KUSEG/KSEG0 misses and
// writes the whole word containing the loaded byte into scratchpad slot (addr >> 2) AND FFh;
// KSEG1 loads bypass it. Not modelled: an 8/16-bit load from an I/O port fills nothing here
// (its other bytes would need a second, side-effecting port read), and the scratchpad range
// itself, which deadlocks the bus on hardware in this mode, stays reachable.
void Cpu::dcacheFill(uint32_t addr, unsigned size, uint32_t value) {
    const uint32_t seg = addr >> 29;
    if (seg != 0 && seg != 4) return;
    const uint32_t phys = Bus::physical(addr);
    const bool io = phys >= 0x1f801000 && phys < 0x1f804000;
    uint32_t word = value;
    if (size != 4) {
        if (io) return;
        word = bus_.read(addr & ~3u, 4);
        if (bus_.takeBusError()) return;
    }
    std::memcpy(scratch_ + ((addr >> 2) & 0xff) * 4, &word, 4);
}

bool Cpu::storeSlow(uint32_t addr, uint32_t value, unsigned size, uint32_t lanes) {
    State& s = st_;
    if (debugArmed_ && dataBreakpoint(addr, true)) return false; // before AdES, as loads
    if ((addr & (size - 1)) || ((s.cop0[cop0::kSr] & sr::kKUc) && (addr & 0x80000000))) {
        addressError(exc::kAdES, addr);
        return false;
    }
    if (s.cop0[cop0::kSr] & sr::kIsC) {
        isolatedStore(addr, value, size);
        return true;
    }
    if (lanes == 0xf)
        bus_.write(addr, value, size);
    else
        bus_.writeLanes(addr, value, lanes);
    if (bus_.takeBusError()) {
        exception(exc::kDBE);
        return false;
    }
    refreshModes(); // BCC or RAM_SIZE may have changed
    deadline_ = 0;  // the write may have raised an interrupt or scheduled an event
    return true;
}

void Cpu::storePartialSlow(uint32_t addr, uint32_t rtv, bool left) {
    State& s = st_;
    // SWL/SWR match BDA with the aligned word address (the peers' rule; psx-spx is silent).
    if (debugArmed_ && dataBreakpoint(addr & ~3u, true)) return;
    if ((s.cop0[cop0::kSr] & sr::kKUc) && (addr & 0x80000000)) {
        addressError(exc::kAdES, addr);
        return;
    }
    uint32_t aligned = addr & ~3u, sh = (addr & 3) * 8;
    uint32_t phys = Bus::physical(aligned);
    bool memory = phys < ramWindow_ || (phys >= 0x1f800000 && phys < 0x1f800400);
    uint32_t word;
    if (memory || (s.cop0[cop0::kSr] & sr::kIsC)) {
        uint32_t m = (s.cop0[cop0::kSr] & sr::kIsC) ? isolatedLoad(aligned) : bus_.read(aligned, 4);
        word = left ? (m & (0xffffff00u << sh)) | (rtv >> (24 - sh))
                    : (m & (0x00ffffffu >> (24 - sh))) | (rtv << sh);
    } else {
        word = left ? rtv >> (24 - sh) : rtv << sh; // the shifted bus word
        // Byte enables: SWL +N writes bytes 0..N, SWR +N bytes N..3.
        const uint32_t n = addr & 3;
        storeSlow(aligned, word, 4, left ? (2u << n) - 1 : (0xfu << n) & 0xf);
        return;
    }
    storeSlow(aligned, word, 4);
}

} // namespace core
