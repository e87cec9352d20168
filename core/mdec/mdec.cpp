#include "core/mdec/mdec.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/mdec/mdec_tables.h"

// Hardware notes (macroblockdecodermdec.md "MDEC I/O Ports", "MDEC Commands"):
// - MDEC0 write: a command word, then its parameter words. MDEC(1) decode takes CMD.0-15
//   words; MDEC(2) takes 64 luma quant bytes (16 words) and, with CMD.0, 64 chroma bytes more;
//   MDEC(3) takes 64 signed halfwords (32 words). MDEC(0) and MDEC(4..7) only reflect CMD.0-15
//   into STAT.0-15 (without the minus one) and expect nothing. Every command copies CMD.25-28
//   to STAT.23-26.
// - MDEC1 status: 31 data-out FIFO empty, 30 data-in FIFO full (or last word received),
//   29 busy, 28 data-in request (needs control bit 30), 27 data-out request (needs control bit
//   29), 18-16 current block (output block Y1..Y4 = 0..3 while output is waiting, else the
//   incoming block Cr = 4, Cb = 5, Y1..Y4 = 0..3; mono always 4), 15-0 parameter words
//   remaining minus one (FFFFh: none). Control bit 31 aborts everything: status 80040000h.
// - Colour macroblocks decode as Cr, Cb, Y1, Y2, Y3, Y4 (Cr/Cb with the chroma quant table);
//   mono (4/8-bit depth) macroblocks are one Y block. MDEC0 reads give the output 8x8 block
//   by 8x8 block; DMA1 stores colour macroblocks as 16x16 pixels (it reorders the blocks).
// Where the reference is silent (taken from the accurate emulators' documented behaviour, or
// our choice; approximate): a decode command flushes the data-out FIFO; DMA1's request rises
// with 20h words to read, or with any word once the command is done (the "cleared after the
// first some words" quirk is not modelled); a read of the empty data-out FIFO gives 0; a word
// written into a full data-in FIFO is lost; a command's block left unfinished when its words
// run out is dropped.

