#pragma once
// The BIOS printf formatter (kernelbios.md "A(3Fh) Printf"), shared by the HLE BIOS's A(3Fh)
// and the TTY capture that watches a BIOS image's A0h vector (core/tty_capture.h). It reads
// the format and %s strings through read8 and takes the arguments one by one from nextArg.
#include <cstdint>
#include <functional>

namespace core {

struct BiosPrintfIo {
    std::function<uint8_t(uint32_t)> read8;
    std::function<uint32_t()> nextArg;
    std::function<void(char)> out;
    // %n: store the count so far (null: %n consumes its argument and stores nothing).
    std::function<void(uint32_t dst, uint32_t count, bool half)> storeCount;
};

// Flags + SPC - # 0, width NNN or *, precision .NNN or .*, L (no effect), h (16-bit), l
// (32-bit); c s i d D u U o O p x X n %.
void biosPrintf(uint32_t fmt, const BiosPrintfIo& io);

} // namespace core
