#pragma once
// A read-only ISO 9660 file system over a Disc (cdromformat.md "CDROM ISO Volume
// Descriptors", "CDROM ISO File and Directory Descriptors"): the primary volume descriptor
// at sector 16, directory records, case-insensitive lookup ignoring ";1" version suffixes,
// and file reads from Mode 1 or Mode 2 Form 1 sectors.
#include <cstdint>
#include <string>
#include <vector>

#include "core/disc/disc.h"

namespace core::disc {

struct IsoEntry {
    std::string name; // as recorded, version suffix included ("SYSTEM.CNF;1")
    int32_t lba = 0;
    uint32_t size = 0;
    bool directory = false;
};

class Iso9660 {
  public:
    explicit Iso9660(Disc& disc) : disc_(disc) {}
    // Reads the primary volume descriptor. False with a message when the disc has none.
    bool open(std::string& error);

    const std::string& volumeId() const { return volumeId_; }
    const std::string& systemId() const { return systemId_; }
    const IsoEntry& root() const { return root_; }

    // `path` like "cdrom:\\DIR\\FILE.EXE;1", "\\FILE.EXE" or "dir/file.exe"; a missing
    // component gives false with the path in the message.
    bool find(const std::string& path, IsoEntry& out, std::string& error);
    bool list(const IsoEntry& dir, std::vector<IsoEntry>& out, std::string& error);
    // Reads a whole file (refusing files over `limit` bytes).
    bool readFile(const IsoEntry& file, std::vector<uint8_t>& out, std::string& error,
                  uint32_t limit = 16 << 20);
    // The 2048 user-data bytes of a Mode 1 or Mode 2 Form 1 sector.
    bool readUserData(int32_t lba, uint8_t* out, std::string& error);

    // Name comparison the BIOS uses: ignoring case and a ";n" version suffix.
    static bool sameName(const std::string& recorded, const std::string& wanted);

  private:
    Disc& disc_;
    IsoEntry root_;
    std::string volumeId_, systemId_;
};

} // namespace core::disc
