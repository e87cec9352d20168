#include "core/snapshots/buffer_pool.h"

namespace core {

std::vector<uint8_t> BufferPool::take() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.empty()) return {};
    std::vector<uint8_t> buffer = std::move(free_.back());
    free_.pop_back();
    return buffer;
}

void BufferPool::give(std::vector<uint8_t>&& buffer) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (free_.size() < kMaxBuffers && buffer.capacity() > 0) free_.push_back(std::move(buffer));
}

} // namespace core
