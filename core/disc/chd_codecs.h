#pragma once
// The general-purpose decompressors CHD hunks use, on Debian's libraries: raw Deflate
// (zlib), raw LZMA (liblzma), Zstandard (libzstd) and raw FLAC frames (libFLAC). Each fills
// exactly `dstLen` bytes or fails with a message.
#include <cstddef>
#include <cstdint>
#include <string>

namespace core::disc {

bool inflateRaw(const uint8_t* src, size_t srcLen, uint8_t* dst, size_t dstLen, std::string& error);
// LZMA with lc=3, lp=0, pb=2 and no end marker; `dictSize` at least the data size.
bool lzmaRaw(const uint8_t* src, size_t srcLen, uint8_t* dst, size_t dstLen, uint32_t dictSize,
             std::string& error);
bool zstdRaw(const uint8_t* src, size_t srcLen, uint8_t* dst, size_t dstLen, std::string& error);
// FLAC frames (no stream header: one is synthesized for 16-bit stereo) decoded to
// interleaved 16-bit samples of the given byte order. `consumed` gets how many source bytes
// the frames took (CHD's CD codec appends the subcode after them).
bool flacFrames(const uint8_t* src, size_t srcLen, uint8_t* dst, size_t dstLen, bool bigEndian,
                size_t& consumed, std::string& error);

} // namespace core::disc
