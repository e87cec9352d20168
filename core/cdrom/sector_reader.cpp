#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "core/cdrom/controller.h"
#include "core/cdrom/seek_timing.h"

// Hardware notes (cdromdrive.md "Read Commands", "CD Audio Commands", "Response/Data
// Queueing"; cdromformat.md "CDROM Sector Encoding"):
// - Sectors pass the head at 75/s (150/s at double speed): SystemClock*930h/4/44100 cycles.
// - Seek, Read and Play set only one of the seek/read/play bits: seek first, read or play
//   after the seek completes. A read resumes at the most recently received sector.
// - Delivery: a sector goes to the XA-ADPCM decoder if it is Mode 2, XA-ADPCM is on, the
//   filter (if on) matches file/channel, and its submode has audio+real-time; otherwise it is a
//   data sector (but not an audio+real-time one with the filter on): INT1 if no INT is
//   pending; if one is, it waits (only matching file/channel when filtered), and a newer sector
//   replaces a waiting one.
// - The data FIFO takes the sector delivered by the last INT1 when BFRD is set: 800h bytes
//   of user data (from 10h on Mode 1, 18h on Mode 2), or 924h from offset 0Ch (Setmode.5; with
//   Setmode.4 the size of the last Setmode without bit 4 stays).
// - Play: CD-DA sectors go to the audio output; data sectors play as silence. Report mode
//   sends INT1 at absolute frames 00,20,40,60 (absolute time) and 10,30,50,70 (track time,
//   seconds + 80h). Auto-pause: INT4 and pause when the track number changes; the end of the
//   disc: INT4 and the motor stops.
// - CD volume matrix: L' = (L*ATV0 + R*ATV3) >> 7, R' = (R*ATV2 + L*ATV1) >> 7, clamped;
//   Mute silences all CD audio, ADPCTL.0 only XA-ADPCM.
// Approximate (no figure in the reference): the seek time (core/cdrom/seek_timing.h), the 1 s
// spin-up, the Forward/Backward step of 10 sectors, the report peak (largest absolute sample of
// the sector, L/R flag 0).

