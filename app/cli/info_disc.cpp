#include "app/cli/info_disc.h"

#include <cstdio>
#include <cstring>
#include <fstream>

#include "app/cli/common.h"
#include "core/disc/image_file.h"
#include "core/disc/iso9660.h"
#include "core/disc/msf.h"
#include "core/disc/open_disc.h"
#include "core/disc/system_cnf.h"

namespace cli {

namespace {

using namespace core::disc;

std::string msfText(int32_t sectors) {
    const Msf m = sectorsToMsf(sectors);
    char s[16];
    std::snprintf(s, sizeof s, "%02u:%02u:%02u", m.minute, m.second, m.frame);
    return s;
}

void describeOne(Disc& d, const char* indent) {
    const Toc& toc = d.toc();
    std::printf("%sformat:          %s, %zu track%s\n", indent, d.format().c_str(),
                toc.tracks.size(), toc.tracks.size() == 1 ? "" : "s");
    for (const Track& t : toc.tracks) {
        std::printf("%s  track %02u  %-5s  start %s (lba %d)  length %d (%s)", indent, t.number,
                    trackTypeName(t.type), msfText(t.start + kPregapSectors).c_str(), t.start,
                    t.length, msfText(t.length).c_str());
        if (t.start != t.pregapStart) std::printf("  pregap %d", t.start - t.pregapStart);
        std::printf("\n");
    }
    std::printf("%s  lead-out  %s (lba %d)\n", indent,
                msfText(toc.leadOut + kPregapSectors).c_str(), toc.leadOut);
    if (d.subchannelPatchCount())
        std::printf("%ssubchannel:      %zu LibCrypt patched sectors\n", indent,
                    d.subchannelPatchCount());
    if (!toc.tracks[0].isData()) {
        std::printf("%sboot:            none (an audio disc)\n", indent);
        return;
    }
    Iso9660 fs(d);
    std::string error;
    if (!fs.open(error)) {
        std::printf("%sfile system:     none (%s)\n", indent, error.c_str());
        return;
    }
    std::printf("%svolume id:       %s\n", indent, fs.volumeId().c_str());
    std::printf("%ssystem id:       %s\n", indent, fs.systemId().c_str());
    BootInfo boot;
    if (!readBootInfo(fs, boot, error)) {
        std::printf("%sboot:            not bootable: %s\n", indent, error.c_str());
        return;
    }
    std::printf("%sboot file:       %s%s\n", indent, boot.boot.c_str(),
                boot.hasSystemCnf ? "" : " (no SYSTEM.CNF)");
    if (boot.hasSystemCnf)
        std::printf("%sSYSTEM.CNF:      TCB %Xh, EVENT %Xh, STACK %08Xh\n", indent, boot.tcb,
                    boot.event, boot.stack);
    std::printf("%sserial:          %s\n", indent,
                boot.serial.empty() ? "(none: the boot file is not named like a game code)"
                                    : boot.serial.c_str());
}

} // namespace

bool looksLikeDiscImage(const std::string& path) {
    const std::string e = lowerExtension(path);
    if (e == ".bin" || e == ".img") {
        std::ifstream f(path, std::ios::binary);
        char head[12] = {};
        static const char sync[12] = {0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0};
        return f.read(head, 12) && std::memcmp(head, sync, 12) == 0;
    }
    return isDiscImagePath(path);
}

int describeDisc(const std::string& path) {
    DiscSet set;
    std::string error;
    if (!set.open(path, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return kExitBadInput;
    }
    if (set.size() == 1 && lowerExtension(path) != ".m3u") {
        std::printf("%s: disc image\n", path.c_str());
        describeOne(set.current(), "  ");
        return kExitOk;
    }
    std::printf("%s: playlist of %zu discs\n", path.c_str(), set.size());
    for (size_t i = 0; i < set.size(); ++i) {
        std::printf("  disc %zu: %s\n", i + 1, set.at(i).path().c_str());
        describeOne(set.at(i), "    ");
    }
    return kExitOk;
}

} // namespace cli
