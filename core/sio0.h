#pragma once
// SIO0: the controller/memory-card serial port (serialinterfacessio.md) with a controller
// (core/pads/controller.h: digital pad, DualShock, analog joystick, mouse, GunCon) or a
// multitap (core/pads/multitap.h) on each of its two ports (controllersandmemorycards.md). Bytes
// move at the rate given by JOY_BAUD/JOY_MODE (one scheduled event per byte); the pad answers with
// /ACK pulses that raise IRQ7 through the DSR interrupt.
#include <cstdint>
#include <string>

#include "core/device.h"
#include "core/pad_state.h"
#include "core/pads/controller.h"
#include "core/pads/multitap.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace gpu {
struct DisplaySettings;
}

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
        uint8_t padStep[2]; // per port: who has the port (0: nobody yet; kNotSelected after)
        uint8_t cardSlot;   // kCardSelected: the multitap slot of the card (0 without a tap)
        uint16_t mode, ctrl, baud;
        uint16_t pad1;
        Cycles baudStart; // cycle the baud rate timer was last reloaded by a write
    };
    static_assert(std::is_trivially_copyable_v<State>);

    // What is plugged into a pad port (the digital pad is the default); a controller's number
    // is its Controller::Type. Stored in savestates.
    enum class PadType : uint8_t {
        Digital = 0,
        DualShock = 1,
        AnalogJoystick = 2,
        Mouse = 3,
        GunCon = 4,
        Multitap = 5,
    };
    static constexpr uint8_t kPadTypeCount = 6;
    static const char* padTypeName(PadType t);

    Sio0(Scheduler& scheduler, Irq& irq);
    Sio0(const Sio0&) = delete; // its controllers point at its beam source
    Sio0& operator=(const Sio0&) = delete;
    // JOY_* at 1F801040h..1F80105Fh (SIO1's ports read as nothing), the "sio0" section.
    DeviceInfo describe();
    void reset();
    // Host input (once per frame, from System): the controller in port 0/1 (with a multitap:
    // its slot A), or the one in multitap slot 0..3 of the port.
    void setPad(unsigned port, const PadState& pad) { socket(port, 0).setInput(pad); }
    void setPad(unsigned port, unsigned slot, const PadState& pad) {
        if (padTypes_[port & 1] == PadType::Multitap) taps_[port & 1].slot(slot).setInput(pad);
    }
    const PadState& pad(unsigned port) const { return socket(port, 0).input(); }
    // GunCons take the coordinates of the picture points they are aimed at (from the display
    // the frame shows; System calls this after setPad).
    void latchGuns(const gpu::DisplaySettings& display);
    // Where GunCons ask for the beam position at a read (System: the video timing).
    void setBeamSource(GunCon::Beam (*position)(void*), void* context) {
        beam_.position = position;
        beam_.context = context;
    }
    // Plugs `type` into port 0/1 (powered up: a DualShock in digital mode, LED off; a
    // multitap with four digital pads).
    void setPadType(unsigned port, PadType type);
    PadType padType(unsigned port) const { return padTypes_[port & 1]; }
    // Plugs a controller into slot 0..3 of the multitap on port 0/1 (no effect without one).
    void setTapPadType(unsigned port, unsigned slot, Controller::Type type);
    // The controller in port 0/1 (with a multitap: the one in its slot A).
    const Controller& controller(unsigned port) const { return socket(port, 0); }
    const Multitap& multitap(unsigned port) const { return taps_[port & 1]; }
    // The DualShock of port 0/1 (its mode, LED and motors for front ends).
    const DualShock& dualShock(unsigned port) const { return controller(port).dualShock(); }
    // What is plugged in, for messages: "port 1: dualshock, port 2: multitap (digital, ...)".
    std::string describePads() const;
    // The memory card in slot 0/1 (null: none); it answers address 81h (core/memory_card.h).
    // With a multitap on the port, the card of tap slot 0..3 answers 81h..84h.
    void setMemoryCard(unsigned port, MemoryCard* card) { cards_[port & 1][0] = card; }
    void setMemoryCard(unsigned port, unsigned slot, MemoryCard* card) {
        cards_[port & 1][slot & 3] = card;
    }

    // The HLE kernel's vblank pad read (kernelbios.md "Pad Input", core/hle_bios_pads.cpp)
    // drives /CS and the bytes itself, all at once: the same device logic (controllers,
    // multitap, cards) answers as on the wire, without the wire's timing. kernelSelect()
    // takes the port as the kernel does (any byte in flight is dropped, JOY_CTRL = /CS, TXEN
    // and the DSR interrupt on `port`); kernelExchange() sends one byte and returns the reply
    // (the kernel reads every byte back, so the RX FIFO ends empty) with whether /ACK followed;
    // kernelDeselect() leaves JOY_CTRL = 0 as the kernel does.
    void kernelSelect(unsigned port);
    uint8_t kernelExchange(uint8_t tx, bool& ack);
    void kernelDeselect();

    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);
    // Cycles one byte takes on the wire with the current JOY_BAUD/JOY_MODE.
    Cycles byteCycles() const;

    const State& state() const { return state_; }
    void serialize(savestate::StateIO& io);

  private:
    static constexpr uint8_t kNotSelected = 0xff;
    static constexpr uint8_t kCardSelected = 0xfe; // padStep: the memory card has the port
    static constexpr uint8_t kPadSelected = 0xfd;  // padStep: the controller (or tap) has it
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
    Controller& socket(unsigned port, unsigned slot) {
        return padTypes_[port & 1] == PadType::Multitap ? taps_[port & 1].slot(slot)
                                                        : ports_[port & 1];
    }
    const Controller& socket(unsigned port, unsigned slot) const {
        return padTypes_[port & 1] == PadType::Multitap ? taps_[port & 1].slot(slot)
                                                        : ports_[port & 1];
    }
    uint8_t exchangePad(unsigned port, uint8_t tx, bool& ack);

    Scheduler& scheduler_;
    Irq& irq_;
    Scheduler::Handle byteEvent_, ackEvent_;
    State state_{};
    PadType padTypes_[2] = {PadType::Digital, PadType::Digital}; // saved: what is plugged in
    Controller ports_[2]; // the controller in each port (unused while a multitap is there)
    Multitap taps_[2];
    MemoryCard* cards_[2][Multitap::kSlots] = {};
    GunCon::BeamSource beam_; // every socket's GunCon points here
};

} // namespace core
