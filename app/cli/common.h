#pragma once
// Shared helpers for the skipjack-cli commands.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "app/cli/options.h"

namespace core {
class System;
}

namespace cli {

bool readFile(const std::string& path, std::vector<uint8_t>& out, std::string& error);
// Loads the BIOS (when given) and the program into `system`; `program` empty selects the
// built-in demo (or the first built-in program). Prints the error and returns false.
bool prepareSystem(core::System& system, const Options& o, const std::string& program,
                   const char* fallbackEmbedded);
// True when the program can no longer make progress (see --help, exit code 3).
bool crashed(core::System& system);

int runCommand(const Options& o);
int infoCommand(const Options& o);
int benchCommand(const Options& o);
int benchGpuCommand(const Options& o);       // bench_gpu.cpp
int benchSchedulerCommand(const Options& o); // bench_scheduler.cpp
int benchSpuCommand(const Options& o);       // bench_spu.cpp
int benchMdecCommand(const Options& o);      // bench_mdec.cpp
int lockstepCommand(const Options& o);       // lockstep.cpp (run --lockstep)

} // namespace cli
