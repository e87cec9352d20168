#pragma once
// SIO0: the controller/memory-card serial port (serialinterfacessio.md) with the standard
// digital pad or the DualShock (core/pads/dualshock.h) on its two ports
// (controllersandmemorycards.md). Bytes move at the rate given by
// JOY_BAUD/JOY_MODE (one scheduled event per byte); the pad answers with /ACK pulses that
// raise IRQ7 through the DSR interrupt.
#include <cstdint>

#include "core/device.h"
#include "core/pad_state.h"
#include "core/pads/dualshock.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

class Irq;
class MemoryCard;

class Sio0 {
  public:
    // JOY_STAT bits (serialinterfacessio.md "SIO#_STAT").
    enum StatBit : uint32_t {
        kStatTxReady = 1u << 0,
        kStatRxNotEmpty = 1u << 1,
        kStatTxIdle = 1u << 2,
        kStatAckLow = 1u << 7, // DSR input = /ACK asserted
        kStatIrq = 1u << 9,
    };
    // JOY_CTRL bits ("SIO#_CTRL").
    enum CtrlBit : uint32_t {
        kCtrlTxEnable = 1u << 0,
        kCtrlDtr = 1u << 1, // /CS of the selected port
        kCtrlRxEnable = 1u << 2,
        kCtrlAcknowledge = 1u << 4,
        kCtrlReset = 1u << 6,
        kCtrlTxIrq = 1u << 10,
        kCtrlRxIrq = 1u << 11,
        kCtrlDsrIrq = 1u << 12,
        kCtrlPort2 = 1u << 13,
    };
    static constexpr uint32_t kModeWritable = 0x013f; // bits 6-7 and 9-15 read zero on SIO0
    static constexpr uint32_t kCtrlWritable = 0x3f2f; // bits 4, 6 are actions; 14-15 zero
    // /ACK: the pad pulls it low after a byte (the kernel ignores pulses in the first ~100
    // cycles after the clock stops and times out after 100 us), for circa 100 cycles.
    static constexpr Cycles kAckDelayCycles = 338; // about 10 us after the last clock
    static constexpr Cycles kAckLowCycles = 100;

    struct State {
        uint8_t rxFifo[8];
        uint8_t rxRead, rxCount;
        uint8_t txData, txPending, txBusy, txLatchedEnable, shifting;
        uint8_t ackLow, irqFlag;
        uint8_t padStep[2]; // per port: position in the pad's reply (kNotSelected after)
        uint8_t pad0;
        uint16_t mode, ctrl, baud;
        uint16_t pad1;
        Cycles baudStart; // cycle the baud rate timer was last reloaded by a write
    };
    static_assert(std::is_trivially_copyable_v<State>);

    // What is plugged into a pad port (the digital pad is the default).
    enum class PadType : uint8_t { Digital = 0, DualShock = 1 };

    Sio0(Scheduler& scheduler, Irq& irq);
    // JOY_* at 1F801040h..1F80105Fh (SIO1's ports read as nothing), the "sio0" section.
    DeviceInfo describe();
    void reset();
    // Host input: the pad plugged into port 0/1 (buttons held, or nothing connected).
    // A DualShock sees the Analog button here (once per frame, from System).
    void setPad(unsigned port, const PadState& pad) {
        pads_[port & 1] = pad;
        if (padTypes_[port & 1] == PadType::DualShock) dualShocks_[port & 1].setInput(pad);
    }
    const PadState& pad(unsigned port) const { return pads_[port & 1]; }
    // Plugs a pad of `type` into port 0/1 (it starts powered up: digital mode, LED off).
    void setPadType(unsigned port, PadType type);
    PadType padType(unsigned port) const { return padTypes_[port & 1]; }
    // The DualShock of port 0/1 (its mode, LED and motors for front ends).
    const DualShock& dualShock(unsigned port) const { return dualShocks_[port & 1]; }
    // The memory card in slot 0/1 (null: none); it answers address 81h (core/memory_card.h).
    void setMemoryCard(unsigned port, MemoryCard* card) { cards_[port & 1] = card; }

    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);
    // Cycles one byte takes on the wire with the current JOY_BAUD/JOY_MODE.
    Cycles byteCycles() const;

    const State& state() const { return state_; }
    void serialize(savestate::StateIO& io);

  private:
    static constexpr uint8_t kNotSelected = 0xff;
    static constexpr uint8_t kCardSelected = 0xfe;      // padStep: the memory card has the port
    static constexpr uint8_t kDualShockSelected = 0xfd; // padStep: the DualShock has the port
    uint32_t stat() const;
    uint8_t exchange(uint8_t tx, bool& ack, Cycles& ackDelay);
    void pushRx(uint8_t byte);
    uint8_t popRx();
    void tryStart();
    void byteDone();
    void onByteEvent(Cycles late, uint32_t payload);
    void onAckEvent(Cycles late, uint32_t low);
    void updateIrq();
    void deselect();
    void writeCtrl(uint32_t value);

    Scheduler& scheduler_;
    Irq& irq_;
    Scheduler::Handle byteEvent_, ackEvent_;
    State state_{};
    PadState pads_[2];                                           // host input, not machine state
    PadType padTypes_[2] = {PadType::Digital, PadType::Digital}; // saved: what is plugged in
    DualShock dualShocks_[2];
    MemoryCard* cards_[2] = {};
};

} // namespace core
