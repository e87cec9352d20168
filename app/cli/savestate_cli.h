#pragma once
// skipjack-cli savestate options (--load-state, --save-state, --at-frame) and
// `skipjack-cli bench savestate`.
#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/options.h"

namespace core {
class System;
}

namespace cli {

// After the program is loaded: --memcard1/2 (journal-backed cards), then --load-state FILE
// (verified first; a refused file leaves the machine as it was). Prints the error and returns
// false.
bool loadStateOption(core::System& system, const Options& o);
// After each frame (`framesRun` frames so far): --save-state FILE at --at-frame N (default: the
// last frame). The capture stalls only the quiesce point; a worker writes the file.
void saveStateOption(core::System& system, const Options& o, long framesRun, bool last);
// Waits for the background write and closes the memory cards (merging their journals);
// false (with a message) if either failed.
bool finishSaveStateOption(core::System& system, const Options& o);

int benchSavestateCommand(const Options& o);
// `info` of a state file: header fields, and whether the whole file checks out.
int describeStateFile(const std::string& path, const std::vector<uint8_t>& file);

} // namespace cli
