#include "core/dma.h"

#include <algorithm>
#include <cstring>

#include "core/bus.h"
#include "core/irq.h"

// Hardware notes (dmachannels.md):
// - MADR holds 24 address bits (bits 0-1 writable, accesses word aligned). Sync mode 0 leaves
//   MADR and BCR alone unless chopping (then both track progress); sync mode 1 updates MADR
//   per block and counts BA down to 0; sync mode 2 leaves the end marker in MADR.
// - CHCR bit 28 (force) starts a transfer without DRQ and is cleared when it begins (in sync
//   modes 1/2 bit 29 keeps it set); bit 24 is cleared on completion. A burst waits for the
//   first DRQ or bit 28; bit 29 pauses a burst. Bit 8 in slice mode hangs the channel; sync
//   mode 3 is reserved and never transfers.
// - D6 (OTC) has only bits 24, 28, 30 writable, bit 1 always reads 1; it writes each entry
//   as the address of the previous word and the last (lowest) entry as 00FFFFFFh.
// - Linked list: header bits 0-23 next node, 24-31 word count. FFFFFFh ends the list; any
//   other address beyond the RAM window (bit 23 set with the usual 8 MB RAM_SIZE) ends it
//   with a bus error (DICR bit 15). Words outside the RAM window are not transferred and
//   also raise the bus error flag.
// - DPCR: channel priority 0 (highest) .. 7; equal priorities favour the higher channel.
// - DICR: flags 24-30 are set on completion only when mask bit 16+n and bit 23 are set (per
//   block / list node too when bit n is set); writing 1 clears a flag; bit 31 = b15 OR (b23
//   AND any flag), and its 0 -> 1 edge raises IRQ3.
// - Transfer rates ("DMA Transfer Rates"): the cost per 100h words of each channel, CPU
//   stalled while a unit moves (the scheduler is advanced word by word so devices see the
//   right time); the CPU resumes between slice blocks, list nodes and chopping windows.
//   A unit reaches its device in blocks; the block's DmaClock gives each word the cycle the
//   scheduler would show had the words moved one at a time (the GPU's timing needs it).
// - A linked-list node costs a header read and, when it carries words, a block setup before
//   them (kListHeaderCycles, kListSetupCycles: the peers' figures, the reference has none).
//   Only FFFFFFh ends a list normally ("the normal end marker"); DRQ is sampled once per node,
//   so a node's words go out back to back whatever the device's FIFO holds.

