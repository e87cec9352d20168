#pragma once
// One serialisation API for every device (DESIGN.md §5): the same `serialize(StateIO&)`
// function saves, loads, measures and verifies. Sections carry a named marker and a version.
//
// Inside a section a device writes named fields (field()): each is stored as a tag (a hash of
// its name), its length and its bytes. A reader takes the fields it knows by tag, in any order;
// a field the stored state lacks keeps its default (fields() starts from the struct's default
// value), a field it does not know is skipped, and a length that runs past the section is a
// damaged state. So adding a register is one more field() line: no version bump, no padding.
// Section versions written before fields existed stored the whole `struct State` as one packed
// block; packed() reads such a block through the same field list (see there).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace savestate {

// A field's name and its tag (32-bit FNV-1a of the name), computed at compile time from the
// string literal a field() call names.
struct FieldName {
    consteval FieldName(const char* n) : name(n), tag(hash(n)) {}
    static constexpr uint32_t hash(const char* s) {
        uint32_t h = 0x811c9dc5u;
        for (; *s; ++s)
            h = (h ^ uint8_t(*s)) * 0x01000193u;
        return h;
    }
    const char* name;
    uint32_t tag;
};

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

    // --- Named fields (a section that uses them holds nothing else). ---
    // Reads or writes one field; returns false when reading a state that lacks it (`v` is left
    // as it was: see fields()). The stored length must equal sizeof(T).
    template <class T> bool field(FieldName name, T& v) {
        static_assert(std::is_trivially_copyable_v<T>, "StateIO::field needs a plain type");
        return fieldBytes(name, kNoIndex, &v, sizeof(T));
    }
    // Element `index` of a field list that repeats (channel 3's MADR: field("ch.madr", 3, ...)).
    template <class T> bool field(FieldName name, uint32_t index, T& v) {
        static_assert(std::is_trivially_copyable_v<T>, "StateIO::field needs a plain type");
        return fieldBytes(name, index, &v, sizeof(T));
    }
    // A field of `size` bytes at `data` (a memory block; omitBlock()/markBlock() apply to it).
    bool field(FieldName name, void* data, size_t size) {
        return fieldBytes(name, kNoIndex, data, size);
    }
    // A field of variable length: up to `maxCount` elements (more is a damaged state). A state
    // that lacks it gives an empty vector.
    template <class T> bool field(FieldName name, std::vector<T>& v, size_t maxCount) {
        static_assert(std::is_trivially_copyable_v<T>, "StateIO::field needs a plain type");
        uint32_t length = static_cast<uint32_t>(v.size() * sizeof(T));
        if (mode_ == Mode::Read && packed_.image) return false; // not a member of the State
        if (mode_ == Mode::Read) {
            if (!findField(name, kNoIndex, length)) {
                v.clear();
                return false;
            }
            if (length % sizeof(T) != 0 || length / sizeof(T) > maxCount) {
                failField(name, kNoIndex, "has a bad length (" + std::to_string(length) + ")");
                v.clear();
                return false;
            }
            v.resize(length / sizeof(T));
            bytes(v.data(), length);
            return ok();
        }
        return fieldBytes(name, kNoIndex, v.data(), length);
    }
    // A device's `struct State` written as fields by `list()` (a function that calls field() for
    // each member). Reading starts from `S{}`, so a member the stored state lacks gets the
    // default of the struct.
    template <class S, class List> void fields(S& s, List&& list) {
        static_assert(std::is_trivially_copyable_v<S>);
        if (mode_ == Mode::Read) s = S{};
        list();
    }
    // The usual device section: `list` names every member of `s`; section versions from
    // `firstNamed` on store named fields, older ones the packed State of `packedSize` bytes.
    template <class S, class List>
    void record(S& s, uint32_t version, uint32_t firstNamed, size_t packedSize, List&& list) {
        if (version >= firstNamed)
            fields(s, list);
        else
            packed(s, packedSize, list);
    }
    // Read mode, for a section version written before fields: the stored packed image of the
    // whole State (`size` bytes: sizeof(State) when that version was written) is read through
    // the same field list: each field() takes its bytes at the member's offset in `s` when it
    // lies inside the image and otherwise keeps the default. So the image is read correctly as
    // long as the members it held keep their offsets (append new members at the end of State,
    // or the older version's reader needs its own list).
    template <class S, class List> void packed(S& s, size_t size, List&& list) {
        static_assert(std::is_trivially_copyable_v<S>);
        if (mode_ != Mode::Read) {
            fail("StateIO::packed() only reads");
            return;
        }
        std::vector<uint8_t> image(size);
        bytes(image.data(), size);
        if (mode_ != Mode::Read || !ok()) return;
        s = S{};
        packed_ = Packed{image.data(), size, reinterpret_cast<const uint8_t*>(&s)};
        list();
        packed_ = Packed{};
    }

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
    static constexpr uint32_t kNoIndex = ~uint32_t(0);
    static constexpr size_t kFieldHeader = 2 * sizeof(uint32_t); // tag, length
    static uint32_t tagOf(FieldName name, uint32_t index) {
        return index == kNoIndex ? name.tag : (name.tag ^ (index + 1)) * 0x01000193u;
    }
    bool fieldBytes(FieldName name, uint32_t index, void* data, size_t size);
    // Read mode: moves to the payload of the field and returns true with its stored length.
    bool findField(FieldName name, uint32_t index, uint32_t& length);
    void failField(FieldName name, uint32_t index, const std::string& what);
    std::string fieldLabel(FieldName name, uint32_t index) const;
    struct Packed {
        const uint8_t* image = nullptr;
        size_t size = 0;
        const uint8_t* base = nullptr; // the struct being read
    };
    Packed packed_;

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
    size_t smallestBlock_ = ~size_t(0); // shorter byte runs are never blocks
    size_t skipped_ = 0;      // read: omitted bytes passed (logical position = pos_ + skipped_)
    size_t omittedAhead_ = 0; // read: omitted bytes not reached yet
    std::string error_;
    struct Open {
        std::string name;
        size_t sizeField; // where the section's byte count lives (write) / section end (read)
        size_t start = 0; // read: where the section's content begins in the input
    };
    std::vector<Open> open_;
};

// 64-bit FNV-1a; used for state and frame hashes in tests and --frame-hashes.
uint64_t hash64(const void* data, size_t size, uint64_t seed = 0xcbf29ce484222325ull);

} // namespace savestate
