#pragma once
// Everything that crosses between the machine and its front end (DESIGN.md §5): out go
// finished frames, audio samples, console text and messages; in comes the pad state. Front ends
// implement it (app/cli, the app/qt emulation thread); tests record through it. `core/` never
// includes Qt, SDL or Vulkan: this interface is the whole contact.
//
// The machine calls these on the thread that runs it, at points fixed in emulated time, never
// from a host timer. An implementation must not change emulated state from inside a call; what
// it answers to pad() is the only input.
#include <cstdint>
#include <span>
#include <string_view>

#include "core/pad_state.h"

namespace core {

struct FrameInfo {
    uint64_t number = 0;    // vblanks so far (System::frameCount())
    bool presented = false; // gpu::Gpu::framePresented(): false after a PARTIAL frame
};

enum class MessageLevel : uint8_t { Info, Warning, Error };

class Host {
  public:
    // The audio stream's rate: one stereo frame per SPU sample period of 768 CPU cycles
    // (soundprocessingunitspu.md), 33868800 / 768 = 44100 exactly.
    static constexpr uint32_t kAudioRate = 44100;
    static constexpr uint32_t kCyclesPerAudioFrame = 768;

    virtual ~Host() = default;

    // --- Out of the machine ---

    // A frame ended (vblank start) and runFrame() is about to return. When `presented`, the
    // picture is the FULL render of this frame: pull it with gpu().scanout() (gpu::Display
    // scans the display area out of VRAM). When not (frame skipping chose PARTIAL), show the
    // last presented picture again: this frame has no picture of its own.
    virtual void frameDone(const FrameInfo& frame) { (void)frame; }

    // Audio: 44.1 kHz stereo, 16-bit signed, interleaved L, R (`samples.size() / 2` frames).
    // Samples are counted in emulated time (one frame per 768 CPU cycles), never on the host
    // clock, and do not depend on the frame-skip decision: they are emulated state. The
    // front end owns rate control and time stretch. Called by the SPU (core/spu.h) with up to
    // 1024 frames at a time as it mixes, and at the end of every runFrame() with the frame's
    // rest.
    virtual void audioSamples(std::span<const int16_t> samples) { (void)samples; }

    // The emulated console (BIOS putchar/puts/printf, the DUART TTY at 1F802023h), one
    // character at a time, exactly as the program wrote it (lines end CR LF).
    virtual void consoleText(char c) { (void)c; }

    // Something the user should be told (a warning, an error the machine cannot report to the
    // program). One line of text, no trailing newline.
    virtual void message(MessageLevel level, std::string_view text) {
        (void)level;
        (void)text;
    }

    // --- Into the machine ---

    // The pad in port 0/1, read once at the start of every runFrame() (input changes at frame
    // boundaries only, so a run is reproducible from the per-frame input). Default: a
    // connected digital pad with no button held.
    virtual PadState pad(unsigned port) {
        (void)port;
        return PadState{};
    }
    // With a multitap on port 0/1: the controller in its slot 0..3 (A-D), read likewise.
    // Default: slot A is pad(port), the others connected with nothing held.
    virtual PadState tapPad(unsigned port, unsigned slot) {
        return slot == 0 ? pad(port) : PadState{};
    }
};

} // namespace core
