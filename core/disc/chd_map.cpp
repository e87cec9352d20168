// CHD v5 compressed map (cdromfileformats.md "Compressed V5 Map loading"):
// - map header: 32-bit compressed length, 48-bit offset of the first hunk, 16-bit CRC of the
//   decoded 12-byte entries, bit widths of compressed lengths, self refs and parent refs.
// - a Huffman tree of 16 codes (max 8 bits) stored as 4-bit code lengths with a run escape
//   (1 then value; value 1 means a literal 1, else 4 more bits + 3 = repeat count); codes are
//   assigned from the longest length down (not the usual shortest-first order).
// - per hunk a type code; 7 = repeat the last type 3+n times, 8 = repeat 19+16a+b times.
// - then per hunk: types 0..3 read a length and a CRC, 4 (uncompressed) a CRC, 5/6 a self or
//   parent reference; 9..13 are shorthands for self/parent references relative to the last.
#include "core/disc/chd_map.h"

#include <array>

namespace core::disc {

namespace {

class BitReader {
  public:
    explicit BitReader(std::span<const uint8_t> d) : d_(d) {}
    uint32_t read(int n) {
        uint32_t v = 0;
        for (int i = 0; i < n; ++i) {
            const size_t byte = pos_ >> 3;
            uint32_t bit = 0;
            if (byte < d_.size())
                bit = (d_[byte] >> (7 - (pos_ & 7))) & 1;
            else
                overrun_ = true;
            v = (v << 1) | bit;
            ++pos_;
        }
        return v;
    }
    uint32_t peek(int n) const {
        BitReader copy = *this;
        return copy.read(n);
    }
    void skip(int n) { pos_ += static_cast<size_t>(n); }
    bool overrun() const { return overrun_ || (pos_ + 7) / 8 > d_.size(); }

  private:
    std::span<const uint8_t> d_;
    size_t pos_ = 0;
    bool overrun_ = false;
};

class Huffman16 {
  public:
    static constexpr int kCodes = 16, kMaxBits = 8;
    bool importTree(BitReader& in) {
        int n = 0;
        while (n < kCodes) {
            uint32_t bits = in.read(4);
            if (bits != 1) {
                len_[static_cast<size_t>(n++)] = static_cast<uint8_t>(bits);
                continue;
            }
            bits = in.read(4);
            if (bits == 1) {
                len_[static_cast<size_t>(n++)] = 1;
                continue;
            }
            uint32_t repeat = in.read(4) + 3;
            if (n + static_cast<int>(repeat) > kCodes) return false;
            while (repeat--)
                len_[static_cast<size_t>(n++)] = static_cast<uint8_t>(bits);
        }
        return assign();
    }
    // Returns the decoded symbol or -1 for a bit pattern no code matches.
    int decode(BitReader& in) const {
        const auto e = lookup_[in.peek(kMaxBits)];
        if (e.bits == 0) return -1;
        in.skip(e.bits);
        return e.symbol;
    }

  private:
    bool assign() {
        std::array<uint32_t, 33> histogram{};
        for (uint8_t l : len_) {
            if (l > kMaxBits) return false;
            histogram[l]++;
        }
        uint32_t start = 0;
        for (int l = 32; l > 0; --l) {
            const uint32_t next = (start + histogram[static_cast<size_t>(l)]) >> 1;
            if (l != 1 && next * 2 != start + histogram[static_cast<size_t>(l)]) return false;
            histogram[static_cast<size_t>(l)] = start;
            start = next;
        }
        for (int s = 0; s < kCodes; ++s) {
            const int l = len_[static_cast<size_t>(s)];
            if (l == 0) continue;
            const uint32_t code = histogram[static_cast<size_t>(l)]++;
            if (code >= (1u << l)) return false;
            const uint32_t first = code << (kMaxBits - l), count = 1u << (kMaxBits - l);
            for (uint32_t i = 0; i < count; ++i)
                lookup_[first + i] = {static_cast<uint8_t>(s), static_cast<uint8_t>(l)};
        }
        return true;
    }
    struct Entry {
        uint8_t symbol = 0, bits = 0;
    };
    std::array<uint8_t, kCodes> len_{};
    std::array<Entry, 1 << kMaxBits> lookup_{};
};

uint64_t be(const uint8_t* p, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i)
        v = (v << 8) | p[i];
    return v;
}

} // namespace

