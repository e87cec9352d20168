#include <catch2/catch.hpp>

#include "core/irq.h"
#include "core/sio0.h"
#include "device_test_util.h"

using core::Sio0;

namespace {
constexpr uint32_t kData = 0x1f801040, kStat = 0x1f801044, kMode = 0x1f801048, kCtrl = 0x1f80104a,
                   kBaud = 0x1f80104e;

struct Rig {
    core::Scheduler sched;
    core::Irq irq;
    Sio0 sio{sched, irq};
    Rig() {
        sio.write(kCtrl, Sio0::kCtrlReset, 2);
        sio.write(kMode, 0x000d, 2); // MUL1, 8 bits
        sio.write(kBaud, 0x0088, 2);
    }
    void select(unsigned port) {
        sio.write(kCtrl,
                  Sio0::kCtrlTxEnable | Sio0::kCtrlDtr | Sio0::kCtrlDsrIrq |
                      (port ? uint32_t(Sio0::kCtrlPort2) : 0u),
                  2);
    }
    uint32_t stat() { return sio.read(kStat, 4); }
    bool irq7() { return (irq.state().stat >> 7) & 1; }
    // Sends one byte, waits for the transfer and a possible /ACK; returns the reply.
    uint8_t xfer(uint8_t b, bool& acked) {
        irq.write(0x1f801070, ~(1u << 7), 4);
        sio.write(kCtrl, sio.state().ctrl | Sio0::kCtrlAcknowledge, 2);
        sio.write(kData, b, 1);
        testutil::runFor(sched, sio.byteCycles());
        uint8_t v = static_cast<uint8_t>(sio.read(kData, 1));
        testutil::runFor(sched, Sio0::kAckDelayCycles + 10);
        acked = irq7();
        testutil::runFor(sched, Sio0::kAckLowCycles);
        return v;
    }
};
} // namespace

TEST_CASE("serialinterfacessio.md SIO0 BAUD: a bit lasts (reload*factor) AND NOT 1 cycles",
          "[devices]") {
    Rig r;
    CHECK(r.sio.byteCycles() == 8 * 0x88);
    r.sio.write(kMode, 0x000e, 2); // MUL16
    CHECK(r.sio.byteCycles() == 8 * 0x88 * 16);
    r.sio.write(kBaud, 0x0001, 2);
    r.sio.write(kMode, 0x000d, 2); // 1*1 AND NOT 1 = 0 -> at least 1
    CHECK(r.sio.byteCycles() == 8);
}

TEST_CASE("controllersandmemorycards.md digital pad: 01h 42h 00h 00h 00h -> "
          "Hi-Z 41h 5Ah switches, active low, /ACK after all but the last byte",
          "[devices]") {
    Rig r;
    core::PadState pad;
    pad.buttons = core::PadState::Start | core::PadState::Cross | core::PadState::L3;
    r.sio.setPad(0, pad);
    r.select(0);
    bool ack = false;
    CHECK(r.xfer(0x01, ack) == 0xff);
    CHECK(ack);
    CHECK(r.xfer(0x42, ack) == 0x41);
    CHECK(ack);
    CHECK(r.xfer(0x00, ack) == 0x5a);
    CHECK(ack);
    CHECK(r.xfer(0x00, ack) == 0xf7); // Start (bit 3) pressed
    CHECK(ack);
    CHECK(r.xfer(0x00, ack) == 0xbf); // Cross (bit 14) pressed; L3 ignored in digital mode
    CHECK_FALSE(ack);
}

TEST_CASE("controllersandmemorycards.md DSR: /ACK drives STAT.7 and sets STAT.9 - which "
          "CTRL.4 cannot clear while /ACK is low",
          "[devices]") {
    Rig r;
    r.select(0);
    r.sio.write(kData, 0x01, 1);
    CHECK((r.stat() & (Sio0::kStatTxIdle)) == 0);
    testutil::runFor(r.sched, r.sio.byteCycles());
    CHECK((r.stat() & Sio0::kStatTxIdle) != 0);
    CHECK((r.stat() & Sio0::kStatRxNotEmpty) != 0);
    CHECK_FALSE(r.irq7()); // not within 0 cycles of the byte (kernel emulation note)
    testutil::runFor(r.sched, Sio0::kAckDelayCycles);
    CHECK((r.stat() & Sio0::kStatAckLow) != 0);
    CHECK((r.stat() & Sio0::kStatIrq) != 0);
    CHECK(r.irq7());
    r.sio.write(kCtrl, r.sio.state().ctrl | Sio0::kCtrlAcknowledge, 2);
    CHECK((r.stat() & Sio0::kStatIrq) != 0);
    testutil::runFor(r.sched, Sio0::kAckLowCycles);
    CHECK((r.stat() & Sio0::kStatAckLow) == 0);
    r.sio.write(kCtrl, r.sio.state().ctrl | Sio0::kCtrlAcknowledge, 2);
    CHECK((r.stat() & Sio0::kStatIrq) == 0);
}