namespace core {

namespace {
int16_t clamp16(int32_t v) {
    return int16_t(std::clamp(v, -0x8000, 0x7fff));
}
constexpr uint32_t kScanStep = 10;
} // namespace

Cycles Cdrom::seekTime(uint32_t target) const {
    // With the motor off the head is parked at the start (Stop moves it there); the caller
    // adds the spin-up.
    const uint32_t from = (state_.stat & kStatMotor) ? state_.lastRead : 0;
    return cdrom::seekCycles(from, target, sectorTime());
}

// GetlocL's answer (cdromdrive.md "GetlocL"): the header of the last data sector, and for
// Mode 2 its subheader (zero for Mode 1).
void Cdrom::latchHeader(const uint8_t* sector) {
    std::memcpy(state_.lastHeader, sector + 12, 4);
    if (sector[15] == 2)
        std::memcpy(state_.lastHeader + 4, sector + 16, 4);
    else
        std::memset(state_.lastHeader + 4, 0, 4);
    state_.headerValid = 1;
}

void Cdrom::stopDrive() {
    scheduler_.cancel(driveEvent_);
    state_.op = DriveOp::Idle;
    state_.scan = 0;
    state_.stat &= uint8_t(~(kStatRead | kStatPlay | kStatSeek));
}

void Cdrom::startSeek(bool logical, AfterSeek after) {
    stopDrive();
    Cycles t = seekTime(state_.setloc);
    if (!(state_.stat & kStatMotor)) t += kSpinUp;
    state_.setlocPending = 0;
    state_.seekLogical = logical ? 1 : 0;
    state_.afterSeek = after;
    state_.headerValid = 0;
    state_.stat |= kStatSeek;
    state_.op = DriveOp::Seek;
    scheduler_.schedule(driveEvent_, driveFree() + t);
}

void Cdrom::changeSpeed(bool toDouble) {
    if (!(state_.stat & kStatMotor)) return; // the spin-up reaches the new speed
    const Cycles t = toDouble ? kSpeedUp : kSpeedDown;
    const bool moving =
        state_.op == DriveOp::Seek || state_.op == DriveOp::Read || state_.op == DriveOp::Play;
    if (moving && scheduler_.pending(driveEvent_)) {
        // The next sector (or the end of the seek) comes that much later.
        scheduler_.schedule(driveEvent_, scheduler_.dueTime(driveEvent_) + t);
    } else {
        state_.speedChangeUntil = std::max(scheduler_.now(), state_.speedChangeUntil) + t;
    }
}

void Cdrom::startReading(Cycles when) {
    state_.stat = uint8_t((state_.stat & ~(kStatSeek | kStatPlay)) | kStatRead | kStatMotor);
    state_.op = DriveOp::Read;
    scheduler_.schedule(driveEvent_, when);
}

void Cdrom::startPlaying(Cycles when) {
    state_.stat = uint8_t((state_.stat & ~(kStatSeek | kStatRead)) | kStatPlay | kStatMotor);
    state_.op = DriveOp::Play;
    state_.playTrack = uint8_t(disc_->trackAt(state_.position));
    scheduler_.schedule(driveEvent_, when);
}

void Cdrom::onDriveEvent(Cycles late, uint32_t) {
    const Cycles due = scheduler_.now() - late;
    uint8_t s;
    if (!disc_ && state_.op != DriveOp::Stop && state_.op != DriveOp::Pause) {
        // The disc went away under the drive (the host removed it without opening the lid,
        // or a state was loaded without one): it stops as if the disc were unreadable.
        stopDrive();
        state_.stat &= uint8_t(~kStatMotor);
        return;
    }
    switch (state_.op) {
    case DriveOp::Idle: return;
    case DriveOp::SpinUp:
        state_.stat |= kStatMotor;
        state_.op = DriveOp::Idle;
        return;
    case DriveOp::Seek: {
        state_.stat = uint8_t((state_.stat & ~kStatSeek) | kStatMotor);
        state_.position = state_.lastRead = state_.setloc;
        bool audio = disc_->trackType(std::min(disc_->trackAt(state_.setloc),
                                               disc_->trackCount())) == cdrom::TrackType::Audio;
        state_.op = DriveOp::Idle;
        if (state_.afterSeek == AfterSeek::Read) return startReading(due + sectorTime());
        if (state_.afterSeek == AfterSeek::Play) return startPlaying(due + sectorTime());
        if (state_.seekLogical && audio) {
            // SeekL finds no header on audio sectors: seek error, then the motor stops.
            asyncError(kErrSeekFailed, kStatSeekError);
            state_.stat &= uint8_t(~kStatMotor);
            return;
        }
        if (state_.seekLogical) {
            // The header at the target is known after a logical seek (GetlocL works).
            // (Read aside: the sector buffer may still hold an undelivered sector.)
            uint8_t sector[cdrom::kRawSectorSize];
            if (disc_->readRaw(state_.setloc, sector)) latchHeader(sector);
        }
        s = statByte();
        return queueAsync(2, &s, 1);
    }
    case DriveOp::Read: scheduler_.schedule(driveEvent_, due + sectorTime()); return readSector();
    case DriveOp::Play: scheduler_.schedule(driveEvent_, due + sectorTime()); return playSector();
    case DriveOp::Pause:
        state_.op = DriveOp::Idle;
        s = statByte();
        return queueAsync(2, &s, 1);
    case DriveOp::Stop:
        state_.op = DriveOp::Idle;
        state_.stat &= uint8_t(~kStatMotor);
        state_.position = state_.lastRead = 0; // the head returns to the start
        if (state_.stopQuiet) return;
        s = statByte();
        return queueAsync(2, &s, 1);
    case DriveOp::Init:
    case DriveOp::MotorOn:
    case DriveOp::ReadToc:
        if (state_.op == DriveOp::ReadToc) state_.tocLost = 0;
        state_.op = DriveOp::Idle;
        if (discReady()) state_.stat |= kStatMotor;
        s = statByte();
        return queueAsync(2, &s, 1);
    case DriveOp::SetSession:
        state_.op = DriveOp::Idle;
        state_.stat &= uint8_t(~kStatSeek);
        // A single-session disc: session 1 is fine, higher ones fail to seek.
        if (state_.sessionParam == 1) {
            s = statByte();
            return queueAsync(2, &s, 1);
        }
        // A session that is not there: INT5(06h,40h), the motor stops, spins up again for a
        // second, stops for good with another INT5(06h,40h), and the TOC is gone
        // (cdromdrive.md "SetSession").
        asyncError(kErrInvalidCommand, kStatSeekError);
        state_.stat &= uint8_t(~kStatMotor);
        state_.op = DriveOp::SessionRetry;
        scheduler_.schedule(driveEvent_, due + kSpinUp);
        return;
    case DriveOp::SessionRetry:
        state_.op = DriveOp::Idle;
        state_.stat |= kStatMotor;
        asyncError(kErrInvalidCommand, kStatSeekError);
        state_.stat &= uint8_t(~kStatMotor);
        state_.tocLost = 1;
        return;
    }
}

void Cdrom::getQResponse() {
    if (!disc_) return asyncError(kErrNotReady);
    // Lead-in TOC entries (cdromformat.md "Subchannel Q with ADR=1 during Lead-In"); the
    // lead-in's own running time is not known from an image and reads as 00:00:00.
    uint8_t point = state_.sessionParam;
    unsigned n = disc_->trackCount();
    bool dataDisc = disc_->trackType(1) == cdrom::TrackType::Data;
    uint8_t r[11] = {};
    r[0] = uint8_t((dataDisc ? 0x40 : 0) | 0x01);
    r[2] = point;
    cdrom::Msf m;
    if ((state_.getqAdr & 3) != 1) return asyncError(kErrNotReady);
    if (cdrom::isBcd(point) && cdrom::fromBcd(point) >= 1 && cdrom::fromBcd(point) <= n) {
        unsigned t = cdrom::fromBcd(point);
        r[0] = uint8_t((disc_->trackType(t) == cdrom::TrackType::Data ? 0x40 : 0) | 0x01);
        m = cdrom::Msf::fromLba(disc_->trackStart(t));
        r[7] = cdrom::toBcd(m.minute), r[8] = cdrom::toBcd(m.second), r[9] = cdrom::toBcd(m.frame);
    } else if (point == 0xa0) {
        r[7] = 0x01;
        uint8_t sector[cdrom::kRawSectorSize];
        r[8] = (dataDisc && disc_->readRaw(disc_->trackStart(1), sector) && sector[15] == 2) ? 0x20
                                                                                             : 0x00;
    } else if (point == 0xa1) {
        r[7] = cdrom::toBcd(n);
    } else if (point == 0xa2) {
        m = cdrom::Msf::fromLba(disc_->leadOut());
        r[7] = cdrom::toBcd(m.minute), r[8] = cdrom::toBcd(m.second), r[9] = cdrom::toBcd(m.frame);
    } else {
        // Not in the lead-in: the drive times out (approximate: one INT5, no restart of play).
        return asyncError(kErrNotReady);
    }
    queueAsync(2, r, 11);
}

void Cdrom::readSector() {
    const uint32_t lba = state_.position;
    if (lba >= disc_->leadOut()) {
        stopDrive();
        uint8_t s = statByte();
        return queueAsync(4, &s, 1);
    }
    state_.position = lba + 1;
    state_.lastRead = lba;
    uint8_t* sector = state_.sectors[state_.deliveredSlot ^ 1];
    if (!disc_->readRaw(lba, sector)) return; // unreadable: nothing delivered
    bool audioTrack = disc_->trackType(disc_->trackAt(lba)) == cdrom::TrackType::Audio;
    if (audioTrack) {
        state_.headerValid = 0;
        if (!(state_.mode & kModeCdda)) return; // CD-DA sectors need Setmode.0
    } else {
        latchHeader(sector);
        if (deliverXa(sector)) return;
    }
    const bool mode2 = !audioTrack && sector[15] == 2;
    const bool filter = state_.mode & kModeXaFilter;
    const uint8_t submode = sector[18];
    if (filter && mode2 && (submode & 0x44) == 0x44) return;
    // First attempt regardless of file/channel; a delayed one only for a matching sector.
    bool match = !filter || !mode2 ||
                 (sector[16] == state_.filterFile && sector[17] == state_.filterChannel);
    if ((intPending() || scheduler_.pending(asyncEvent_)) && !match) return;
    uint8_t s = uint8_t(statByte() | ((state_.mode & kModeIgnore) ? kStatIdError : 0));
    queueAsync(1, &s, 1, true);
}

bool Cdrom::deliverXa(const uint8_t* sector) {
    if (!(state_.mode & kModeXaAdpcm) || sector[15] != 2) return false;
    if ((state_.mode & kModeXaFilter) &&
        (sector[16] != state_.filterFile || sector[17] != state_.filterChannel))
        return false;
    if ((sector[18] & 0x44) != 0x44) return false;
    const uint8_t ci = sector[19];
    size_t samples = cdrom::XaAdpcm::decode(state_.xa, sector + 24, ci, pcm_);
    size_t frames = cdrom::XaAdpcm::resample(state_.xa, pcm_, samples, ci, audioOut_);
    // ADPBUSY while these samples play out (they are handed over at once, played at 44.1 kHz).
    Cycles from = std::max(scheduler_.now(), state_.xaBusyUntil);
    state_.xaBusyUntil = from + frames * kCyclesPerSample;
    sendAudio(audioOut_, frames, true);
    return true;
}

void Cdrom::playSector() {
    uint32_t lba = state_.position;
    uint32_t end = disc_->leadOut();
    if (lba >= end) {
        // End of disc: INT4 and the motor stops (also Forward at the end of the last track).
        stopDrive();
        state_.stat &= uint8_t(~kStatMotor);
        uint8_t s = statByte();
        return queueAsync(4, &s, 1);
    }
    unsigned track = disc_->trackAt(lba);
    if ((state_.mode & kModeAutoPause) && track != state_.playTrack) {
        stopDrive();
        uint8_t s = statByte();
        return queueAsync(4, &s, 1);
    }
    uint8_t raw[cdrom::kRawSectorSize];
    bool audio =
        disc_->trackType(std::min(track, disc_->trackCount())) == cdrom::TrackType::Audio &&
        disc_->readRaw(lba, raw);
    int32_t peak = 0;
    for (size_t i = 0; i < cdrom::kRawSectorSize / 2; ++i) {
        int16_t v = audio ? int16_t(raw[i * 2] | (raw[i * 2 + 1] << 8)) : int16_t(0);
        audioOut_[i] = v;
        peak = std::max(peak, std::abs(int32_t(v)));
    }
    sendAudio(audioOut_, cdrom::kRawSectorSize / 4, false);
    state_.lastRead = lba;
    state_.headerValid = 0;
    if (state_.scan == 1) {
        state_.position = lba + kScanStep;
    } else if (state_.scan == 0xff) {
        uint32_t first = disc_->trackStart(1);
        state_.position = lba > first + kScanStep ? lba - kScanStep : first;
        if (state_.position == first) state_.scan = 0; // Backward turns into Play at track 1
    } else {
        state_.position = lba + 1;
    }
    if (!(state_.mode & kModeReport)) return;
    uint32_t frame = lba % cdrom::kSectorsPerSecond;
    if (frame % 10 != 0) return;
    cdrom::SubQ q = disc_->subchannelQ(lba);
    uint8_t r[8] = {
        statByte(), q.track, q.index, 0, 0, 0, uint8_t(peak & 0xff), uint8_t((peak >> 8) & 0x7f)};
    if ((frame / 10) % 2 == 0) {
        r[3] = q.absolute[0], r[4] = q.absolute[1], r[5] = q.absolute[2];
    } else {
        r[3] = q.relative[0], r[4] = uint8_t(q.relative[1] | 0x80), r[5] = q.relative[2];
    }
    queueAsync(1, r, 8);
}

void Cdrom::loadDataFifo() {
    const uint8_t* sector = state_.sectors[state_.deliveredSlot];
    if (state_.sizeMode & kModeSize) {
        std::memcpy(state_.data, sector + 12, 0x924);
        state_.dataSize = 0x924;
    } else {
        // 800h "DataOnly": the user data, which starts after the header on a Mode 1 sector
        // (10h) and after the subheader on a Mode 2 Form 1 sector (18h) (cdromformat.md
        // "Mode1"/"Mode2/Form1"; the decoder's transfer offset skips "4-byte MODE1 header, or
        // 12-byte MODE2 header", cdrominternalinfoonpsxcdromcontroller.md "CMADR").
        const size_t from = sector[15] == 1 ? 0x10 : 0x18;
        std::memcpy(state_.data, sector + from, 0x800);
        state_.dataSize = 0x800;
    }
    state_.dataPos = 0;
}

void Cdrom::sendAudio(const int16_t* frames, size_t count, bool xa) {
    if (!audioSink_) return;
    const bool silent = state_.muted || (xa && state_.adpMute);
    const int32_t ll = state_.atv[0], lr = state_.atv[1], rr = state_.atv[2], rl = state_.atv[3];
    for (size_t i = 0; i < count; ++i) {
        int32_t l = frames[i * 2], r = frames[i * 2 + 1];
        audioOut_[i * 2] = silent ? int16_t(0) : clamp16((l * ll + r * rl) >> 7);
        audioOut_[i * 2 + 1] = silent ? int16_t(0) : clamp16((r * rr + l * lr) >> 7);
    }
    audioSink_->cdAudio(audioOut_, count);
}

} // namespace core
