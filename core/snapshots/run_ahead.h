#pragma once
// Run-ahead (hides input latency): run the real frame, snapshot, run `ahead` more frames,
// present that image, return to the snapshot. The emulated state after each call equals that of
// plain runFrame() calls. The `ahead` frames run under System::beginSpeculation(): their memory
// card writes stay in memory and are dropped before the restore (never written to the disk).
#include <cstdint>
#include <vector>

namespace core {

class System;

class RunAhead {
  public:
    explicit RunAhead(System& system) : system_(system) {}
    void runFrame(unsigned ahead, std::vector<uint8_t>& rgba, uint32_t& width, uint32_t& height);

  private:
    System& system_;
};

} // namespace core