TEST_CASE("controllersandmemorycards.md: no pad - or a memory card address - gives no /ACK",
          "[devices]") {
    Rig r;
    core::PadState none;
    none.connected = false;
    r.sio.setPad(1, none);
    r.select(1);
    bool ack = true;
    CHECK(r.xfer(0x01, ack) == 0xff);
    CHECK_FALSE(ack);
    CHECK(r.xfer(0x42, ack) == 0xff);
    CHECK_FALSE(ack);
    // Port 1 has a pad, but 81h addresses the memory card.
    r.sio.write(kCtrl, 0, 2); // deselect
    r.select(0);
    CHECK(r.xfer(0x81, ack) == 0xff);
    CHECK_FALSE(ack);
    CHECK(r.xfer(0x42, ack) == 0xff);
    CHECK_FALSE(ack);
}

TEST_CASE("serialinterfacessio.md: TX waits for TXEN - without /CS nothing is received",
          "[devices]") {
    Rig r;
    r.sio.write(kCtrl, Sio0::kCtrlDtr, 2);
    r.sio.write(kData, 0x01, 1);
    CHECK((r.stat() & (Sio0::kStatTxReady | Sio0::kStatTxIdle)) == 0);
    testutil::runFor(r.sched, 10000);
    CHECK((r.stat() & Sio0::kStatTxIdle) == 0);
    r.sio.write(kCtrl, Sio0::kCtrlDtr | Sio0::kCtrlTxEnable, 2);
    CHECK((r.stat() & Sio0::kStatTxReady) != 0);
    testutil::runFor(r.sched, r.sio.byteCycles());
    CHECK((r.stat() & Sio0::kStatTxIdle) != 0);
    CHECK((r.stat() & Sio0::kStatRxNotEmpty) != 0);
    r.sio.read(kData, 1);
    // /CS high (DTR off): the byte is sent but not received.
    r.sio.write(kCtrl, Sio0::kCtrlTxEnable, 2);
    r.sio.write(kData, 0x01, 1);
    testutil::runFor(r.sched, r.sio.byteCycles());
    CHECK((r.stat() & Sio0::kStatRxNotEmpty) == 0);
}

TEST_CASE("serialinterfacessio.md RX FIFO: 16-bit read previews - pops one - empty reads "
          "repeat the last byte then 00h",
          "[devices]") {
    Rig r;
    r.sio.write(kCtrl, Sio0::kCtrlTxEnable | Sio0::kCtrlDtr, 2);
    // A pad reply: Hi-Z, 41h, 5Ah.
    core::PadState pad;
    r.sio.setPad(0, pad);
    bool ack;
    r.xfer(0x01, ack); // popped by xfer
    r.sio.write(kData, 0x42, 1);
    testutil::runFor(r.sched, r.sio.byteCycles() + 2000);
    r.sio.write(kData, 0x00, 1);
    testutil::runFor(r.sched, r.sio.byteCycles() + 2000);
    CHECK(r.sio.read(kData, 2) == 0x5a41);
    CHECK(r.sio.read(kData, 1) == 0x5a);
    CHECK((r.stat() & Sio0::kStatRxNotEmpty) == 0);
    // The second receive filled the unused entries: copies remain to be read.
    CHECK(r.sio.read(kData, 1) == 0x5a);
}

TEST_CASE("serialinterfacessio.md CTRL.6 resets the port", "[devices]") {
    Rig r;
    r.select(0);
    r.sio.write(kData, 0x01, 1);
    r.sio.write(kCtrl, Sio0::kCtrlReset, 2);
    CHECK(r.sio.read(kCtrl, 2) == 0);
    CHECK(r.sio.read(kMode, 2) == 0);
    CHECK((r.stat() & 0x7ff) == (Sio0::kStatTxReady | Sio0::kStatTxIdle));
    CHECK(r.sio.read(kBaud, 2) == 0x88);
}
