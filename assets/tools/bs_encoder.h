#pragma once
// The variable-length stage of Sony's BS v2 format (cdromfileformats.md "CDROM File Video BS
// Compression Headers", "... DC Values", "... AC Values"): MDEC run-length halfwords (as
// mdec_encoder.h makes them) -> a BS v2 frame (8-byte header, then the Huffman bitstream as
// little-endian halfwords, first bit in bit 15). The console side decodes it back with
// bs_decode.h. Used by skipjack-strenc and the tests.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace tools::bs {

constexpr uint16_t kFileId = 0x3800;
constexpr uint16_t kVersion = 2;
constexpr uint16_t kEndOfFrameDc = 0x1ff; // a DC of +1FFh in place of Cr ends the frame

// One variable-length code: its `length` bits, the first in bit length-1 of `bits`.
struct Code {
    uint32_t bits = 0;
    int length = 0;
};

// The code of an MDEC AC halfword (run << 10 | 10-bit signed level): the table's code with its
// sign bit when the (run, |level|) pair has one, else the escape 000001 + the 16 raw bits.
Code acCode(uint16_t value);

// A BS v2 frame from the MDEC stream of `blocks` blocks (each a DC halfword, AC halfwords,
// FE00h; what follows the last block, e.g. FE00h padding, is ignored) whose DC halfwords all
// carry `qScale` (0..63) in bits 10-15. Returns an empty vector when the stream is shorter than
// `blocks`, a block has more than 63 AC values, a DC carries another scale or the value +1FFh
// (reserved for End of Frame), or an AC halfword has level 0.
std::vector<uint8_t> encodeFrame(const std::vector<uint16_t>& mdec, size_t blocks, uint16_t qScale);

} // namespace tools::bs
