// The HLE BIOS's file functions for the "cdrom:" device (kernelbios.md "BIOS File Functions",
// "BIOS CDROM Functions"): open/lseek/read/write/close/getc, firstfile2/nextfile, the
// read-only answers of rename/erase/undelete/format, _get_errno/_get_error, CdGetLbn,
// CdReadSector and CdGetStatus.
//
// A high-level kernel: a real BIOS reads through the drive (commands, IRQs, DMA) and a read
// takes emulated time; here the kernel reads the disc's ISO 9660 file system directly and a
// call completes at once. That is deterministic (the disc is input data), and everything the
// kernel remembers between calls (the FCBs, errno, the firstfile2 search) is in State.
#include <algorithm>
#include <cctype>
#include <vector>

#include "core/bus.h"
#include "core/cdrom.h"
#include "core/cpu/cpu.h"
#include "core/disc/disc.h"
#include "core/disc/iso9660.h"
#include "core/hle_bios.h"
#include "core/hle_bios_layout.h"

// Kernel notes this file relies on (kernelbios.md):
// - 16 file handles (fd 00h..0Fh), 2 always reserved for std_io: files get fd 2..15.
// - "cdrom:" abbreviates "cdrom0:"; the port number is ignored.
// - Names may use "?" (one character cell; matching the name's ending 00h ends the
//   comparison: "FILE?.DAT" also matches "FILE") and "*" (ignores everything after it).
// - Error numbers ("File Error Numbers"): 02h not found, 09h bad handle, 10h general I/O
//   error, 12h rename across devices, 13h unknown device, 16h fpos>=filesize or unknown
//   seektype, 18h no free handle. Passing functions leave the old code; firstfile2/nextfile
//   never change it.
// - The direntry of firstfile2/nextfile: 00h name (14h bytes, 00h-terminated), 14h attribute
//   (0 for cdrom), 18h size, 1Ch next pointer (unused), 20h first sector, 24h reserved.

