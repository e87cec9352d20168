// The recompiler's block cache and dispatch loop (core/cpu/recompiler.h).
#include "core/cpu/recompiler.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <algorithm>

#include "core/bus.h"
#include "core/cpu/cpu.h"

#if SKIPJACK_HAVE_XBYAK
#include "core/cpu/recompiler_emitter.h"
#endif

namespace core {

using namespace mips;

#if SKIPJACK_HAVE_XBYAK

namespace {
constexpr uint32_t kRamBlockSlots = Bus::kRamSize / 4;
constexpr uint32_t kBiosBlockSlots = Bus::kBiosSize / 4;
constexpr uint32_t kBiosBase = 0x1fc00000;
} // namespace

bool Recompiler::available() {
    return true;
}

Recompiler::Recompiler(Cpu& cpu)
    : cpu_(cpu), emitter_(std::make_unique<RecEmitter>(cpu, *this)), ramBlocks_(kRamBlockSlots),
      biosBlocks_(kBiosBlockSlots) {
    // Knobs for bisecting a lockstep difference (never for normal runs):
    // SKIPJACK_REC_MAX=N limits blocks to N instructions, SKIPJACK_REC_LOG=1 prints the PC
    // and cycle before every block or single step to stderr.
    if (const char* max = std::getenv("SKIPJACK_REC_MAX"))
        maxInstructions_ = unsigned(std::atoi(max));
    if (maxInstructions_ < 1 || maxInstructions_ > kMaxInstructions)
        maxInstructions_ = kMaxInstructions;
    log_ = std::getenv("SKIPJACK_REC_LOG") != nullptr;
    stepOnly_ = std::getenv("SKIPJACK_REC_STEP_ONLY") != nullptr; // the interpreter alone
}

Recompiler::~Recompiler() = default;

void Recompiler::flush() {
    std::fill(ramBlocks_.begin(), ramBlocks_.end(), nullptr);
    std::fill(biosBlocks_.begin(), biosBlocks_.end(), nullptr);
    storage_.clear();
    emitter_->clear();
    ++stats_.flushes;
}

void Recompiler::stepInterpreter() {
    ++stats_.steps;
    cpu_.execute<false, true>();
}

// A block is compiled for one entry address and one load in flight at entry (the load of a
// delay slot before a jump arrives after the target's first instruction).
Recompiler::Block* Recompiler::linkTarget(uint32_t pc, uint32_t entryPend) {
    const uint32_t seg = pc >> 29;
    if ((seg != 0 && seg != 4) || (pc & 3)) return nullptr; // cached segments only
    const uint32_t phys = pc & 0x1fffffff;
    Block** slot;
    if (phys < cpu_.ramWindow_)
        slot = &ramBlocks_[(phys & (Bus::kRamSize - 1)) >> 2];
    else if (phys - kBiosBase < Bus::kBiosSize)
        slot = &biosBlocks_[(phys - kBiosBase) >> 2];
    else
        return nullptr;
    for (Block* b = *slot; b; b = b->next)
        if (b->pc == pc && b->entryPend == entryPend) return b;
    storage_.push_back(std::make_unique<Block>());
    Block* b = storage_.back().get();
    b->next = *slot;
    *slot = b;
    b->pc = pc;
    b->entryPend = entryPend;
    return b;
}

Recompiler::Block* Recompiler::lookup(uint32_t pc, uint32_t entryPend) {
    Block* b = linkTarget(pc, entryPend);
    if (b && !b->compiled && !compile(*b)) return nullptr;
    return b;
}

// Collects the words the i-cache holds from `pc` on (each must hit, as the interpreter's
// fetch would) up to a branch and its delay slot, an instruction left to the interpreter, a
// miss, or the size limit; then emits them.
// Collects the words from `pc` on up to a branch and its delay slot, an instruction left to
// the interpreter or the size limit, then emits them. A word comes from the i-cache when its
// line hits, else from memory (what a refill will load): the code checks every line as it
// enters it, and leaves at that instruction when the line misses or holds other words.
bool Recompiler::compile(Block& b) {
    const Cpu::State& s = cpu_.st_;
    const uint32_t pc = b.pc;
    b.compiled = true;
    b.count = 0;
    b.code = nullptr;
    b.validEpoch = 0;
    unsigned n = 0;
    auto word = [&](uint32_t a, uint32_t& w) {
        if (icacheHit(a)) {
            w = s.icacheData[(a >> 2) & 0x3ff];
            return true;
        }
        const uint32_t phys = a & 0x1fffffff;
        if (phys < cpu_.ramWindow_)
            std::memcpy(&w, cpu_.ram_ + (phys & cpu_.ramMask_), 4);
        else if (phys - kBiosBase < Bus::kBiosSize)
            std::memcpy(&w, cpu_.bus_.bios() + (phys - kBiosBase), 4);
        else
            return false;
        return true;
    };
    while (n < maxInstructions_) {
        const uint32_t a = pc + 4 * n;
        uint32_t w;
        if (!word(a, w)) break;
        const RecEmitter::Kind kind = RecEmitter::classify(w);
        if (kind == RecEmitter::Kind::kNo) break;
        if (kind == RecEmitter::Kind::kBranch) {
            // With its delay slot, which must be compilable and no branch itself.
            uint32_t dw;
            if (n + 2 > std::max(maxInstructions_, 2u) || !word(a + 4, dw)) break;
            if (RecEmitter::classify(dw) != RecEmitter::Kind::kPlain) break;
            b.words[n++] = w;
            b.words[n++] = dw;
            break;
        }
        b.words[n++] = w;
        if (kind == RecEmitter::Kind::kTerminal) break;
    }
    if (n == 0) return true;
    const void* code = emitter_->emitBlock(pc, b.words, n, b.entryPend);
    if (!code) { // the code buffer is full: drop every block (`b` too) and start again
        flush();
        return false;
    }
    b.code = code;
    b.count = n;
    ++stats_.compiled;
    return true;
}

bool Recompiler::icacheHit(uint32_t a) const {
    const uint32_t tag = cpu_.st_.icacheTag[(a >> 4) & 0xff];
    return ((tag ^ a) & 0x1ffff000) == 0 && !(tag & 0xe0000000) && ((tag >> ((a >> 2) & 3)) & 1);
}

// The block left at its first instruction (its line missed or holds other words): true when
// the line hits with other words, after compiling the block again from them.
bool Recompiler::stale(Block& b) {
    const Cpu::State& s = cpu_.st_;
    for (unsigned k = 0; k < b.count; ++k) {
        const uint32_t a = b.pc + 4 * k;
        if (k && !(a & 0xf)) break; // the first line only
        if (!icacheHit(a)) return false;
        if (s.icacheData[(a >> 2) & 0x3ff] != b.words[k]) return compile(b) && b.count;
    }
    return false;
}

void Recompiler::execute() {
    Cpu& c = cpu_;
    Cycles& now = *c.now_;
    const Cpu::State& s = c.st_;
    while (now < c.deadline_) {
        const uint32_t pc = s.pc;
        if (log_) [[unlikely]]
            std::fprintf(stderr, "%08X %llu bus=%llu bcc=%x sh=%u\n", pc,
                         static_cast<unsigned long long>(now),
                         static_cast<unsigned long long>(s.busReadyAt), c.bus_.state().cacheControl,
                         s.shadowReg);
        // Only the plain case runs compiled code: a cached segment (IS1 on, no breakpoint
        // armed), no cache isolation, not in a delay slot.
        if (stepOnly_ || s.nextIsDelaySlot || s.ldReg || (pc & 3) ||
            !((c.cachedSegMask_ >> (pc >> 29)) & 1) || (s.cop0[cop0::kSr] & sr::kIsC)) {
            stepInterpreter();
            continue;
        }
        Block* b = lookup(pc, s.nextLdReg);
        if (!b || !b->count) {
            stepInterpreter();
            continue;
        }
        // This entry passed the mode checks above: other blocks may link here until the
        // modes change (Cpu::icacheEpoch_).
        b->validEpoch = c.icacheEpoch_;
        ++stats_.blockRuns;
        if (log_) [[unlikely]]
            std::fprintf(stderr, "block %u\n", b->count);
        const uint64_t before = c.instructions_;
        if (emitter_->run(b->code) == RecEmitter::kExitNear) {
            // An event is due within a few instructions (or a stall moved one past it): the
            // interpreter runs up to the deadline, stopping where it always does. (Already
            // there, the block left the state as the interpreter's loop leaves it at a
            // deadline, which a call that runs nothing would not: it zeroes ldValue.)
            if (now < c.deadline_) {
                ++stats_.steps;
                c.execute<false, false>();
            }
            continue;
        }
        if (c.instructions_ == before && now < c.deadline_ && !stale(*b)) stepInterpreter();
    }
}

#else // no xbyak: the interpreter only

bool Recompiler::available() {
    return false;
}
Recompiler::Recompiler(Cpu& cpu) : cpu_(cpu) {}
Recompiler::~Recompiler() = default;
void Recompiler::execute() {}
void Recompiler::flush() {}

#endif

} // namespace core
