// The HLE kernel's pad handling (kernelbios.md "BIOS Joypad Functions"): the PadCardIrq
// handler's vblank read of both ports into the InitPAD2 buffers, the SIO0 setup of
// StartPAD2/StartCARD2, and PAD_dr.
#include "core/bus.h"
#include "core/hle_bios.h"
#include "core/hle_bios_layout.h"
#include "core/sio0.h"

// Kernel notes this file relies on:
// - Buffer layout (kernelbios.md "B(12h) InitPAD2"): 00h status (00h okay, FFh timeout or
//   wrong ID2), 01h ID1, 02h..21h data; the handler stores up to 22h bytes whatever the size
//   given to InitPAD2 (a multitap's long reply fills all of them).
// - The read is the standard one (controllersandmemorycards.md "Controller Communication
//   Sequence"): 01h (address), 42h (read: the reply is ID1), 00h (TAP: the reply must be 5Ah,
//   ID2), then 00h for every data byte: (ID1 & 0Fh) halfwords, 0 meaning 16
//   ("Controller ID"). The kernel never asks a multitap for its long reply (it sends TAP 00h),
//   so a multitap answers with slot A's reply unless the program's own previous access asked
//   ("Method 1 Details"); ID 80h then lands in byte 01h and slots A-D in 02h..21h, unparsed
//   ("MultiTap Parsed Controller IDs").
// - Status FFh is written first and 00h only at the end: a device that stops answering (no
//   /ACK before a byte the kernel still wants) leaves FFh and whatever bytes came before it.
//   /ACK is awaited before every byte after the address but not after the last one. Nothing
//   plugged in: no /ACK after the address, FFh.
// - The kernel acknowledges IRQ7 as it goes (I_STAT bit 7 ends clear) and leaves JOY_CTRL = 0;
//   StartPAD2/StartCARD2 reset SIO0 first with JOY_BAUD = 0088h (serialinterfacessio.md
//   "SIO_BAUD": the standard ~250 kHz), JOY_MODE = 000Dh (8 bits, factor 1).
// - Time: the read takes the emulated time of its bytes on the wire, and the CPU waits through
//   it as it does in the real kernel's loop (scheduler time advances; events due meanwhile run
//   late, as after a DMA stall). Each byte: Sio0::byteCycles() (8 bits at JOY_BAUD; 0088h,
//   MUL1: 8 x 136 = 1088 cycles, "~250 kHz", controllersandmemorycards.md "Controller and
//   Memory Card Signals"). Before each further byte the kernel waits for the device's /ACK,
//   which our devices give Sio0::kAckDelayCycles after the byte; with no /ACK it gives up
//   "within 100 us from the last SCK pulse" (same section): 3387 cycles. Not counted: the
//   kernel's own instructions around each byte, which the reference does not give. A 9-byte
//   read (DualShock in analog mode, GunCon) thus takes 8 x (1088 + 338) + 1088 = 12496
//   cycles, against the reference's "around 15000 cpu clks" ("Lightguns - Namco (GunCon)").

namespace core {

using namespace hle;

namespace {
constexpr uint32_t kJoyMode = 0x1f801048, kJoyCtrl = 0x1f80104a, kJoyBaud = 0x1f80104e;
constexpr uint8_t kAddress = 0x01, kRead = 0x42, kId2 = 0x5a;
constexpr uint32_t kIrqController = 7;
// "will time out if /ACK is not pulled low by the device within 100 us": 100 us of 33.8688 MHz.
constexpr Cycles kAckTimeoutCycles = (kCpuClockHz * 100 + 999'999) / 1'000'000;
} // namespace

uint8_t HleBios::exchangeTimed(uint8_t tx, bool& ack) {
    // The reply is complete at the end of the byte: devices that look at the time (the
    // GunCon's beam) see the byte's end.
    scheduler_.advance(sio0_.byteCycles());
    return sio0_.kernelExchange(tx, ack);
}

bool HleBios::awaitAck(bool ack) {
    scheduler_.advance(ack ? Sio0::kAckDelayCycles : kAckTimeoutCycles);
    return ack;
}

void HleBios::setupSio0() {
    bus_.write(kJoyCtrl, 0x40, 2); // reset
    bus_.write(kJoyBaud, 0x88, 2);
    bus_.write(kJoyMode, 0x0d, 2);
    bus_.write(kJoyCtrl, 0, 2);
}

void HleBios::refreshPads() {
    for (unsigned port = 0; port < 2; ++port)
        if (state_.padBuf[port]) readPad(port, state_.padBuf[port]);
}

void HleBios::readPad(unsigned port, uint32_t buf) {
    wr8(buf, 0xff);
    sio0_.kernelSelect(port);
    if (readPadBytes(buf)) wr8(buf, 0x00);
    sio0_.kernelDeselect();
}

// The transfer after /CS: true when every byte the ID asks for came.
bool HleBios::readPadBytes(uint32_t buf) {
    bool ack = false;
    exchangeTimed(kAddress, ack);
    ackIrq(kIrqController);
    if (!awaitAck(ack)) return false;
    uint8_t id = exchangeTimed(kRead, ack);
    wr8(buf + 1, id);
    if (!awaitAck(ack)) return false;
    if (exchangeTimed(0x00, ack) != kId2) return false;
    const unsigned halfwords = (id & 0x0f) ? (id & 0x0f) : 16;
    for (unsigned i = 0; i < 2 * halfwords; ++i) {
        if (!awaitAck(ack)) return false;
        wr8(buf + 2 + i, exchangeTimed(0x00, ack));
    }
    return true; // no /ACK is awaited after the last byte
}

// PAD_dr: pad1 in the low halfword, pad2 in the high one, each with the first button byte in
// its upper 8 bits; FFFFh for anything but a digital pad (ID 41h) answering okay.
uint32_t HleBios::padDr() {
    uint32_t result = 0;
    for (unsigned port = 0; port < 2; ++port) {
        uint32_t buf = kKseg0 + kPadIntBuf + 0x22 * port;
        uint32_t half = 0xffff;
        if (rd8(buf) == 0 && rd8(buf + 1) == 0x41)
            half = (static_cast<uint32_t>(rd8(buf + 2)) << 8) | rd8(buf + 3);
        result |= half << (16 * port);
    }
    return result;
}

} // namespace core
