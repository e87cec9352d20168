#include "assets/tools/bs_encoder.h"

#include <cstring>

namespace tools::bs {

namespace {

// "Huffman codes for AC values BS v1/v2/v3/iki", transcribed as the reference lists them: a
// prefix, the number of index bits (x) selecting the value, then the sign bit (s).
struct Group {
    const char* prefix;
    int indexBits;
    uint16_t values[16];
};
const Group kGroups[] = {
    {"11", 0, {0x0001}},
    {"011", 0, {0x0401}},
    {"010", 1, {0x0002, 0x0801}},
    {"0011", 1, {0x1001, 0x0c01}},
    {"00101", 0, {0x0003}},
    {"00100", 3, {0x3401, 0x0006, 0x3001, 0x2c01, 0x0c02, 0x0403, 0x0005, 0x2801}},
    {"0001", 2, {0x1c01, 0x1801, 0x0402, 0x1401}},
    {"00001", 2, {0x0802, 0x2401, 0x0004, 0x2001}},
    {"0000001", 3, {0x4001, 0x1402, 0x0007, 0x0803, 0x0404, 0x3c01, 0x3801, 0x1002}},
    {"00000001",
     4,
     {0x000b, 0x2002, 0x1003, 0x000a, 0x0804, 0x1c02, 0x5401, 0x5001, 0x0009, 0x4c01, 0x4801,
      0x0405, 0x0c03, 0x0008, 0x1802, 0x4401}},
    {"000000001",
     4,
     {0x2802, 0x2402, 0x1403, 0x0c04, 0x0805, 0x0407, 0x0406, 0x000f, 0x000e, 0x000d, 0x000c,
      0x6801, 0x6401, 0x6001, 0x5c01, 0x5801}},
    {"0000000001",
     4,
     {0x001f, 0x001e, 0x001d, 0x001c, 0x001b, 0x001a, 0x0019, 0x0018, 0x0017, 0x0016, 0x0015,
      0x0014, 0x0013, 0x0012, 0x0011, 0x0010}},
    {"00000000001",
     4,
     {0x0028, 0x0027, 0x0026, 0x0025, 0x0024, 0x0023, 0x0022, 0x0021, 0x0020, 0x040e, 0x040d,
      0x040c, 0x040b, 0x040a, 0x0409, 0x0408}},
    {"000000000001",
     4,
     {0x0412, 0x0411, 0x0410, 0x040f, 0x1803, 0x4002, 0x3c02, 0x3802, 0x3402, 0x3002, 0x2c02,
      0x7c01, 0x7801, 0x7401, 0x7001, 0x6c01}},
};
constexpr uint32_t kEscape = 0x01; // 000001
constexpr int kEscapeLength = 6;

// Codes without the sign bit, indexed by the MDEC value with a positive level.
struct Table {
    std::vector<Code> code = std::vector<Code>(0x10000);
    Table() {
        for (const Group& g : kGroups) {
            const int prefixLength = int(std::strlen(g.prefix));
            uint32_t prefix = 0;
            for (int i = 0; i < prefixLength; ++i)
                prefix = prefix << 1 | uint32_t(g.prefix[i] == '1');
            for (uint32_t x = 0; x < (1u << g.indexBits); ++x)
                code[g.values[x]] = {prefix << g.indexBits | x, prefixLength + g.indexBits};
        }
    }
};

class BitWriter {
  public:
    void put(uint32_t bits, int length) {
        for (int i = length - 1; i >= 0; --i) {
            cur_ = uint16_t(cur_ << 1 | ((bits >> i) & 1));
            if (++count_ == 16) flush();
        }
    }
    // Pads the last halfword with 0 bits, then to a whole word.
    std::vector<uint8_t>& finish() {
        if (count_) {
            cur_ = uint16_t(cur_ << (16 - count_));
            flush();
        }
        if (bytes_.size() % 4) bytes_.resize(bytes_.size() + 2, 0);
        return bytes_;
    }
    std::vector<uint8_t> bytes_;

  private:
    void flush() {
        bytes_.push_back(uint8_t(cur_));
        bytes_.push_back(uint8_t(cur_ >> 8));
        cur_ = 0;
        count_ = 0;
    }
    uint16_t cur_ = 0;
    int count_ = 0;
};

} // namespace

Code acCode(uint16_t value) {
    static const Table table;
    const uint16_t level = value & 0x3ff, run = value & 0xfc00;
    const bool negative = level & 0x200;
    const uint16_t magnitude = negative ? uint16_t(0x400 - level) : level;
    if (level != 0 && magnitude < 0x200) {
        const Code c = table.code[run | magnitude];
        if (c.length) return {c.bits << 1 | uint32_t(negative), c.length + 1};
    }
    return {kEscape << 16 | value, kEscapeLength + 16};
}

std::vector<uint8_t> encodeFrame(const std::vector<uint16_t>& mdec, size_t blocks,
                                 uint16_t qScale) {
    if (qScale > 0x3f) return {};
    BitWriter w;
    w.bytes_.resize(8); // the header, filled in below
    size_t i = 0;
    for (size_t b = 0; b < blocks; ++b) {
        if (i >= mdec.size() || mdec[i] >> 10 != qScale || (mdec[i] & 0x3ff) == kEndOfFrameDc)
            return {};
        w.put(mdec[i++] & 0x3ff, 10);
        for (int ac = 0;; ++ac) {
            if (i >= mdec.size()) return {};
            const uint16_t v = mdec[i++];
            if (v == 0xfe00) break;
            if (ac == 63 || (v & 0x3ff) == 0) return {};
            const Code c = acCode(v);
            w.put(c.bits, c.length);
        }
        w.put(0x2, 2); // EOB
    }
    w.put(kEndOfFrameDc, 10);
    std::vector<uint8_t> out = std::move(w.finish());
    // MDEC size/4: the halfwords the blocks decode to, in words, rounded up to 20h words.
    const uint32_t words = uint32_t((i + 1) / 2);
    const uint16_t header[4] = {uint16_t((words + 31) / 32 * 32), kFileId, qScale, kVersion};
    for (int k = 0; k < 4; ++k) {
        out[2 * k] = uint8_t(header[k]);
        out[2 * k + 1] = uint8_t(header[k] >> 8);
    }
    return out;
}

} // namespace tools::bs
