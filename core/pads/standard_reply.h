#pragma once
// The reply framing every standard controller shares (controllersandmemorycards.md
// "Controller Communication Sequence"): after the address byte 01h, the command byte 42h
// returns the ID low byte, TAP returns 5Ah, then the device's data bytes follow. /ACK follows
// every byte but the last; a command other than 42h ends the transfer after the ID byte
// without /ACK (the digital pad knows no other command).
#include <cstdint>

namespace core::pads {

constexpr uint8_t kHiZ = 0xff;         // nobody drives the data line
constexpr uint8_t kReadCommand = 0x42; // "B": read buttons (and analog inputs)
constexpr uint8_t kIdHigh = 0x5a;      // "Controller ID": bits 8-15 fixed 5Ah

// One byte of a read transfer. `index` counts the bytes after the address (1 = command byte,
// 2 = TAP, 3.. = data[0..]) and is 0 once the transfer is over. `data` holds `count` bytes.
inline uint8_t standardReply(uint8_t& index, uint8_t tx, uint8_t idLow, const uint8_t* data,
                             unsigned count, bool& ack, bool& done) {
    ack = false;
    done = false;
    if (index == 1) {
        if (tx != kReadCommand) {
            index = 0;
            done = true;
        } else {
            index = 2;
            ack = true;
        }
        return idLow;
    }
    if (index == 2) {
        index = 3;
        ack = true;
        return kIdHigh;
    }
    if (index < 3 || index - 3u >= count) { // not selected
        index = 0;
        done = true;
        return kHiZ;
    }
    uint8_t reply = data[index - 3];
    if (index - 3u + 1 >= count) {
        index = 0;
        done = true;
    } else {
        ++index;
        ack = true;
    }
    return reply;
}

// The button halfword on the wire (active low), low byte first.
inline void buttonBytes(uint16_t held, uint8_t* out) {
    uint16_t wire = static_cast<uint16_t>(~held);
    out[0] = static_cast<uint8_t>(wire & 0xff);
    out[1] = static_cast<uint8_t>(wire >> 8);
}

} // namespace core::pads
