#pragma once
// The CD-ROM drive as the CPU sees it (cdromdrive.md): the decoder chip's banked host
// registers (index/status port, parameter/result/data FIFOs, INT1-INT5 flags and enable, the
// audio volume matrix) and, behind them, the drive controller (HC05) that runs the commands,
// the motor, the seeks and the sector delivery, all on the scheduler.
//
// Split by concern: controller.cpp (registers, FIFOs, interrupt queueing, state),
// commands.cpp (every command with its checks and responses), sector_reader.cpp (motor,
// seek, sector/CD-DA delivery, data FIFO, DMA3), xa_adpcm.cpp (XA-ADPCM decoding).
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <type_traits>

#include "core/cdrom/disc_source.h"
#include "core/cdrom/xa_adpcm.h"
#include "core/device.h"
#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

class Irq;

// Where the drive's audio goes (the SPU's CD input): 44.1 kHz stereo frames, L,R interleaved,
// after the CD volume matrix and mute, handed over once per sector in emulated time order.
class CdAudioSink {
  public:
    virtual ~CdAudioSink() = default;
    virtual void cdAudio(const int16_t* frames, size_t count) = 0;
};

class Cdrom {
  public:
    // HSTS bits (cdromdrive.md "0x1f801800 HSTS").
    static constexpr uint8_t kHstsAdpBusy = 0x04, kHstsPrmEmpty = 0x08, kHstsPrmWrdy = 0x10,
                             kHstsRslRrdy = 0x20, kHstsDrqSts = 0x40, kHstsBusySts = 0x80;
    // Status byte (cdromdrive.md "Status code (stat)").
    static constexpr uint8_t kStatError = 0x01, kStatMotor = 0x02, kStatSeekError = 0x04,
                             kStatIdError = 0x08, kStatShellOpen = 0x10, kStatRead = 0x20,
                             kStatSeek = 0x40, kStatPlay = 0x80;
    // Setmode bits (cdromdrive.md "Setmode").
    static constexpr uint8_t kModeCdda = 0x01, kModeAutoPause = 0x02, kModeReport = 0x04,
                             kModeXaFilter = 0x08, kModeIgnore = 0x10, kModeSize = 0x20,
                             kModeXaAdpcm = 0x40, kModeDouble = 0x80;
    // Error bytes (second response byte of INT5).
    static constexpr uint8_t kErrSeekFailed = 0x04, kErrDoorOpened = 0x08, kErrInvalidParam = 0x10,
                             kErrParamCount = 0x20, kErrInvalidCommand = 0x40, kErrNotReady = 0x80;

    // Timings the reference gives (cdromdrive.md "CDROM - Response Timings"), in CPU cycles.
    static constexpr Cycles kFirstResponseMotorOn = 0xc4e1; // Nop average, motor on
    static constexpr Cycles kFirstResponseStopped = 0x5cf4; // Nop average, motor off
    static constexpr Cycles kFirstResponseInit = 0x13cce;   // Init / ReadTOC ("late")
    static constexpr Cycles kGetIdSecond = 0x4a00;
    static constexpr Cycles kPauseSecondSingle = 0x21181c, kPauseSecondDouble = 0x10bd93,
                            kPauseSecondIdle = 0x1df2;
    static constexpr Cycles kStopSecondSingle = 0xd38aca, kStopSecondDouble = 0x18a6076,
                            kStopSecondIdle = 0x1d7b;
    // One 44.1 kHz output sample (768 cycles).
    static constexpr Cycles kCyclesPerSample = kCpuClockHz / 44100;
    // SystemClock * 930h / 4 / 44100 per sector at single speed (cdromdrive.md "INT1 Rate").
    static constexpr Cycles kSectorSingle = kCpuClockHz * 2352 / 4 / 44100;
    static constexpr Cycles kSectorDouble = kSectorSingle / 2;
    // ReadTOC's second response comes "after about 1 second".
    static constexpr Cycles kReadTocSecond = kCpuClockHz;
    // Where the reference is silent (facts from measurements published with the DuckStation
    // and Mednafen emulators; see also core/cdrom/seek_timing.h for head moves):
    // Motor off -> on: about 1 s (both peers).
    static constexpr Cycles kSpinUp = kCpuClockHz;
    // Lid closed with a disc: spin-up, then the TOC is read: 0.5 s (DuckStation's TOC read).
    static constexpr Cycles kTocRead = kCpuClockHz / 2;
    // Init's second response with the motor spinning: 4000000 cycles, ~0.12 s (DuckStation).
    static constexpr Cycles kInitSecond = 4000000;
    // Setmode changing the speed: the spindle takes 0.6 s to reach double speed and 0.7 s to
    // slow down (DuckStation); reads and seeks wait for it.
    static constexpr Cycles kSpeedUp = kCpuClockHz * 6 / 10;
    static constexpr Cycles kSpeedDown = kCpuClockHz * 7 / 10;
    // SetSession's second response: a TOC read of the session, 0.5 s (DuckStation).
    static constexpr Cycles kSetSessionSecond = kCpuClockHz / 2;
    // The next queued INT after an acknowledge: the reference's "around 1000-6000 cycles later"
    // (cdromdrive.md "Command Execution"), its lower end.
    static constexpr Cycles kAsyncAfterAck = 1000;

