// skipjack-mkdisc: wraps an ISO 9660 image (2048-byte sectors) into a cue/bin disc with a
// data track and two audio tracks of generated tones, for tests and demos.
//   skipjack-mkdisc ISO OUT_BASE [--mode2] [--audio-seconds N] [--motorola]
//                   [--raw-file NAME RAW]
// writes OUT_BASE.cue, OUT_BASE.bin (track 1), "OUT_BASE audio.bin" (track 2: a stored
// 2-second INDEX 00 pregap of silence, then a 440/660 Hz tone) and OUT_BASE_3.bin (track 3:
// a PREGAP of 1 second that is not stored, then a 880 Hz tone).
// Track 1 is Mode 1 (as an .iso describes it) or, with --mode2, Mode 2 Form 1 sectors with
// data sub-headers (as PlayStation discs are), plus OUT_BASE_2336.cue/.bin holding that track
// as MODE2/2336. --motorola stores audio big-endian. With --mode2, --raw-file takes the
// sectors of the file NAME in the ISO's root directory from RAW (MODE2/2336 sectors: subheader
// twice, then 920h bytes), each as Form 1 or Form 2 as its submode says (bit 5): how XA audio
// interleaved with data reaches the disc (cdromformat.md "Mode2/Form2 (CD-XA)").
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/disc/sector.h"

namespace {

bool writeFile(const std::string& path, const std::vector<uint8_t>& d) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary);
        if (!f.write(reinterpret_cast<const char*>(d.data()),
                     static_cast<std::streamsize>(d.size())))
            return false;
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    return !ec;
}

// `seconds` of 16-bit stereo tone at 44.1 kHz after `silentSectors` of silence.
std::vector<uint8_t> tone(int silentSectors, int seconds, double left, double right,
                          bool bigEndian) {
    const size_t frames = size_t(seconds) * 44100;
    std::vector<uint8_t> d(size_t(silentSectors) * 2352 + frames * 4, 0);
    uint8_t* p = d.data() + size_t(silentSectors) * 2352;
    for (size_t i = 0; i < frames; ++i) {
        const double t = double(i) / 44100.0;
        const int16_t s[2] = {
            static_cast<int16_t>(std::lround(12000 * std::sin(6.283185307179586 * left * t))),
            static_cast<int16_t>(std::lround(12000 * std::sin(6.283185307179586 * right * t)))};
        for (int c = 0; c < 2; ++c) {
            const auto v = static_cast<uint16_t>(s[c]);
            p[0] = static_cast<uint8_t>(bigEndian ? v >> 8 : v);
            p[1] = static_cast<uint8_t>(bigEndian ? v : v >> 8);
            p += 2;
        }
    }
    return d;
}

uint32_t le32(const uint8_t* p) {
    return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24;
}

