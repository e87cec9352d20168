#include "app/cli/common.h"

#include <cstdio>
#include <fstream>
#include <iterator>

#include "app/cli/info_disc.h"
#include "assets/embedded.h"
#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/hle_bios.h"
#include "core/irq.h"
#include "core/system.h"

namespace cli {

bool readFile(const std::string& path, std::vector<uint8_t>& out, std::string& error) {
    std::ifstream f(path, std::ios::binary);
    if (!f) {
        error = "cannot open " + path;
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(f), {});
    if (f.bad()) {
        error = "cannot read " + path;
        return false;
    }
    return true;
}

bool prepareSystem(core::System& system, const Options& o, const std::string& program,
                   const char* embeddedName) {
    std::string error;
    if (o.recompiler && !system.cpu().setEngine(core::Cpu::Engine::kRecompiler)) {
        std::fprintf(stderr, "skipjack-cli: --cpu recompiler: this build has no recompiler "
                             "(it needs x86-64 and xbyak)\n");
        return false;
    }
    system.gpu().setRenderThread(o.renderThread);
    if (!o.bios.empty()) {
        std::vector<uint8_t> bios;
        if (!readFile(o.bios, bios, error) || !system.loadBios(bios, error)) {
            std::fprintf(stderr, "skipjack-cli: %s: %s\n", o.bios.c_str(), error.c_str());
            return false;
        }
    }
    if (!program.empty() && looksLikeDiscImage(program)) {
        system.setConsoleRegion(o.region);
        system.setFastBoot(o.fastBoot);
        if (!system.bootDisc(program, error)) {
            std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
            return false;
        }
        return true;
    }
    std::vector<uint8_t> file;
    std::span<const uint8_t> data;
    std::string name = program;
    if (!program.empty()) {
        if (!readFile(program, file, error)) {
            std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
            return false;
        }
        data = file;
    } else {
        data = assets::embeddedProgram(embeddedName);
        name = std::string("built-in ") + embeddedName;
        if (data.empty()) {
            auto names = assets::embeddedProgramNames();
            if (std::string(embeddedName) != "skipjack-demo" || names.empty()) {
                std::fprintf(stderr,
                             "skipjack-cli: the built-in program '%s' is not in this "
                             "build\n",
                             embeddedName);
                return false;
            }
            data = assets::embeddedProgram(names.front());
            name = "built-in " + std::string(names.front());
        }
    }
    if (!system.loadExe(data, error)) {
        std::fprintf(stderr, "skipjack-cli: %s: %s\n", name.c_str(), error.c_str());
        return false;
    }
    return true;
}

bool crashed(core::System& system) {
    core::Cpu& cpu = system.cpu();
    uint32_t pc = cpu.pc();
    if (system.hleBios() && pc == core::HleBios::kSystemErrorLoop) return true;
    // A jump or branch to itself with interrupts off never ends.
    namespace mips = core::mips;
    const mips::Instruction in{system.bus().read(pc, 4)};
    system.bus().takeBusError();
    const mips::Mnemonic m = mips::decode(in);
    bool selfLoop =
        (m == mips::Mnemonic::kBeq && in.rs() == in.rt() && in.branchTarget(pc) == pc) ||
        (m == mips::Mnemonic::kJ && in.jumpTarget(pc) == pc);
    uint32_t sr = cpu.cop0(mips::cop0::kSr);
    bool irqsOff =
        !(sr & mips::sr::kIEc) || !(sr & mips::sr::kImIrq) || system.irq().state().mask == 0;
    return selfLoop && irqsOff;
}

} // namespace cli
