#include "savestate/state_file.h"

#include <zstd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include <fcntl.h>
#include <unistd.h>

#include "savestate/state_io.h"

// File layout (little-endian):
//   "SKJSTATE" | u32 format version | u32 header length H | header fields (StateIO) |
//   u64 header checksum | u64 uncompressed size | u64 payload checksum | zstd payload
// The header checksum covers the bytes before it; the payload checksum covers the
// uncompressed state, so both damage in transit and a bad decompressor are caught.

namespace savestate {

namespace {
constexpr char kMagic[8] = {'S', 'K', 'J', 'S', 'T', 'A', 'T', 'E'};
constexpr uint64_t kMaxState = 256ull << 20; // refuse absurd sizes from damaged headers

void put(std::vector<uint8_t>& out, const void* p, size_t n) {
    // resize + memcpy rather than insert: GCC 12 reports a false stringop-overflow on insert.
    size_t at = out.size();
    out.resize(at + n);
    if (n) std::memcpy(out.data() + at, p, n);
}

void serializeHeader(StateIO& io, StateFileInfo& info) {
    io.string(info.emulatorVersion);
    io.string(info.gameId);
    io.string(info.biosId);
    io.value(info.frame);
    io.value(info.thumbWidth);
    io.value(info.thumbHeight);
    uint32_t n = static_cast<uint32_t>(info.thumbnail.size());
    io.value(n);
    if (io.reading()) {
        if (n != uint64_t(info.thumbWidth) * info.thumbHeight * 4 || n > (16u << 20)) {
            io.fail("thumbnail size does not match its dimensions");
            return;
        }
        info.thumbnail.resize(n);
    }
    io.bytes(info.thumbnail.data(), n);
}

struct Parsed {
    size_t headerEnd = 0; // offset of the u64 header checksum
};

bool parseHeader(std::span<const uint8_t> file, StateFileInfo& info, Parsed& parsed,
                 std::string& error) {
    if (file.size() < 16 || std::memcmp(file.data(), kMagic, 8) != 0) {
        error = "not a Skipjack savestate (bad magic)";
        return false;
    }
    uint32_t version, length;
    std::memcpy(&version, file.data() + 8, 4);
    std::memcpy(&length, file.data() + 12, 4);
    if (version > kStateFormatVersion) {
        error = "the savestate is format version " + std::to_string(version) +
                ", newer than this build reads (" + std::to_string(kStateFormatVersion) + ")";
        return false;
    }
    if (version == 0 || length > file.size() - 16 || file.size() - 16 - length < 24) {
        error = "the savestate is truncated or damaged (header)";
        return false;
    }
    uint64_t stored;
    std::memcpy(&stored, file.data() + 16 + length, 8);
    if (stored != hash64(file.data(), 16 + length)) {
        error = "the savestate is damaged (header checksum mismatch)";
        return false;
    }
    StateIO io = StateIO::reader(file.subspan(16, length));
    info.formatVersion = version;
    serializeHeader(io, info);
    if (!io.ok()) {
        error = "the savestate header is damaged: " + io.error();
        return false;
    }
    parsed.headerEnd = 16 + length;
    return true;
}
} // namespace

std::vector<uint8_t> encodeStateFile(const StateFileInfo& infoIn, std::span<const uint8_t> state,
                                     int compressionLevel) {
    StateFileInfo info = infoIn;
    StateIO header = StateIO::writer();
    serializeHeader(header, info);
    std::vector<uint8_t> out;
    put(out, kMagic, 8);
    uint32_t version = kStateFormatVersion;
    uint32_t length = static_cast<uint32_t>(header.buffer().size());
    put(out, &version, 4);
    put(out, &length, 4);
    put(out, header.buffer().data(), length);
    uint64_t headerSum = hash64(out.data(), out.size());
    put(out, &headerSum, 8);
    uint64_t size = state.size();
    uint64_t payloadSum = hash64(state.data(), state.size());
    put(out, &size, 8);
    put(out, &payloadSum, 8);
    size_t bound = ZSTD_compressBound(state.size());
    size_t at = out.size();
    out.resize(at + bound);
    size_t written =
        ZSTD_compress(out.data() + at, bound, state.data(), state.size(), compressionLevel);
    out.resize(ZSTD_isError(written) ? at : at + written);
    return out;
}

bool readStateFileInfo(std::span<const uint8_t> file, StateFileInfo& info, std::string& error) {
    Parsed parsed;
    return parseHeader(file, info, parsed, error);
}

bool decodeStateFile(std::span<const uint8_t> file, const std::string& expectedGameId,
                     StateFileInfo& info, std::vector<uint8_t>& state, std::string& error) {
    Parsed parsed;
    if (!parseHeader(file, info, parsed, error)) return false;
    if (!expectedGameId.empty() && info.gameId != expectedGameId) {
        error = "the savestate belongs to another game (" + info.gameId + ")";
        return false;
    }
    size_t at = parsed.headerEnd + 8;
    uint64_t size, sum;
    std::memcpy(&size, file.data() + at, 8);
    std::memcpy(&sum, file.data() + at + 8, 8);
    at += 16;
    if (size > kMaxState) {
        error = "the savestate is damaged (absurd state size)";
        return false;
    }
    std::vector<uint8_t> out(size);
    size_t got = ZSTD_decompress(out.data(), out.size(), file.data() + at, file.size() - at);
    if (ZSTD_isError(got) || got != size || hash64(out.data(), out.size()) != sum) {
        error = "the savestate is damaged (compressed data does not check out)";
        return false;
    }
    state = std::move(out);
    return true;
}

bool writeFileAtomic(const std::string& path, std::span<const uint8_t> data, std::string& error) {
    std::string tmp = path + ".tmp";
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        error = "cannot write " + tmp + ": " + std::strerror(errno);
        return false;
    }
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            error = "cannot write " + tmp + ": " + std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return false;
        }
        done += size_t(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        error = "cannot write " + tmp + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        error = "cannot replace " + path + ": " + std::strerror(errno);
        ::unlink(tmp.c_str());
        return false;
    }
    return true;
}

bool readWholeFile(const std::string& path, std::vector<uint8_t>& data, std::string& error) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        error = "cannot open " + path;
        return false;
    }
    data.assign(std::istreambuf_iterator<char>(f), {});
    if (f.bad()) {
        error = "cannot read " + path;
        return false;
    }
    return true;
}

} // namespace savestate
