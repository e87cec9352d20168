// `skipjack-cli info FILE`: describes a PS-EXE, a BIOS image, a savestate or a disc image.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/cli/common.h"
#include "app/cli/info_disc.h"
#include "app/cli/savestate_cli.h"
#include "core/bus.h"
#include "core/ps_exe.h"

namespace cli {

namespace {
// Printable strings of at least 8 characters that contain `needle`.
void findStrings(const std::vector<uint8_t>& d, const char* needle, std::vector<std::string>& out) {
    size_t n = std::strlen(needle);
    for (size_t i = 0; i + n <= d.size(); ++i) {
        if (std::memcmp(d.data() + i, needle, n) != 0) continue;
        size_t b = i, e = i;
        while (b > 0 && d[b - 1] >= 0x20 && d[b - 1] < 0x7f)
            --b;
        while (e < d.size() && d[e] >= 0x20 && d[e] < 0x7f)
            ++e;
        std::string s(d.begin() + static_cast<long>(b), d.begin() + static_cast<long>(e));
        bool dup = false;
        for (auto& o : out)
            dup |= o == s;
        if (!dup) out.push_back(s);
        i = e;
    }
}

int describeBios(const std::string& path, const std::vector<uint8_t>& d) {
    std::printf("%s: BIOS image, %zu bytes%s\n", path.c_str(), d.size(),
                d.size() == core::Bus::kBiosSize ? "" : " (a PS1 BIOS is 524288 bytes)");
    if (d.size() >= 0x110) {
        uint32_t kernelDate, consoleType; // little-endian words, like the host's
        std::memcpy(&kernelDate, d.data() + 0x100, 4);
        std::memcpy(&consoleType, d.data() + 0x104, 4);
        std::printf("  kernel date:     %08Xh (BCD)\n", kernelDate);
        std::printf("  console type:    %08Xh\n", consoleType);
        std::string maker;
        for (size_t i = 0x108; i < d.size() && i < 0x180 && d[i] >= 0x20 && d[i] < 0x7f; ++i)
            maker += static_cast<char>(d[i]);
        if (!maker.empty()) std::printf("  kernel maker:    %s\n", maker.c_str());
    }
    std::vector<std::string> found;
    findStrings(d, "CEX-", found);
    findStrings(d, "System ROM Version", found);
    for (auto& s : found)
        std::printf("  version string:  %s\n", s.c_str());
    if (found.empty()) std::printf("  no \"CEX-\" or \"System ROM Version\" string found\n");
    return d.size() == core::Bus::kBiosSize ? kExitOk : kExitBadInput;
}
} // namespace

int infoCommand(const Options& o) {
    if (looksLikeDiscImage(o.program)) return describeDisc(o.program);
    std::vector<uint8_t> d;
    std::string error;
    if (!readFile(o.program, d, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return kExitBadInput;
    }
    if (d.size() >= 8 && std::memcmp(d.data(), "SKJSTATE", 8) == 0)
        return describeStateFile(o.program, d);
    if (d.size() >= 8 && std::memcmp(d.data(), "PS-X EXE", 8) == 0) {
        core::PsExe exe;
        const bool headerRead = core::readPsExeHeader(d, exe, error);
        const bool ok = headerRead && core::parsePsExe(d, exe, error);
        std::printf("%s: PS-EXE, %zu bytes\n", o.program.c_str(), d.size());
        if (headerRead) {
            std::printf("  entry pc:        %08Xh\n", exe.pc);
            std::printf("  gp:              %08Xh\n", exe.gp);
            std::printf("  load address:    %08Xh\n", exe.loadAddress);
            std::printf("  text size:       %08Xh (%u bytes)\n", exe.loadSize, exe.loadSize);
            std::printf("  memfill:         %08Xh + %08Xh\n", exe.bssAddress, exe.bssSize);
            std::printf("  stack:           %08Xh + %08Xh\n", exe.stackBase, exe.stackOffset);
            std::printf("  region marker:   \"%s\"\n", exe.region.c_str());
        }
        if (!ok) {
            std::printf("  INVALID: %s\n", error.c_str());
            return kExitBadInput;
        }
        return kExitOk;
    }
    if (d.size() >= 256 * 1024) return describeBios(o.program, d);
    std::fprintf(stderr,
                 "skipjack-cli: %s: neither a PS-EXE (no \"PS-X EXE\" header) nor a BIOS "
                 "image (%zu bytes)\n",
                 o.program.c_str(), d.size());
    return kExitBadInput;
}

} // namespace cli