bool decodeChdMap(std::span<const uint8_t, 16> header, std::span<const uint8_t> bits,
                  uint32_t hunkCount, uint32_t hunkBytes, uint32_t unitBytes,
                  std::vector<ChdMapEntry>& out, std::string& error) {
    const uint64_t firstOffset = be(&header[4], 6);
    const uint16_t mapCrc = static_cast<uint16_t>(be(&header[10], 2));
    const int lengthBits = header[12], selfBits = header[13], parentBits = header[14];
    if (lengthBits > 32 || selfBits > 32 || parentBits > 32) {
        error = "bad bit widths in the map header";
        return false;
    }
    BitReader in(bits);
    Huffman16 tree;
    if (!tree.importTree(in)) {
        error = "the map's Huffman tree is invalid";
        return false;
    }
    out.assign(hunkCount, {});
    uint8_t last = 0;
    uint32_t repeat = 0;
    for (uint32_t h = 0; h < hunkCount; ++h) {
        if (repeat > 0) {
            out[h].type = last;
            --repeat;
            continue;
        }
        int v = tree.decode(in);
        if (v == 7 || v == 8) {
            int a = tree.decode(in), b = v == 8 ? tree.decode(in) : 0;
            if (a < 0 || b < 0)
                v = -1;
            else
                repeat = v == 7 ? 2 + uint32_t(a) : 2 + 16 + (uint32_t(a) << 4) + uint32_t(b);
            out[h].type = last;
        } else if (v >= 0) {
            out[h].type = last = static_cast<uint8_t>(v);
        }
        if (v < 0 || in.overrun()) {
            error = "the map's type codes are damaged";
            return false;
        }
    }
    uint64_t offset = firstOffset;
    uint64_t lastSelf = 0, lastParent = 0;
    for (uint32_t h = 0; h < hunkCount; ++h) {
        ChdMapEntry& e = out[h];
        e.offset = offset;
        switch (e.type) {
        case 0:
        case 1:
        case 2:
        case 3:
            e.length = in.read(lengthBits);
            offset += e.length;
            e.crc = static_cast<uint16_t>(in.read(16));
            e.hasCrc = true;
            break;
        case 4:
            e.length = hunkBytes;
            offset += e.length;
            e.crc = static_cast<uint16_t>(in.read(16));
            e.hasCrc = true;
            break;
        case 5: e.offset = lastSelf = in.read(selfBits); break;
        case 6: e.offset = lastParent = in.read(parentBits); break;
        case 10: ++lastSelf; [[fallthrough]];
        case 9:
            e.type = 5;
            e.offset = lastSelf;
            break;
        case 11:
            e.type = 6;
            e.offset = lastParent = uint64_t(h) * hunkBytes / unitBytes;
            break;
        case 13: lastParent += hunkBytes / unitBytes; [[fallthrough]];
        case 12:
            e.type = 6;
            e.offset = lastParent;
            break;
        default: error = "the map has an unknown hunk type " + std::to_string(e.type); return false;
        }
        if (e.type == 5 && e.offset >= h) {
            error = "hunk " + std::to_string(h) + " refers to a later hunk";
            return false;
        }
    }
    if (in.overrun()) {
        error = "the map is truncated";
        return false;
    }
    // The CRC covers the decoded entries in their 12-byte big-endian form.
    std::vector<uint8_t> raw(size_t(hunkCount) * 12);
    for (uint32_t h = 0; h < hunkCount; ++h) {
        uint8_t* r = &raw[size_t(h) * 12];
        const ChdMapEntry& e = out[h];
        r[0] = e.type;
        for (int i = 0; i < 3; ++i)
            r[1 + i] = static_cast<uint8_t>(e.length >> (16 - 8 * i));
        for (int i = 0; i < 6; ++i)
            r[4 + i] = static_cast<uint8_t>(e.offset >> (40 - 8 * i));
        r[10] = static_cast<uint8_t>(e.crc >> 8);
        r[11] = static_cast<uint8_t>(e.crc);
    }
    if (chdCrc16(raw.data(), raw.size()) != mapCrc) {
        error = "the map's CRC does not match (damaged map)";
        return false;
    }
    return true;
}

} // namespace core::disc
