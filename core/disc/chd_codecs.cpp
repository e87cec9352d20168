#include "core/disc/chd_codecs.h"

#include <FLAC/stream_decoder.h>
#include <algorithm>
#include <cstring>
#include <lzma.h>
#include <vector>
#include <zlib.h>
#include <zstd.h>

namespace core::disc {

bool inflateRaw(const uint8_t* src, size_t srcLen, uint8_t* dst, size_t dstLen,
                std::string& error) {
    z_stream z{};
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        error = "zlib initialisation failed";
        return false;
    }
    z.next_in = const_cast<Bytef*>(src);
    z.avail_in = static_cast<uInt>(srcLen);
    z.next_out = dst;
    z.avail_out = static_cast<uInt>(dstLen);
    int r = inflate(&z, Z_FINISH);
    const size_t produced = z.total_out;
    inflateEnd(&z);
    // Z_BUF_ERROR with a full output means the stream has no final block marker yet all
    // data arrived; anything short of dstLen is damage.
    if ((r != Z_STREAM_END && r != Z_BUF_ERROR) || produced != dstLen) {
        error = "Deflate data is damaged";
        return false;
    }
    return true;
}

bool lzmaRaw(const uint8_t* src, size_t srcLen, uint8_t* dst, size_t dstLen, uint32_t dictSize,
             std::string& error) {
    lzma_options_lzma opt{};
    lzma_lzma_preset(&opt, 0);
    opt.dict_size = std::max<uint32_t>(dictSize, LZMA_DICT_SIZE_MIN);
    opt.lc = 3;
    opt.lp = 0;
    opt.pb = 2;
    lzma_filter filters[2] = {{LZMA_FILTER_LZMA1, &opt}, {LZMA_VLI_UNKNOWN, nullptr}};
    lzma_stream s = LZMA_STREAM_INIT;
    if (lzma_raw_decoder(&s, filters) != LZMA_OK) {
        error = "liblzma initialisation failed";
        return false;
    }
    s.next_in = src;
    s.avail_in = srcLen;
    s.next_out = dst;
    s.avail_out = dstLen;
    // The stream has no end marker: decoding stops when the output is full.
    lzma_ret r = LZMA_OK;
    while (s.avail_out > 0 && r == LZMA_OK) {
        const size_t before = s.avail_in + s.avail_out;
        r = lzma_code(&s, LZMA_FINISH);
        if (r == LZMA_OK && s.avail_in + s.avail_out == before) break; // no progress
    }
    const bool full = s.avail_out == 0;
    lzma_end(&s);
    if (!full || (r != LZMA_OK && r != LZMA_STREAM_END)) {
        error = "LZMA data is damaged";
        return false;
    }
    return true;
}

bool zstdRaw(const uint8_t* src, size_t srcLen, uint8_t* dst, size_t dstLen, std::string& error) {
    ZSTD_DStream* z = ZSTD_createDStream();
    if (!z) {
        error = "zstd initialisation failed";
        return false;
    }
    ZSTD_inBuffer in{src, srcLen, 0};
    ZSTD_outBuffer out{dst, dstLen, 0};
    size_t r = 1;
    while (out.pos < out.size && in.pos < in.size) {
        r = ZSTD_decompressStream(z, &out, &in);
        if (ZSTD_isError(r)) break;
    }
    ZSTD_freeDStream(z);
    if (ZSTD_isError(r) || out.pos != dstLen) {
        error = "zstd data is damaged";
        return false;
    }
    return true;
}

