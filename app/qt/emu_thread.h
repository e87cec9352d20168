#pragma once
// The emulation thread: owns the one core::System and the GPU's pacing evaluator (frame
// skipping, DESIGN.md section 3), runs frames at the NTSC rate on host time, publishes each
// presented image to the FrameMailbox (a PARTIAL frame publishes nothing: the presenter shows
// the last image again) and every frame's timing and pacing record to the FrameTimeline, and
// feeds the audio ring. What crosses into and out of the machine goes through its EmuHost. The GUI
// thread talks to it only through the methods below (atomics and one condition variable).
#include <QObject>
#include <QString>
#include <algorithm>
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "console_log.h"
#include "core/sio0.h"
#include "core/system.h"
#include "emu_host.h"
#include "emu_requests.h"
#include "frame_timeline.h"
#include "gpu/pacing_evaluator.h"
#include "memcard_access.h"

namespace app {

class AudioOutput;

class EmuThread : public QObject {
    Q_OBJECT
  public:
    EmuThread(FrameMailbox& mailbox, FrameTimeline& timeline, AudioOutput* audio);
    ~EmuThread() override;

    // Builds a fresh System, loads the BIOS (nullptr: the built-in HLE BIOS) and the
    // program, and starts the thread paused or running. On failure returns false with the
    // core's error text and nothing runs.
    // With a non-empty `discPath` the disc image (or .m3u) is booted instead of `program`
    // (core::System::bootDisc).
    bool start(const std::vector<uint8_t>& program, const std::vector<uint8_t>* bios,
               std::string& error, bool startPaused = false, const std::string& discPath = {});
    // Stops the thread and drops the System; the memory cards are closed cleanly (their
    // journals merged into the images).
    void stop();
    // Opening (start) or merging (stop) a memory card that failed since the last call ("" when
    // none). GUI thread, after start() or stop().
    std::string takeMemoryCardFileError();
    bool active() const { return thread_.joinable(); }

    void setPaused(bool paused);
    bool paused() const { return paused_.load(); }
    // While paused: runs exactly one more frame.
    void frameAdvance();
    void setFastForward(bool on) { fastForward_.store(on); }
    bool fastForward() const { return fastForward_.load(); }
    // Slow motion: frames run at kSlowMotionSpeed of the normal rate (fast-forward wins).
    static constexpr double kSlowMotionSpeed = 0.5;
    void setSlowMotion(bool on) { slowMotion_.store(on); }
    bool slowMotion() const { return slowMotion_.load(); }
    // What audio does while the speed is not 100% (audio_pipeline.h).
    void setSpeedAudio(SpeedAudio mode) { speedAudio_.store(mode); }
    // Tests: a 440 Hz tone instead of the machine's audio (EmuHost::setTestTone); before start().
    void setAudioTestTone(bool on) { host_.setTestTone(on); }
    // The console region the next start() gives a disc (core::System::setConsoleRegion).
    void setConsoleRegion(core::System::ConsoleRegion region) { consoleRegion_ = region; }
    void setFastBoot(bool on) { fastBoot_ = on; }
    // The CPU engine the next start() gives the machine (core::Cpu::setEngine).
    void setCpuRecompiler(bool on) { cpuRecompiler_ = on; }
    void setPad(uint16_t buttons) { host_.setPad(buttons); }
    void setPadState(const core::PadState& state) { host_.setPadState(state); }
    // Any port's input, and the host mouse's motion for a Mouse (emu_host.h). GUI thread.
    void setPortState(unsigned port, const core::PadState& state) {
        host_.setPortState(port, state);
    }
    void addMouseMotion(unsigned port, int dx, int dy) { host_.addMouseMotion(port, dx, dy); }
    void clearMouseMotion() { host_.clearMouseMotion(); }
    // What the next start() plugs into each pad port (pad_devices.h).
    void setPadTypes(core::Sio0::PadType port1, core::Sio0::PadType port2) {
        padTypes_[0] = port1;
        padTypes_[1] = port2;
    }
    // What the next start() plugs into the slots A-D of a multitap in `port`.
    void setTapTypes(unsigned port, const std::array<core::Controller::Type, 4>& types) {
        tapTypes_[port & 1] = types;
    }
    // Socket-side input of a multitap slot (socket = port * 4 + slot, pad_routing.h).
    void setSocketState(unsigned socket, const core::PadState& state) {
        host_.setSocketState(socket, state);
    }
    // The motors of the emulated DualShock in a socket (port * 4 + multitap slot; slot A is the
    // port's own pad) after the last frame (large motor speed in the high byte, small motor on
    // in bit 0; 0 for other devices). Any thread.
    uint16_t motors(int socket = 0) const {
        return active() && socket >= 0 && socket < 8 ? motors_[size_t(socket)].load() : 0;
    }
    // What the machine prints (BIOS console, DUART), for View > Log and the log file.
    ConsoleLog& consoleLog() { return consoleLog_; }
    // Pauses by itself once this many frames have run (0: never). For --frames.
    void setStopAfter(uint64_t frames) { stopAfter_.store(frames); }
    uint64_t framesRun() const { return framesRun_.load(); }
    // Times the thread was more than 4 frames late and restarted its schedule (time lost: the
    // host could not keep up; the audio ring then runs dry however good its control).
    uint64_t fellBehind() const { return fellBehind_.load(); }
    // Frame-skip mode and parameters; applied by the emulation thread before its next frame
    // (the evaluator keeps what it learned).
    void setPacing(const gpu::PacingSettings& settings);
    // Rendering costs this many times its host time (>= 1); applied before the next frame.
    void setHostSlowdown(double factor) { hostSlowdown_.store(std::max(factor, 1.0)); }
    // Increments with every start(); signals carry the session that sent them, so a late
    // signal from a stopped session can be told apart.
    quint64 session() const { return session_.load(); }