    static constexpr size_t kDataFifoSize = 0x924;

    enum class Region : uint8_t { Japan, America, Europe };

    // The drive's own operation in progress (what the "cdrom.drive" event does next).
    enum class DriveOp : uint8_t {
        Idle,
        SpinUp,       // lid closed with a disc: the motor spins up (no response)
        Seek,         // SeekL/SeekP/Read/Play positioning (spin-up included)
        Read,         // ReadN/ReadS delivering sectors
        Play,         // CD-DA playback (Forward/Backward scan too)
        Pause,        // Pause's second response
        Stop,         // Stop's second response
        Init,         // Init's second response
        MotorOn,      // MotorOn's second response
        ReadToc,      // ReadTOC's second response
        SetSession,   // SetSession's second response
        SessionRetry, // after a failed SetSession: the second INT5, the motor stops
    };
    enum class AfterSeek : uint8_t { Pause, Read, Play };

    struct State {
        // Host interface (decoder chip).
        uint8_t bank;
        uint8_t hintmsk; // HINTMSK bits 0-4
        uint8_t hintsts; // HINTSTS bits 0-4 (0-2 the INT type)
        uint8_t hchpctl; // last HCHPCTL write (BFRD bit 7)
        uint8_t irqLine; // (hintsts & hintmsk) != 0, for the edge to I_STAT
        uint8_t params[16], paramCount;
        uint8_t result[16], resultCount, resultRead;
        // Command written and not yet executed (BUSYSTS).
        uint8_t command, commandPending;
        // A second/data response waiting for the current INT's acknowledge.
        uint8_t asyncInt, asyncCount;     // second response: INT type and byte count
        uint8_t pendingSector, int1Count; // data/report flag: 1 sector, 2 report; its bytes
        uint8_t asyncResult[16];          // the second response's bytes (GetQ: 11)
        uint8_t int1Result[8];            // the data/report response's bytes
        // Drive controller.
        uint8_t stat;           // motor/seek/read/play/shell-open bits
        uint8_t mode, sizeMode; // sizeMode: bit 5 of the last Setmode without bit 4
        uint8_t filterFile, filterChannel;
        DriveOp op;
        AfterSeek afterSeek;
        uint8_t seekLogical, setlocPending;
        uint8_t muted, adpMute, unlockStep, unlocked;
        uint8_t atv[4], atvPending[4];        // ATV0..ATV3 in effect / written
        uint8_t headerValid, playTrack, scan; // scan: +1 Forward, -1 (0xff) Backward
        uint8_t lastHeader[8]; // header + subheader of the newest data sector (GetlocL)
        uint8_t pad2[2];
        uint32_t setloc;      // Setloc target
        uint32_t position;    // next sector under the head
        uint32_t lastRead;    // most recently received sector (Read resumes there)
        uint8_t sessionParam; // SetSession's session / GetQ's point
        uint8_t getqAdr;      // GetQ's ADR
        uint8_t stopQuiet;    // a command came between Stop's responses: no INT2
        uint8_t tocLost;      // after a failed SetSession: TOC commands answer 80h
        // Sector buffer: the sector whose INT1 was delivered and the newest undelivered one.
        uint8_t sectors[2][cdrom::kRawSectorSize];
        uint8_t deliveredSlot, pad1[3];
        // Data FIFO (RDDATA / DMA3), loaded by BFRD.
        uint8_t data[kDataFifoSize];
        uint16_t dataSize, dataPos;
        cdrom::XaAdpcm::State xa;
        Cycles xaBusyUntil; // HSTS.ADPBUSY: the last XA sector's samples still playing
        // Since version 4: a Setmode speed change completes (the spindle settles) at this time.
        Cycles speedChangeUntil;
    };
    static_assert(std::is_trivially_copyable_v<State>);
    // No padding: the saved bytes (and state hashes) are exactly the fields.
    static_assert(std::has_unique_object_representations_v<State>);

    Cdrom(Scheduler& scheduler, Irq& irq);

    void reset();
    uint32_t read(uint32_t addr, unsigned size);
    void write(uint32_t addr, uint32_t value, unsigned size);
    // DMA3: data is requested while the data FIFO holds bytes (HSTS.DRQSTS); a word is four
    // RDDATA reads (the bus splits it).
    bool dmaRequest() const { return state_.dataPos < state_.dataSize; }
    uint32_t dmaReadWord();
    // 1F801800h..1F801803h (SBUS, CD-ROM delay), DMA3 (CD-ROM -> RAM), the "cdrom" section.
    DeviceInfo describe();