namespace core {

namespace {
constexpr uint32_t kDicrWritable = 0x00ff807f; // bits 0-6, 15, 16-23
constexpr uint32_t kDicrFlags = 0x7f000000;
constexpr uint32_t kDicrBusError = 1u << 15;
constexpr uint32_t kDicrMasterEnable = 1u << 23;
constexpr uint32_t kDicrMaster = 1u << 31;
constexpr uint32_t kReg1F8 = 0x7ffac68b; // "1F8010F8h (usually 7FFAC68Bh)", read-only
constexpr uint32_t kReg1FC = 0x00fffff7; // "1F8010FCh (usually 00FFFFF7h)", read-only
// A linked-list node: reading its header takes kListHeaderCycles, and a node with words
// kListSetupCycles more before its first word moves (the peers' figures: both accurate
// emulators charge 10 + 5; the reference gives none).
constexpr Cycles kListHeaderCycles = 10;
constexpr Cycles kListSetupCycles = 5;
} // namespace

Dma::Dma(Bus& bus, Scheduler& scheduler, Irq& irq) : bus_(bus), scheduler_(scheduler), irq_(irq) {
    runEvent_ = scheduler_.add<&Dma::onRunEvent>("dma.run", this);
    static const char* kNames[kChannels] = {"dma.ch0", "dma.ch1", "dma.ch2", "dma.ch3",
                                            "dma.ch4", "dma.ch5", "dma.ch6"};
    static constexpr Scheduler::Callback kDone[kChannels] = {
        onDoneEvent<0>, onDoneEvent<1>, onDoneEvent<2>, onDoneEvent<3>,
        onDoneEvent<4>, onDoneEvent<5>, onDoneEvent<6>};
    for (unsigned c = 0; c < kChannels; ++c)
        doneEvent_[c] = scheduler_.add(kNames[c], kDone[c], this);
    reset();
}

DeviceInfo Dma::describe() {
    DeviceInfo d("dma", this);
    d.ioRange<&Dma::read, &Dma::write>(0x1f801080, 0x1f801100);
    d.event(runEvent_);
    for (Scheduler::Handle done : doneEvent_)
        d.event(done);
    d.state<&Dma::reset, &Dma::serialize>();
    return d;
}

void Dma::connect(const DeviceInfo& device) {
    auto plug = [this](int channel, const DmaPort& port, DmaRequestLine* line) {
        if (channel < 0) return;
        auto c = static_cast<unsigned>(channel);
        ports_[c] = port;
        if (line)
            line->connect(
                this, [](void* dma, unsigned ch) { static_cast<Dma*>(dma)->requestChanged(ch); },
                c);
    };
    plug(device.dmaChannel, device.dma, device.dmaLine);
    plug(device.dmaChannel2, device.dma2, device.dmaLine2);
}

void Dma::reset() {
    state_ = {};
    state_.dpcr = kDpcrReset;
    state_.ch[kOtc].chcr = kBackward;
    scheduler_.cancel(runEvent_);
    for (auto e : doneEvent_)
        scheduler_.cancel(e);
}

bool Dma::drq(unsigned c) const {
    const DmaPort& p = ports_[c];
    return p.request ? p.request(p.device, scheduler_.now()) : true;
}

bool Dma::hung(unsigned c) const {
    uint32_t sm = syncMode(c);
    return sm == 3 || (sm == 1 && (state_.ch[c].chcr & kChop));
}

bool Dma::eligible(unsigned c) const {
    const Channel& ch = state_.ch[c];
    return ch.running && !ch.finishing && (ch.chcr & kStart) && enabled(c) && !hung(c);
}

bool Dma::wantsBus(unsigned c) const {
    const Channel& ch = state_.ch[c];
    if (syncMode(c) == 0) {
        if (ch.chcr & kPause) return false;
        return ch.triggered || (ch.chcr & kForce) || drq(c);
    }
    return (ch.chcr & kForce) || drq(c);
}

void Dma::start(unsigned c) {
    Channel& ch = state_.ch[c];
    ch.running = 1;
    ch.finishing = 0;
    ch.triggered = 0;
    ch.addr = ch.madr & 0xfffffc;
    ch.remaining = (ch.bcr & 0xffff) ? (ch.bcr & 0xffff) : 0x10000;
    ch.blocksLeft = (ch.bcr >> 16) ? (ch.bcr >> 16) : 0x10000;
    ch.readyAt = scheduler_.now();
}

void Dma::kick(Cycles when) {
    if (!scheduler_.pending(runEvent_) || scheduler_.dueTime(runEvent_) > when)
        scheduler_.schedule(runEvent_, when);
}

void Dma::requestChanged(unsigned channel) {
    Channel& ch = state_.ch[channel];
    if (!eligible(channel)) return;
    ch.readyAt = std::min(ch.readyAt, scheduler_.now());
    kick(scheduler_.now());
}

void Dma::run() {
    Cycles now = scheduler_.now();
    int best = -1;
    for (unsigned c = 0; c < kChannels; ++c) {
        Channel& ch = state_.ch[c];
        if (!eligible(c) || ch.readyAt > now) continue;
        if (!wantsBus(c)) {
            ch.readyAt = now + kDrqPollCycles;
            continue;
        }
        if (best < 0 || priority(c) < priority(unsigned(best)) ||
            (priority(c) == priority(unsigned(best)) && c > unsigned(best)))
            best = int(c);
    }
    if (best >= 0) runUnit(unsigned(best));
    Cycles next = UINT64_MAX;
    for (unsigned c = 0; c < kChannels; ++c)
        if (eligible(c)) next = std::min(next, std::max(state_.ch[c].readyAt, scheduler_.now()));
    if (next != UINT64_MAX) kick(next);
}

uint32_t Dma::ramRead(uint32_t addr) {
    if (addr >= bus_.ramWindow()) {
        busError();
        return 0xffffffff;
    }
    uint32_t off = addr & bus_.ramMask() & ~3u;
    uint32_t page = off >> Bus::kPageShift;
    if (bus_.pages().flags(page)) bus_.pages().touched(page, false);
    uint32_t v;
    std::memcpy(&v, bus_.ram() + off, 4);
    return v;
}

void Dma::ramWrite(uint32_t addr, uint32_t value) {
    if (addr >= bus_.ramWindow()) {
        busError();
        return;
    }
    uint32_t off = addr & bus_.ramMask() & ~3u;
    uint32_t page = off >> Bus::kPageShift;
    if (bus_.pages().flags(page)) bus_.pages().touched(page, true);
    std::memcpy(bus_.ram() + off, &value, 4);
}

void Dma::spend(unsigned c, uint32_t words) {
    state_.costFrac += kWordCost[c] * words;
    scheduler_.advance(state_.costFrac >> 8);
    state_.costFrac &= 0xff;
}

// Moves `words` words between RAM at `addr` (stepping by `step`) and channel c's device, one
// block per call, and spends their time. Returns the address after the last word.
uint32_t Dma::transfer(unsigned c, uint32_t addr, uint32_t step, uint32_t words, bool toDevice) {
    const DmaPort& port = ports_[c];
    uint32_t block[kBlockWords];
    while (words) {
        uint32_t n = std::min(words, kBlockWords);
        DmaClock clock{scheduler_.now(), state_.costFrac, kWordCost[c]};
        if (toDevice) {
            for (uint32_t i = 0; i < n; ++i) {
                block[i] = ramRead(addr & 0xfffffc);
                addr = (addr + step) & 0xffffff;
            }
            if (port.write) port.write(port.device, std::span<const uint32_t>(block, n), clock);
        } else {
            if (port.read)
                port.read(port.device, std::span<uint32_t>(block, n), clock);
            else
                std::fill_n(block, n, 0xffffffffu);
            for (uint32_t i = 0; i < n; ++i) {
                ramWrite(addr & 0xfffffc, block[i]);
                addr = (addr + step) & 0xffffff;
            }
        }
        spend(c, n);
        words -= n;
    }
    return addr;
}

// D6: each entry points at the one before it; the last word of the whole table (`remaining`
// counts down to it) is the end marker.
uint32_t Dma::fillOrderingTable(uint32_t addr, uint32_t step, uint32_t words, uint32_t remaining) {
    for (uint32_t i = 0; i < words; ++i) {
        uint32_t a = addr & 0xfffffc;
        ramWrite(a, remaining - i == 1 ? 0x00ffffff : (a - 4) & 0xffffff);
        addr = (addr + step) & 0xffffff;
    }
    spend(kOtc, words);
    return addr;
}

void Dma::runUnit(unsigned c) {
    Channel& ch = state_.ch[c];
    uint32_t step = (ch.chcr & kBackward) ? uint32_t(-4) : 4u;
    switch (syncMode(c)) {
    case 0: {
        ch.triggered = 1;
        ch.chcr &= ~kForce;
        bool chop = (ch.chcr & kChop) != 0;
        uint32_t n = chop ? std::min(ch.remaining, 1u << ((ch.chcr >> 16) & 7)) : ch.remaining;
        if (c == kOtc)
            ch.addr = fillOrderingTable(ch.addr, step, n, ch.remaining);
        else
            ch.addr = transfer(c, ch.addr, step, n, (ch.chcr & kToDevice) != 0);
        ch.remaining -= n;
        if (chop) {
            ch.madr = ch.addr;
            ch.bcr = (ch.bcr & 0xffff0000) | (ch.remaining & 0xffff);
            ch.readyAt = scheduler_.now() + (Cycles(1) << ((ch.chcr >> 20) & 7));
        }
        if (ch.remaining == 0) {
            ch.finishing = 1;
            scheduler_.schedule(doneEvent_[c], scheduler_.now(), 0);
        }
        return;
    }
    case 1: {
        if (!(ch.chcr & kPause)) ch.chcr &= ~kForce;
        uint32_t bs = (ch.bcr & 0xffff) ? (ch.bcr & 0xffff) : 0x10000;
        if (c == kOtc)
            ch.addr = fillOrderingTable(ch.addr, step, bs, 0);
        else
            ch.addr = transfer(c, ch.addr, step, bs, (ch.chcr & kToDevice) != 0);
        ch.madr = ch.addr;
        --ch.blocksLeft;
        ch.bcr = (ch.bcr & 0xffff) | ((ch.blocksLeft & 0xffff) << 16);
        if (ch.blocksLeft == 0) {
            ch.finishing = 1;
            scheduler_.schedule(doneEvent_[c], scheduler_.now(), 0);
        } else {
            if (state_.dicr & (1u << c)) channelFlag(c);
            ch.readyAt = scheduler_.now() + kSliceGapCycles;
        }
        return;
    }
    case 2: {
        if (!(ch.chcr & kPause)) ch.chcr &= ~kForce;
        uint32_t header = ramRead(ch.addr & 0xfffffc);
        scheduler_.advance(kListHeaderCycles + ((header >> 24) ? kListSetupCycles : 0));
        // The node's words follow its header; a list always goes to the device.
        transfer(c, ((ch.addr & 0xfffffc) + 4) & 0xfffffc, 4, header >> 24, true);
        uint32_t next = header & 0xffffff;
        ch.madr = next;
        ch.addr = next & 0xfffffc;
        bool end = next == 0xffffff;
        bool error = !end && next >= bus_.ramWindow();
        if (error) busError();
        if (end || error) {
            ch.finishing = 1;
            scheduler_.schedule(doneEvent_[c], scheduler_.now(), error ? 1 : 0);
        } else {
            if (state_.dicr & (1u << c)) channelFlag(c);
            ch.readyAt = scheduler_.now() + kSliceGapCycles;
        }
        return;
    }
    default: return;
    }
}

void Dma::finish(unsigned c, bool error) {
    Channel& ch = state_.ch[c];
    if (!ch.finishing) return;
    ch.chcr &= ~(kStart | kForce);
    ch.running = 0;
    ch.finishing = 0;
    ch.triggered = 0;
    if (!error) channelFlag(c);
}

void Dma::channelFlag(unsigned c) {
    if ((state_.dicr & (1u << (16 + c))) && (state_.dicr & kDicrMasterEnable)) {
        state_.dicr |= 1u << (24 + c);
        updateMasterFlag();
    }
}

void Dma::busError() {
    state_.dicr |= kDicrBusError;
    updateMasterFlag();
}

void Dma::updateMasterFlag() {
    uint32_t d = state_.dicr;
    bool master = (d & kDicrBusError) || ((d & kDicrMasterEnable) && (d & kDicrFlags));
    bool was = (d & kDicrMaster) != 0;
    state_.dicr = (d & ~kDicrMaster) | (master ? kDicrMaster : 0);
    if (master && !was) irq_.raise(IrqSource::Dma);
}

uint32_t Dma::read(uint32_t addr, unsigned size) {
    uint32_t off = addr & 0x7f;
    unsigned c = off >> 4;
    unsigned reg = (off >> 2) & 3;
    uint32_t word = 0;
    if (c < kChannels) {
        const Channel& ch = state_.ch[c];
        word = reg == 0 ? ch.madr : reg == 1 ? ch.bcr : reg == 2 ? ch.chcr : 0;
    } else {
        static constexpr uint32_t kFixed[2] = {kReg1F8, kReg1FC};
        word = reg == 0 ? state_.dpcr : reg == 1 ? state_.dicr : kFixed[reg - 2];
    }
    word >>= (addr & 3) * 8;
    return size == 4 ? word : word & ((1u << (size * 8)) - 1);
}

void Dma::write(uint32_t addr, uint32_t value, unsigned size) {
    (void)size; // on-die register: the whole shifted source word is latched
    uint32_t off = addr & 0x7f;
    unsigned c = off >> 4;
    unsigned reg = (off >> 2) & 3;
    uint32_t v = value << ((addr & 3) * 8);
    Cycles now = scheduler_.now();
    if (c == 7) {
        if (reg == 0) {
            state_.dpcr = v;
            kick(now);
        } else if (reg == 1) {
            uint32_t flags = (state_.dicr & kDicrFlags) & ~(v & kDicrFlags);
            state_.dicr = (v & kDicrWritable) | flags | (state_.dicr & kDicrMaster);
            updateMasterFlag();
        }
        return;
    }
    Channel& ch = state_.ch[c];
    switch (reg) {
    case 0:
        ch.madr = v & 0xffffff;
        if (ch.running && syncMode(c) != 0) ch.addr = ch.madr & 0xfffffc;
        return;
    case 1: ch.bcr = v; return;
    case 2:
        if (c == kOtc)
            ch.chcr = (v & kOtcChcrWritable) | kBackward;
        else
            ch.chcr = v & kChcrWritable;
        if (!(ch.chcr & kStart)) {
            // Software stopped the channel.
            ch.running = 0;
            ch.finishing = 0;
            scheduler_.cancel(doneEvent_[c]);
        } else if (!ch.running) {
            start(c);
        }
        kick(now);
        return;
    default: return;
    }
}

void Dma::serialize(savestate::StateIO& io) {
    // Version 2: named fields; version 1 stored the packed State (296 bytes).
    uint32_t version = io.beginSection("dma", 2);
    io.record(state_, version, 2, 296, [&] {
        for (uint32_t i = 0; i < kChannels; ++i) {
            Channel& c = state_.ch[i];
            io.field("ch.madr", i, c.madr);
            io.field("ch.bcr", i, c.bcr);
            io.field("ch.chcr", i, c.chcr);
            io.field("ch.addr", i, c.addr);
            io.field("ch.remaining", i, c.remaining);
            io.field("ch.blocksLeft", i, c.blocksLeft);
            io.field("ch.readyAt", i, c.readyAt);
            io.field("ch.running", i, c.running);
            io.field("ch.finishing", i, c.finishing);
            io.field("ch.triggered", i, c.triggered);
        }
        io.field("dpcr", state_.dpcr);
        io.field("dicr", state_.dicr);
        io.field("costFrac", state_.costFrac);
    });
    io.endSection();
}

} // namespace core
