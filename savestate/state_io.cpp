#include "savestate/state_io.h"

#include <algorithm>

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
    smallestBlock_ = std::min(smallestBlock_, size);
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
    Block* block = size >= smallestBlock_ ? findBlock(data, size) : nullptr;
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
        open_.push_back({marker, pos_ + skipped_ + length, pos_}); // logical end
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

// --- Named fields -------------------------------------------------------------------------------

std::string StateIO::fieldLabel(FieldName name, uint32_t index) const {
    std::string label(name.name);
    if (index != kNoIndex) {
        label.push_back('[');
        label.append(std::to_string(index));
        label.push_back(']');
    }
    return label;
}

void StateIO::failField(FieldName name, uint32_t index, const std::string& what) {
    std::string section = open_.empty() ? std::string("(top)") : open_.back().name;
    fail("state section '" + section + "' field '" + fieldLabel(name, index) + "' " + what);
}

bool StateIO::findField(FieldName name, uint32_t index, uint32_t& length) {
    if (!ok()) return false;
    if (open_.empty()) {
        fail("a state field outside a section");
        return false;
    }
    const Open& section = open_.back();
    const uint32_t tag = tagOf(name, index);
    // The section's end in the input (the length counts omitted blocks, which are absent).
    const size_t end = std::min(input_.size(), section.sizeField - skipped_);
    auto headerAt = [&](size_t at, uint32_t& storedTag, uint32_t& storedLength) {
        std::memcpy(&storedTag, input_.data() + at, sizeof storedTag);
        std::memcpy(&storedLength, input_.data() + at + sizeof storedTag, sizeof storedLength);
    };
    uint32_t storedTag = 0, storedLength = 0;
    // The usual case: the fields come in the order this build lists them.
    if (pos_ + kFieldHeader <= end) {
        headerAt(pos_, storedTag, storedLength);
        if (storedTag == tag) {
            if (pos_ + skipped_ + kFieldHeader + storedLength > section.sizeField) {
                failField(name, index, "runs past the end of its section (damaged state)");
                return false;
            }
            pos_ += kFieldHeader;
            length = storedLength;
            return true;
        }
    }
    // Another order, a field this build does not know in between, or a missing field: look
    // through the whole section. Omitted blocks are absent from the input, so the stored
    // lengths cannot be followed there (only this build's own snapshots omit blocks, and they
    // list the fields in this build's order).
    if (omittedAhead_ || skipped_) {
        failField(name, index, "is out of order in a stream with omitted blocks");
        return false;
    }
    for (size_t at = section.start; at + kFieldHeader <= end;) {
        headerAt(at, storedTag, storedLength);
        if (storedLength > end - at - kFieldHeader) {
            fail("state section '" + section.name + "' has a field whose length (" +
                 std::to_string(storedLength) +
                 ") runs past the end of the section (damaged state)");
            return false;
        }
        if (storedTag == tag) {
            pos_ = at + kFieldHeader;
            length = storedLength;
            return true;
        }
        at += kFieldHeader + storedLength;
    }
    return false; // an older state: the field keeps its default
}

bool StateIO::fieldBytes(FieldName name, uint32_t index, void* data, size_t size) {
    if (packed_.image) { // an older version's packed State: the member's bytes at its offset
        auto at = reinterpret_cast<uintptr_t>(data) - reinterpret_cast<uintptr_t>(packed_.base);
        if (reinterpret_cast<uintptr_t>(data) < reinterpret_cast<uintptr_t>(packed_.base) ||
            at + size > packed_.size)
            return false;
        std::memcpy(data, packed_.image + at, size);
        return true;
    }
    const uint32_t tag = tagOf(name, index);
    const uint32_t length = static_cast<uint32_t>(size);
    switch (mode_) {
    case Mode::Write: {
        // Header and bytes in one go (a snapshot's quiesce writes a few hundred fields); a
        // block (a memory a snapshot leaves out) goes through bytes().
        bool block = size >= smallestBlock_;
        size_t at = buffer_.size();
        buffer_.resize(at + kFieldHeader + (block ? 0 : size));
        std::memcpy(buffer_.data() + at, &tag, sizeof tag);
        std::memcpy(buffer_.data() + at + sizeof tag, &length, sizeof length);
        if (block)
            bytes(data, size);
        else if (size)
            std::memcpy(buffer_.data() + at + kFieldHeader, data, size);
        return true;
    }
    case Mode::Measure: measured_ += kFieldHeader + size; return true;
    case Mode::Verify: {
        if (!ok()) return false;
        uint32_t storedTag = 0, storedLength = 0;
        if (pos_ + kFieldHeader <= input_.size()) {
            std::memcpy(&storedTag, input_.data() + pos_, sizeof storedTag);
            std::memcpy(&storedLength, input_.data() + pos_ + sizeof storedTag,
                        sizeof storedLength);
        }
        if (storedTag != tag || storedLength != length) {
            failField(name, index,
                      "differs: not stored here with this length (at byte " + std::to_string(pos_) +
                          ")");
            return false;
        }
        pos_ += kFieldHeader;
        if (pos_ + size > input_.size() ||
            (size && std::memcmp(input_.data() + pos_, data, size) != 0)) {
            failField(name, index, "differs (at byte " + std::to_string(pos_) + ")");
            return false;
        }
        pos_ += size;
        return true;
    }
    case Mode::Read: {
        // The usual case: the next stored field is this one, and it is not a block.
        if (size < smallestBlock_ && ok() && !open_.empty() &&
            pos_ + kFieldHeader + size <= input_.size() &&
            pos_ + skipped_ + kFieldHeader + size <= open_.back().sizeField) {
            uint32_t header[2];
            std::memcpy(header, input_.data() + pos_, kFieldHeader);
            if (header[0] == tag && header[1] == length) {
                if (size) std::memcpy(data, input_.data() + pos_ + kFieldHeader, size);
                pos_ += kFieldHeader + size;
                return true;
            }
        }
        uint32_t stored = 0;
        if (!findField(name, index, stored)) return false;
        if (stored != length) {
            failField(name, index,
                      "has " + std::to_string(stored) + " bytes, " + std::to_string(length) +
                          " expected");
            return false;
        }
        bytes(data, size);
        return ok();
    }
    }
    return false;
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
