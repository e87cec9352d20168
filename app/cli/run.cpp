// `skipjack-cli run`: runs a program for N frames, optionally dumping images and hashes.
#include <cstdio>
#include <vector>

#include "app/cli/common.h"
#include "app/cli/disc_swap.h"
#include "app/cli/input_script.h"
#include "app/cli/pacing.h"
#include "app/cli/png_writer.h"
#include "app/cli/run_host.h"
#include "app/cli/savestate_cli.h"
#include "core/cpu/cpu.h"
#include "core/sio0.h"
#include "core/system.h"
#include "savestate/state_io.h"

namespace cli {

namespace {
constexpr uint32_t kVramWidth = 1024, kVramHeight = 512;

bool dumpVram(core::System& system, const std::string& path) {
    const uint16_t* vram = system.gpu().vram();
    std::vector<uint8_t> rgb(kVramWidth * kVramHeight * 3, 0);
    if (!vram)
        std::fprintf(stderr, "skipjack-cli: the GPU has no VRAM yet; writing a black image\n");
    for (uint32_t i = 0; vram && i < kVramWidth * kVramHeight; ++i) {
        uint16_t v = vram[i]; // BGR555: red in bits 0-4
        uint8_t r = v & 31, g = (v >> 5) & 31, b = (v >> 10) & 31;
        rgb[3 * i + 0] = static_cast<uint8_t>((r << 3) | (r >> 2));
        rgb[3 * i + 1] = static_cast<uint8_t>((g << 3) | (g >> 2));
        rgb[3 * i + 2] = static_cast<uint8_t>((b << 3) | (b >> 2));
    }
    std::string error;
    if (!writePng(path, rgb.data(), kVramWidth, kVramHeight, false, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return false;
    }
    return true;
}

bool screenshot(core::System& system, const std::string& path) {
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    if (!system.gpu().scanout(rgba, w, h) || w == 0 || h == 0) {
        std::fprintf(stderr, "skipjack-cli: the display is off; writing a black 320x240 image\n");
        w = 320;
        h = 240;
        rgba.assign(static_cast<size_t>(w) * h * 4, 0);
        for (size_t i = 3; i < rgba.size(); i += 4)
            rgba[i] = 255;
    }
    std::string error;
    if (!writePng(path, rgba.data(), w, h, true, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return false;
    }
    return true;
}

void printFrameHash(core::System& system, uint64_t frame) {
    const uint16_t* vram = system.gpu().vram();
    uint64_t vramHash = vram ? savestate::hash64(vram, kVramWidth * kVramHeight * 2)
                             : savestate::hash64(nullptr, 0);
    // A frame the frame skipper did not present has no image of its own (and VRAM may hold
    // deferred drawing not yet executed, which no emulated read has needed).
    if (!system.gpu().framePresented()) {
        std::printf("frame %llu display=- vram=%016llx\n", static_cast<unsigned long long>(frame),
                    static_cast<unsigned long long>(vramHash));
        return;
    }
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    uint64_t display = 0;
    if (system.gpu().scanout(rgba, w, h))
        display = savestate::hash64(rgba.data(), rgba.size());
    else
        display = savestate::hash64(nullptr, 0);
    std::printf("frame %llu display=%016llx vram=%016llx\n", static_cast<unsigned long long>(frame),
                static_cast<unsigned long long>(display),
                static_cast<unsigned long long>(vramHash));
}
} // namespace

int runCommand(const Options& o) {
    if (o.lockstep) return lockstepCommand(o);
    core::System system;
    RunHost host(o.tty, system.gpu());
    system.setHost(&host);
    system.setTtyCapture(o.tty); // the console under a BIOS image too (the HLE prints itself)
    if (!prepareSystem(system, o, o.program, "skipjack-demo")) return kExitBadInput;
    // Before --load-state: a state loads only with the controllers it was made with.
    for (unsigned port = 0; port < 2; ++port) {
        system.sio0().setPadType(port, o.padType[port]);
        for (unsigned slot = 0; slot < 4; ++slot)
            system.sio0().setTapPadType(port, slot, o.tapTypes[port][slot]);
    }
    InputScript script;
    if (std::string scriptError;
        !o.inputScript.empty() && !script.load(o.inputScript, scriptError)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", scriptError.c_str());
        return kExitBadInput;
    }
    if (!o.inputScript.empty()) host.setInputScript(&script);
    if (!loadStateOption(system, o)) return kExitBadInput;
    DiscSwap swap;
    if (std::string swapError; !swap.start(system, o, swapError)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", swapError.c_str());
        return kExitBadInput;
    }
    if (o.trace) system.setTrace(stderr);
    PacingSession pacing;
    std::string error;
    bool paced = !o.frameskip.empty() || !o.statsFile.empty() || o.hostSlowdown > 1.0;
    if (paced && !pacing.start(system.gpu(), o.frameskip, o.hostSlowdown, o.statsFile, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return kExitBadInput;
    }
    if (paced) host.setPacing(&pacing);
    // Opened before the first frame so no sample is missed; until finish() it is only a
    // temporary file (removed on every early return below).
    WavWriter wav;
    if (!o.dumpAudio.empty()) {
        if (!wav.open(o.dumpAudio, core::Host::kAudioRate, 2, error)) {
            std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
            return kExitBadInput;
        }
        host.setAudioDump(&wav);
    }
    long frames = o.frames < 0 ? 600 : o.frames;
    int result = kExitOk;
    for (long f = 0; f < frames; ++f) {
        script.startFrame(f);
        system.runFrame();
        swap.afterFrame(system, f + 1);
        saveStateOption(system, o, f + 1, f + 1 == frames || system.exited());
        if (o.frameHashes) printFrameHash(system, static_cast<uint64_t>(f));
        if (system.exited()) break;
        if (crashed(system)) {
            std::fflush(stdout);
            std::fprintf(stderr, "skipjack-cli: the program crashed (halted at %08X)\n",
                         system.cpu().pc());
            result = kExitCrashed;
            break;
        }
    }
    // At the end only: taking the hash executes every deferred record, which mid-run would
    // change what the frame skipper can let die (never what the machine observes).
    if (o.stateHash) {
        std::printf("state %016llx\n", static_cast<unsigned long long>(system.stateHash()));
        // The audio is emulated state too (DESIGN.md §8): the frame-skip checks compare it.
        std::printf("audio %llu frames %016llx\n",
                    static_cast<unsigned long long>(host.audioFrames()),
                    static_cast<unsigned long long>(host.audioHash()));
    }
    std::fflush(stdout);
    if (paced && !pacing.finish(error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return kExitBadInput;
    }
    if (!finishSaveStateOption(system, o)) return kExitBadInput;
    host.setAudioDump(nullptr);
    if (wav.isOpen() && !wav.finish(error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return kExitBadInput;
    }
    if (!o.dumpVram.empty() && !dumpVram(system, o.dumpVram)) return kExitBadInput;
    if (!o.screenshot.empty() && !screenshot(system, o.screenshot)) return kExitBadInput;
    if (system.exited()) return system.exitCode();
    return result;
}

} // namespace cli
