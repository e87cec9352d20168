#include "core/snapshots/game_id.h"

#include <cstdio>

#include "savestate/state_io.h"

namespace core {

std::string exeGameId(std::span<const uint8_t> exeFile) {
    char buf[32];
    std::snprintf(
        buf, sizeof buf, "exe:%016llx",
        static_cast<unsigned long long>(savestate::hash64(exeFile.data(), exeFile.size())));
    return buf;
}

} // namespace core
