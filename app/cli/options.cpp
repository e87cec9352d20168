#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "app/cli/options.h"
#include "gpu/pacing_evaluator.h"

namespace cli {

void printUsage(std::FILE* f) {
    std::fputs(
        "usage:\n"
        "  skipjack-cli run [PROGRAM.exe | DISC] [--bios FILE] [--frames N] [--tty] [--trace]\n"
        "                   [--dump-vram FILE.png] [--screenshot FILE.png] [--frame-hashes]\n"
        "                   [--dump-audio FILE.wav]\n"
        "      Runs a PS-EXE (without PROGRAM: the built-in demo) with the built-in HLE BIOS\n"
        "      or the given 512 KiB BIOS image, for N frames (default 600) or until it exits.\n"
        "      DISC is a disc image (.cue, .iso, .chd, raw .bin/.img, or an .m3u of them):\n"
        "      its disc goes in the CD-ROM drive; the HLE BIOS starts the boot file named\n"
        "      by SYSTEM.CNF (PSX.EXE without one), a BIOS image boots the disc itself.\n"
        "      --tty           print the console (BIOS putchar/puts/printf/write, DUART) on "
        "stdout,\n"
        "                      under the HLE BIOS or any BIOS image\n"
        "      --trace         disassemble every executed instruction to stderr\n"
        "      --dump-vram F   write the 1024x512 VRAM as an RGB PNG at the end\n"
        "      --screenshot F  write the displayed image as a PNG at the end\n"
        "      --dump-audio F  write the emulated audio output (44.1 kHz, 16-bit stereo PCM)\n"
        "                      to the WAV file F, exactly as the SPU mixed it; written to\n"
        "                      F.part and renamed to F when the run ends\n"
        "      --frame-hashes  print 'frame N display=<hex> vram=<hex>' after every frame\n"
        "                      (display=- for a frame the frame skipper did not present)\n"
        "      --state-hash    print 'state <hex>' at the end: a hash of the whole machine\n"
        "                      state (RAM, CPU, devices, VRAM as a full render leaves it)\n"
        "                      and 'audio N frames <hex>': the count and a hash of the\n"
        "                      samples the SPU produced\n"
        "      --frameskip M   frame skipping: off, auto or fixed:N (render one frame in\n"
        "                      N+1); PARTIAL frames defer drawing that only lands in a\n"
        "                      display buffer and are not presented\n"
        "      --stats F       write per-frame pacing statistics as a JSON array to F\n"
        "      --host-slowdown X  make rendering cost X times its host time (X >= 1)\n"
        "      --load-state F  start from savestate F (same game and BIOS; refused otherwise)\n"
        "      --save-state F  write a savestate to F after frame --at-frame N (default: the\n"
        "                      last frame); the game does not wait for the write\n"
        "      --disc-swap-at N[:D]  after frame N open the lid, and a second later put\n"
        "                      disc D of the .m3u (default: the next one) in and close it\n"
        "      --fast-boot     with --bios and a disc: skip the BIOS's intro (the kernel is\n"
        "                      initialised, then the disc's boot file starts at once)\n"
        "      --region R      the console's region: auto (from the disc's licence sector,\n"
        "                      the default), ntsc-u, ntsc-j or pal; it sets the drive's\n"
        "                      region and the console's video clock (PAL 50/NTSC 60 Hz)\n"
        "      --pad1 T        what is in port 1 (--pad2: port 2): digital (default),\n"
        "                      dualshock (SCPH-1200: starts in digital mode),\n"
        "                      analog-joystick (SCPH-1110), mouse (SCPH-1090), guncon\n"
        "                      (NPC-103), or multitap (SCPH-1070) with four digital pads;\n"
        "                      multitap:T puts four T in it, multitap:T,T,T,T one each\n"
        "                      (slots A-D; T as above, no multitap). A savestate loads\n"
        "                      only with the controllers it was made with\n"
        "      --input-script F  drive the controllers from the text file F: lines\n"
        "                      'FRAME PORT STATE', e.g. '120 1 buttons=cross,start lx=ff'\n"
        "                      (README.md, app/cli/input_script.h); a bad line: exit 2\n"
        "      --cpu E         the CPU engine: interpreter (default) or recompiler (x86-64\n"
        "                      builds with xbyak); both give the same state and timing\n"
        "      --lockstep      run the program (or builtin:NAME) under both engines at once\n"
        "                      and compare cycles, CPU state, RAM and the state hash after\n"
        "                      every frame; exit 4 at the first difference\n"
        "      --memcard1 F    a memory card in slot 1 (--memcard2: slot 2): the image F is\n"
        "                      created formatted if missing, written only at a clean exit;\n"
        "                      the game's writes go to F.journal meanwhile. With a multitap\n"
        "                      on the port, --memcard1 is its card slot A and --memcard1b,\n"
        "                      --memcard1c, --memcard1d F (--memcard2b..d) its slots B-D\n"
        "      --render-thread on|off  execute the GPU's drawing on a second thread while\n"
        "                      emulation goes on (default off; identical results)\n"
        "  skipjack-cli info FILE\n"
        "      Describes a PS-EXE (header fields, region marker), a BIOS image or a disc\n"
        "      image (.cue, .chd, .iso, .m3u, raw .bin/.img: tracks, volume id, boot file,\n"
        "      serial).\n"
        "  skipjack-cli bench cpu [--program FILE] [--frames N] [--cpu E]\n"
        "                        [--render-thread on|off] [--matrix]\n"
        "      Runs a CPU-bound program (default: built-in 'bench-cpu') for N frames\n"
        "      (default 600) and prints the result as JSON.\n"
        "  skipjack-cli bench gpu [--program FILE] [--frames N] [--cpu E]\n"
        "                        [--render-thread on|off] [--matrix]\n"
        "      Runs a GPU-heavy program (default: built-in 'bench-gpu') for N frames\n"
        "      (default 600) and prints pixels drawn per second, frames per second, the\n"
        "      emulated speed and the split of host time into emulation and rendering.\n"
        "      --matrix runs the benchmark once per CPU engine and render-thread setting\n"
        "      and prints a JSON array of the results.\n"
        "  skipjack-cli bench frameskip [--program FILE] [--frames N] [--real-time]\n"
        "                              [--workload NAME] [--slowdown X] [--mode M]\n"
        "      For host slowdowns 2, 4, 8, 16 and frame-skip modes off, fixed:1..4, auto,\n"
        "      runs the built-in 'bench-gpu', 'skipjack-demo' and 'bench-rtt' programs (or\n"
        "      FILE) and two synthetic double-buffered GPU scenes for N frames (default 300)\n"
        "      on a simulated host (rendering costs a fixed price per record and pixel\n"
        "      drawn: the figures repeat exactly; --real-time: the real clock, host slowdown\n"
        "      1 included) and\n"
        "      prints, as JSON, the emulated speed (% of real time), presented frames per\n"
        "      second, the mean, p50 and p99 interval between presented frames, the\n"
        "      longest gap, the underruns of the desktop app's audio ring (60 ms target) and,\n"
        "      for bench-rtt (Cross held at known frames) and the demo (d-pad Left), the input\n"
        "      latency: frames and ms from a pad change to the first presented frame showing\n"
        "      it, found by running a branch without the change from an in-memory snapshot\n"
        "      (docs/frameskip.md). Every presented frame must equal the full render of that\n"
        "      frame: one that differs is reported and the bench exits with 4.\n"
        "      --workload, --slowdown and --mode (each repeatable) run only those cells.\n"
        "  skipjack-cli bench savestate [--program FILE] [--frames N]\n"
        "      Quick-save stall (p50/p99), quick-load resume and full-restore times, state\n"
        "      size and rewind memory per minute on the demo (or FILE), as JSON.\n"
        "  skipjack-cli bench scheduler [--frames N]\n"
        "      Host nanoseconds per event schedule + fire with 4 and with 40 pending\n"
        "      events (N x 10000 fires each, default 4 000 000), as JSON.\n"
        "  skipjack-cli bench spu [--frames N]\n"
        "      The SPU alone: 24 voices with pitch modulation, noise and reverb on and a\n"
        "      main volume sweep, for N/60 emulated seconds (default 600: 10 s); prints\n"
        "      emulated audio seconds per host second as JSON.\n"
        "  skipjack-cli bench mdec [--frames N]\n"
        "      MDEC macroblocks decoded per host second (stream in by DMA0, RGB out by\n"
        "      DMA1) at 15 and 24 bits, N frames of 300 macroblocks (default 300), as JSON.\n"
        "  skipjack-cli --help\n"
        "exit codes (run):\n"
        "  the program's exit code   it wrote the debug exit register 1F802082h (or called\n"
        "                            the BIOS exit()/_exit())\n"
        "  0                         the frames ran out\n"
        "  2                         bad usage or input: missing/unreadable file, bad PS-EXE\n"
        "                            header, truncated file, load address outside RAM,\n"
        "                            wrong-size or non-PS1 BIOS image\n"
        "  3                         the program crashed: the HLE BIOS halted on SystemError\n"
        "                            or an unresolved CPU exception, or the CPU is stuck in a\n"
        "                            jump-to-self loop with interrupts disabled\n",
        f);
}

namespace {
bool number(const char* s, long& out) {
    char* end = nullptr;
    long v = std::strtol(s, &end, 10);
    if (!*s || *end || v < 0) return false;
    out = v;
    return true;
}

// --memcard1, --memcard2 (slot A) and --memcard1b..d, --memcard2b..d: port * 4 + multitap
// slot, or -1 for any other option.
int memcardSlot(const std::string& a) {
    const std::string_view prefix = "--memcard";
    if (a.size() < prefix.size() + 1 || a.size() > prefix.size() + 2 ||
        a.compare(0, prefix.size(), prefix) != 0)
        return -1;
    const char port = a[prefix.size()];
    if (port != '1' && port != '2') return -1;
    int slot = 0;
    if (a.size() == prefix.size() + 2) {
        const char s = a.back();
        if (s < 'b' || s > 'd') return -1;
        slot = s - 'a';
    }
    return (port - '1') * 4 + slot;
}
} // namespace

bool parsePadType(const std::string& v, Options& o, unsigned port, std::string& error) {
    using T = core::Controller::Type;
    auto controller = [](const std::string& name, T& t) {
        for (uint8_t i = 0; i < core::Controller::kTypeCount; ++i)
            if (name == core::Controller::typeName(T(i))) {
                t = T(i);
                return true;
            }
        return false;
    };
    const std::string known =
        "digital, dualshock, analog-joystick, mouse, guncon, multitap[:T[,T,T,T]]";
    T t = T::Digital;
    if (controller(v, t)) {
        o.padType[port] = core::Sio0::PadType(t);
        return true;
    }
    if (v.rfind("multitap", 0) != 0 || (v.size() > 8 && v[8] != ':')) {
        error = "needs " + known + ", not '" + v + "'";
        return false;
    }
    o.padType[port] = core::Sio0::PadType::Multitap;
    for (T& slot : o.tapTypes[port])
        slot = T::Digital;
    if (v.size() == 8) return true; // four digital pads
    if (v.size() == 9) {
        error = "multitap: needs a controller type after ':'";
        return false;
    }
    std::vector<std::string> names;
    for (size_t at = 9;;) {
        size_t comma = v.find(',', at);
        names.push_back(v.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    if (names.size() != 1 && names.size() != 4) {
        error = "multitap: takes one controller type or four (slots A-D), not '" + v + "'";
        return false;
    }
    for (unsigned slot = 0; slot < 4; ++slot) {
        const std::string& name = names[names.size() == 1 ? 0 : slot];
        if (!controller(name, o.tapTypes[port][slot])) {
            error = "multitap slot controllers are digital, dualshock, analog-joystick, mouse or "
                    "guncon, not '" +
                    name + "'";
            return false;
        }
    }
    return true;
}

bool parseOptions(int argc, char** argv, Options& o, std::string& error) {
    if (argc < 2) {
        error = "no command given";
        return false;
    }
    o.command = argv[1];
    if (o.command == "--help" || o.command == "-h" || o.command == "help") {
        o.command = "help";
        return true;
    }
    if (o.command != "run" && o.command != "info" && o.command != "bench") {
        error = "unknown command '" + o.command + "'";
        return false;
    }
    int i = 2;
    if (o.command == "bench") {
        if (i >= argc || argv[i][0] == '-') {
            error = "bench needs a benchmark name (cpu, gpu, frameskip, savestate, scheduler, "
                    "spu, mdec)";
            return false;
        }
        o.benchKind = argv[i++];
        if (o.benchKind != "cpu" && o.benchKind != "gpu" && o.benchKind != "frameskip" &&
            o.benchKind != "savestate" && o.benchKind != "scheduler" && o.benchKind != "spu" &&
            o.benchKind != "mdec") {
            error = "unknown benchmark '" + o.benchKind +
                    "' (known: cpu, gpu, frameskip, savestate, scheduler, spu, mdec)";
            return false;
        }
    }
    for (; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&](std::string& dst) {
            if (i + 1 >= argc) {
                error = a + " needs a value";
                return false;
            }
            dst = argv[++i];
            return true;
        };
        if (a == "--help" || a == "-h") {
            o.command = "help";
            return true;
        } else if (a == "--frames") {
            std::string v;
            if (!value(v)) return false;
            if (!number(v.c_str(), o.frames)) {
                error = "--frames needs a non-negative number, not '" + v + "'";
                return false;
            }
        } else if (a == "--bios" && o.command == "run") {
            if (!value(o.bios)) return false;
        } else if (a == "--program" && o.command == "bench") {
            if (!value(o.program)) return false;
        } else if (a == "--tty" && o.command == "run") {
            o.tty = true;
        } else if (a == "--fast-boot" && o.command == "run") {
            o.fastBoot = true;
        } else if (a == "--trace" && o.command == "run") {
            o.trace = true;
        } else if (a == "--frame-hashes" && o.command == "run") {
            o.frameHashes = true;
        } else if (a == "--state-hash" && o.command == "run") {
            o.stateHash = true;
        } else if (a == "--dump-vram" && o.command == "run") {
            if (!value(o.dumpVram)) return false;
        } else if (a == "--screenshot" && o.command == "run") {
            if (!value(o.screenshot)) return false;
        } else if (a == "--dump-audio" && o.command == "run") {
            if (!value(o.dumpAudio)) return false;
        } else if (a == "--frameskip" && o.command == "run") {
            if (!value(o.frameskip)) return false;
            gpu::PacingSettings settings;
            if (!settings.parseMode(o.frameskip, error)) return false;
        } else if (a == "--real-time" && o.command == "bench") {
            o.realTime = true;
        } else if (a == "--workload" && o.benchKind == "frameskip") {
            std::string v;
            if (!value(v)) return false;
            o.benchWorkloads.push_back(v);
        } else if (a == "--mode" && o.benchKind == "frameskip") {
            std::string v;
            if (!value(v)) return false;
            gpu::PacingSettings settings;
            if (!settings.parseMode(v, error)) return false;
            o.benchModes.push_back(v);
        } else if (a == "--slowdown" && o.benchKind == "frameskip") {
            std::string v;
            if (!value(v)) return false;
            char* end = nullptr;
            double x = std::strtod(v.c_str(), &end);
            if (v.empty() || *end || !(x >= 1.0) || x > 1000) {
                error = "--slowdown needs a number from 1 to 1000, not '" + v + "'";
                return false;
            }
            o.benchSlowdowns.push_back(x);
        } else if (a == "--stats" && o.command == "run") {
            if (!value(o.statsFile)) return false;
        } else if (a == "--host-slowdown" && o.command == "run") {
            std::string v;
            if (!value(v)) return false;
            char* end = nullptr;
            o.hostSlowdown = std::strtod(v.c_str(), &end);
            if (v.empty() || *end || !(o.hostSlowdown >= 1.0) || o.hostSlowdown > 1000) {
                error = "--host-slowdown needs a number from 1 to 1000, not '" + v + "'";
                return false;
            }
        } else if (a == "--save-state" && o.command == "run") {
            if (!value(o.saveState)) return false;
        } else if (a == "--load-state" && o.command == "run") {
            if (!value(o.loadState)) return false;
        } else if (int slot = memcardSlot(a); slot >= 0 && o.command == "run") {
            if (!value(o.memcard[slot / 4][slot % 4])) return false;
        } else if (a == "--region" && o.command == "run") {
            std::string v;
            if (!value(v)) return false;
            using R = core::System::ConsoleRegion;
            if (v == "auto")
                o.region = R::Auto;
            else if (v == "ntsc-u")
                o.region = R::NtscU;
            else if (v == "ntsc-j")
                o.region = R::NtscJ;
            else if (v == "pal")
                o.region = R::Pal;
            else {
                error = "--region needs auto, ntsc-u, ntsc-j or pal, not '" + v + "'";
                return false;
            }
        } else if ((a == "--pad1" || a == "--pad2") && o.command == "run") {
            std::string v;
            if (!value(v)) return false;
            std::string why;
            if (!parsePadType(v, o, a == "--pad2" ? 1 : 0, why)) {
                error = a;
                error.append(": ").append(why);
                return false;
            }
        } else if (a == "--input-script" && o.command == "run") {
            if (!value(o.inputScript)) return false;
        } else if (a == "--render-thread" &&
                   (o.command == "run" || o.benchKind == "gpu" || o.benchKind == "cpu")) {
            // Not bench frameskip: its simulated host clock is not shared with a worker.
            std::string v;
            if (!value(v)) return false;
            if (v != "on" && v != "off") {
                error = "--render-thread needs on or off, not '" + v + "'";
                return false;
            }
            o.renderThread = v == "on";
        } else if (a == "--disc-swap-at" && o.command == "run") {
            std::string v;
            if (!value(v)) return false;
            const size_t colon = v.find(':');
            const std::string at = v.substr(0, colon);
            const std::string to = colon == std::string::npos ? "" : v.substr(colon + 1);
            if (!number(at.c_str(), o.discSwapAt) || o.discSwapAt == 0 ||
                (colon != std::string::npos &&
                 (!number(to.c_str(), o.discSwapTo) || o.discSwapTo == 0))) {
                error = "--disc-swap-at needs FRAME or FRAME:DISC (from 1), not '" + v + "'";
                return false;
            }
        } else if (a == "--at-frame" && o.command == "run") {
            std::string v;
            if (!value(v)) return false;
            if (!number(v.c_str(), o.atFrame) || o.atFrame == 0) {
                error = "--at-frame needs a frame number from 1, not '" + v + "'";
                return false;
            }
        } else if (a == "--cpu" && (o.command == "run" || o.command == "bench")) {
            std::string v;
            if (!value(v)) return false;
            if (v != "interpreter" && v != "recompiler") {
                error = "--cpu needs interpreter or recompiler, not '" + v + "'";
                return false;
            }
            o.recompiler = v == "recompiler";
        } else if (a == "--lockstep" && o.command == "run") {
            o.lockstep = true;
        } else if (a == "--matrix" && (o.benchKind == "gpu" || o.benchKind == "cpu")) {
            o.matrix = true;
        } else if (!a.empty() && a[0] == '-') {
            error = "unknown option '" + a + "' for " + o.command;
            return false;
        } else if (o.program.empty() && o.command != "bench") {
            o.program = a;
        } else {
            error = "unexpected argument '" + a + "'";
            return false;
        }
    }
    for (unsigned port = 0; port < 2; ++port)
        for (unsigned slot = 1; slot < 4; ++slot)
            if (!o.memcard[port][slot].empty() &&
                o.padType[port] != core::Sio0::PadType::Multitap) {
                char msg[80];
                std::snprintf(msg, sizeof msg, "--memcard%u%c needs a multitap: --pad%u multitap",
                              port + 1, 'a' + slot, port + 1);
                error = msg;
                return false;
            }
    // Two journals on one image would each merge over the other's writes.
    for (unsigned i = 0; i < 8; ++i)
        for (unsigned j = i + 1; j < 8; ++j) {
            const std::string& a = o.memcard[i / 4][i % 4];
            if (!a.empty() && a == o.memcard[j / 4][j % 4]) {
                error = "the memory card image " + a + " is given for two slots";
                return false;
            }
        }
    if (o.atFrame >= 0 && o.saveState.empty()) {
        error = "--at-frame needs --save-state";
        return false;
    }
    if (o.command == "info" && o.program.empty()) {
        error = "info needs a FILE";
        return false;
    }
    return true;
}

} // namespace cli
