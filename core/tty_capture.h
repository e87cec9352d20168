#pragma once
// The console under a BIOS image: what programs print through the BIOS, taken where they call
// it. The CPU reports every jump into the function vectors A0h/B0h (Cpu::setVectorWatch,
// after the delay slot that sets t1); this class reads the call's registers and memory and
// hands the text to Host::consoleText. Under the HLE BIOS it is off: the HLE kernel prints
// itself (core/hle_bios.cpp), so nothing is printed twice.
//
// It only reads: main RAM, the scratchpad and the BIOS ROM, straight from their arrays (no
// bus access, no I/O side effect, no page touched), so emulated state never depends on it.
#include <cstdint>

namespace core {

class Bus;
class Cpu;
class Host;

class TtyCapture {
  public:
    TtyCapture(const Cpu& cpu, const Bus& bus) : cpu_(cpu), bus_(bus) {}
    void setHost(Host* host) { host_ = host; }
    // Cpu::VectorWatch: `vector` is A0h or B0h, t1 the function number.
    static void onVector(void* self, uint32_t vector);
    void call(uint32_t vector, uint32_t function);

  private:
    uint8_t peek8(uint32_t addr) const;
    uint32_t peek32(uint32_t addr) const;
    uint32_t arg(unsigned n) const; // a0..a3, then [sp+10h]...
    void put(char c);
    void putString(uint32_t addr);

    const Cpu& cpu_;
    const Bus& bus_;
    Host* host_ = nullptr;
};

} // namespace core
