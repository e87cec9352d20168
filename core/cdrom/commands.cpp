#include <algorithm>
#include <cstring>

#include "core/cdrom/controller.h"

// Hardware notes (cdromdrive.md "Command Summary" and the command sections):
// - Parameter count errors give INT5(stat+1, 20h), bad values 10h, unknown commands 40h and
//   commands that need the disc while it is missing (or the lid is open) 80h: commands 02h..09h,
//   0Bh..0Dh, 10h..16h, 1Bh and 1Dh (GetID has its own answers).
// - The parameter FIFO is emptied by every command except the unsupported 1Fh (VideoCD, only
//   SCPH-5903) and, on Japanese drives, the secret unlock commands 50h..57h.
// - Nop also clears the shell-open latch once the lid is closed.
// - Init while Init's second response is pending is dropped without any response.
// - We are a PU-18 drive, firmware vC2 (97h,01h,10h,C2h US/Europe; 96h,09h,12h,C2h Japan):
//   GetQ, ReadTOC, the unlock commands and Test 51h exist; Test 06h-08h, 30h-4Fh do not.

namespace core {

using cdrom::fromBcd;
using cdrom::isBcd;
using cdrom::toBcd;

namespace {
enum : uint8_t {
    kSync = 0x00,
    kNop = 0x01,
    kSetloc = 0x02,
    kPlay = 0x03,
    kForward = 0x04,
    kBackward = 0x05,
    kReadN = 0x06,
    kMotorOn = 0x07,
    kStop = 0x08,
    kPause = 0x09,
    kInit = 0x0a,
    kMute = 0x0b,
    kDemute = 0x0c,
    kSetfilter = 0x0d,
    kSetmode = 0x0e,
    kGetparam = 0x0f,
    kGetlocL = 0x10,
    kGetlocP = 0x11,
    kSetSession = 0x12,
    kGetTN = 0x13,
    kGetTD = 0x14,
    kSeekL = 0x15,
    kSeekP = 0x16,
    kTest = 0x19,
    kGetID = 0x1a,
    kReadS = 0x1b,
    kReset = 0x1c,
    kGetQ = 0x1d,
    kReadTOC = 0x1e,
    kVideoCd = 0x1f,
};

// Parameter count a command takes: exact, or a range (Play: 0-1; Test: 1 or more; Reset: any).
struct ParamRule {
    uint8_t min, max;
};
ParamRule paramRule(uint8_t cmd) {
    switch (cmd) {
    case kSetloc: return {3, 3};
    case kPlay: return {0, 1};
    case kSetfilter:
    case kGetQ: return {2, 2};
    case kSetmode:
    case kSetSession:
    case kGetTD: return {1, 1};
    case kTest: return {1, 16};
    case kReset: return {0, 16};
    default: return {0, 0};
    }
}

// The commands that fail with 80h once a failed SetSession has lost the TOC.
bool needsToc(uint8_t cmd) {
    return cmd == kGetTN || cmd == kGetTD || cmd == kGetID || cmd == kGetlocL || cmd == kGetlocP;
}

bool needsDisc(uint8_t cmd) {
    return (cmd >= 0x02 && cmd <= 0x09) || (cmd >= 0x0b && cmd <= 0x0d) ||
           (cmd >= 0x10 && cmd <= 0x16) || cmd == kReadS || cmd == kGetQ;
}

// Secret unlock strings (cdromdrive.md "Secret Unlock Commands"), for 51h..55h.
const char* unlockString(uint8_t cmd, Cdrom::Region region) {
    switch (cmd) {
    case 0x51: return "Licensed by";
    case 0x52: return "Sony";
    case 0x53: return "Computer";
    case 0x54: return "Entertainment";
    case 0x55: return region == Cdrom::Region::Europe ? "(Europe)" : "of America";
    default: return "";
    }
}
} // namespace

void Cdrom::ack() {
    uint8_t s = statByte();
    setResponse(3, &s, 1);
}

void Cdrom::error(uint8_t code, uint8_t statBits) {
    uint8_t r[2] = {uint8_t(statByte() | statBits), code};
    setResponse(5, r, 2);
}

void Cdrom::asyncError(uint8_t code, uint8_t statBits) {
    uint8_t r[2] = {uint8_t(statByte() | statBits), code};
    queueAsync(5, r, 2);
}

// The SCEx check of ReadN/ReadS: a licensed disc of the console's region, or an unlocked
// drive or a modchip (cdromdrive.md "ReadN", "Secret Unlock Commands").
bool Cdrom::licensedForRead() const {
    if (modchip_ || state_.unlocked) return true;
    char want = region_ == Region::Japan ? 'I' : region_ == Region::Europe ? 'E' : 'A';
    char have = disc_->licenceRegion();
    return have == want;
}

void Cdrom::execute(uint8_t cmd) {
    const uint8_t n = state_.paramCount;
    const uint8_t* p = state_.params;
    bool keepParams = false;
    ParamRule rule = paramRule(cmd);
    bool validCommand = (cmd >= 0x01 && cmd <= 0x16) || (cmd >= 0x19 && cmd <= 0x1e);

    if (!validCommand) {
        // Sync, unused numbers, VideoCD on a non-VCD drive, the secret (un)lock commands and
        // the 58h..5Fh crash range all answer "invalid command" (the crash is not emulated).
        if (cmd >= 0x50 && cmd <= 0x57 && region_ != Region::Japan) {
            if (cmd == 0x50) {
                state_.unlockStep = 1;
            } else if (cmd <= 0x55) {
                const char* want = unlockString(cmd, region_);
                bool match = state_.unlockStep == cmd - 0x50 && n == std::strlen(want) &&
                             std::memcmp(p, want, n) == 0;
                state_.unlockStep = match ? uint8_t(cmd - 0x4f) : 0;
                if (!match) state_.unlocked = 0;
            } else if (cmd == 0x56) {
                state_.unlocked = state_.unlockStep == 6 ? 1 : 0;
                state_.unlockStep = 0;
            } else {
                state_.unlocked = 0;
                state_.unlockStep = 0;
            }
        }
        keepParams = cmd == kVideoCd || (cmd >= 0x50 && cmd <= 0x57 && region_ == Region::Japan);
        error(kErrInvalidCommand);
        if (!keepParams) state_.paramCount = 0;
        return;
    }
    state_.paramCount = 0;

    if (cmd == kInit && state_.op == DriveOp::Init) return; // dropped, no response
    // A command between Stop's two responses drops the second one (cdromdrive.md BUSYSTS).
    if (state_.op == DriveOp::Stop) state_.stopQuiet = 1;
    if (n < rule.min || n > rule.max) return error(kErrParamCount);
    if (needsDisc(cmd) && !discReady()) return error(kErrNotReady);
    if (state_.tocLost && needsToc(cmd)) return error(kErrNotReady);

    switch (cmd) {
    case kNop:
        ack();
        if (!lidOpen_) state_.stat &= uint8_t(~kStatShellOpen);
        return;
    case kSetloc: {
        if (!isBcd(p[0]) || !isBcd(p[1]) || !isBcd(p[2]) || p[1] >= 0x60 || p[2] >= 0x75)
            return error(kErrInvalidParam);
        cdrom::Msf m{uint8_t(fromBcd(p[0])), uint8_t(fromBcd(p[1])), uint8_t(fromBcd(p[2]))};
        state_.setloc = m.lba();
        state_.setlocPending = 1;
        return ack();
    }
    case kPlay: {
        uint8_t track = n ? p[0] : 0;
        ack();
        if (track != 0) {
            unsigned t = fromBcd(track);
            if (!isBcd(track) || t > disc_->trackCount())
                t = disc_->trackAt(state_.lastRead); // N+1..99h restart the current track
            if (t > disc_->trackCount()) t = disc_->trackCount();
            state_.setloc = disc_->trackStart(t);
            state_.setlocPending = 1;
        }
        state_.scan = 0;
        if (state_.setlocPending || !(state_.stat & kStatMotor))
            startSeek(false, AfterSeek::Play);
        else if (state_.op != DriveOp::Play)
            startPlaying(scheduler_.now() + sectorTime());
        return;
    }
    case kForward:
    case kBackward:
        // Only while Play has started (cdromdrive.md "Forward/Backward").
        if (state_.op != DriveOp::Play || !(state_.stat & kStatPlay)) return error(kErrNotReady);
        state_.scan = cmd == kForward ? 1 : 0xff;
        return ack();
    case kReadN:
    case kReadS:
        if (!(state_.mode & kModeCdda) &&
            (!licensedForRead() || disc_->trackType(1) == cdrom::TrackType::Audio))
            return error(kErrInvalidCommand, kStatError);
        ack();
        if (state_.setlocPending || !(state_.stat & kStatMotor)) {
            if (!state_.setlocPending)
                state_.setloc = state_.lastRead;
            else if (state_.mode & kModeIgnore) {
                // The ignore bit makes the drive miss the exact target: data comes from "the
                // Setloc position minus 0..3 sectors" (cdromdrive.md "Setmode"). Which one
                // follows where the disc has turned to, taken from emulated time.
                const uint32_t back = uint32_t(scheduler_.now() / kSectorSingle) & 3;
                state_.setloc -= std::min(state_.setloc, back);
            }
            startSeek(true, AfterSeek::Read);
        } else if (state_.op != DriveOp::Read) {
            // Paused: reading resumes at the most recently received sector.
            state_.position = state_.lastRead;
            startReading(driveFree() + sectorTime());
        }
        return;
    case kMotorOn:
        if (state_.stat & kStatMotor) return error(kErrParamCount); // "motor already on"
        ack();
        state_.op = DriveOp::MotorOn;
        scheduler_.schedule(driveEvent_, scheduler_.now() + kSpinUp);
        return;
    case kStop: {
        bool motor = state_.stat & kStatMotor;
        stopDrive(); // the first response already has the read/play bits cleared
        ack();
        Cycles t = !motor                        ? kStopSecondIdle
                   : (state_.mode & kModeDouble) ? kStopSecondDouble
                                                 : kStopSecondSingle;
        state_.op = DriveOp::Stop;
        state_.stopQuiet = 0;
        scheduler_.schedule(driveEvent_, scheduler_.now() + t);
        return;
    }
    case kPause: {
        bool active = state_.stat & (kStatRead | kStatPlay | kStatSeek);
        ack(); // still shows the read/play bit
        stopDrive();
        Cycles t = !active                       ? kPauseSecondIdle
                   : (state_.mode & kModeDouble) ? kPauseSecondDouble
                                                 : kPauseSecondSingle;
        state_.op = DriveOp::Pause;
        scheduler_.schedule(driveEvent_, scheduler_.now() + t);
        return;
    }
    case kInit: {
        ack();
        // Mode 20h, motor on, everything aborted (cdromdrive.md "Init").
        stopDrive();
        state_.mode = 0x20;
        state_.sizeMode = 0x20;
        state_.tocLost = 0;
        state_.asyncInt = 0;
        state_.pendingSector = 0;
        bool motor = state_.stat & kStatMotor;
        state_.op = DriveOp::Init;
        scheduler_.schedule(driveEvent_, scheduler_.now() +
                                             (motor || !disc_ || lidOpen_ ? kInitSecond : kSpinUp));
        return;
    }
    case kMute: state_.muted = 1; return ack();
    case kDemute: state_.muted = 0; return ack();
    case kSetfilter:
        state_.filterFile = p[0];
        state_.filterChannel = p[1];
        return ack();
    case kSetmode:
        if ((p[0] ^ state_.mode) & kModeDouble) changeSpeed(p[0] & kModeDouble);
        state_.mode = p[0];
        // The ignore bit keeps the sector size of the last Setmode without it.
        if (!(p[0] & kModeIgnore)) state_.sizeMode = p[0] & kModeSize;
        return ack();
    case kGetparam: {
        uint8_t r[5] = {statByte(), state_.mode, 0, state_.filterFile, state_.filterChannel};
        return setResponse(3, r, 5);
    }
    case kGetlocL:
        // No header while seeking or on audio sectors (cdromdrive.md "GetlocL").
        if (!state_.headerValid || (state_.stat & (kStatSeek | kStatPlay)))
            return error(kErrNotReady);
        return setResponse(3, state_.lastHeader, 8);
    case kGetlocP: {
        cdrom::SubQ q = disc_->subchannelQ(state_.lastRead);
        uint8_t r[8] = {q.track,       q.index,       q.relative[0], q.relative[1],
                        q.relative[2], q.absolute[0], q.absolute[1], q.absolute[2]};
        return setResponse(3, r, 8);
    }
    case kSetSession:
        if (p[0] == 0) return error(kErrInvalidParam);
        if (state_.op == DriveOp::Read || state_.op == DriveOp::Play) return error(kErrNotReady);
        ack();
        stopDrive();
        state_.sessionParam = p[0];
        state_.stat |= kStatSeek;
        state_.op = DriveOp::SetSession;
        scheduler_.schedule(driveEvent_, scheduler_.now() + kSetSessionSecond);
        return;
    case kGetTN: {
        uint8_t r[3] = {statByte(), 0x01, toBcd(disc_->trackCount())};
        return setResponse(3, r, 3);
    }
    case kGetTD: {
        unsigned t = fromBcd(p[0]);
        if (!isBcd(p[0]) || t > disc_->trackCount()) return error(kErrInvalidParam);
        // Rounded down to the second (cdromdrive.md "GetTD").
        cdrom::Msf m = cdrom::Msf::fromLba(t == 0 ? disc_->leadOut() : disc_->trackStart(t));
        uint8_t r[3] = {statByte(), toBcd(m.minute), toBcd(m.second)};
        return setResponse(3, r, 3);
    }
    case kSeekL:
    case kSeekP:
        ack();
        startSeek(cmd == kSeekL, AfterSeek::Pause);
        return;
    case kTest:
        // executeTest reads the parameters again (they were counted above).
        state_.paramCount = n;
        executeTest();
        state_.paramCount = 0;
        return;
    case kGetID:
        if (lidOpen_) return error(kErrNotReady);
        if (disc_ && !(state_.stat & kStatMotor)) return error(kErrNotReady, kStatError);
        ack();
        scheduler_.schedule(responseEvent_, scheduler_.now() + kGetIdSecond, kResponseGetId);
        return;
    case kReset:
        ack();
        // The HC05 reboots: like opening and closing the lid; the unlock is forgotten.
        stopDrive();
        state_.mode = state_.sizeMode = 0;
        state_.unlocked = state_.unlockStep = 0;
        state_.tocLost = 0;
        state_.asyncInt = 0;
        state_.pendingSector = 0;
        if (discReady()) {
            state_.stat &= uint8_t(~kStatMotor);
            state_.op = DriveOp::SpinUp;
            scheduler_.schedule(driveEvent_, scheduler_.now() + kSpinUp);
        }
        return;
    case kGetQ:
        ack();
        state_.getqAdr = p[0];
        state_.sessionParam = p[1]; // the point searched in the lead-in
        scheduler_.schedule(responseEvent_, scheduler_.now() + seekTime(0), kResponseGetQ);
        return;
    case kReadTOC:
        if (!discReady()) return error(kErrNotReady);
        ack();
        stopDrive();
        state_.op = DriveOp::ReadToc;
        scheduler_.schedule(driveEvent_, scheduler_.now() + kReadTocSecond);
        return;
    default: return error(kErrInvalidCommand);
    }
}

void Cdrom::executeTest() {
    const uint8_t n = state_.paramCount;
    const uint8_t* p = state_.params;
    const uint8_t sub = p[0];
    const uint8_t extra = uint8_t(n - 1);
    auto strResponse = [this](const char* s) {
        setResponse(3, reinterpret_cast<const uint8_t*>(s), unsigned(std::strlen(s)));
    };
    switch (sub) {
    case 0x00:
    case 0x01:
    case 0x02:
    case 0x10:
    case 0x17:
    case 0x18:
        // Force the motor on (even with the lid open).
        state_.stat |= kStatMotor;
        return ack();
    case 0x03:
        if (state_.op != DriveOp::SpinUp) { // ignored during spin-up
            stopDrive();
            state_.stat &= uint8_t(~kStatMotor);
        }
        return ack();
    case 0x04: state_.stat |= kStatMotor; return ack();
    case 0x05: {
        // SCEx counters (total, success): one string read from a licensed disc.
        uint8_t c = (disc_ && disc_->licenceRegion()) ? 1 : 0;
        uint8_t r[2] = {c, c};
        return setResponse(3, r, 2);
    }
    case 0x11:
    case 0x12:
    case 0x13:
    case 0x14:
    case 0x15:
    case 0x16:
    case 0x19:
    case 0x1a: return ack(); // lens and sled moves: no visible effect on the emulated drive
    case 0x20: {
        static constexpr uint8_t kUs[4] = {0x97, 0x01, 0x10, 0xc2};
        static constexpr uint8_t kJp[4] = {0x96, 0x09, 0x12, 0xc2};
        return setResponse(3, region_ == Region::Japan ? kJp : kUs, 4);
    }
    case 0x21: {
        uint8_t r = uint8_t((state_.position == 0 ? 1 : 0) | (lidOpen_ ? 2 : 0));
        return setResponse(3, &r, 1);
    }
    case 0x22:
        return strResponse(region_ == Region::Japan    ? "for Japan"
                           : region_ == Region::Europe ? "for Europe"
                                                       : "for U/C");
    case 0x23:
    case 0x24: return strResponse("CXD2545Q");
    case 0x25: return strResponse("CXD1815Q");
    case 0x50: return ack(); // servo/signal command: CX(..) is not emulated
    case 0x51: {
        uint8_t r[3] = {statByte(), 0, 0}; // CX(39xx) response: the servo is not emulated
        return setResponse(3, r, 3);
    }
    default: break;
    }
    if ((sub >= 0x06 && sub <= 0x0f) || (sub >= 0x1b && sub <= 0x1f) ||
        (sub >= 0x26 && sub <= 0x2f))
        return error(extra ? kErrParamCount : kErrInvalidParam);
    // 30h..4Fh, 52h..5Fh, 60h (HC05 RAM read), 61h..FFh: the HC05 RAM and decoder register
    // test functions are not emulated; they answer like unsupported subfunctions.
    return error(kErrInvalidParam);
}

void Cdrom::getIdResponse() {
    // cdromdrive.md "GetID": stat (bit 3 = denied), flags, disc type, ATIP, "SCEx".
    uint8_t r[8] = {};
    if (!disc_) {
        r[0] = kStatIdError;
        r[1] = 0x40;
        return queueAsync(5, r, 8);
    }
    bool audio = disc_->trackType(1) == cdrom::TrackType::Audio;
    bool anyAudio = false;
    for (unsigned t = 1; t <= disc_->trackCount(); ++t)
        anyAudio |= disc_->trackType(t) == cdrom::TrackType::Audio;
    uint8_t type = 0;
    if (!audio) {
        uint8_t sector[cdrom::kRawSectorSize];
        if (disc_->readRaw(disc_->trackStart(1), sector) && sector[15] == 2) type = 0x20;
    }
    char licence = disc_->licenceRegion();
    if (modchip_ && !licence)
        licence = region_ == Region::Japan ? 'I' : region_ == Region::Europe ? 'E' : 'A';
    if (licence && (!audio || modchip_)) {
        r[0] = statByte();
        r[1] = 0x00;
        r[2] = type;
        r[4] = 'S', r[5] = 'C', r[6] = 'E', r[7] = uint8_t(licence);
        return queueAsync(2, r, 8);
    }
    r[0] = uint8_t(statByte() | kStatIdError);
    r[1] = uint8_t(0x80 | (anyAudio ? 0x10 : 0));
    r[2] = type;
    queueAsync(5, r, 8);
}

} // namespace core