// The first sector and size of NAME in the root directory (ISO 9660: the primary volume
// descriptor at sector 16, its root directory record at 9Ch), or false.
bool findRootFile(const std::vector<uint8_t>& iso, const std::string& name, uint32_t& lba,
                  uint32_t& size) {
    if (iso.size() < 17 * 2048) return false;
    const uint8_t* pvd = &iso[16 * 2048];
    const uint32_t dirLba = le32(pvd + 0x9c + 2), dirSize = le32(pvd + 0x9c + 10);
    if (uint64_t(dirLba) * 2048 + dirSize > iso.size()) return false;
    const uint8_t* dir = &iso[size_t(dirLba) * 2048];
    for (uint32_t off = 0; off + 33 < dirSize;) {
        const uint8_t len = dir[off];
        if (len == 0) { // records do not cross a sector: go on at the next one
            off = (off / 2048 + 1) * 2048;
            continue;
        }
        if (off + len > dirSize || len < 33) return false;
        const uint8_t nameLen = dir[off + 32];
        const std::string id(reinterpret_cast<const char*>(dir + off + 33),
                             std::min<size_t>(nameLen, len - 33u));
        if (id == name || id == name + ";1") {
            lba = le32(dir + off + 2);
            size = le32(dir + off + 10);
            return true;
        }
        off += len;
    }
    return false;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: skipjack-mkdisc ISO OUT_BASE [--mode2] [--audio-seconds N] "
                             "[--motorola] [--raw-file NAME RAW]\n");
        return 2;
    }
    const std::string isoPath = argv[1], base = argv[2];
    bool mode2 = false, motorola = false;
    std::string rawName, rawPath;
    int audioSeconds = 2;
    for (int i = 3; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--mode2")
            mode2 = true;
        else if (a == "--motorola")
            motorola = true;
        else if (a == "--raw-file" && i + 2 < argc) {
            rawName = argv[++i];
            rawPath = argv[++i];
        } else if (a == "--audio-seconds" && i + 1 < argc)
            audioSeconds = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "skipjack-mkdisc: unknown option %s\n", a.c_str());
            return 2;
        }
    }
    std::ifstream in(isoPath, std::ios::binary);
    std::vector<uint8_t> iso((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) iso.clear();
    if (iso.empty() || iso.size() % 2048 != 0) {
        std::fprintf(stderr, "skipjack-mkdisc: %s: not a 2048-byte-sector ISO image\n",
                     isoPath.c_str());
        return 2;
    }
    const size_t sectors = iso.size() / 2048;
    constexpr size_t kRaw = 2336;
    std::vector<uint8_t> raw;
    uint32_t rawLba = 0, rawSize = 0;
    if (!rawName.empty()) {
        std::ifstream rf(rawPath, std::ios::binary);
        raw.assign(std::istreambuf_iterator<char>(rf), std::istreambuf_iterator<char>());
        if (!mode2 || !findRootFile(iso, rawName, rawLba, rawSize) ||
            raw.size() != size_t((rawSize + 2047) / 2048) * kRaw) {
            std::fprintf(stderr,
                         "skipjack-mkdisc: --raw-file %s: needs --mode2, the file in "
                         "the root directory and %s of its sector count\n",
                         rawName.c_str(), rawPath.c_str());
            return 2;
        }
    }
    std::vector<uint8_t> data(sectors * 2352);
    for (size_t s = 0; s < sectors; ++s) {
        uint8_t* sector = &data[s * 2352];
        const auto lba = static_cast<int32_t>(s);
        if (mode2 && s >= rawLba && (s - rawLba) * kRaw < raw.size()) {
            core::disc::writeSyncAndHeader(sector, lba, 2);
            std::memcpy(sector + 16, &raw[(s - rawLba) * kRaw], kRaw);
            if (sector[18] & 0x20)
                core::disc::finishMode2Form2(sector);
            else
                core::disc::finishMode2Form1(sector);
        } else if (mode2) {
            core::disc::writeSyncAndHeader(sector, lba, 2);
            const uint8_t sub[4] = {0, 0, 0x08, 0}; // submode: data (Form 1)
            std::memcpy(sector + 16, sub, 4);
            std::memcpy(sector + 24, &iso[s * 2048], 2048);
            core::disc::finishMode2Form1(sector);
        } else {
            core::disc::encodeMode1(sector, lba,
                                    std::span<const uint8_t, 2048>(&iso[s * 2048], 2048));
        }
    }
    const std::string name = std::filesystem::path(base).filename().string();
    const std::string cue = "REM made by skipjack-mkdisc\r\n"
                            "FILE \"" +
                            name +
                            ".bin\" BINARY\r\n"
                            "  TRACK 01 " +
                            (mode2 ? "MODE2/2352" : "MODE1/2352") +
                            "\r\n"
                            "    INDEX 01 00:00:00\r\n"
                            "FILE \"" +
                            name + " audio.bin\" " + (motorola ? "MOTOROLA" : "BINARY") +
                            "\r\n"
                            "  TRACK 02 AUDIO\r\n"
                            "    INDEX 00 00:00:00\r\n"
                            "    INDEX 01 00:02:00\r\n"
                            "FILE \"" +
                            name + "_3.bin\" " + (motorola ? "MOTOROLA" : "BINARY") +
                            "\r\n"
                            "  TRACK 03 AUDIO\r\n"
                            "    PREGAP 00:01:00\r\n"
                            "    INDEX 01 00:00:00\r\n";
    const bool ok = writeFile(base + ".bin", data) &&
                    writeFile(base + " audio.bin", tone(150, audioSeconds, 440, 660, motorola)) &&
                    writeFile(base + "_3.bin", tone(0, 1, 880, 880, motorola)) &&
                    writeFile(base + ".cue", std::vector<uint8_t>(cue.begin(), cue.end()));
    // With --mode2 also OUT_BASE_2336.cue/.bin: the data track alone as MODE2/2336 (each
    // sector without its sync and header), the layout some dumps use.
    bool ok2336 = true;
    if (mode2) {
        std::vector<uint8_t> cooked;
        cooked.reserve(sectors * 2336);
        for (size_t s = 0; s < sectors; ++s)
            cooked.insert(cooked.end(), data.begin() + long(s * 2352 + 16),
                          data.begin() + long((s + 1) * 2352));
        const std::string cue2336 = "FILE \"" + name +
                                    "_2336.bin\" BINARY\r\n"
                                    "  TRACK 01 MODE2/2336\r\n    INDEX 01 00:00:00\r\n";
        ok2336 =
            writeFile(base + "_2336.bin", cooked) &&
            writeFile(base + "_2336.cue", std::vector<uint8_t>(cue2336.begin(), cue2336.end()));
    }
    if (!ok || !ok2336) {
        std::fprintf(stderr, "skipjack-mkdisc: cannot write %s.*\n", base.c_str());
        return 2;
    }
    return 0;
}
