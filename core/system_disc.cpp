// System: games from disc (DESIGN.md §8: what a user starts is a PS-EXE or a disc).
#include <memory>
#include <vector>

#include "core/cdrom.h"
#include "core/cdrom/image_disc.h"
#include "core/cpu/cpu.h"
#include "core/disc/disc_identity.h"
#include "core/disc/iso9660.h"
#include "core/disc/open_disc.h"
#include "core/disc/system_cnf.h"
#include "core/hle_bios.h"
#include "core/ps_exe.h"
#include "core/system.h"
#include "core/video_timing.h"

namespace core {

namespace {
// The boot file and settings of a data disc, read through its ISO9660 file system.
bool readBoot(disc::Disc& d, disc::BootInfo& boot, std::vector<uint8_t>& exe, std::string& volumeId,
              std::string& error) {
    disc::Iso9660 fs(d);
    if (!fs.open(error)) return false;
    volumeId = fs.volumeId();
    if (!disc::readBootInfo(fs, boot, error)) return false;
    disc::IsoEntry entry;
    if (!fs.find(boot.boot, entry, error)) return false;
    return fs.readFile(entry, exe, error);
}

// A console of the disc's region, so its licence check passes; a disc without the licence
// text (home-made) plays as on a console with a modchip, the way players run their own discs.
// A region the player fixed stays, with a modchip when the disc's licence names another.
void matchConsoleTo(Cdrom& drive, const cdrom::ImageDisc& disc, System::ConsoleRegion fixed) {
    const char licence = disc.licenceRegion(); // 'I', 'A', 'E' (SCEI/SCEA/SCEE), 0 for none
    char region = licence;
    switch (fixed) {
    case System::ConsoleRegion::Auto: break;
    case System::ConsoleRegion::NtscJ: region = 'I'; break;
    case System::ConsoleRegion::NtscU: region = 'A'; break;
    case System::ConsoleRegion::Pal: region = 'E'; break;
    }
    switch (region) {
    case 'I': drive.setRegion(Cdrom::Region::Japan); break;
    case 'E': drive.setRegion(Cdrom::Region::Europe); break;
    case 'A': drive.setRegion(Cdrom::Region::America); break;
    default: break;
    }
    drive.setModchip(licence == 0 || licence != region);
}

// The crystal of a console of that region; a disc's licence letter decides under Auto.
VideoTiming::Clock videoClockFor(System::ConsoleRegion region, char licence) {
    switch (region) {
    case System::ConsoleRegion::NtscU:
    case System::ConsoleRegion::NtscJ: return VideoTiming::Clock::Ntsc;
    case System::ConsoleRegion::Pal: return VideoTiming::Clock::Pal;
    case System::ConsoleRegion::Auto: break;
    }
    if (licence == 'E') return VideoTiming::Clock::Pal;
    if (licence == 'I' || licence == 'A') return VideoTiming::Clock::Ntsc;
    return VideoTiming::Clock::FollowMode;
}
} // namespace

void System::setConsoleRegion(ConsoleRegion region) {
    consoleRegion_ = region;
    video_->setClock(videoClockFor(region, 0));
}

bool System::bootDisc(const std::string& path, std::string& error) {
    auto set = std::make_unique<disc::DiscSet>();
    if (!set->open(path, error)) return false;
    disc::BootInfo boot;
    std::vector<uint8_t> exe;
    std::string volumeId, bootError;
    bool bootable = readBoot(set->current(), boot, exe, volumeId, bootError);
    PsExe header;
    if (bootable && !parsePsExe(exe, header, bootError)) bootable = false;
    if (hle_ && !bootable) {
        // The HLE BIOS needs the boot file; a real BIOS shows its own screen for such a disc.
        error = path + ": " + bootError;
        return false;
    }

    cdrom_->insertDisc(nullptr); // nothing may point into the old set while it goes
    hleBios_->setDisc(nullptr);
    driveDisc_.reset();
    discs_ = std::move(set);
    discIds_.clear();
    for (size_t i = 0; i < discs_->size(); ++i)
        discIds_.push_back(disc::discIdentity(discs_->at(i)));
    putDiscInDrive(discs_->currentIndex());
    video_->setClock(videoClockFor(consoleRegion_, driveDisc_->licenceRegion()));
    if (hle_) {
        if (!loadExe(exe, error)) {
            error = path + ": " + boot.boot + ": " + error;
            return false;
        }
        // SYSTEM.CNF's STACK is where the kernel points SP unless the EXE header names one.
        if (boot.hasSystemCnf && header.stackBase == 0) {
            cpu_->setReg(29, boot.stack);
            cpu_->setReg(30, boot.stack);
        }
    } else {
        reset(); // the BIOS boots the disc through the drive by itself
        if (fastBoot_ && bootable) {
            // ...or, fast, only initialises its kernel; the boot file starts where the intro
            // would, with SYSTEM.CNF's stack as the BIOS's own boot gives it.
            if (!runBiosToShell(error)) {
                error = path + ": " + error;
                return false;
            }
            placeExe(header);
            if (boot.hasSystemCnf && header.stackBase == 0) {
                cpu_->setReg(29, boot.stack);
                cpu_->setReg(30, boot.stack);
            }
        }
    }
    gameId_ = !boot.serial.empty() ? boot.serial : "disc:" + volumeId;
    return true;
}

void System::putDiscInDrive(size_t index) {
    cdrom_->insertDisc(nullptr);
    hleBios_->setDisc(nullptr);
    discs_->select(index);
    driveDisc_ = std::make_unique<cdrom::ImageDisc>(discs_->current());
    cdrom_->insertDisc(driveDisc_.get());
    hleBios_->setDisc(&discs_->current()); // the HLE kernel's "cdrom:" files
    matchConsoleTo(*cdrom_, *driveDisc_, consoleRegion_);
    discId_ = discIds_[index];
}

bool System::changeDisc(size_t index) {
    if (!discs_ || index >= discs_->size()) return false;
    cdrom_->setLidOpen(true);
    putDiscInDrive(index);
    cdrom_->setLidOpen(false);
    return true;
}

bool System::insertDisc(const std::string& path, std::string& error) {
    auto set = std::make_unique<disc::DiscSet>();
    if (!set->open(path, error)) return false;
    // Out of the drive and the kernel before the old discs go.
    cdrom_->setLidOpen(true);
    cdrom_->insertDisc(nullptr);
    hleBios_->setDisc(nullptr);
    driveDisc_.reset();
    discs_ = std::move(set);
    discIds_.clear();
    for (size_t i = 0; i < discs_->size(); ++i)
        discIds_.push_back(disc::discIdentity(discs_->at(i)));
    return changeDisc(0);
}

bool System::openLid() {
    if (!discs_ || cdrom_->lidOpen()) return false;
    cdrom_->setLidOpen(true);
    cdrom_->insertDisc(nullptr);
    hleBios_->setDisc(nullptr);
    discId_.clear();
    return true;
}

bool System::closeLid(size_t index) {
    if (!discs_ || index >= discs_->size() || !cdrom_->lidOpen()) return false;
    putDiscInDrive(index);
    cdrom_->setLidOpen(false);
    return true;
}

bool System::acceptsStateDisc(const std::string& id, std::string& error) const {
    if (id.empty() || discId_.empty() || id == discId_) return true;
    for (const std::string& other : discIds_)
        if (other == id) return true; // another disc of the set: loading switches to it
    error = "the savestate was made with another disc (" + id + "); the drive holds " + discId_;
    if (discs_ && discs_->size() > 1) error += " and its .m3u set has no such disc";
    return false;
}

void System::serializeDiscIdentity(savestate::StateIO& io, uint32_t systemVersion) {
    if (systemVersion < 2) { // made before discs were recorded
        if (io.reading()) stateDiscId_.clear();
        return;
    }
    // Version 2: whether a disc was in the drive (a state made while the player swapped discs
    // has the lid open and the tray empty).
    const uint32_t version = io.beginSection("disc", 2);
    std::vector<char> id(discId_.begin(), discId_.end());
    io.field("identity", id, 256);
    uint8_t inDrive = cdrom_->hasDisc() ? 1 : 0;
    if (version >= 2)
        io.field("inDrive", inDrive);
    else
        inDrive = 1;
    io.endSection();
    if (!io.reading()) return;
    stateDiscId_.assign(id.begin(), id.end());
    if (!inDrive) {
        if (discs_ && cdrom_->hasDisc()) { // out of the tray, as in the state (lid open)
            cdrom_->insertDisc(nullptr);
            hleBios_->setDisc(nullptr);
            discId_.clear();
        }
        return;
    }
    // A state of another disc of the set (checked by acceptsStateDisc before loading): that
    // disc goes into the drive as it was when the state was made.
    if (!discs_ || stateDiscId_.empty() || stateDiscId_ == discId_) return;
    for (size_t i = 0; i < discIds_.size(); ++i)
        if (discIds_[i] == stateDiscId_) return putDiscInDrive(i);
}

} // namespace core
