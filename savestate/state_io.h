#pragma once
// One serialisation API for every device (DESIGN.md §5): the same `serialize(StateIO&)`
// function saves, loads, measures and verifies. Sections carry a named marker and a version so
// a field added later keeps its default when an older state is read.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace savestate {

class StateIO {
  public:
    enum class Mode { Write, Read, Measure, Verify };

    static StateIO writer() { return StateIO(Mode::Write, {}); }
    // A writer whose buffer is allocated up front (a snapshot taken while the game waits).
    static StateIO writer(size_t reserveBytes) {
        StateIO io(Mode::Write, {});
        io.buffer_.reserve(reserveBytes);
        return io;
    }
    // A writer that reuses `buffer`'s memory (already mapped: no page faults while writing).
    static StateIO writer(std::vector<uint8_t>&& buffer) {
        StateIO io(Mode::Write, {});
        io.buffer_ = std::move(buffer);
        io.buffer_.clear();
        return io;
    }
    static StateIO measurer() { return StateIO(Mode::Measure, {}); }
    static StateIO reader(std::span<const uint8_t> data) { return StateIO(Mode::Read, data); }
    // Verify compares what serialize() would write against `data`; the first difference is
    // reported through error() with the section it lies in.
    static StateIO verifier(std::span<const uint8_t> data) { return StateIO(Mode::Verify, data); }

    Mode mode() const { return mode_; }
    bool reading() const { return mode_ == Mode::Read; }
    bool writing() const { return mode_ == Mode::Write; }
    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    void fail(std::string message);

    // Opens a section. Returns the version of the data: `version` when writing, the stored
    // version when reading (0 and an error when the marker does not match or the stored
    // version is newer than `version`).
    uint32_t beginSection(std::string_view name, uint32_t version);
    void endSection();

    void bytes(void* data, size_t size);
    template <class T> void value(T& v) {
        static_assert(std::is_trivially_copyable_v<T>, "StateIO::value needs a plain type");
        bytes(&v, sizeof(T));
    }
    template <class T> void array(T* v, size_t count) {
        static_assert(std::is_trivially_copyable_v<T>);
        bytes(v, sizeof(T) * count);
    }
    void string(std::string& s);

    // Blocks left out of the stream (up to kMaxBlocks; a snapshot captures VRAM, and later
    // other memories, copy-on-write instead). Write mode: the bytes() call for exactly this
    // block writes nothing but still counts in the section lengths; the caller splices the
    // block in at blockOffset() later. Read mode: the input lacks the block (the caller fills
    // it in); lengths still count it, and bytes() for it reads nothing.
    void omitBlock(const void* data, size_t size) { addBlock(data, size, true); }
    // Read or write mode: the block is read or written as usual; blockOffset() tells where it
    // lies in the stream (to cut it out of a state file).
    void markBlock(const void* data, size_t size) { addBlock(data, size, false); }
    static constexpr size_t kNotOmitted = ~size_t(0);
    static constexpr size_t kMaxBlocks = 8;
    // Where the block at `data` lies in the stream (bytes before it, omitted blocks included
    // when reading), or kNotOmitted if it was never reached.
    size_t blockOffset(const void* data) const;
    // The block at `data` is left out (omitBlock) in this stream.
    bool omits(const void* data) const;
    // The first block's offset (compatibility: one omitted block).
    size_t omittedOffset() const { return blockCount_ ? blocks_[0].at : kNotOmitted; }
    size_t omittedSize() const {
        return blockCount_ && blocks_[0].at != kNotOmitted ? blocks_[0].size : 0;
    }

    size_t size() const { return mode_ == Mode::Measure ? measured_ : buffer_.size(); }
    const std::vector<uint8_t>& buffer() const { return buffer_; }
    std::vector<uint8_t> take() { return std::move(buffer_); }
    size_t position() const { return pos_; }

  private:
    StateIO(Mode mode, std::span<const uint8_t> data) : mode_(mode), input_(data) {}
    bool readRaw(void* out, size_t size);

    Mode mode_;
    std::vector<uint8_t> buffer_;
    std::span<const uint8_t> input_;
    size_t pos_ = 0;
    size_t measured_ = 0;
    struct Block {
        const void* data = nullptr;
        size_t size = 0, at = kNotOmitted;
        bool omit = false;
    };
    void addBlock(const void* data, size_t size, bool omit);
    Block* findBlock(const void* data, size_t size);
    Block blocks_[kMaxBlocks];
    size_t blockCount_ = 0;
    size_t skipped_ = 0;      // read: omitted bytes passed (logical position = pos_ + skipped_)
    size_t omittedAhead_ = 0; // read: omitted bytes not reached yet
    std::string error_;
    struct Open {
        std::string name;
        size_t sizeField; // where the section's byte count lives (write) / section end (read)
    };
    std::vector<Open> open_;
};

// 64-bit FNV-1a; used for state and frame hashes in tests and --frame-hashes.
uint64_t hash64(const void* data, size_t size, uint64_t seed = 0xcbf29ce484222325ull);

} // namespace savestate