    // Savestates (emu_requests.h): set before start(); requests run on the emulation thread at
    // the next frame boundary (also while paused) and answer with savestateMessage().
    void setSavestateConfig(const SavestateConfig& config) { saveConfig_ = config; }
    void request(const EmuRequest& request);
    // GUI thread: reads (`edited` empty) or edits the memory card in `port` on the emulation
    // thread between frames (SavestateSession::handleCardAccess), waiting up to `timeoutMs`.
    // Fails with a message when no machine runs or the card is not open.
    CardAccessResult accessMemoryCard(int port, std::vector<uint8_t> base,
                                      std::vector<uint8_t> edited, int timeoutMs = 3000);
    // Held: steps back through the rewind snapshots instead of running frames.
    void setRewinding(bool on);
    bool rewinding() const { return rewinding_.load(); }
    // Frames the run-ahead hides (0-4), any time.
    void setRunAhead(unsigned frames) { runAhead_.store(frames > 4 ? 4 : frames); }
    // The GPU's drawing on a worker thread (gpu::Gpu::setRenderThread), any time.
    void setRenderThread(bool on) { renderThread_.store(on); }
    // For tests: queue a quick-save / quick-load of `slot` / an undo of the load once this many
    // frames ran (0: never).
    void setScriptedSaves(uint64_t saveAt, uint64_t loadAt, int slot, uint64_t undoLoadAt = 0);
    // The running game's id (set by start(), constant until the next one).
    const std::string& gameId() const { return gameId_; }
    // The running game's discs and the one in the drive (empty for a PS-EXE); updated when a
    // ChangeDisc / InsertDisc request ran (discChanged). Any thread.
    DiscList discs() const;
    // For tests: queue a change to disc `index` of the set once this many frames ran (0: never).
    void setScriptedDiscChange(uint64_t at, int index);

  Q_SIGNALS:
    void frameReady();
    void programExited(int code, quint64 session);
    void stopAfterReached(quint64 frame, quint64 session);
    void savestateMessage(QString text, bool ok, bool stateChanged, quint64 session);
    // Something the user must not miss (a quick-save file that could not be written, a memory
    // card write lost, a load that could not roll a memory card back): a dialog.
    void savestateAlert(QString title, QString text, quint64 session);
    // A ChangeDisc / InsertDisc request ran: `ok` false with the reader's message when the disc
    // stayed as it was.
    void discChanged(QString text, bool ok, quint64 session);

  private:
    void run();
    bool serviceRequests();        // true when the machine state was replaced
    void reportBackgroundErrors(); // quick-save writes and memory card writes that failed
    void publishCurrent(DisplayFrame& frame);

    FrameMailbox& mailbox_;
    FrameTimeline& timeline_;
    AudioOutput* audio_;
    ConsoleLog consoleLog_; // the host's console text for the log window and file
    EmuHost host_;          // outlives system_, which points at it
    std::unique_ptr<core::System> system_;
    std::thread thread_;
    std::mutex m_;
    std::condition_variable cv_;
    bool quit_ = false; // guarded by m_
    int advance_ = 0;   // guarded by m_
    std::atomic<bool> paused_{false};
    core::System::ConsoleRegion consoleRegion_ = core::System::ConsoleRegion::Auto; // GUI thread
    bool fastBoot_ = false;                                                         // GUI thread
    bool cpuRecompiler_ = false;                                                    // GUI thread
    std::atomic<bool> fastForward_{false};
    std::atomic<bool> slowMotion_{false};
    std::atomic<SpeedAudio> speedAudio_{SpeedAudio::Stretch};
    double ffFrameNs_ = 0; // emulation thread: smoothed host time per fast-forwarded frame
    std::atomic<uint64_t> stopAfter_{0};
    std::atomic<uint64_t> framesRun_{0};
    std::atomic<uint64_t> fellBehind_{0};
    std::atomic<quint64> session_{0};
    // Owned by the emulation thread while it runs; set up by start() before.
    gpu::PacingEvaluator evaluator_;
    gpu::PacingSettings pendingPacing_; // guarded by m_
    std::atomic<bool> pacingChanged_{false};
    std::atomic<double> hostSlowdown_{1.0};
    SavestateConfig saveConfig_;
    std::unique_ptr<SavestateSession> saves_; // emulation thread only while it runs
    EmuRequestQueue requests_;
    std::atomic<bool> rewinding_{false};
    std::atomic<unsigned> runAhead_{0};
    std::atomic<bool> renderThread_{false};
    std::atomic<uint64_t> scriptSaveAt_{0}, scriptLoadAt_{0}, scriptUndoLoadAt_{0};
    std::atomic<int> scriptSlot_{0};
    std::string gameId_;
    mutable std::mutex discMutex_;
    DiscList discs_; // guarded by discMutex_
    std::atomic<uint64_t> scriptDiscAt_{0};
    std::atomic<int> scriptDiscIndex_{0};
    std::string cardFileError_; // GUI thread
    core::Sio0::PadType padTypes_[2] = {core::Sio0::PadType::Digital,
                                        core::Sio0::PadType::Digital}; // GUI thread
    std::array<std::atomic<uint16_t>, 8> motors_{};                    // per socket
    std::array<std::array<core::Controller::Type, 4>, 2> tapTypes_{};  // GUI thread; Digital
};

} // namespace app
