#include "core/cdrom/controller.h"
#include <cstddef>

#include <cstring>

#include "core/irq.h"

// Hardware notes (cdromdrive.md "CDROM Controller I/O Ports", "Mainloop/Responses"):
// - Four banks of four 8-bit ports; port 0 selects the bank. 16/32-bit accesses are split
//   by the bus into byte accesses of the same port (no auto-increment), so a 32-bit read of
//   1F801800h is HSTS four times and a word read of RDDATA pops four bytes.
// - The result FIFO holds 16 bytes; reads past the response return 00h up to 16 bytes and
//   then start over at the first byte. RSLRRDY clears after the last response byte.
// - The HC05 executes a written command only when no INT is pending (BUSYSTS stays set
//   until then); the first response (INT3, or INT5) follows the execution at once.
// - There is no queue for later responses, only two flags: a second response (INT2, INT4,
//   INT5) and a data/report response (INT1, for the newest sector). They are delivered when no
//   INT is pending, a little after the acknowledge that frees the flags.
// - Acknowledging (HCLRCTL bits 0-2) clears INTSTS bits; once INTSTS is 0 the result FIFO is
//   drained. HCLRCTL.6 clears the parameter FIFO, HCLRCTL.7 resets the decoder chip.
// - The IRQ line is (HINTSTS AND HINTMSK) != 0; I_STAT.2 takes its rising edge.
// - ATV0-ATV3 take effect when ADPCTL.5 is written; ADPCTL.0 mutes XA-ADPCM only.