namespace {

struct FlacContext {
    std::vector<uint8_t> header; // synthesized "fLaC" + STREAMINFO
    const uint8_t* src = nullptr;
    size_t srcLen = 0;
    size_t pos = 0; // position in header + src
    uint8_t* dst = nullptr;
    size_t dstLen = 0, written = 0;
    bool bigEndian = true, failed = false;
};

FLAC__StreamDecoderReadStatus flacRead(const FLAC__StreamDecoder*, FLAC__byte buffer[],
                                       size_t* bytes, void* user) {
    auto& c = *static_cast<FlacContext*>(user);
    size_t n = 0;
    while (n < *bytes) {
        if (c.pos < c.header.size()) {
            buffer[n++] = c.header[c.pos++];
        } else if (c.pos - c.header.size() < c.srcLen) {
            const size_t at = c.pos - c.header.size();
            const size_t k = std::min(*bytes - n, c.srcLen - at);
            std::memcpy(buffer + n, c.src + at, k);
            n += k;
            c.pos += k;
        } else {
            break;
        }
    }
    *bytes = n;
    return n == 0 ? FLAC__STREAM_DECODER_READ_STATUS_END_OF_STREAM
                  : FLAC__STREAM_DECODER_READ_STATUS_CONTINUE;
}

FLAC__StreamDecoderTellStatus flacTell(const FLAC__StreamDecoder*, FLAC__uint64* offset,
                                       void* user) {
    *offset = static_cast<const FlacContext*>(user)->pos;
    return FLAC__STREAM_DECODER_TELL_STATUS_OK;
}

FLAC__StreamDecoderWriteStatus flacWrite(const FLAC__StreamDecoder*, const FLAC__Frame* frame,
                                         const FLAC__int32* const buffer[], void* user) {
    auto& c = *static_cast<FlacContext*>(user);
    const uint32_t samples = frame->header.blocksize;
    if (frame->header.channels != 2 || frame->header.bits_per_sample != 16 ||
        c.written + size_t(samples) * 4 > c.dstLen) {
        c.failed = true;
        return FLAC__STREAM_DECODER_WRITE_STATUS_ABORT;
    }
    uint8_t* o = c.dst + c.written;
    for (uint32_t i = 0; i < samples; ++i) {
        for (int ch = 0; ch < 2; ++ch) {
            const auto v = static_cast<uint16_t>(buffer[ch][i]);
            o[0] = static_cast<uint8_t>(c.bigEndian ? v >> 8 : v);
            o[1] = static_cast<uint8_t>(c.bigEndian ? v : v >> 8);
            o += 2;
        }
    }
    c.written += size_t(samples) * 4;
    return FLAC__STREAM_DECODER_WRITE_STATUS_CONTINUE;
}

void flacError(const FLAC__StreamDecoder*, FLAC__StreamDecoderErrorStatus, void* user) {
    static_cast<FlacContext*>(user)->failed = true;
}

// "fLaC" and a last STREAMINFO block: any block size 16..65535, 44100 Hz, 2 channels,
// 16 bits, unknown length, no MD5.
std::vector<uint8_t> flacHeader() {
    std::vector<uint8_t> h = {'f', 'L', 'a', 'C', 0x80, 0, 0, 34};
    const uint8_t info[34] = {0x00, 0x10, 0xFF, 0xFF,       // min / max block size
                              0,    0,    0,    0,    0, 0, // min / max frame size unknown
                              0x0A, 0xC4, 0x42,     // 44100 Hz (20 bits), 2 channels - 1 (3 bits),
                              0xF0,                 // 16 bits - 1 (5 bits), then 36 bits of
                              0,    0,    0,    0}; // total samples (0: unknown); MD5 all zero
    h.insert(h.end(), info, info + 34);
    return h;
}

} // namespace

bool flacFrames(const uint8_t* src, size_t srcLen, uint8_t* dst, size_t dstLen, bool bigEndian,
                size_t& consumed, std::string& error) {
    FlacContext c;
    c.header = flacHeader();
    c.src = src;
    c.srcLen = srcLen;
    c.dst = dst;
    c.dstLen = dstLen;
    c.bigEndian = bigEndian;
    FLAC__StreamDecoder* d = FLAC__stream_decoder_new();
    if (!d) {
        error = "libFLAC initialisation failed";
        return false;
    }
    FLAC__stream_decoder_set_md5_checking(d, false);
    bool ok = FLAC__stream_decoder_init_stream(d, flacRead, nullptr, flacTell, nullptr, nullptr,
                                               flacWrite, nullptr, flacError,
                                               &c) == FLAC__STREAM_DECODER_INIT_STATUS_OK;
    while (ok && c.written < dstLen) {
        if (!FLAC__stream_decoder_process_single(d) || c.failed) ok = false;
        const auto state = FLAC__stream_decoder_get_state(d);
        if (state == FLAC__STREAM_DECODER_END_OF_STREAM || state == FLAC__STREAM_DECODER_ABORTED)
            break;
    }
    FLAC__uint64 position = 0;
    if (ok && c.written == dstLen && FLAC__stream_decoder_get_decode_position(d, &position) &&
        position >= c.header.size())
        consumed = static_cast<size_t>(position - c.header.size());
    else
        ok = false;
    FLAC__stream_decoder_delete(d);
    if (!ok || c.failed) {
        error = "FLAC data is damaged";
        return false;
    }
    return true;
}

} // namespace core::disc
