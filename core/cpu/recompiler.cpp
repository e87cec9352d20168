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
bool Recompiler::compile(Block& b) {
    const Cpu::State& s = cpu_.st_;
    const uint32_t pc = b.pc;
    b.compiled = true;
    b.count = 0;
    b.code = nullptr;
    b.lines = 0;
    b.validEpoch = 0;
    b.missAt = 0;
    unsigned n = 0;
    auto hit = [&](uint32_t a) {
        if (icacheHit(a)) return true;
        b.missAt = a;
        return false;
    };
    while (n < maxInstructions_) {
        const uint32_t a = pc + 4 * n;
        if (!hit(a)) break;
        const uint32_t w = s.icacheData[(a >> 2) & 0x3ff];
        const RecEmitter::Kind kind = RecEmitter::classify(w);
        if (kind == RecEmitter::Kind::kNo) break;
        if (kind == RecEmitter::Kind::kBranch) {
            // With its delay slot, which must be compilable and no branch itself.
            const uint32_t da = a + 4;
            if (n + 2 > std::max(maxInstructions_, 2u) || !hit(da)) break;
            const uint32_t dw = s.icacheData[(da >> 2) & 0x3ff];
            if (RecEmitter::classify(dw) != RecEmitter::Kind::kPlain) break;
            b.words[n++] = w;
            b.words[n++] = dw;
            break;
        }
        b.words[n++] = w;
        if (kind == RecEmitter::Kind::kTerminal) break;
    }
    // The lines the words sit in, the tags and valid bits they need.
    for (unsigned i = 0; i < n; ++i) {
        const uint32_t a = pc + 4 * i;
        const uint16_t line = uint16_t((a >> 4) & 0xff);
        if (b.lines == 0 || b.line[b.lines - 1] != line) {
            b.line[b.lines] = line;
            b.tag[b.lines] = a & 0x1ffff000;
            b.need[b.lines] = 0;
            b.gen[b.lines] = cpu_.icacheLineGen_[line];
            ++b.lines;
        }
        b.need[b.lines - 1] |= uint8_t(1u << ((a >> 2) & 3));
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

// Every word must still hit in the i-cache; a line whose generation moved must still hold the
// compiled words (else the block is compiled again from what it holds now).
bool Recompiler::icacheHit(uint32_t a) const {
    const uint32_t tag = cpu_.st_.icacheTag[(a >> 4) & 0xff];
    return ((tag ^ a) & 0x1ffff000) == 0 && !(tag & 0xe0000000) && ((tag >> ((a >> 2) & 3)) & 1);
}

bool Recompiler::usable(Block& b) {
    if (b.validEpoch == cpu_.icacheEpoch_) return true; // nothing in the i-cache moved since
    if (b.missAt && icacheHit(b.missAt)) { // the words after it are there now: a longer block
        if (!compile(b)) return false;     // flushed: `b` is gone
        if (!b.count) return false;
    }
    const Cpu::State& s = cpu_.st_;
    for (unsigned i = 0; i < b.lines; ++i) {
        const uint32_t tag = s.icacheTag[b.line[i]];
        if ((tag & 0xfffff000) != b.tag[i] || (tag & b.need[i]) != b.need[i]) return false;
    }
    for (unsigned i = 0; i < b.lines; ++i) {
        const uint32_t gen = cpu_.icacheLineGen_[b.line[i]];
        if (gen == b.gen[i]) continue;
        for (unsigned k = 0; k < b.count; ++k) {
            const uint32_t a = b.pc + 4 * k;
            if (((a >> 4) & 0xff) == b.line[i] && s.icacheData[(a >> 2) & 0x3ff] != b.words[k]) {
                if (!compile(b)) return false; // flushed: `b` is gone
                return b.count != 0 && usable(b);
            }
        }
        b.gen[i] = gen;
    }
    b.validEpoch = cpu_.icacheEpoch_;
    return true;
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
        if (!b || !b->count || !usable(*b)) {
            stepInterpreter();
            continue;
        }
        ++stats_.blockRuns;
        if (log_) [[unlikely]]
            std::fprintf(stderr, "block %u\n", b->count);
        emitter_->run(b->code);
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
