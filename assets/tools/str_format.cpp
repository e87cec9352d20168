#include "assets/tools/str_format.h"

#include <algorithm>
#include <cstring>

namespace tools::str {

namespace {

void put16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
}
void put32(uint8_t* p, uint32_t v) {
    put16(p, uint16_t(v));
    put16(p + 2, uint16_t(v >> 16));
}
uint16_t get16(const uint8_t* p) {
    return uint16_t(p[0] | p[1] << 8);
}
uint32_t get32(const uint8_t* p) {
    return get16(p) | uint32_t(get16(p + 2)) << 16;
}

} // namespace

std::vector<Sector> frameSectors(uint32_t frameNo, uint16_t width, uint16_t height,
                                 const std::vector<uint8_t>& data) {
    const uint16_t count = uint16_t((data.size() + kDataBytes - 1) / kDataBytes);
    std::vector<Sector> sectors(count);
    for (uint16_t s = 0; s < count; ++s) {
        uint8_t* p = sectors[s].data();
        std::memset(p, 0, kSectorBytes);
        put16(p + 0x00, kStatus);
        put16(p + 0x02, kTypeMdec);
        put16(p + 0x04, s);
        put16(p + 0x06, count);
        put32(p + 0x08, frameNo);
        put32(p + 0x0c, uint32_t(data.size()));
        put16(p + 0x10, width);
        put16(p + 0x12, height);
        std::memcpy(p + 0x14, data.data(), std::min<size_t>(8, data.size())); // StHeadM/V
        const size_t at = size_t(s) * kDataBytes;
        const size_t n = std::min<size_t>(kDataBytes, data.size() - at);
        std::memcpy(p + kHeaderBytes, data.data() + at, n);
    }
    return sectors;
}

bool parseHeader(const uint8_t* p, SectorHeader& h) {
    h.status = get16(p + 0x00);
    h.type = get16(p + 0x02);
    h.sectorOffset = get16(p + 0x04);
    h.sectorCount = get16(p + 0x06);
    h.frameNo = get32(p + 0x08);
    h.frameSize = get32(p + 0x0c);
    h.width = get16(p + 0x10);
    h.height = get16(p + 0x12);
    h.headM = get32(p + 0x14);
    h.headV = get32(p + 0x18);
    return h.status == kStatus && h.type == kTypeMdec && h.sectorCount != 0 &&
           h.sectorOffset < h.sectorCount && h.frameNo != 0 &&
           h.frameSize <= uint32_t(h.sectorCount) * kDataBytes && h.width != 0 && h.height != 0;
}

} // namespace tools::str