namespace core {

Cdrom::Cdrom(Scheduler& scheduler, Irq& irq) : scheduler_(scheduler), irq_(irq) {
    commandEvent_ = scheduler_.add<&Cdrom::onCommandEvent>("cdrom.command", this);
    driveEvent_ = scheduler_.add<&Cdrom::onDriveEvent>("cdrom.drive", this);
    asyncEvent_ = scheduler_.add<&Cdrom::onAsyncEvent>("cdrom.async", this);
    responseEvent_ = scheduler_.add<&Cdrom::onResponseEvent>("cdrom.response", this);
    reset();
}

DeviceInfo Cdrom::describe() {
    DeviceInfo d("cdrom", this);
    d.ioRange<&Cdrom::read, &Cdrom::write>(0x1f801800, 0x1f801804, IoTiming::Cdrom);
    // RAM -> CD-ROM has nothing to receive it: the port's write end stays empty (dropped).
    d.dmaChannelPort(3, DmaPort{nullptr, &dmaRequestPort, nullptr, &dmaReadPort}, &drq_);
    d.event(commandEvent_).event(driveEvent_).event(asyncEvent_).event(responseEvent_);
    d.state<&Cdrom::reset, &Cdrom::serialize>();
    return d;
}

bool Cdrom::dmaRequestPort(void* self, Cycles) {
    return static_cast<Cdrom*>(self)->dmaRequest();
}

// The data FIFO's timing is the controller's own (no per-word clock needed): each word is the
// next four bytes, as four RDDATA reads would give.
void Cdrom::dmaReadPort(void* self, std::span<uint32_t> words, const DmaClock&) {
    for (uint32_t& w : words)
        w = static_cast<Cdrom*>(self)->dmaReadWord();
}

void Cdrom::reset() {
    std::memset(&state_, 0, sizeof(state_));
    scheduler_.cancel(commandEvent_);
    scheduler_.cancel(driveEvent_);
    scheduler_.cancel(asyncEvent_);
    scheduler_.cancel(responseEvent_);
    state_.atv[0] = state_.atv[2] = 0x80; // normal stereo volume (cdromdrive.md "ATV0")
    std::memcpy(state_.atvPending, state_.atv, 4);
    state_.op = DriveOp::Idle;
    state_.afterSeek = AfterSeek::Pause;
    // Power-on: a closed drive with a disc has spun up; an open one shows the latch.
    if (lidOpen_)
        state_.stat = kStatShellOpen;
    else if (disc_)
        state_.stat = kStatMotor;
    state_.position = cdrom::kPregapSectors;
    state_.lastRead = cdrom::kPregapSectors;
    cdrom::XaAdpcm::reset(state_.xa);
}

uint8_t Cdrom::hsts() const {
    uint8_t v = state_.bank;
    if (scheduler_.now() < state_.xaBusyUntil) v |= kHstsAdpBusy;
    if (state_.paramCount == 0) v |= kHstsPrmEmpty;
    if (state_.paramCount < 16) v |= kHstsPrmWrdy;
    if (state_.resultRead < state_.resultCount) v |= kHstsRslRrdy;
    if (state_.dataPos < state_.dataSize) v |= kHstsDrqSts;
    if (state_.commandPending) v |= kHstsBusySts;
    return v;
}

uint32_t Cdrom::read(uint32_t addr, unsigned size) {
    uint32_t port = addr & 3, v = 0;
    for (unsigned i = 0; i < size && i < 4; ++i)
        v |= uint32_t(readByte(port)) << (8 * i);
    return v;
}

void Cdrom::write(uint32_t addr, uint32_t value, unsigned size) {
    (void)size; // an 8-bit bus: only the low byte reaches the port
    writeByte(addr & 3, uint8_t(value));
}

uint32_t Cdrom::dmaReadWord() {
    uint32_t v = 0;
    for (unsigned i = 0; i < 4; ++i)
        v |= uint32_t(readByte(2)) << (8 * i);
    return v;
}

uint8_t Cdrom::readByte(uint32_t port) {
    switch (port) {
    case 0: return hsts();
    case 1: {
        uint8_t v = state_.result[state_.resultRead & 15];
        state_.resultRead = uint8_t((state_.resultRead + 1) & 15);
        if (state_.resultRead == 0) state_.resultCount = 0; // wrapped: the response was read
        return v;
    }
    case 2: {
        if (state_.dataPos < state_.dataSize) return state_.data[state_.dataPos++];
        // Past the end the FIFO repeats the byte at 800h-8 / 924h-4 (cdromdrive.md RDDATA).
        if (state_.dataSize == 0x800) return state_.data[0x800 - 8];
        if (state_.dataSize == 0x924) return state_.data[0x924 - 4];
        return 0;
    }
    default:
        // HINTMSK (banks 0, 2) or HINTSTS (banks 1, 3); bits 5-7 read as 1.
        return uint8_t(0xe0 | ((state_.bank & 1) ? state_.hintsts : state_.hintmsk));
    }
}

void Cdrom::writeByte(uint32_t port, uint8_t value) {
    if (port == 0) {
        state_.bank = value & 3;
        return;
    }
    switch (state_.bank * 4 + port) {
    case 1: // COMMAND
        // A command written while another waits replaces it (the reference calls the outcome
        // unpredictable; the newer command runs).
        state_.command = value;
        state_.commandPending = 1;
        scheduleCommand();
        break;
    case 2: // PARAMETER
        if (state_.paramCount < 16) state_.params[state_.paramCount++] = value;
        break;
    case 3: // HCHPCTL
        state_.hchpctl = value;
        if (value & 0x80) {
            if (state_.dataPos >= state_.dataSize) {
                loadDataFifo();
                drq_.changed();
            }
        } else {
            state_.dataSize = state_.dataPos = 0;
        }
        break;
    case 5: // WRDATA: sound map upload (not emulated: no known game uses it)
        break;
    case 6: // HINTMSK
        state_.hintmsk = value & 0x1f;
        updateIrq();
        break;
    case 7:                 // HCLRCTL
        if (value & 0x80) { // CHPRST: the decoder's FIFOs and flags
            state_.paramCount = 0;
            state_.resultCount = state_.resultRead = 0;
            state_.dataSize = state_.dataPos = 0;
        }
        if (value & 0x40) state_.paramCount = 0;
        acknowledge(value & 0x1f);
        break;
    case 9: // CI: sound map coding info (sound map not emulated)
        break;
    case 10: state_.atvPending[0] = value; break;
    case 11: state_.atvPending[1] = value; break;
    case 13: state_.atvPending[2] = value; break;
    case 14: state_.atvPending[3] = value; break;
    case 15: // ADPCTL
        state_.adpMute = value & 1;
        if (value & 0x20) std::memcpy(state_.atv, state_.atvPending, 4);
        break;
    default: break;
    }
}

void Cdrom::updateIrq() {
    uint8_t line = (state_.hintsts & state_.hintmsk & 0x1f) ? 1 : 0;
    if (line && !state_.irqLine) irq_.raise(IrqSource::Cdrom);
    state_.irqLine = line;
}

void Cdrom::acknowledge(uint8_t bits) {
    bool wasPending = intPending();
    state_.hintsts &= uint8_t(~bits);
    updateIrq();
    if (!wasPending || intPending()) return;
    std::memset(state_.result, 0, sizeof state_.result);
    state_.resultCount = state_.resultRead = 0;
    if ((state_.asyncInt || state_.pendingSector) && !scheduler_.pending(asyncEvent_))
        scheduler_.scheduleIn(asyncEvent_, kAsyncAfterAck);
    scheduleCommand();
}

void Cdrom::setResponse(uint8_t intType, const uint8_t* bytes, unsigned count) {
    std::memset(state_.result, 0, sizeof state_.result);
    std::memcpy(state_.result, bytes, count);
    state_.resultCount = uint8_t(count);
    state_.resultRead = 0;
    state_.hintsts = uint8_t((state_.hintsts & 0x18) | intType);
    updateIrq();
}

void Cdrom::queueAsync(uint8_t intType, const uint8_t* bytes, unsigned count, bool sector) {
    if (sector || intType == 1) {
        // The data/report flag: only the newest one is kept.
        state_.pendingSector = sector ? 1 : 2;
        std::memset(state_.int1Result, 0, 8);
        std::memcpy(state_.int1Result, bytes, count < 8 ? count : 8);
        state_.int1Count = uint8_t(count);
    } else {
        state_.asyncInt = intType;
        state_.asyncCount = uint8_t(count);
        std::memset(state_.asyncResult, 0, 16);
        std::memcpy(state_.asyncResult, bytes, count < 16 ? count : 16);
    }
    if (!intPending() && !scheduler_.pending(asyncEvent_)) deliverAsync();
}

// Delivers one waiting response: the second response first, then the data/report one.
void Cdrom::deliverAsync() {
    if (intPending()) return;
    if (state_.asyncInt) {
        uint8_t type = state_.asyncInt;
        state_.asyncInt = 0;
        setResponse(type, state_.asyncResult, state_.asyncCount);
    } else if (state_.pendingSector) {
        bool sector = state_.pendingSector == 1;
        state_.pendingSector = 0;
        if (sector) state_.deliveredSlot ^= 1; // the newest sector becomes the readable one
        setResponse(1, state_.int1Result, state_.int1Count);
    }
}

void Cdrom::onAsyncEvent(Cycles, uint32_t) {
    deliverAsync();
}

void Cdrom::onResponseEvent(Cycles, uint32_t which) {
    if (which == kResponseGetId) getIdResponse();
    if (which == kResponseGetQ) getQResponse();
}

void Cdrom::scheduleCommand() {
    if (!state_.commandPending || intPending() || scheduler_.pending(commandEvent_)) return;
    Cycles delay = (state_.stat & kStatMotor) ? kFirstResponseMotorOn : kFirstResponseStopped;
    if (state_.command == 0x0a || state_.command == 0x1e) delay = kFirstResponseInit;
    scheduler_.scheduleIn(commandEvent_, delay);
}

void Cdrom::onCommandEvent(Cycles, uint32_t) {
    if (!state_.commandPending) return;
    if (intPending()) return; // runs after the acknowledge (acknowledge() reschedules)
    state_.commandPending = 0;
    execute(state_.command);
}

void Cdrom::setLidOpen(bool open) {
    if (open == lidOpen_) return;
    lidOpen_ = open;
    if (open) {
        // Opening stops everything; INT5 with 08h whether a command ran or not, and only the
        // shell-open (and error) bits stay (cdromdrive.md "Status code").
        scheduler_.cancel(driveEvent_);
        state_.op = DriveOp::Idle;
        state_.headerValid = 0;
        state_.stat = kStatShellOpen;
        asyncError(kErrDoorOpened);
    } else if (disc_) {
        state_.tocLost = 0;
        // Closing with a disc: the motor spins up and the TOC is read (no response). The
        // shell-open latch stays until a Nop reads it.
        state_.op = DriveOp::SpinUp;
        scheduler_.scheduleIn(driveEvent_, kSpinUp + kTocRead);
    }
}

void Cdrom::serialize(savestate::StateIO& io) {
    // Version 5: the lid; version 4: speedChangeUntil; version 3: named fields; version 2
    // stored the packed State (everything before speedChangeUntil); version 1 was the register
    // placeholder, of which nothing maps onto the drive.
    uint32_t version = io.beginSection("cdrom", 5);
    if (io.reading() && version < 2) {
        io.endSection();
        reset();
        return;
    }
    State& s = state_;
    io.record(s, version, 3, offsetof(State, speedChangeUntil), [&] {
        io.field("bank", s.bank);
        io.field("hintmsk", s.hintmsk);
        io.field("hintsts", s.hintsts);
        io.field("hchpctl", s.hchpctl);
        io.field("irqLine", s.irqLine);
        io.field("params", s.params);
        io.field("paramCount", s.paramCount);
        io.field("result", s.result);
        io.field("resultCount", s.resultCount);
        io.field("resultRead", s.resultRead);
        io.field("command", s.command);
        io.field("commandPending", s.commandPending);
        io.field("asyncInt", s.asyncInt);
        io.field("asyncCount", s.asyncCount);
        io.field("pendingSector", s.pendingSector);
        io.field("int1Count", s.int1Count);
        io.field("asyncResult", s.asyncResult);
        io.field("int1Result", s.int1Result);
        io.field("stat", s.stat);
        io.field("mode", s.mode);
        io.field("sizeMode", s.sizeMode);
        io.field("filterFile", s.filterFile);
        io.field("filterChannel", s.filterChannel);
        io.field("op", s.op);
        io.field("afterSeek", s.afterSeek);
        io.field("seekLogical", s.seekLogical);
        io.field("setlocPending", s.setlocPending);
        io.field("muted", s.muted);
        io.field("adpMute", s.adpMute);
        io.field("unlockStep", s.unlockStep);
        io.field("unlocked", s.unlocked);
        io.field("atv", s.atv);
        io.field("atvPending", s.atvPending);
        io.field("headerValid", s.headerValid);
        io.field("playTrack", s.playTrack);
        io.field("scan", s.scan);
        io.field("lastHeader", s.lastHeader);
        io.field("setloc", s.setloc);
        io.field("position", s.position);
        io.field("lastRead", s.lastRead);
        io.field("sessionParam", s.sessionParam);
        io.field("getqAdr", s.getqAdr);
        io.field("stopQuiet", s.stopQuiet);
        io.field("tocLost", s.tocLost);
        io.field("sectors", s.sectors);
        io.field("deliveredSlot", s.deliveredSlot);
        io.field("data", s.data);
        io.field("dataSize", s.dataSize);
        io.field("dataPos", s.dataPos);
        io.field("xa", s.xa);
        io.field("xaBusyUntil", s.xaBusyUntil);
        io.field("speedChangeUntil", s.speedChangeUntil);
    });
    // Older states were made with the lid closed (no front end could open it then).
    uint8_t lid = lidOpen_ ? 1 : 0;
    if (version >= 5)
        io.field("lidOpen", lid);
    else
        lid = 0;
    if (io.reading()) lidOpen_ = lid != 0;
    io.endSection();
}

} // namespace core
