// `skipjack-cli run --lockstep`: the same program on two machines, one with the interpreter
// and one with the recompiler, compared after every frame: the cycle counter, the CPU's whole
// state (registers, load delay, COP0, i-cache), main RAM and the hash of the full machine
// state (devices, VRAM, sound RAM). The first difference ends the run with exit code 4 and a
// description; otherwise the run ends as `run` does (the program's exit code), so test
// programs check themselves under the recompiler at the same time.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "app/cli/common.h"
#include "app/cli/input_script.h"
#include "app/cli/run_host.h"
#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/recompiler.h"
#include "core/scheduler.h"
#include "core/system.h"

namespace cli {

namespace {
constexpr int kExitDiverged = 4;

bool prepare(core::System& system, Options o, bool recompiler) {
    o.recompiler = recompiler;
    const std::string builtin = "builtin:";
    if (o.program.rfind(builtin, 0) == 0) {
        const std::string name = o.program.substr(builtin.size());
        return prepareSystem(system, o, "", name.c_str());
    }
    return prepareSystem(system, o, o.program, "skipjack-demo");
}

// Describes the first difference between the two machines, or returns false.
bool differs(core::System& a, core::System& b, std::string& what) {
    char msg[160];
    if (a.scheduler().now() != b.scheduler().now()) {
        std::snprintf(msg, sizeof msg, "cycles %llu (interpreter) vs %llu (recompiler)",
                      static_cast<unsigned long long>(a.scheduler().now()),
                      static_cast<unsigned long long>(b.scheduler().now()));
        what = msg;
        return true;
    }
    const core::Cpu::State& sa = a.cpu().state();
    const core::Cpu::State& sb = b.cpu().state();
    if (std::memcmp(&sa, &sb, sizeof sa) != 0) {
        for (unsigned r = 0; r < 32; ++r)
            if (sa.regs[r] != sb.regs[r]) {
                std::snprintf(msg, sizeof msg, "CPU r%u %08X vs %08X (pc %08X vs %08X)", r,
                              sa.regs[r], sb.regs[r], sa.pc, sb.pc);
                what = msg;
                return true;
            }
        const auto* pa = reinterpret_cast<const uint8_t*>(&sa);
        const auto* pb = reinterpret_cast<const uint8_t*>(&sb);
        size_t at = 0;
        while (pa[at] == pb[at])
            ++at;
        std::snprintf(msg, sizeof msg, "CPU state byte %zu (pc %08X vs %08X)", at, sa.pc, sb.pc);
        what = msg;
        return true;
    }
    if (std::memcmp(a.bus().ram(), b.bus().ram(), core::Bus::kRamSize) != 0) {
        size_t at = 0;
        while (a.bus().ram()[at] == b.bus().ram()[at])
            ++at;
        std::snprintf(msg, sizeof msg, "RAM at %06zX", at);
        what = msg;
        return true;
    }
    const uint64_t ha = a.stateHash(), hb = b.stateHash();
    if (ha != hb) {
        const std::vector<uint8_t> xa = a.saveState(), xb = b.saveState();
        size_t at = 0;
        while (at < xa.size() && at < xb.size() && xa[at] == xb[at])
            ++at;
        std::snprintf(msg, sizeof msg, "state hash %016llx vs %016llx (sizes %zu, %zu; byte %zu)",
                      static_cast<unsigned long long>(ha), static_cast<unsigned long long>(hb),
                      xa.size(), xb.size(), at);
        if (std::getenv("SKIPJACK_LOCKSTEP_DUMP")) {
            for (const auto* x : {&xa, &xb}) {
                for (size_t i = at > 24 ? at - 24 : 0; i < at + 24 && i < x->size(); ++i)
                    std::fprintf(stderr, "%02x%c", (*x)[i], i == at ? '*' : ' ');
                std::fprintf(stderr, "\n");
            }
        }
        what = msg;
        return true;
    }
    return false;
}
} // namespace

int lockstepCommand(const Options& o) {
    if (!core::Cpu::recompilerAvailable()) {
        std::fprintf(stderr, "skipjack-cli: --lockstep: this build has no recompiler\n");
        return kExitBadInput;
    }
    core::System a, b;
    RunHost hostA(o.tty, a.gpu()), hostB(false, b.gpu());
    a.setHost(&hostA);
    b.setHost(&hostB);
    a.setTtyCapture(o.tty);
    b.setTtyCapture(o.tty);
    // SKIPJACK_LOCKSTEP_SELF=1: the interpreter on both sides (checks the comparison itself).
    const bool self = std::getenv("SKIPJACK_LOCKSTEP_SELF") != nullptr;
    if (!prepare(a, o, false) || !prepare(b, o, !self)) return kExitBadInput;
    for (core::System* s : {&a, &b})
        for (unsigned port = 0; port < 2; ++port) {
            s->sio0().setPadType(port, o.padType[port]);
            for (unsigned slot = 0; slot < 4; ++slot)
                s->sio0().setTapPadType(port, slot, o.tapTypes[port][slot]);
        }
    InputScript script;
    if (std::string error; !o.inputScript.empty() && !script.load(o.inputScript, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return kExitBadInput;
    }
    if (!o.inputScript.empty()) {
        hostA.setInputScript(&script);
        hostB.setInputScript(&script);
    }
    const long frames = o.frames < 0 ? 600 : o.frames;
    long f = 0;
    int result = kExitOk;
    for (; f < frames; ++f) {
        script.startFrame(f);
        a.runFrame();
        b.runFrame();
        std::string what;
        if (differs(a, b, what)) {
            std::fflush(stdout);
            std::fprintf(stderr, "skipjack-cli: lockstep: the engines differ after frame %ld: %s\n",
                         f + 1, what.c_str());
            return kExitDiverged;
        }
        if (a.exited() != b.exited() || a.exitCode() != b.exitCode()) {
            std::fprintf(stderr, "skipjack-cli: lockstep: only one engine exited (frame %ld)\n",
                         f + 1);
            return kExitDiverged;
        }
        if (a.exited()) {
            result = a.exitCode();
            ++f;
            break;
        }
        if (crashed(a)) {
            result = kExitCrashed;
            ++f;
            break;
        }
    }
    std::fflush(stdout);
    std::fprintf(stderr,
                 "skipjack-cli: lockstep: %ld frames identical, %llu cycles, %llu instructions\n",
                 f, static_cast<unsigned long long>(a.scheduler().now()),
                 static_cast<unsigned long long>(a.cpu().instructionCount()));
    return result;
}

} // namespace cli
