#pragma once
// A file of a disc image, read lazily at offsets (images can be hundreds of megabytes: only
// the sectors asked for are read). Errors name the file.
//
// Read-ahead: a small read is served from, or fills, a 64 KiB window starting at its offset,
// so the drive's sector-by-sector reads cost one host read per ~27 sectors instead of one
// each. Host-side only: the bytes are the same either way and the drive's timing comes from
// the scheduler, never from how long the host took. One thread per ImageFile (the window is
// not locked).
#include <cstdint>
#include <memory>
#include <string>

namespace core::disc {

class ImageFile {
  public:
    ImageFile() = default;
    ~ImageFile();
    ImageFile(ImageFile&& o) noexcept;
    ImageFile& operator=(ImageFile&& o) noexcept;
    ImageFile(const ImageFile&) = delete;
    ImageFile& operator=(const ImageFile&) = delete;

    bool open(const std::string& path, std::string& error);
    const std::string& path() const { return path_; }
    uint64_t size() const { return size_; }
    // Reads exactly `n` bytes at `offset`; a read past the end is an error, not a short read.
    bool read(uint64_t offset, void* dst, size_t n, std::string& error) const;
    // Host reads done so far (for tests of the read-ahead window).
    uint64_t hostReads() const { return hostReads_; }
    static constexpr size_t kReadAhead = 64 * 1024;

  private:
    bool readDirect(uint64_t offset, void* dst, size_t n, std::string& error) const;
    // The read-ahead window: bytes [aheadAt_, aheadAt_ + aheadLen_) of the file.
    mutable std::unique_ptr<uint8_t[]> ahead_;
    mutable uint64_t aheadAt_ = 0;
    mutable size_t aheadLen_ = 0;
    mutable uint64_t hostReads_ = 0;
    int fd_ = -1;
    uint64_t size_ = 0;
    std::string path_;
};

// Reads a whole small file (cue sheets, playlists, patch files).
bool readSmallFile(const std::string& path, std::string& out, std::string& error,
                   size_t limit = 1 << 20);

// The directory part of a path ("" when none) and the lower-cased extension (".cue").
std::string directoryOf(const std::string& path);
std::string lowerExtension(const std::string& path);
// `name` (relative to `dir` unless absolute) when it exists, else an entry of its directory
// whose name matches it ignoring case; "" when neither exists.
std::string findFileIgnoringCase(const std::string& dir, const std::string& name);

} // namespace core::disc
