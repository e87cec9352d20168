#pragma once
// Device-state buffers of dead snapshots, reused so a capture writes into memory that is already
// mapped (a fresh megabyte costs more in page faults than the copy itself).
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

namespace core {

class BufferPool {
  public:
    std::vector<uint8_t> take();
    void give(std::vector<uint8_t>&& buffer);

  private:
    static constexpr size_t kMaxBuffers = 4;
    std::mutex mutex_;
    std::vector<std::vector<uint8_t>> free_;
};

} // namespace core
