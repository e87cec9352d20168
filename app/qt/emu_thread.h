#pragma once
// The emulation thread: owns the one core::System, runs frames at the NTSC rate on host
// time, publishes each displayed image to the FrameMailbox and its timing to the
// FrameTimeline, and feeds the audio ring. The GUI thread talks to it only through the
// methods below (atomics and one condition variable).
#include <QObject>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "frame_timeline.h"

namespace core {
class System;
}

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
    bool start(const std::vector<uint8_t>& program, const std::vector<uint8_t>* bios,
               std::string& error, bool startPaused = false);
    // Stops the thread and drops the System.
    void stop();
    bool active() const { return thread_.joinable(); }

    void setPaused(bool paused);
    bool paused() const { return paused_.load(); }
    // While paused: runs exactly one more frame.
    void frameAdvance();
    void setFastForward(bool on) { fastForward_.store(on); }
    bool fastForward() const { return fastForward_.load(); }
    void setPad(uint16_t buttons) { pad_.store(buttons); }
    // Pauses by itself once this many frames have run (0: never). For --frames.
    void setStopAfter(uint64_t frames) { stopAfter_.store(frames); }
    uint64_t framesRun() const { return framesRun_.load(); }
    // Increments with every start(); signals carry the session that sent them, so a late
    // signal from a stopped session can be told apart.
    quint64 session() const { return session_.load(); }

  Q_SIGNALS:
    void frameReady();
    void programExited(int code, quint64 session);
    void stopAfterReached(quint64 frame, quint64 session);

  private:
    void run();

    FrameMailbox& mailbox_;
    FrameTimeline& timeline_;
    AudioOutput* audio_;
    std::unique_ptr<core::System> system_;
    std::thread thread_;
    std::mutex m_;
    std::condition_variable cv_;
    bool quit_ = false; // guarded by m_
    int advance_ = 0;   // guarded by m_
    std::atomic<bool> paused_{false};
    std::atomic<bool> fastForward_{false};
    std::atomic<uint16_t> pad_{0};
    std::atomic<uint64_t> stopAfter_{0};
    std::atomic<uint64_t> framesRun_{0};
    std::atomic<quint64> session_{0};
};

} // namespace app
