#include "core/ps_exe.h"

#include <cstdio>
#include <cstring>

namespace core {

namespace {
uint32_t le32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
// RAM is 2 MiB; a PS-EXE addresses it through KUSEG, KSEG0 or KSEG1.
bool inRam(uint32_t addr, uint32_t size) {
    uint32_t phys = addr & 0x1fffffff;
    uint32_t seg = addr >> 29;
    if (seg != 0 && seg != 4 && seg != 5) return false;
    return phys < 0x200000 && size <= 0x200000 - phys;
}
std::string hex(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08Xh", v);
    return buf;
}
} // namespace

constexpr size_t kHeader = 2048;

bool readPsExeHeader(std::span<const uint8_t> file, PsExe& out, std::string& error) {
    if (file.size() < kHeader) {
        error = "not a PS-EXE: the file is " + std::to_string(file.size()) +
                " bytes, shorter than the 2048-byte header";
        return false;
    }
    if (std::memcmp(file.data(), "PS-X EXE", 8) != 0) {
        error = "not a PS-EXE: the header does not start with \"PS-X EXE\"";
        return false;
    }
    const uint8_t* h = file.data();
    out.pc = le32(h + 0x10);
    out.gp = le32(h + 0x14);
    out.loadAddress = le32(h + 0x18);
    out.loadSize = le32(h + 0x1c);
    out.bssAddress = le32(h + 0x28);
    out.bssSize = le32(h + 0x2c);
    out.stackBase = le32(h + 0x30);
    out.stackOffset = le32(h + 0x34);
    const char* marker = reinterpret_cast<const char*>(h + 0x4c);
    out.region.assign(marker, strnlen(marker, 0x800 - 0x4c));
    return true;
}

bool parsePsExe(std::span<const uint8_t> file, PsExe& out, std::string& error) {
    if (!readPsExeHeader(file, out, error)) return false;
    if (out.loadSize == 0) {
        error = "bad PS-EXE: the text size is zero";
        return false;
    }
    if (!inRam(out.loadAddress, out.loadSize)) {
        error = "bad PS-EXE: load address " + hex(out.loadAddress) + " + size " +
                hex(out.loadSize) + " is outside the 2 MiB of RAM";
        return false;
    }
    if (file.size() - kHeader < out.loadSize) {
        error = "bad PS-EXE: truncated, the header announces " + std::to_string(out.loadSize) +
                " bytes of text but the file holds " + std::to_string(file.size() - kHeader);
        return false;
    }
    if (!inRam(out.pc, 4)) {
        error = "bad PS-EXE: entry point " + hex(out.pc) + " is outside RAM";
        return false;
    }
    if (out.bssSize != 0 && !inRam(out.bssAddress, out.bssSize)) {
        error = "bad PS-EXE: memfill area " + hex(out.bssAddress) + " is outside RAM";
        return false;
    }
    out.text = file.subspan(kHeader, out.loadSize);
    return true;
}

} // namespace core