namespace core {

using namespace hle;

namespace {
constexpr uint32_t kFail = 0xffffffff;
constexpr uint32_t kSector = 0x800; // cdrom sector size (DCB[08h])
constexpr uint32_t kFirstFd = 2;    // fd 0 and 1 are std_io
constexpr uint32_t kNameCells = 0x14;

enum Errno : uint32_t {
    kNotFound = 0x02,
    kBadHandle = 0x09,
    kIoError = 0x10,
    kCrossDevice = 0x12,
    kUnknownDevice = 0x13,
    kBadPosition = 0x16,
    kNoHandle = 0x18,
};

// Splits "device:rest"; the device is lower-cased and loses its port number ("cdrom0").
bool splitDevice(const std::string& s, std::string& device, std::string& rest) {
    size_t colon = s.find(':');
    if (colon == std::string::npos) return false;
    device = s.substr(0, colon);
    for (char& c : device)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (!device.empty() && std::isdigit(static_cast<unsigned char>(device.back())))
        device.pop_back();
    rest = s.substr(colon + 1);
    return true;
}

// The kernel's name match (see the notes). A pattern without ";" ignores the recorded
// version suffix.
bool matches(std::string name, const std::string& pattern) {
    if (pattern.find(';') == std::string::npos) name = name.substr(0, name.find(';'));
    for (size_t i = 0;; ++i) {
        char p = i < pattern.size() ? pattern[i] : '\0';
        char c = i < name.size() ? name[i] : '\0';
        if (p == '*') return true;
        if (p == '?') {
            if (c == '\0') return true;
            continue;
        }
        if (std::toupper(static_cast<unsigned char>(p)) !=
            std::toupper(static_cast<unsigned char>(c)))
            return false;
        if (p == '\0') return true;
    }
}

disc::IsoEntry directory(uint32_t lba, uint32_t size) {
    disc::IsoEntry d;
    d.name.assign(1, '\\'); // (not = "\\": GCC 12 -Wrestrict false positive under ASan)
    d.lba = static_cast<int32_t>(lba);
    d.size = size;
    d.directory = true;
    return d;
}
} // namespace

HleBios::HleBios(Cpu& cpu, Bus& bus, Irq& irq, Sio0& sio0, Scheduler& scheduler)
    : cpu_(cpu), bus_(bus), irq_(irq), sio0_(sio0), scheduler_(scheduler) {}
HleBios::~HleBios() = default;

void HleBios::setDisc(disc::Disc* d) {
    fs_.reset();
    if (!d) return;
    auto fs = std::make_unique<disc::Iso9660>(*d);
    std::string error;
    if (fs->open(error)) fs_ = std::move(fs); // no ISO 9660: every lookup finds nothing
}

std::string HleBios::readPath(uint32_t addr) {
    std::string s;
    for (uint32_t i = 0; i < 0x100; ++i) {
        char c = static_cast<char>(rd8(addr + i));
        if (c == '\0') break;
        s += c;
    }
    return s;
}

uint32_t HleBios::fileError(uint32_t code) {
    state_.fileErrno = code;
    return kFail;
}

HleBios::File* HleBios::openHandle(uint32_t fd) {
    if (fd < kFirstFd || fd >= State::kMaxFiles || state_.files[fd].mode == 0) return nullptr;
    return &state_.files[fd];
}

// Walks "\DIR\NAME;1" from the root, first match per component; a path without the
// leading "\" starts in the current directory (B(40h) cd).
bool HleBios::resolveCd(const std::string& name, disc::IsoEntry& out) {
    if (!fs_) return false;
    std::string path = name;
    if (path.empty() || path[0] != '\\')
        path = std::string(reinterpret_cast<const char*>(state_.cdPath)) + "\\" + path;
    disc::IsoEntry cur = fs_->root();
    std::vector<disc::IsoEntry> entries;
    std::string error;
    size_t pos = 0;
    while (pos < path.size()) {
        size_t next = std::min(path.find('\\', pos), path.size());
        std::string part = path.substr(pos, next - pos);
        pos = next + 1;
        if (part.empty()) continue;
        if (!cur.directory || !fs_->list(cur, entries, error)) return false;
        auto it = std::find_if(entries.begin(), entries.end(),
                               [&](const disc::IsoEntry& e) { return matches(e.name, part); });
        if (it == entries.end()) return false;
        cur = *it;
    }
    out = cur;
    return true;
}

bool HleBios::readCdFile(uint32_t nameAddr, std::vector<uint8_t>& out) {
    std::string device, rest;
    disc::IsoEntry e;
    std::string error;
    return splitDevice(readPath(nameAddr), device, rest) && device == "cdrom" &&
           resolveCd(rest, e) && !e.directory && fs_->readFile(e, out, error);
}

uint32_t HleBios::openFile(uint32_t name, uint32_t mode) {
    std::string device, rest;
    if (!splitDevice(readPath(name), device, rest) || device != "cdrom")
        return fileError(kUnknownDevice); // the HLE kernel has no memory card or TTY files
    uint32_t fd = kFirstFd;
    while (fd < State::kMaxFiles && state_.files[fd].mode != 0)
        ++fd;
    if (fd == State::kMaxFiles) return fileError(kNoHandle);
    disc::IsoEntry e;
    if (!resolveCd(rest, e) || e.directory) return fileError(kNotFound);
    state_.files[fd] = File{mode, 0, 0, e.size, static_cast<uint32_t>(e.lba)};
    return fd;
}

uint32_t HleBios::readFile(uint32_t fd, uint32_t dst, uint32_t len) {
    File* f = openHandle(fd);
    if (!f) return fileError(kBadHandle);
    if (len == 0 || f->pos >= f->size) {
        f->error = kBadPosition;
        return fileError(kBadPosition);
    }
    uint32_t n = std::min(len, f->size - f->pos);
    uint8_t sector[kSector];
    std::string error;
    for (uint32_t done = 0; done < n;) {
        uint32_t at = f->pos + done;
        if (!fs_ ||
            !fs_->readUserData(static_cast<int32_t>(f->lba + at / kSector), sector, error)) {
            f->error = kIoError;
            return fileError(kIoError);
        }
        uint32_t chunk = std::min(n - done, kSector - at % kSector);
        for (uint32_t i = 0; i < chunk; ++i)
            wr8(dst + done + i, sector[at % kSector + i]);
        done += chunk;
    }
    f->pos += n;
    return n;
}

// Writes the next entry of the firstfile2 search that matches into `direntry`.
uint32_t HleBios::findNext(uint32_t direntry) {
    if (!fs_ || state_.searchDirLba == 0) return 0;
    std::vector<disc::IsoEntry> entries;
    std::string error;
    if (!fs_->list(directory(state_.searchDirLba, state_.searchDirSize), entries, error)) return 0;
    std::string pattern(reinterpret_cast<const char*>(state_.searchName));
    for (uint32_t i = state_.searchNext; i < entries.size(); ++i) {
        const disc::IsoEntry& e = entries[i];
        if (!matches(e.name, pattern)) continue;
        state_.searchNext = i + 1;
        for (uint32_t c = 0; c < kNameCells - 1 && c < e.name.size(); ++c)
            wr8(direntry + c, static_cast<uint8_t>(e.name[c]));
        wr8(direntry + std::min<uint32_t>(kNameCells - 1, static_cast<uint32_t>(e.name.size())), 0);
        wr32(direntry + 0x14, 0);
        wr32(direntry + 0x18, e.size);
        wr32(direntry + 0x20, static_cast<uint32_t>(e.lba));
        return direntry;
    }
    state_.searchNext = static_cast<uint32_t>(entries.size());
    return 0;
}

// A(00h..09h), also reached as B(32h..3Bh). False: not a file call (the console's own).
bool HleBios::fileFunctionA(uint32_t n) {
    switch (n) {
    case 0x00: // open(filename, accessmode)
        ret(openFile(arg(0), arg(1)));
        return true;
    case 0x01: { // lseek(fd, offset, seektype): beyond the end is not checked
        File* f = openHandle(arg(0));
        if (!f) {
            ret(fileError(kBadHandle));
        } else if (arg(2) > 1) { // type 2 "should be from end of file" but is bugged
            f->error = kBadPosition;
            ret(fileError(kBadPosition));
        } else {
            f->pos = arg(2) == 0 ? arg(1) : f->pos + arg(1);
            ret(f->pos);
        }
        return true;
    }
    case 0x02: // read(fd, dst, length)
        ret(readFile(arg(0), arg(1), arg(2)));
        return true;
    case 0x03: // write(fd, src, length): "Writing to the cdrom returns 0"
        if (arg(0) < kFirstFd) return false;
        ret(openHandle(arg(0)) ? 0 : fileError(kBadHandle));
        return true;
    case 0x04: { // close(fd): returns fd
        File* f = openHandle(arg(0));
        if (!f) {
            ret(fileError(kBadHandle));
        } else {
            *f = File{};
            ret(arg(0));
        }
        return true;
    }
    case 0x08: { // getc(fd): read(fd, tempbuf, 1), the byte sign-expanded
        uint32_t r = readFile(arg(0), kKseg0 + kGetcBuf, 1);
        if (r == 1) r = static_cast<uint32_t>(static_cast<int8_t>(rd8(kKseg0 + kGetcBuf)));
        ret(r);
        return true;
    }
    case 0xa4: { // CdGetLbn(filename): the BIOS's garbage for a missing file is -1 here
        std::string device, rest, path = readPath(arg(0));
        if (!splitDevice(path, device, rest)) rest = path;
        disc::IsoEntry e;
        ret(resolveCd(rest, e) ? static_cast<uint32_t>(e.lba) : kFail);
        return true;
    }
    case 0xa5: { // CdReadSector(count, sector, buffer): 800h bytes a sector
        uint32_t count = arg(0), lba = arg(1), dst = arg(2);
        uint8_t sector[kSector];
        std::string error;
        for (uint32_t i = 0; i < count; ++i) {
            if (!fs_ || !fs_->readUserData(static_cast<int32_t>(lba + i), sector, error)) {
                ret(kFail);
                return true;
            }
            for (uint32_t b = 0; b < kSector; ++b)
                wr8(dst + i * kSector + b, sector[b]);
        }
        ret(count);
        return true;
    }
    case 0xa6: // CdGetStatus(): the Getstat status byte, or -1 (no drive)
        ret(drive_ ? drive_->kernelGetstat() : kFail);
        return true;
    default: return false;
    }
}

bool HleBios::fileFunctionB(uint32_t n) {
    switch (n) {
    case 0x42: { // firstfile2(filename, direntry)
        std::string device, rest;
        state_.searchDirLba = 0;
        if (!splitDevice(readPath(arg(0)), device, rest) || device != "cdrom") {
            ret(0);
            return true;
        }
        size_t slash = rest.rfind('\\');
        std::string dir = slash == std::string::npos ? "" : rest.substr(0, slash ? slash : 1);
        std::string pattern = slash == std::string::npos ? rest : rest.substr(slash + 1);
        disc::IsoEntry d;
        if (resolveCd(dir, d) && d.directory) {
            state_.searchDirLba = static_cast<uint32_t>(d.lba);
            state_.searchDirSize = d.size;
            state_.searchNext = 0;
            std::fill(std::begin(state_.searchName), std::end(state_.searchName), 0);
            std::copy_n(pattern.begin(), std::min(pattern.size(), sizeof state_.searchName - 1),
                        state_.searchName);
        }
        ret(findNext(arg(1)));
        return true;
    }
    case 0x40: { // cd(name): not verified; later names without a leading "\" start there
        std::string device, rest;
        if (!splitDevice(readPath(arg(0)), device, rest) || device != "cdrom") {
            fileError(kUnknownDevice);
            ret(0);
            return true;
        }
        if (rest.empty() || rest[0] != '\\')
            rest = std::string(reinterpret_cast<const char*>(state_.cdPath)) + "\\" + rest;
        std::fill(std::begin(state_.cdPath), std::end(state_.cdPath), 0);
        std::copy_n(rest.begin(), std::min(rest.size(), sizeof state_.cdPath - 1), state_.cdPath);
        ret(1);
        return true;
    }
    case 0x43: // nextfile(direntry)
        ret(findNext(arg(0)));
        return true;
    case 0x44: { // rename(old, new): across devices 12h; the cdrom is read-only
        std::string d1, d2, r1, r2;
        bool ok1 = splitDevice(readPath(arg(0)), d1, r1),
             ok2 = splitDevice(readPath(arg(1)), d2, r2);
        if (!ok1 || !ok2 || d1 != "cdrom")
            fileError(kUnknownDevice);
        else if (d1 != d2)
            fileError(kCrossDevice);
        ret(0);
        return true;
    }
    case 0x41:   // format(devicename)
    case 0x45:   // erase(filename)
    case 0x46: { // undelete(filename): the cdrom is read-only; the reference names no errno
        std::string device, rest;
        if (!splitDevice(readPath(arg(0)), device, rest) || device != "cdrom")
            fileError(kUnknownDevice);
        ret(0);
        return true;
    }
    case 0x54: // _get_errno()
        ret(state_.fileErrno);
        return true;
    case 0x55: { // _get_error(fd): FCB[18h]; std_io handles are always open
        uint32_t fd = arg(0);
        const File* f = openHandle(fd);
        ret(f ? f->error : fd < kFirstFd ? 0 : kFail);
        return true;
    }
    default: return false;
    }
}

} // namespace core
