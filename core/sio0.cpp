#include "core/sio0.h"

#include <algorithm>

#include "core/irq.h"
#include "core/memory_card.h"
#include "gpu/display.h"

// Hardware notes (serialinterfacessio.md, controllersandmemorycards.md):
// - Writing JOY_DATA clears STAT bits 0 and 2; the byte starts when TXEN (current or latched
//   at the write) is set, which sets bit 0 again; bit 2 is set when the last byte ends.
// - A bit lasts (BAUD * factor) AND NOT 1 cycles (at least 1); factor 1/1/16/64 by MODE.0-1.
// - Received bytes enter the 8-byte RX FIFO when /CS is low (CTRL.1) or CTRL.2 forces one
//   byte (CTRL.2 then clears). A receive fills every unused FIFO entry; a pop clears its
//   entry, so an empty FIFO reads the last byte while copies remain, then 00h. A 16-bit read
//   previews two entries and pops one; a 32-bit read returns four and pops four.
// - STAT.9 is set while an enabled condition holds (CTRL.10 TX ready/idle, CTRL.11 RX count
//   1/2/4/8 by CTRL.8-9, CTRL.12 /ACK low), raising IRQ7 on 0 -> 1; CTRL.4 clears it, and it
//   sets again at once if a condition still holds (so it cannot be acknowledged while /ACK
//   is low). CTRL.6 resets the port (MODE, CTRL, FIFO, transfer, flags; BAUD stays).
// - CTRL.1 asserts /CS of the port chosen by CTRL.13. The devices on that port listen for the
//   address byte: 01h selects the controller (core/pads/), 81h the memory card
//   (core/memory_card.cpp); behind a multitap 01h..04h select controllers A-D and 81h..84h
//   cards A-D ("Multitap Memory Card Access"). /ACK follows every byte but the last. Without
//   /ACK the line floats high: FFh.