    // The disc in the tray (null: none) and the lid. Opening the lid stops the drive and
    // raises INT5 (08h); a disc change is lid open, insertDisc, lid closed. The disc is not
    // emulated state (the savestate records its identity).
    void insertDisc(cdrom::DiscSource* disc) { disc_ = disc; }
    bool hasDisc() const { return disc_ != nullptr; }
    cdrom::DiscSource* disc() const { return disc_; }
    void setLidOpen(bool open);
    bool lidOpen() const { return lidOpen_; }
    // Console region (Test 22h, the SCEx check) and a modchip (SCEx check passes).
    void setRegion(Region r) { region_ = r; }
    Region region() const { return region_; }
    bool modchip() const { return modchip_; }
    void setModchip(bool on) { modchip_ = on; }
    void setAudioSink(CdAudioSink* sink) { audioSink_ = sink; }

    const State& state() const { return state_; }
    // The status byte a Getstat would answer now, with Getstat's side effect (the shell-open
    // latch clears once the lid is closed): for an HLE kernel's CdGetStatus, which completes
    // at once instead of sending the command.
    uint8_t kernelGetstat() {
        const uint8_t s = state_.stat;
        if (!lidOpen_) state_.stat &= uint8_t(~kStatShellOpen);
        return s;
    }
    void serialize(savestate::StateIO& io);

  private:
    // controller.cpp
    uint8_t readByte(uint32_t port);
    void writeByte(uint32_t port, uint8_t value);
    uint8_t hsts() const;
    void updateIrq();
    void acknowledge(uint8_t bits);
    void setResponse(uint8_t intType, const uint8_t* bytes, unsigned count);
    void queueAsync(uint8_t intType, const uint8_t* bytes, unsigned count, bool sector = false);
    void deliverAsync();
    void scheduleCommand();
    void onCommandEvent(Cycles late, uint32_t payload);
    void onAsyncEvent(Cycles late, uint32_t payload);
    bool intPending() const { return (state_.hintsts & 7) != 0; }

    // commands.cpp
    void execute(uint8_t cmd);
    void executeTest();
    void ack(); // INT3(stat)
    void error(uint8_t code, uint8_t statBits = kStatError);
    void asyncError(uint8_t code, uint8_t statBits = kStatError);
    // A disc whose TOC has been read: not while the lid is open or the drive spins up after
    // closing it (80h "cannot respond yet").
    bool discReady() const { return disc_ && !lidOpen_ && state_.op != DriveOp::SpinUp; }
    bool licensedForRead() const;
    void getIdResponse();
    void getQResponse();

    // sector_reader.cpp
    void onDriveEvent(Cycles late, uint32_t payload);
    void onResponseEvent(Cycles late, uint32_t payload);
    void startSeek(bool logical, AfterSeek after);
    // Sectors start arriving at `when` (absolute, so a late seek event does not shift them).
    void startReading(Cycles when);
    void startPlaying(Cycles when);
    void stopDrive(); // back to idle (reading/playing/seeking stopped), motor untouched
    void changeSpeed(bool toDouble);
    // When the drive may start moving: now, or once a speed change has completed.
    Cycles driveFree() const { return std::max(scheduler_.now(), state_.speedChangeUntil); }
    Cycles seekTime(uint32_t target) const;
    Cycles sectorTime() const {
        return (state_.mode & kModeDouble) ? kSectorDouble : kSectorSingle;
    }
    void readSector();
    void playSector();
    bool deliverXa(const uint8_t* sector);
    void loadDataFifo();
    void sendAudio(const int16_t* frames, size_t count, bool xa);
    uint8_t statByte() const { return state_.stat; }

    Scheduler& scheduler_;
    Irq& irq_;
    void latchHeader(const uint8_t* sector);
    static bool dmaRequestPort(void* self, Cycles now);
    static void dmaReadPort(void* self, std::span<uint32_t> words, const DmaClock& clock);
    DmaRequestLine drq_; // the DRQ may have gone high (BFRD loaded the data FIFO)
    Scheduler::Handle commandEvent_, driveEvent_, asyncEvent_;
    // GetID's and GetQ's second responses, timed apart from the drive (a read goes on).
    Scheduler::Handle responseEvent_;
    enum : uint32_t { kResponseGetId = 1, kResponseGetQ = 2 };
    State state_{};
    // Not machine state: the disc and the host's choices.
    cdrom::DiscSource* disc_ = nullptr;
    bool lidOpen_ = false;
    bool modchip_ = false;
    Region region_ = Region::America;
    CdAudioSink* audioSink_ = nullptr;
    // Scratch for one sector's audio (rebuilt each sector, never saved).
    int16_t pcm_[cdrom::XaAdpcm::kPortions * 224 * 2];
    int16_t audioOut_[cdrom::XaAdpcm::kMaxOutputFrames * 2];
};

} // namespace core
