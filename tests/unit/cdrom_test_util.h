#pragma once
// CD-ROM test rig: the drive alone on a scheduler with an in-memory disc, driven through its
// registers as a program would (cdromdrive.md "CDROM Controller I/O Ports").
#include <cstring>
#include <initializer_list>
#include <vector>

#include "core/cdrom.h"
#include "core/irq.h"
#include "core/scheduler.h"
#include "device_test_util.h"

namespace cdtest {

using core::Cycles;
using core::cdrom::kRawSectorSize;

// A disc with a Mode 2 data track from 00:02:00 and an audio track after it. Data sectors
// carry their LBA in the header and a pattern of their own; `xa` marks XA-ADPCM sectors.
class MemoryDisc : public core::cdrom::DiscSource {
  public:
    static constexpr uint32_t kTrack1 = 150, kTrack2 = 1150, kLeadOut = 1450;
    struct XaSector {
        uint32_t lba;
        uint8_t file, channel, ci;
        std::vector<uint8_t> adpcm; // 900h bytes
    };
    std::vector<XaSector> xa;
    char licence = 'A';
    bool audioOnly = false;
    unsigned dataMode = 2;

    unsigned trackCount() const override { return audioOnly ? 1 : 2; }
    uint32_t trackStart(unsigned t) const override { return t == 1 ? kTrack1 : kTrack2; }
    core::cdrom::TrackType trackType(unsigned t) const override {
        return (t == 2 || audioOnly) ? core::cdrom::TrackType::Audio : core::cdrom::TrackType::Data;
    }
    uint32_t leadOut() const override { return kLeadOut; }
    char licenceRegion() const override { return audioOnly ? 0 : licence; }

    static uint8_t pattern(uint32_t lba, size_t i) { return uint8_t(lba * 7 + i * 13 + (i >> 8)); }
    // A CD-DA sample pair of the audio track: left, right.
    static int16_t audioSample(uint32_t lba, size_t frame, unsigned ch) {
        return int16_t((lba * 31 + frame * 97 + ch * 5000) & 0x7fff) - 0x4000;
    }

    bool readRaw(uint32_t lba, uint8_t* out) override {
        if (lba >= kLeadOut) return false;
        if (trackType(lba >= kTrack2 ? 2 : 1) == core::cdrom::TrackType::Audio) {
            for (size_t f = 0; f < 588; ++f)
                for (unsigned c = 0; c < 2; ++c) {
                    int16_t v = audioSample(lba, f, c);
                    out[f * 4 + c * 2] = uint8_t(v);
                    out[f * 4 + c * 2 + 1] = uint8_t(uint16_t(v) >> 8);
                }
            return true;
        }
        static const uint8_t sync[12] = {0,    0xff, 0xff, 0xff, 0xff, 0xff,
                                         0xff, 0xff, 0xff, 0xff, 0xff, 0};
        std::memcpy(out, sync, 12);
        core::cdrom::Msf m = core::cdrom::Msf::fromLba(lba);
        out[12] = core::cdrom::toBcd(m.minute);
        out[13] = core::cdrom::toBcd(m.second);
        out[14] = core::cdrom::toBcd(m.frame);
        out[15] = uint8_t(dataMode);
        for (size_t i = 16; i < kRawSectorSize; ++i)
            out[i] = pattern(lba, i);
        if (dataMode == 2) {
            uint8_t sub[4] = {1, 0, 0x08, 0};
            for (const XaSector& x : xa)
                if (x.lba == lba) {
                    sub[0] = x.file, sub[1] = x.channel, sub[2] = 0x64, sub[3] = x.ci;
                    std::memcpy(out + 24, x.adpcm.data(), 0x900);
                }
            std::memcpy(out + 16, sub, 4);
            std::memcpy(out + 20, sub, 4);
        }
        return true;
    }
};

struct AudioBuffer : core::CdAudioSink {
    std::vector<int16_t> samples; // L,R interleaved
    size_t calls = 0;
    void cdAudio(const int16_t* frames, size_t count) override {
        samples.insert(samples.end(), frames, frames + count * 2);
        ++calls;
    }
};

struct Rig {
    core::Scheduler sched;
    core::Irq irq;
    core::Cdrom cd{sched, irq};
    MemoryDisc disc;
    AudioBuffer audio;

    explicit Rig(bool withDisc = true) {
        if (withDisc) cd.insertDisc(&disc);
        cd.setAudioSink(&audio);
        cd.reset();
        setBank(1);
        cd.write(0x1f801802, 0x1f, 1); // HINTMSK: every INT
        setBank(0);
    }
    void setBank(uint8_t b) { cd.write(0x1f801800, b, 1); }
    uint8_t hsts() { return uint8_t(cd.read(0x1f801800, 1)); }
    void command(uint8_t cmd, std::initializer_list<uint8_t> params = {}) {
        setBank(0);
        for (uint8_t p : params)
            cd.write(0x1f801802, p, 1);
        cd.write(0x1f801801, cmd, 1);
    }
    uint8_t intType() {
        setBank(1);
        uint8_t v = uint8_t(cd.read(0x1f801803, 1) & 7);
        setBank(0);
        return v;
    }
    std::vector<uint8_t> response() {
        std::vector<uint8_t> r;
        while (hsts() & core::Cdrom::kHstsRslRrdy)
            r.push_back(uint8_t(cd.read(0x1f801801, 1)));
        return r;
    }
    void ack(uint8_t bits = 0x1f) {
        setBank(1);
        cd.write(0x1f801803, bits, 1);
        setBank(0);
    }
    // Runs until an INT is pending (or `limit` cycles pass); returns the cycles it took.
    Cycles waitInt(Cycles limit = 400'000'000) {
        Cycles start = sched.now();
        while (intType() == 0) {
            Cycles next = sched.nextDue();
            if (next == UINT64_MAX || next - start > limit) {
                testutil::runUntil(sched, start + limit);
                return sched.now() - start;
            }
            testutil::runUntil(sched, next);
        }
        return sched.now() - start;
    }
    // Waits for the next INT, reads its type and response, and acknowledges it.
    struct Reply {
        uint8_t type;
        std::vector<uint8_t> bytes;
        Cycles at;
    };
    Reply next(Cycles limit = 400'000'000) {
        waitInt(limit);
        Reply r{intType(), response(), sched.now()};
        ack();
        return r;
    }
    // Sends a command and collects its first response.
    Reply run(uint8_t cmd, std::initializer_list<uint8_t> params = {}) {
        command(cmd, params);
        return next();
    }
    void bfrd(bool on) {
        setBank(0);
        cd.write(0x1f801803, on ? 0x80 : 0x00, 1);
    }
};

inline std::vector<uint8_t> bytes(std::initializer_list<uint8_t> b) {
    return std::vector<uint8_t>(b);
}

} // namespace cdtest
