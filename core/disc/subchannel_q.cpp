#include "core/disc/subchannel_q.h"

#include "core/disc/msf.h"

namespace core::disc {

uint16_t crc16Ccitt(const uint8_t* data, size_t len) {
    // Polynomial x^16+x^12+x^5+1, MSB first: the same CRC the reference computes with its
    // nibble-wise update.
    uint16_t crc = 0;
    for (size_t i = 0; i < len; ++i) {
        crc = static_cast<uint16_t>(crc ^ (data[i] << 8));
        for (int b = 0; b < 8; ++b)
            crc = static_cast<uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

void setSubchannelQCrc(SubchannelQ& q) {
    uint16_t crc = static_cast<uint16_t>(~crc16Ccitt(q.bytes.data(), 10));
    q.bytes[10] = static_cast<uint8_t>(crc >> 8);
    q.bytes[11] = static_cast<uint8_t>(crc);
}

bool SubchannelQ::crcValid() const {
    uint16_t crc = static_cast<uint16_t>(~crc16Ccitt(bytes.data(), 10));
    return bytes[10] == (crc >> 8) && bytes[11] == (crc & 0xFF);
}

static void putMsf(uint8_t* p, int32_t sectors) {
    Msf m = sectorsToMsf(sectors);
    p[0] = toBcd(m.minute);
    p[1] = toBcd(m.second);
    p[2] = toBcd(m.frame);
}

SubchannelQ computeSubchannelQ(const Toc& toc, int32_t lba) {
    SubchannelQ q;
    auto& b = q.bytes;
    const Track* t = toc.trackAt(lba);
    if (!t && lba >= toc.leadOut) {
        const bool data = !toc.tracks.empty() && toc.tracks.back().isData();
        b[0] = static_cast<uint8_t>((data ? 0x40 : 0x00) | 0x01);
        b[1] = 0xAA;
        b[2] = 0x01;
        putMsf(&b[3], lba - toc.leadOut);
    } else if (t) {
        b[0] = static_cast<uint8_t>((t->isData() ? 0x40 : 0x00) | 0x01);
        b[1] = toBcd(t->number);
        const bool pregap = lba < t->start;
        b[2] = pregap ? 0x00 : 0x01;
        putMsf(&b[3], pregap ? t->start - lba : lba - t->start);
    }
    putMsf(&b[7], lba + kPregapSectors);
    setSubchannelQCrc(q);
    return q;
}

} // namespace core::disc
