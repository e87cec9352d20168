#pragma once
// The multitap (SCPH-1070) on a SIO0 port (controllersandmemorycards.md "Controller and Memory
// Card Multitap Adaptor"): four controller slots A-D and four memory card slots behind one
// port. Address 0nh reaches controller n (1..4) as a normal read ("method 2"); address 01h
// also carries the "method 1" request: a TAP byte of 01h in an access to slot A asks for the
// NEXT access to return all four slots (ID 5A80h, then 4 halfwords per slot padded with
// FFFFh). Memory cards (address 8nh) are routed by Sio0.
#include <cstdint>
#include <type_traits>

#include "core/pads/controller.h"
#include "savestate/state_io.h"

namespace core {

class Multitap {
  public:
    static constexpr unsigned kSlots = 4;
    static constexpr uint8_t kIdLow = 0x80; // 5A80h = Multitap
    // What an access to address 01h returns ("Method 1 Details").
    enum Reply : uint8_t {
        kSlotA = 0,   // slot A's own reply
        kAll = 1,     // HiZ 80h 5Ah + 4 x 8 bytes: slots A, B, C, D
        kGarbage = 2, // HiZ 80h 5Ah + the LSB of slot A's ID, then the transfer aborts
    };
    // Bytes of the long reply, address byte included.
    static constexpr uint8_t kAllLength = 3 + kSlots * 8;

    struct State {
        uint8_t lastRequest = 0; // the TAP byte of the last access to 01h was 01h
        uint8_t lastReply = kSlotA;
        uint8_t reply = kSlotA; // the current transfer's form (address 01h)
        uint8_t request = 0;    // the current transfer's TAP byte was 01h
        uint8_t slot = 0;       // the slot addressed (0..3)
        uint8_t index = 0;      // byte of the current transfer (1 = command byte), 0 = none
        uint8_t slotDone = 0;   // kAll: the current slot's controller has stopped replying
        uint8_t viaMethod1 = 0; // the current transfer came through address 01h
    };
    static_assert(std::is_trivially_copyable_v<State>);

    Multitap();
    // Power-on: no request pending; the controllers behind it power up too.
    void reset();
    Controller& slot(unsigned n) { return slots_[n & 3]; }
    const Controller& slot(unsigned n) const { return slots_[n & 3]; }

    // Address byte 01h..04h: whether the addressed slot answers (an empty slot does not:
    // "the Slot A access aborts after the FIRST byte").
    bool select(uint8_t address);
    // One byte after the address.
    uint8_t exchange(uint8_t tx, bool& ack, bool& done);
    // /CS went high (or the transfer ended): an access to 01h takes effect for the next one.
    void deselect();
    const State& state() const { return state_; }
    // The multitap's own fields ("tap.*", index = the port).
    void serializeFields(savestate::StateIO& io, uint32_t index);

  private:
    uint8_t allReply(uint8_t tx, bool& ack, bool& done);

    State state_{};
    Controller slots_[kSlots];
};

} // namespace core
