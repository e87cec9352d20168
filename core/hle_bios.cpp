// PLACEHOLDER: the BIOS helper replaces this file.
#include "core/hle_bios.h"

namespace core {
void HleBios::install() {}
bool HleBios::trap(uint32_t, uint32_t) {
    return false;
}
void HleBios::serialize(savestate::StateIO& io) {
    io.beginSection("hlebios", 1);
    io.endSection();
}
} // namespace core