namespace core {

using mdec::Feed;

namespace {
// DMA1's order of a colour macroblock: for each word of the 16x16 picture (rows of Y1|Y2, then
// Y3|Y4), its place in the data-out FIFO's 8x8 block order. `w`: words per block row.
template <unsigned W> constexpr std::array<uint8_t, 32 * W> dmaOrder() {
    std::array<uint8_t, 32 * W> t{};
    for (unsigned i = 0; i < 32 * W; ++i) {
        const unsigned row = i / (2 * W), col = i % (2 * W);
        const unsigned blk = (row >= 8 ? 2 : 0) + (col >= W ? 1 : 0);
        t[i] = uint8_t(blk * 8 * W + (row & 7) * W + col % W);
    }
    return t;
}
constexpr std::array<uint8_t, 192> kDmaOrder24 = dmaOrder<6>();
constexpr std::array<uint8_t, 128> kDmaOrder15 = dmaOrder<4>();

constexpr uint32_t kResetBit = 1u << 31, kEnableInBit = 1u << 30, kEnableOutBit = 1u << 29;
constexpr uint16_t kNone = 0xffff;
} // namespace

Mdec::Mdec(Scheduler& scheduler) : scheduler_(scheduler) {
    readyEvent_ = scheduler_.add<&Mdec::onReady>("mdec.ready", this);
    reset();
}

DeviceInfo Mdec::describe() {
    DeviceInfo d("mdec", this);
    d.ioRange<&Mdec::read, &Mdec::write>(0x1f801820, 0x1f801828);
    d.event(readyEvent_);
    d.dmaChannelPort(0, DmaPort{nullptr, &dmaInRequestPort, &dmaInPort, nullptr}, &drqIn_);
    d.dmaChannelPort(1, DmaPort{nullptr, &dmaOutRequestPort, nullptr, &dmaOutPort}, &drqOut_);
    d.state<&Mdec::reset, &Mdec::serialize>();
    return d;
}

void Mdec::reset() {
    state_ = State{};
    scheduler_.cancel(readyEvent_);
}

// --- Registers ---------------------------------------------------------------------------

uint32_t Mdec::status() const {
    const State& s = state_;
    uint32_t st = s.remaining;
    if (readable() == 0) st |= 1u << 31;
    if (s.inCount == kInFifoWords || (s.busy && s.remaining == kNone)) st |= 1u << 30;
    if (s.busy) st |= 1u << 29;
    if (dataInRequest()) st |= 1u << 28;
    if (dataOutRequest()) st |= 1u << 27;
    st |= ((s.command >> 25) & 0xf) << 23;
    uint32_t block = 4;
    if (colour()) {
        static constexpr uint8_t kIncoming[6] = {4, 5, 0, 1, 2, 3};
        block = readable() ? s.outPos / (8 * mdec::rowWords(depth())) : kIncoming[s.blockIndex];
    }
    return st | (block & 7) << 16;
}

uint32_t Mdec::read(uint32_t addr, unsigned size) {
    uint32_t word;
    if (addr & 4) {
        word = status();
    } else {
        word = readWord(false);
        if (movePending()) pump(scheduler_.now());
        requestsChanged();
    }
    word >>= (addr & 3) * 8;
    return size == 4 ? word : word & ((1u << (size * 8)) - 1);
}

void Mdec::write(uint32_t addr, uint32_t value, unsigned size) {
    (void)size; // on-die register: the whole shifted source word is latched
    uint32_t v = value << ((addr & 3) * 8);
    if (addr & 4) {
        controlWrite(v);
    } else {
        pushWord(v, scheduler_.now());
    }
    requestsChanged();
}

void Mdec::controlWrite(uint32_t v) {
    if (v & kResetBit) {
        // Abort: FIFOs, the command and the decoder start over; the tables stay.
        State& s = state_;
        s.command = 0;
        s.decodeCommand = 0;
        s.remaining = 0;
        s.busy = s.halfPending = s.stalled = s.pendingReady = 0;
        s.blockIndex = 0;
        s.block.started = 0;
        s.inHead = s.inCount = 0;
        s.pendingCount = 0;
        s.outHead = s.outCount = s.outPos = 0;
        scheduler_.cancel(readyEvent_);
    }
    state_.enableIn = (v & kEnableInBit) ? 1 : 0;
    state_.enableOut = (v & kEnableOutBit) ? 1 : 0;
}

// --- DMA -------------------------------------------------------------------------------------

bool Mdec::dataInRequest() const {
    const State& s = state_;
    uint32_t op = s.command >> 29;
    return s.enableIn && s.busy && s.remaining != kNone && op >= kDecode && op <= kSetScale &&
           s.inCount == 0;
}

bool Mdec::dataOutRequest() const {
    unsigned n = readable();
    return state_.enableOut && n > 0 && (n >= 32 || !state_.busy);
}

bool Mdec::dmaInRequestPort(void* self, Cycles) {
    return static_cast<Mdec*>(self)->dataInRequest();
}
bool Mdec::dmaOutRequestPort(void* self, Cycles) {
    return static_cast<Mdec*>(self)->dataOutRequest();
}
void Mdec::dmaInPort(void* self, std::span<const uint32_t> words, const DmaClock& clock) {
    static_cast<Mdec*>(self)->dmaIn(words, clock);
}
void Mdec::dmaOutPort(void* self, std::span<uint32_t> words, const DmaClock&) {
    static_cast<Mdec*>(self)->dmaOut(words);
}

// Each word is decoded at its own cycle (a macroblock's decode time starts when its last
// halfword arrives).
void Mdec::dmaIn(std::span<const uint32_t> words, const DmaClock& clock) {
    for (uint32_t i = 0; i < words.size(); ++i)
        pushWord(words[i], clock.at(i));
    requestsChanged();
}

// A block at a time within each macroblock (the per-word work of readWord() hoisted out).
void Mdec::dmaOut(std::span<uint32_t> words) {
    State& s = state_;
    const uint32_t d = depth();
    const unsigned mbWords = mdec::macroblockWords(d);
    const uint8_t* order = d == mdec::k24Bit   ? kDmaOrder24.data()
                           : d == mdec::k15Bit ? kDmaOrder15.data()
                                               : nullptr;
    size_t i = 0;
    while (i < words.size()) {
        const unsigned avail = readable();
        if (avail == 0 || unsigned(s.outHead) + mbWords > kOutWords || s.outCount < mbWords ||
            s.outPos >= mbWords) {
            for (; i < words.size(); ++i)
                words[i] = readWord(true);
            break;
        }
        const unsigned n = unsigned(
            std::min<size_t>({words.size() - i, size_t(mbWords - s.outPos), size_t(avail)}));
        const uint32_t* mb = s.out + s.outHead;
        if (order) {
            for (unsigned k = 0; k < n; ++k)
                words[i + k] = mb[order[s.outPos + k]];
        } else {
            std::memcpy(&words[i], mb + s.outPos, n * sizeof(uint32_t));
        }
        i += n;
        s.outPos = uint16_t(s.outPos + n);
        if (s.outPos >= mbWords || s.outPos >= s.outCount) {
            s.outCount = uint16_t(s.outCount - s.outPos);
            s.outHead = s.outCount ? uint16_t(s.outHead + s.outPos) : 0;
            s.outPos = 0;
            movePending(); // a macroblock was read: room for the next
        }
    }
    pump(scheduler_.now());
    requestsChanged();
}

void Mdec::requestsChanged() {
    drqIn_.changed();
    drqOut_.changed();
}

// --- Data in and the command processor -----------------------------------------------------

void Mdec::pushWord(uint32_t word, Cycles at) {
    State& s = state_;
    if (s.inCount < kInFifoWords) {
        s.inFifo[(s.inHead + s.inCount) % kInFifoWords] = word;
        ++s.inCount;
    }
    pump(at);
}

void Mdec::startCommand(uint32_t word) {
    State& s = state_;
    s.command = word;
    s.tableIndex = 0;
    switch (word >> 29) {
    case kDecode:
        s.decodeCommand = word;
        s.remaining = uint16_t((word & 0xffff) - 1);
        s.busy = 1;
        s.blockIndex = 0;
        s.block.started = 0;
        s.halfPending = 0;
        s.outHead = s.outCount = s.outPos = 0;
        break;
    case kSetQuant:
        s.remaining = (word & 1) ? 31 : 15;
        s.busy = 1;
        break;
    case kSetScale:
        s.remaining = 31;
        s.busy = 1;
        break;
    default: // MDEC(0), MDEC(4..7): no function
        s.remaining = uint16_t(word);
        s.busy = 0;
        break;
    }
}

void Mdec::pump(Cycles at) {
    State& s = state_;
    for (;;) {
        if (!s.busy) {
            if (s.inCount == 0) return;
            uint32_t word = s.inFifo[s.inHead];
            s.inHead = uint8_t((s.inHead + 1) % kInFifoWords);
            --s.inCount;
            startCommand(word);
            continue;
        }
        uint32_t op = s.command >> 29;
        if (op == kDecode) {
            if (s.stalled) {
                if (!emitMacroblock(at)) return;
                s.stalled = 0;
                continue;
            }
            if (s.halfPending) {
                s.halfPending = 0;
                decodeHalf(s.halfWord, at);
                continue;
            }
            if (s.remaining == kNone) {
                if (!finishDecode()) return;
                continue;
            }
        } else if (s.remaining == kNone) {
            s.busy = 0;
            continue;
        }
        if (s.inCount == 0) return;
        uint32_t word = s.inFifo[s.inHead];
        s.inHead = uint8_t((s.inHead + 1) % kInFifoWords);
        --s.inCount;
        --s.remaining;
        if (op == kDecode) {
            decodeHalf(uint16_t(word), at);
            if (s.stalled) {
                s.halfPending = 1;
                s.halfWord = uint16_t(word >> 16);
            } else {
                decodeHalf(uint16_t(word >> 16), at);
            }
        } else if (op == kSetQuant) {
            // iqtab_core: unsigned bytes, luma table then chroma table.
            for (unsigned i = 0; i < 4; ++i, ++s.tableIndex) {
                uint8_t b = uint8_t(word >> (8 * i));
                if (s.tableIndex < 64)
                    s.iqY[s.tableIndex] = b;
                else if (s.tableIndex < 128)
                    s.iqUV[s.tableIndex - 64] = b;
            }
        } else {
            for (unsigned i = 0; i < 2; ++i, ++s.tableIndex)
                if (s.tableIndex < 64) s.scale[s.tableIndex] = int16_t(word >> (16 * i));
        }
    }
}

// The decode command is done once its last macroblock is readable.
bool Mdec::finishDecode() {
    State& s = state_;
    if (s.halfPending || s.stalled || s.pendingCount) return false;
    s.busy = 0;
    return true;
}

void Mdec::decodeHalf(uint16_t half, Cycles at) {
    State& s = state_;
    const bool isColour = (s.decodeCommand >> 27 & 3) >= mdec::k24Bit;
    const uint8_t* qt = (isColour && s.blockIndex < 2) ? s.iqUV : s.iqY;
    if (mdec::feedHalfword(s.block, half, qt) != Feed::Done) return;
    mdec::idctClip(s.block.coef, s.scale, s.blocks[s.blockIndex]);
    const unsigned blocks = isColour ? 6 : 1;
    if (++s.blockIndex < blocks) return;
    s.blockIndex = 0;
    s.decodeEnd = std::max(at, s.decodeEnd) + blocks * kCyclesPerBlock;
    s.macroblockDone = s.decodeEnd;
    if (!emitMacroblock(at)) s.stalled = 1;
}

// The finished macroblock's output words into the pending stage; readable at the end of its
// decode time (or at once if that has passed).
bool Mdec::emitMacroblock(Cycles at) {
    State& s = state_;
    if (s.pendingCount) return false;
    const uint32_t cmd = s.decodeCommand;
    const mdec::OutputFormat f{(cmd >> 27) & 3, (cmd >> 26 & 1) != 0, (cmd >> 25 & 1) != 0};
    if (f.depth >= mdec::k24Bit)
        mdec::packColor(s.blocks[0], s.blocks[1], &s.blocks[2], f, s.pending);
    else
        mdec::packMono(s.blocks[0], f, s.pending);
    s.pendingCount = uint16_t(mdec::macroblockWords(f.depth));
    s.pendingReadyAt = std::max(s.macroblockDone, at);
    if (s.pendingReadyAt <= scheduler_.now()) {
        s.pendingReady = 1;
        movePending();
    } else {
        s.pendingReady = 0;
        scheduler_.schedule(readyEvent_, s.pendingReadyAt);
    }
    return true;
}

void Mdec::onReady(Cycles, uint32_t) {
    state_.pendingReady = 1;
    if (movePending()) pump(scheduler_.now());
    requestsChanged();
}

bool Mdec::movePending() {
    State& s = state_;
    if (!s.pendingReady || !s.pendingCount || unsigned(s.outCount) + s.pendingCount > kOutWords)
        return false;
    if (unsigned(s.outHead) + s.outCount + s.pendingCount > kOutWords) {
        std::memmove(s.out, s.out + s.outHead, s.outCount * sizeof(uint32_t));
        s.outHead = 0;
    }
    std::memcpy(s.out + s.outHead + s.outCount, s.pending, s.pendingCount * sizeof(uint32_t));
    s.outCount = uint16_t(s.outCount + s.pendingCount);
    s.pendingCount = 0;
    s.pendingReady = 0;
    return true;
}

// --- Data out ------------------------------------------------------------------------------

// The next word of the data-out FIFO: in 8x8 block order for MDEC0, in 16x16 order for DMA1
// (colour macroblocks: row r of the macroblock is row r&7 of Y1/Y2 or Y3/Y4 side by side).
uint32_t Mdec::readWord(bool dmaOrder) {
    State& s = state_;
    if (readable() == 0) return 0;
    const uint32_t d = depth();
    const unsigned mbWords = mdec::macroblockWords(d);
    unsigned idx = s.outPos;
    if (dmaOrder && d >= mdec::k24Bit && idx < mbWords)
        idx = d == mdec::k24Bit ? kDmaOrder24[idx] : kDmaOrder15[idx];
    uint32_t word = unsigned(s.outHead) + idx < kOutWords ? s.out[s.outHead + idx] : 0;
    if (++s.outPos >= mbWords || s.outPos >= s.outCount) {
        s.outCount = uint16_t(s.outCount > s.outPos ? s.outCount - s.outPos : 0);
        s.outHead = s.outCount ? uint16_t(s.outHead + s.outPos) : 0;
        s.outPos = 0;
    }
    return word;
}

// --- State ------------------------------------------------------------------------------------

void Mdec::serialize(savestate::StateIO& io) {
    // Version 3: the whole MDEC as named fields. Versions 1-2 held only the status word of a
    // placeholder; such a state loads a reset MDEC.
    uint32_t version = io.beginSection("mdec", 3);
    State& s = state_;
    if (version >= 3) {
        io.fields(s, [&] {
            io.field("command", s.command);
            io.field("decodeCommand", s.decodeCommand);
            io.field("remaining", s.remaining);
            io.field("busy", s.busy);
            io.field("enableIn", s.enableIn);
            io.field("enableOut", s.enableOut);
            io.field("halfPending", s.halfPending);
            io.field("halfWord", s.halfWord);
            io.field("tableIndex", s.tableIndex);
            io.field("blockIndex", s.blockIndex);
            io.field("stalled", s.stalled);
            io.field("pendingReady", s.pendingReady);
            io.field("inHead", s.inHead);
            io.field("inCount", s.inCount);
            io.field("inFifo", s.inFifo);
            io.field("iqY", s.iqY);
            io.field("iqUV", s.iqUV);
            io.field("scale", s.scale);
            io.field("block", s.block);
            io.field("blocks", s.blocks);
            io.field("macroblockDone", s.macroblockDone);
            io.field("decodeEnd", s.decodeEnd);
            io.field("pendingReadyAt", s.pendingReadyAt);
            io.field("pending", s.pending);
            io.field("pendingCount", s.pendingCount);
            io.field("outHead", s.outHead);
            io.field("outCount", s.outCount);
            io.field("outPos", s.outPos);
            io.field("out", s.out);
        });
    } else if (version >= 1) {
        uint32_t oldStatus = 0;
        if (version == 1)
            io.value(oldStatus);
        else
            io.field("status", oldStatus);
        if (io.reading()) s = State{};
    }
    io.endSection();
    if (io.reading()) {
        // A damaged state never indexes outside the buffers.
        s.inHead %= kInFifoWords;
        s.inCount = uint8_t(std::min<unsigned>(s.inCount, kInFifoWords));
        s.blockIndex = uint8_t(s.blockIndex % 6);
        s.block.k = uint8_t(std::min<unsigned>(s.block.k, 63));
        s.pendingCount = uint16_t(std::min<unsigned>(s.pendingCount, kPendingWords));
        s.outHead = uint16_t(std::min<unsigned>(s.outHead, kOutWords));
        s.outCount = uint16_t(std::min<unsigned>(s.outCount, kOutWords - s.outHead));
        s.outPos = uint16_t(std::min<unsigned>(s.outPos, s.outCount));
        if (s.outPos >= mdec::macroblockWords(depth())) s.outPos = 0;
        s.tableIndex = uint16_t(std::min<unsigned>(s.tableIndex, 128));
    }
}

} // namespace core
