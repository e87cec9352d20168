#include "core/pads/multitap.h"

#include "core/pads/standard_reply.h"

// Notes (controllersandmemorycards.md "Multitap Controller Access, Method 1 Details"):
// - The request is the third byte (TAP) of an access to slot A; it does not change the current
//   reply but the next one: REQ=0 -> slot A data; REQ=1 after slot A data -> all slots;
//   REQ=1 after all slots -> garbage; REQ=1 after garbage -> all slots.
// - The long reply gives each slot 8 bytes: its ID (low byte, 5Ah), buttons and analog
//   inputs, padded with FFh; an empty slot is 8 x FFh. The multitap reads each slot with 42h
//   and passes the host's later bytes (the MOT bytes) through to it.
// - "Garbage" is four bytes: HiZ, 80h, 5Ah, the LSB of slot A's ID; then the transfer aborts.
// - Whether accesses to 02h..04h change the request state is not documented: they leave it.

namespace core {

Multitap::Multitap() {
    reset();
}

void Multitap::reset() {
    state_ = State{};
    for (Controller& c : slots_)
        c.reset();
}

bool Multitap::select(uint8_t address) {
    State& s = state_;
    s.index = 0;
    if (address < 1 || address > kSlots) return false;
    s.slot = static_cast<uint8_t>(address - 1);
    if (!slots_[s.slot].connected()) return false;
    s.viaMethod1 = address == 1 ? 1 : 0;
    s.request = 0;
    s.slotDone = 0;
    s.reply = kSlotA;
    if (s.viaMethod1 && s.lastRequest) s.reply = s.lastReply == kAll ? kGarbage : kAll;
    s.index = 1;
    if (s.reply == kSlotA) slots_[s.slot].select();
    return true;
}

void Multitap::deselect() {
    State& s = state_;
    if (s.viaMethod1) {
        s.lastRequest = s.request;
        s.lastReply = s.reply;
        s.viaMethod1 = 0;
    }
    s.index = 0;
}

uint8_t Multitap::exchange(uint8_t tx, bool& ack, bool& done) {
    State& s = state_;
    ack = false;
    done = false;
    if (s.index == 0) { // not selected
        done = true;
        return pads::kHiZ;
    }
    if (s.index == 2 && s.viaMethod1) s.request = tx == 0x01 ? 1 : 0;
    if (s.reply == kSlotA) {
        uint8_t reply = slots_[s.slot].exchange(tx, ack, done);
        ++s.index;
        if (done) deselect();
        return reply;
    }
    if (s.index == 1) { // command byte: the multitap's ID
        s.index = 2;
        ack = true;
        return kIdLow;
    }
    if (s.index == 2) {
        s.index = 3;
        ack = true;
        return pads::kIdHigh;
    }
    if (s.reply == kGarbage) {
        done = true;
        deselect();
        return slots_[0].idLow();
    }
    return allReply(tx, ack, done);
}

// Byte 3.. of the long reply: slot (index-3)/8, its byte (index-3)%8.
uint8_t Multitap::allReply(uint8_t tx, bool& ack, bool& done) {
    State& s = state_;
    const unsigned k = s.index - 3u;
    Controller& c = slots_[(k / 8) & 3];
    uint8_t reply = pads::kHiZ;
    if (k % 8 == 0) {
        s.slotDone = 1;
        if (c.connected()) {
            bool slotAck = false, slotDone = false;
            c.select();
            reply = c.exchange(pads::kReadCommand, slotAck, slotDone);
            s.slotDone = slotDone ? 1 : 0;
        }
    } else if (!s.slotDone) {
        bool slotAck = false, slotDone = false;
        reply = c.exchange(tx, slotAck, slotDone);
        s.slotDone = slotDone ? 1 : 0;
    }
    if (++s.index >= kAllLength) {
        done = true;
        deselect();
    } else {
        ack = true;
    }
    return reply;
}

void Multitap::serializeFields(savestate::StateIO& io, uint32_t index) {
    State& s = state_;
    if (io.reading()) s = State{};
    io.field("tap.lastRequest", index, s.lastRequest);
    io.field("tap.lastReply", index, s.lastReply);
    io.field("tap.reply", index, s.reply);
    io.field("tap.request", index, s.request);
    io.field("tap.slot", index, s.slot);
    io.field("tap.index", index, s.index);
    io.field("tap.slotDone", index, s.slotDone);
    io.field("tap.viaMethod1", index, s.viaMethod1);
    // A damaged state: no transfer, no request.
    if (s.lastReply > kGarbage || s.reply > kGarbage || s.slot >= kSlots || s.index > kAllLength) {
        s = State{};
    }
}

} // namespace core
