#include "savestate/state_io.h"

namespace savestate {

void StateIO::fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
}

bool StateIO::readRaw(void* out, size_t size) {
    if (!ok()) return false;
    if (pos_ + size > input_.size()) {
        fail("state data is truncated");
        return false;
    }
    if (size) std::memcpy(out, input_.data() + pos_, size); // an empty vector's data() may be null
    pos_ += size;
    return true;
}

void StateIO::addBlock(const void* data, size_t size, bool omit) {
    if (blockCount_ == kMaxBlocks) {
        fail("too many omitted blocks");
        return;
    }
    blocks_[blockCount_++] = Block{data, size, kNotOmitted, omit};
    if (omit && mode_ == Mode::Read) omittedAhead_ += size;
}

StateIO::Block* StateIO::findBlock(const void* data, size_t size) {
    for (size_t i = 0; i < blockCount_; ++i)
        if (blocks_[i].data == data && blocks_[i].size == size && blocks_[i].at == kNotOmitted)
            return &blocks_[i];
    return nullptr;
}

size_t StateIO::blockOffset(const void* data) const {
    for (size_t i = 0; i < blockCount_; ++i)
        if (blocks_[i].data == data) return blocks_[i].at;
    return kNotOmitted;
}

bool StateIO::omits(const void* data) const {
    for (size_t i = 0; i < blockCount_; ++i)
        if (blocks_[i].data == data && blocks_[i].omit) return true;
    return false;
}

void StateIO::bytes(void* data, size_t size) {
    Block* block = blockCount_ ? findBlock(data, size) : nullptr;
    switch (mode_) {
    case Mode::Write: {
        if (block) block->at = buffer_.size();
        if (block && block->omit) break;
        auto* p = static_cast<const uint8_t*>(data);
        buffer_.insert(buffer_.end(), p, p + size);
        break;
    }
    case Mode::Measure: measured_ += size; break;
    case Mode::Read:
        if (block) block->at = pos_ + skipped_;
        if (block && block->omit) {
            skipped_ += size;
            omittedAhead_ -= size;
            break;
        }
        if (!readRaw(data, size)) std::memset(data, 0, size), void();
        break;
    case Mode::Verify:
        if (!ok()) return;
        if (pos_ + size > input_.size() || std::memcmp(input_.data() + pos_, data, size) != 0) {
            std::string where = open_.empty() ? std::string("(top)") : open_.back().name;
            fail("state differs in section " + where + " at byte " + std::to_string(pos_));
        }
        pos_ += size;
        break;
    }
}

void StateIO::string(std::string& s) {
    uint32_t n = static_cast<uint32_t>(s.size());
    value(n);
    if (mode_ == Mode::Read) {
        if (!ok() || n > input_.size() - pos_) {
            fail("state data is truncated");
            return;
        }
        s.assign(reinterpret_cast<const char*>(input_.data() + pos_), n);
        pos_ += n;
    } else {
        bytes(s.data(), n);
    }
}

uint32_t StateIO::beginSection(std::string_view name, uint32_t version) {
    std::string marker(name);
    if (mode_ == Mode::Read) {
        std::string stored;
        uint32_t storedVersion = 0, length = 0;
        string(stored);
        value(storedVersion);
        value(length);
        if (!ok()) return 0;
        if (stored != marker) {
            fail("state section '" + marker + "' expected, found '" + stored + "'");
            return 0;
        }
        if (storedVersion > version) {
            fail("state section '" + marker + "' is version " + std::to_string(storedVersion) +
                 ", newer than this build understands (" + std::to_string(version) + ")");
            return 0;
        }
        if (length > input_.size() + omittedAhead_ - pos_) {
            fail("state section '" + marker + "' is truncated");
            return 0;
        }
        open_.push_back({marker, pos_ + skipped_ + length}); // logical end
        return storedVersion;
    }
    string(marker);
    value(version);
    if (mode_ == Mode::Verify) { // the length is derived data: skip it rather than compare
        pos_ += sizeof(uint32_t);
        open_.push_back({marker, 0});
        return version;
    }
    uint32_t length = 0;
    size_t sizeAt = buffer_.size();
    value(length);
    open_.push_back({marker, mode_ == Mode::Write ? sizeAt : 0});
    return version;
}

void StateIO::endSection() {
    if (open_.empty()) {
        fail("endSection without beginSection");
        return;
    }
    Open o = open_.back();
    open_.pop_back();
    if (mode_ == Mode::Write) {
        // A section counts the omitted blocks it contains.
        size_t omitted = 0;
        for (size_t i = 0; i < blockCount_; ++i)
            if (blocks_[i].omit && blocks_[i].at != kNotOmitted && blocks_[i].at > o.sizeField)
                omitted += blocks_[i].size;
        uint32_t length =
            static_cast<uint32_t>(buffer_.size() + omitted - o.sizeField - sizeof(uint32_t));
        std::memcpy(buffer_.data() + o.sizeField, &length, sizeof length);
    } else if (mode_ == Mode::Read && ok()) {
        if (pos_ + skipped_ > o.sizeField)
            fail("state section '" + o.name + "' overran its length");
        else
            pos_ = o.sizeField - skipped_; // an older writer may have stored fewer fields
    }
}

uint64_t hash64(const void* data, size_t size, uint64_t seed) {
    auto* p = static_cast<const uint8_t*>(data);
    uint64_t h = seed;
    // Word-at-a-time FNV variant: fast enough to hash RAM and VRAM every frame in tests.
    size_t i = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    for (; i < size; ++i)
        h = (h ^ p[i]) * 0x100000001b3ull;
    return h;
}

} // namespace savestate
