#pragma once
// The desktop app's side of core::Host (core/host.h), owned by the EmuThread: console text to
// stdout and the console log, messages to stderr, both ports' input from the GUI thread (read by
// the machine once per frame), audio into the audio ring, and the last frame notification.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "audio_pipeline.h"
#include "core/host.h"

namespace app {

class AudioOutput;
class ConsoleLog;

class EmuHost : public core::Host {
  public:
    explicit EmuHost(AudioOutput* audio) : audio_(audio) {}

    // Before start(): where console text goes besides stdout (the log window and file).
    void setConsoleLog(ConsoleLog* log) { consoleLog_ = log; }
    // GUI thread: the buttons held on pad 0 (core::PadState bits), sticks centred.
    void setPad(uint16_t buttons) {
        core::PadState state;
        state.buttons = buttons;
        setPadState(state);
    }
    // GUI thread: pad 0's buttons, sticks and Analog button.
    void setPadState(const core::PadState& state) { setPortState(0, state); }
    // GUI thread: everything of port `port` (0 or 1) but the mouse's motion (buttons, sticks,
    // Analog button, GunCon aim); the machine reads it at its next frame.
    void setPortState(unsigned port, const core::PadState& state);
    // GUI thread: a multitap slot's input (socket = port * 4 + slot, pad_routing.h); slot A is
    // the port's own (setPortState).
    void setSocketState(unsigned socket, const core::PadState& state);
    // GUI thread: host mouse motion for a Mouse in `port`, added up until the machine's next
    // frame takes it (pad()): each emulated frame gets the motion since the previous one.
    void addMouseMotion(unsigned port, int dx, int dy);
    // GUI thread: forget motion not yet taken (the capture ended).
    void clearMouseMotion();

    // Emulation thread, after each emulated host frame: hands the frame's samples to the ring
    // through the AudioPipeline at the current emulation `speed` (1 = 100%; fast-forward and
    // slow motion stretch the tempo or give silence, as `mode` says). When the machine handed
    // no samples (an SPU that mixes nothing), one NTSC frame of silence keeps the device fed.
    void finishAudioFrame(double speed = 1.0, SpeedAudio mode = SpeedAudio::Stretch);
    // Emulation thread: the machine state jumped (a savestate loaded, rewind): the next audio
    // crossfades from the last frame played instead of stepping.
    void audioDiscontinuity() { pipeline_.discontinuity(); }
    // Emulation thread: with run-ahead, runFrame() is followed by speculative frames that are
    // taken back; only the first frame's audio of each batch is real.
    void setRunAhead(bool on) { runAhead_ = on; }
    // Tests: a continuous 440 Hz tone replaces the machine's audio (one NTSC frame of it per
    // emulated frame), so the app's whole audio path can be checked before the SPU sounds.
    void setTestTone(bool on) { testTone_ = on; }
    // Emulation thread: the last frame the machine finished, and whether it was presented.
    const core::FrameInfo& lastFrame() const { return lastFrame_; }

    // core::Host (emulation thread).
    void frameDone(const core::FrameInfo& frame) override {
        lastFrame_ = frame;
        ++framesInBatch_;
    }
    void audioSamples(std::span<const int16_t> samples) override;
    void consoleText(char c) override;
    void message(core::MessageLevel level, std::string_view text) override;
    core::PadState pad(unsigned port) override;
    core::PadState tapPad(unsigned port, unsigned slot) override;

  private:
    AudioOutput* audio_;
    // The GUI thread writes, the emulation thread reads once per port per frame: a short lock.
    std::mutex padMutex_;
    core::PadState sockets_[8]; // [port * 4 + multitap slot]; [port * 4]: the port's own
    int32_t motion_[2][2] = {}; // per port: x, y not yet taken
    ConsoleLog* consoleLog_ = nullptr;
    core::FrameInfo lastFrame_;
    bool audioThisFrame_ = false;
    bool runAhead_ = false;
    bool testTone_ = false;
    double tonePhase_ = 0;
    std::vector<int16_t> tone_;
    unsigned framesInBatch_ = 0; // frames ended since the last finishAudioFrame()
    AudioPipeline pipeline_;
};

} // namespace app
