#pragma once
// Command-line parsing for skipjack-cli.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "core/sio0.h"
#include "core/system.h"

namespace cli {

// Exit codes (documented in --help).
enum ExitCode : int {
    kExitOk = 0,
    kExitBadInput = 2, // usage error, unreadable/invalid PS-EXE or BIOS
    kExitCrashed = 3,  // the program crashed: SystemError / unresolved exception under the HLE
                       // BIOS, or a jump-to-self loop with interrupts disabled
};

struct Options {
    std::string command; // run | info | bench | help
    std::string program; // run: PS-EXE (empty: built-in demo); info: file
    std::string bios;
    std::string benchKind; // bench: "cpu" or "gpu"
    long frames = -1;      // -1: command default
    bool tty = false, trace = false, frameHashes = false, stateHash = false;
    std::string dumpVram, screenshot;
    std::string dumpAudio; // --dump-audio F.wav: the emulated audio output
    // Savestates (app/cli/savestate_cli.cpp).
    std::string saveState, loadState;
    // --memcard1/--memcard2 FILE: journal-backed memory cards, [port][0]; behind a multitap,
    // --memcard1b..d/--memcard2b..d FILE: the cards of its slots B-D, [port][1..3].
    std::string memcard[2][4];
    long atFrame = -1; // --save-state at the end of this frame (-1: the last frame)
    // Frame pacing (run): --frameskip off|auto|fixed:N, --stats FILE.json, --host-slowdown X.
    std::string frameskip; // empty: no pacing evaluator (every frame rendered in full)
    std::string statsFile;
    double hostSlowdown = 1.0;
    bool realTime = false; // bench frameskip --real-time: the host's clock, not the simulated one
    // bench frameskip --workload/--slowdown/--mode (repeatable): run only those cells (empty: all).
    std::vector<std::string> benchWorkloads, benchModes;
    std::vector<double> benchSlowdowns;
    // --disc-swap-at N[:DISC] (app/cli/disc_swap.h): -1 none; DISC counted from 1, 0: next.
    long discSwapAt = -1, discSwapTo = 0;
    core::System::ConsoleRegion region = core::System::ConsoleRegion::Auto; // --region
    bool fastBoot = false;                                                  // --fast-boot
    // --pad1/--pad2 TYPE: what is plugged into port 1/2 (core::Sio0::PadType); with a
    // multitap, the controllers in its slots A-D (multitap:T or multitap:T,T,T,T).
    core::Sio0::PadType padType[2] = {core::Sio0::PadType::Digital, core::Sio0::PadType::Digital};
    core::Controller::Type tapTypes[2][4] = {};
    std::string inputScript; // --input-script F (app/cli/input_script.h)
    // --cpu interpreter|recompiler (run, bench); --lockstep (run): both engines side by side.
    bool recompiler = false;
    bool lockstep = false;
    // --render-thread on|off (run, bench): execute the GPU's cached records on a worker thread.
    bool renderThread = false;
    // --matrix (bench cpu|gpu): the benchmark once per CPU engine x render thread, in one run.
    bool matrix = false;
};

// Parses a --pad1/--pad2 value into port `port` of `o` (false with a message).
bool parsePadType(const std::string& value, Options& o, unsigned port, std::string& error);

// Parses argv; on failure returns false with a message.
bool parseOptions(int argc, char** argv, Options& out, std::string& error);
void printUsage(std::FILE* f);

} // namespace cli