namespace core {

DeviceInfo Sio0::describe() {
    DeviceInfo d("sio0", this);
    d.ioRange<&Sio0::read, &Sio0::write>(0x1f801040, 0x1f801060); // SIO0, and SIO1 (absent)
    d.event(byteEvent_).event(ackEvent_);
    d.state<&Sio0::reset, &Sio0::serialize>();
    return d;
}

namespace {
constexpr uint8_t kHiZ = 0xff;
constexpr uint8_t kPadAddress = 0x01;
} // namespace

const char* Sio0::padTypeName(PadType t) {
    if (t == PadType::Multitap) return "multitap";
    return Controller::typeName(static_cast<Controller::Type>(t));
}

Sio0::Sio0(Scheduler& scheduler, Irq& irq) : scheduler_(scheduler), irq_(irq) {
    byteEvent_ = scheduler_.add<&Sio0::onByteEvent>("sio0.byte", this);
    ackEvent_ = scheduler_.add<&Sio0::onAckEvent>("sio0.ack", this);
    for (unsigned port = 0; port < 2; ++port) {
        ports_[port].setBeamSource(&beam_);
        for (unsigned slot = 0; slot < Multitap::kSlots; ++slot)
            taps_[port].slot(slot).setBeamSource(&beam_);
    }
    reset();
}

void Sio0::onByteEvent(Cycles, uint32_t) {
    byteDone();
}

// Payload 1: /ACK goes low now and rises again kAckLowCycles later (payload 0).
void Sio0::onAckEvent(Cycles late, uint32_t low) {
    state_.ackLow = low ? 1 : 0;
    if (low) scheduler_.schedule(ackEvent_, scheduler_.now() - late + kAckLowCycles, 0);
    updateIrq();
}

void Sio0::reset() {
    state_ = {};
    for (unsigned port = 0; port < 2; ++port) {
        ports_[port].reset(); // powered up with the console: a DualShock in digital mode
        taps_[port].reset();
    }
    state_.padStep[0] = state_.padStep[1] = 0;
    state_.baudStart = scheduler_.now();
    scheduler_.cancel(byteEvent_);
    scheduler_.cancel(ackEvent_);
}

void Sio0::setPadType(unsigned port, PadType type) {
    port &= 1;
    if (static_cast<uint8_t>(type) >= kPadTypeCount) type = PadType::Digital;
    padTypes_[port] = type;
    if (type == PadType::Multitap) {
        ports_[port].plug(Controller::Type::Digital);
        taps_[port].reset();
    } else {
        ports_[port].plug(static_cast<Controller::Type>(type));
    }
    // A pad transfer in progress ends with the unplugging.
    uint8_t& step = state_.padStep[port];
    if (step != 0 && step != kCardSelected) step = kNotSelected;
}

void Sio0::setTapPadType(unsigned port, unsigned slot, Controller::Type type) {
    if (static_cast<uint8_t>(type) >= Controller::kTypeCount) type = Controller::Type::Digital;
    taps_[port & 1].slot(slot).plug(type);
}

void Sio0::latchGuns(const gpu::DisplaySettings& display) {
    for (unsigned port = 0; port < 2; ++port) {
        if (padTypes_[port] != PadType::Multitap) {
            ports_[port].latchSight(display);
            continue;
        }
        for (unsigned slot = 0; slot < Multitap::kSlots; ++slot)
            taps_[port].slot(slot).latchSight(display);
    }
}

std::string Sio0::describePads() const {
    std::string out;
    for (unsigned port = 0; port < 2; ++port) {
        out.append(port ? ", port 2: " : "port 1: ");
        out.append(padTypeName(padTypes_[port]));
        if (padTypes_[port] != PadType::Multitap) continue;
        for (unsigned slot = 0; slot < Multitap::kSlots; ++slot) {
            out.append(slot ? ", " : " (");
            out.append(Controller::typeName(taps_[port].slot(slot).type()));
        }
        out.append(")");
    }
    return out;
}

Cycles Sio0::byteCycles() const {
    static constexpr uint32_t kFactor[4] = {1, 1, 16, 64};
    uint32_t bit = (uint32_t(state_.baud) * kFactor[state_.mode & 3]) & ~1u;
    return Cycles(std::max<uint32_t>(bit, 1)) * 8;
}

uint32_t Sio0::stat() const {
    uint32_t s = 0;
    if (!state_.txPending) s |= kStatTxReady;
    if (state_.rxCount) s |= kStatRxNotEmpty;
    if (!state_.txPending && !state_.txBusy) s |= kStatTxIdle;
    if (state_.ackLow) s |= kStatAckLow;
    if (state_.irqFlag) s |= kStatIrq;
    // Baud rate timer: reload = BAUD * factor / 2, decrementing every cycle.
    static constexpr uint32_t kFactor[4] = {1, 1, 16, 64};
    uint64_t reload = std::max<uint64_t>(uint64_t(state_.baud) * kFactor[state_.mode & 3] / 2, 1);
    uint64_t timer = reload - (scheduler_.now() - state_.baudStart) % reload;
    s |= uint32_t(timer & 0x1fffff) << 11;
    return s;
}

void Sio0::pushRx(uint8_t byte) {
    State& s = state_;
    if (s.rxCount < 8) {
        ++s.rxCount;
        for (unsigned i = s.rxCount - 1; i < 8; ++i)
            s.rxFifo[(s.rxRead + i) & 7] = byte;
    } else {
        s.rxFifo[(s.rxRead + 7) & 7] = byte; // overrun: the last entry is overwritten
    }
}

uint8_t Sio0::popRx() {
    State& s = state_;
    uint8_t v = s.rxFifo[s.rxRead];
    s.rxFifo[s.rxRead] = 0;
    s.rxRead = (s.rxRead + 1) & 7;
    if (s.rxCount) --s.rxCount;
    return v;
}

void Sio0::deselect() {
    state_.padStep[0] = state_.padStep[1] = 0;
    state_.cardSlot = 0;
    for (auto& port : cards_)
        for (MemoryCard* card : port)
            if (card) card->deselect();
    for (Multitap& tap : taps_)
        tap.deselect();
}

uint8_t Sio0::exchange(uint8_t tx, bool& ack, Cycles& ackDelay) {
    ack = false;
    ackDelay = kAckDelayCycles;
    if (!(state_.ctrl & kCtrlDtr)) return kHiZ; // no /CS: nobody listens
    unsigned port = (state_.ctrl & kCtrlPort2) ? 1 : 0;
    uint8_t& step = state_.padStep[port];
    const bool tap = padTypes_[port] == PadType::Multitap;
    const bool address = step == 0;
    if (address) {
        // 81h reaches the card; behind a multitap 81h..84h reach the cards of slots A-D.
        const unsigned lastCard = tap ? MemoryCard::kAddress + 3 : MemoryCard::kAddress;
        if (tx >= MemoryCard::kAddress && tx <= lastCard) {
            state_.cardSlot = static_cast<uint8_t>(tx - MemoryCard::kAddress);
            MemoryCard* card = cards_[port][state_.cardSlot];
            if (card && card->inserted()) step = kCardSelected;
        }
    }
    if (step == kCardSelected) {
        MemoryCard* card = cards_[port][state_.cardSlot & 3];
        if (!card) {
            step = kNotSelected;
            return kHiZ;
        }
        bool done = false;
        // The multitap hands its card the card's own address byte.
        uint8_t wire = address ? MemoryCard::kAddress : tx;
        uint8_t reply = card->exchange(wire, byteCycles(), ack, ackDelay, done);
        if (done) step = kNotSelected;
        return reply;
    }
    if (step == kPadSelected) {
        bool done = false;
        uint8_t reply =
            tap ? taps_[port].exchange(tx, ack, done) : ports_[port].exchange(tx, ack, done);
        if (done) step = kNotSelected;
        return reply;
    }
    if (step != 0) return kHiZ; // the transfer is over for this port
    step = kNotSelected;
    if (tap) {
        if (taps_[port].select(tx)) step = kPadSelected;
    } else if (tx == kPadAddress && ports_[port].connected()) {
        ports_[port].select();
        step = kPadSelected;
    }
    ack = step == kPadSelected;
    return kHiZ;
}

void Sio0::kernelSelect(unsigned port) {
    writeCtrl(0); // /CS high first: a transfer the program had going ends here
    deselect();
    State& s = state_;
    scheduler_.cancel(byteEvent_);
    scheduler_.cancel(ackEvent_);
    s.txPending = s.txBusy = s.txLatchedEnable = 0;
    s.ackLow = 0;
    while (s.rxCount)
        popRx();
    const uint32_t select = (port & 1) ? uint32_t(kCtrlPort2) : 0u;
    s.ctrl = static_cast<uint16_t>(kCtrlTxEnable | kCtrlDtr | kCtrlDsrIrq | select);
    s.irqFlag = 0; // every byte is acknowledged (CTRL.4) as it goes
}

uint8_t Sio0::kernelExchange(uint8_t tx, bool& ack) {
    Cycles ackDelay = 0;
    uint8_t rx = exchange(tx, ack, ackDelay);
    pushRx(rx);
    popRx();
    return rx;
}

void Sio0::kernelDeselect() {
    writeCtrl(0);
    state_.irqFlag = 0;
}

void Sio0::tryStart() {
    State& s = state_;
    if (s.txBusy || !s.txPending) return;
    if (!(s.ctrl & kCtrlTxEnable) && !s.txLatchedEnable) return;
    s.txPending = 0;
    s.txBusy = 1;
    s.shifting = s.txData;
    scheduler_.scheduleIn(byteEvent_, byteCycles());
}

void Sio0::byteDone() {
    State& s = state_;
    bool ack = false;
    Cycles ackDelay = kAckDelayCycles;
    uint8_t rx = exchange(s.shifting, ack, ackDelay);
    if (s.ctrl & (kCtrlDtr | kCtrlRxEnable)) {
        pushRx(rx);
        s.ctrl &= ~kCtrlRxEnable;
    }
    s.txBusy = 0;
    if (ack) scheduler_.scheduleIn(ackEvent_, ackDelay, 1);
    tryStart();
    updateIrq();
}

void Sio0::updateIrq() {
    const State& s = state_;
    static constexpr uint32_t kRxLevel[4] = {1, 2, 4, 8};
    bool cond = ((s.ctrl & kCtrlTxIrq) && (stat() & (kStatTxReady | kStatTxIdle))) ||
                ((s.ctrl & kCtrlRxIrq) && s.rxCount >= kRxLevel[(s.ctrl >> 8) & 3]) ||
                ((s.ctrl & kCtrlDsrIrq) && s.ackLow);
    if (cond && !s.irqFlag) {
        state_.irqFlag = 1;
        irq_.raise(IrqSource::Controller);
    }
}

void Sio0::writeCtrl(uint32_t value) {
    State& s = state_;
    if (value & kCtrlReset) {
        Cycles baudStart = s.baudStart;
        uint16_t baud = s.baud;
        scheduler_.cancel(byteEvent_);
        scheduler_.cancel(ackEvent_);
        s = {};
        s.baud = baud;
        s.baudStart = baudStart;
        deselect();
        return;
    }
    uint16_t old = s.ctrl;
    s.ctrl = static_cast<uint16_t>(value & kCtrlWritable);
    bool wasSelected = (old & kCtrlDtr) != 0;
    if (!(s.ctrl & kCtrlDtr) || (wasSelected && ((old ^ s.ctrl) & kCtrlPort2))) deselect();
    if (value & kCtrlAcknowledge) s.irqFlag = 0;
    tryStart();
    updateIrq();
}

uint32_t Sio0::read(uint32_t addr, unsigned size) {
    uint32_t off = addr & 0x1f;
    if (off >= 0x10) return 0; // SIO1 (serial port) is a later issue: nothing connected
    uint32_t mask = size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
    uint32_t word = 0;
    switch (off & ~3u) {
    case 0x0: {
        // RX data: preview entries, pop one (8/16-bit) or four (32-bit).
        State& s = state_;
        for (unsigned i = 0; i < 4; ++i)
            word |= uint32_t(s.rxFifo[(s.rxRead + i) & 7]) << (8 * i);
        unsigned pops = size == 4 ? 4 : 1;
        for (unsigned i = 0; i < pops; ++i)
            popRx();
        updateIrq();
        return word & mask;
    }
    case 0x4: word = stat(); break;
    case 0x8: word = state_.mode | (uint32_t(state_.ctrl) << 16); break;
    case 0xc: word = uint32_t(state_.baud) << 16; break;
    }
    return (word >> ((addr & 3) * 8)) & mask;
}

void Sio0::write(uint32_t addr, uint32_t value, unsigned size) {
    uint32_t off = addr & 0x1f;
    if (off >= 0x10) return;
    unsigned first = addr & 3, last = std::min(3u, first + size - 1);
    uint32_t v = value << (first * 8);
    bool lowHalf = first < 2, highHalf = last >= 2;
    switch (off & ~3u) {
    case 0x0:
        if (first != 0) return;
        state_.txData = static_cast<uint8_t>(v);
        state_.txPending = 1;
        state_.txLatchedEnable = (state_.ctrl & kCtrlTxEnable) ? 1 : 0;
        tryStart();
        updateIrq();
        return;
    case 0x8:
        if (lowHalf) state_.mode = static_cast<uint16_t>(v & kModeWritable);
        if (highHalf) writeCtrl(v >> 16);
        return;
    case 0xc:
        if (highHalf) {
            state_.baud = static_cast<uint16_t>(v >> 16);
            state_.baudStart = scheduler_.now();
        }
        return;
    default: return; // JOY_STAT is read-only
    }
}

void Sio0::serialize(savestate::StateIO& io) {
    // Version 4: every controller kind and the multitaps (with their slots' controllers), the
    // memory card slot behind a tap, padStep kPadSelected for every controller; version 3:
    // the pad types and the DualShocks' state (older states: digital pads); version 2: named
    // fields; version 1 stored the packed State (40 bytes).
    uint32_t version = io.beginSection("sio0", 4);
    io.record(state_, version, 2, 40, [&] {
        io.field("rxFifo", state_.rxFifo);
        io.field("rxRead", state_.rxRead);
        io.field("rxCount", state_.rxCount);
        io.field("txData", state_.txData);
        io.field("txPending", state_.txPending);
        io.field("txBusy", state_.txBusy);
        io.field("txLatchedEnable", state_.txLatchedEnable);
        io.field("shifting", state_.shifting);
        io.field("ackLow", state_.ackLow);
        io.field("irqFlag", state_.irqFlag);
        io.field("padStep", state_.padStep);
        io.field("cardSlot", state_.cardSlot);
        io.field("mode", state_.mode);
        io.field("ctrl", state_.ctrl);
        io.field("baud", state_.baud);
        io.field("baudStart", state_.baudStart);
    });
    if (io.reading() && version < 4) state_.cardSlot = 0;
    state_.cardSlot &= 3;
    for (uint32_t port = 0; port < 2; ++port) {
        uint8_t type = static_cast<uint8_t>(padTypes_[port]);
        if (version >= 3)
            io.field("padType", port, type);
        else if (io.reading())
            type = 0;
        if (io.reading()) padTypes_[port] = type < kPadTypeCount ? PadType(type) : PadType::Digital;
        const bool tap = padTypes_[port] == PadType::Multitap;
        // The port's own controller ("ds.*" fields as in version 3); behind a multitap the
        // port controller is idle.
        if (io.reading())
            ports_[port].plug(tap ? Controller::Type::Digital : Controller::Type(padTypes_[port]));
        if (version >= 3)
            ports_[port].serializeFields(io, port);
        else if (io.reading())
            ports_[port].reset();
        if (io.reading()) taps_[port].reset();
        if (version >= 4) {
            taps_[port].serializeFields(io, port);
            for (uint32_t slot = 0; slot < Multitap::kSlots; ++slot) {
                Controller& c = taps_[port].slot(slot);
                const uint32_t index = 2 + port * Multitap::kSlots + slot;
                uint8_t slotType = static_cast<uint8_t>(c.type());
                io.field("tapPadType", index, slotType);
                if (io.reading())
                    c.plug(slotType < Controller::kTypeCount ? Controller::Type(slotType)
                                                             : Controller::Type::Digital);
                c.serializeFields(io, index);
            }
        }
        if (!io.reading()) continue;
        uint8_t& step = state_.padStep[port];
        // Before version 4 the digital pad's position (1..4) was padStep itself.
        if (version < 4 && step >= 1 && step <= 4) {
            ports_[port].digitalPad().setIndex(step);
            step = kPadSelected;
        }
        if (step != 0 && step != kPadSelected && step != kCardSelected) step = kNotSelected;
    }
    io.endSection();
}

} // namespace core
