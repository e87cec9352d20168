#pragma once
// Raw 2352-byte sector encoding (cdromformat.md "CDROM Sector Encoding"): sync, header,
// Mode 2 sub-headers, EDC and the P/Q parity of ECMA-130 Annex A. Used to synthesize whole
// sectors from images that keep only user data (.iso, MODE1/2048) and for gap sectors.
#include <cstdint>
#include <span>

namespace core::disc {

// CRC-32 of the EDC field (polynomial (x^16+x^15+x^2+1)(x^16+x^2+x+1), LSB first, start 0).
uint32_t computeEdc(std::span<const uint8_t> data);

// Writes the 12 sync bytes and the BCD MSF header of `lba` with `mode`.
void writeSyncAndHeader(uint8_t* sector, int32_t lba, uint8_t mode);

// Mode 1: sync/header written, bytes 10h..80Fh hold the user data; fills EDC, the zero
// field and P/Q parity.
void finishMode1(uint8_t* sector);
// Mode 2 Form 1: sub-header at 10h (copied to 14h), data at 18h..817h; fills EDC and P/Q
// parity (computed with the header taken as zero, as the format requires).
void finishMode2Form1(uint8_t* sector);
// Mode 2 Form 2: sub-header at 10h, data at 18h..92Bh; fills the EDC.
void finishMode2Form2(uint8_t* sector);

// P parity (86 words at 81Ch) and Q parity (52 words at 8C8h) over bytes 0Ch..8C7h.
void writeEccParity(uint8_t* sector);

// A whole Mode 1 sector for `lba` holding 2048 bytes of user data.
void encodeMode1(uint8_t* sector, int32_t lba, std::span<const uint8_t, 2048> userData);

// Gap sectors the image does not store: audio is silence; a Mode 1 gap is an empty Mode 1
// sector and a Mode 2 gap an empty Form 2 sector (sub-header submode 20h), both valid.
void encodeEmptyMode1(uint8_t* sector, int32_t lba);
void encodeEmptyMode2(uint8_t* sector, int32_t lba);

} // namespace core::disc
