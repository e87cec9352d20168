#pragma once
// How long the drive takes to move its head (cdromdrive.md "CDROM - Response Timings": "The
// seek timings are still unknown, and they are probably quite complicated ... coarse steps
// (eg. minutes) and fine steps (eg. seconds/sectors)"). The reference gives no figures, so this
// model follows measurements on real drives published with DuckStation (facts only, our own
// code): the number of sectors on one turn of the spiral grows towards the outside; a short
// forward move just waits for the sector to come round; a short backward move jumps one turn
// back and waits; moves under 7200 sectors (1.6 minutes) use the lens only (50 ms or 100 ms);
// longer ones move the sled (50 ms up to about 900 ms for the whole disc).
// All integer arithmetic: the result is emulated state and must not depend on the host's libm.
#include <cstdint>

#include "core/scheduler.h"

namespace core::cdrom {

// Sectors on one turn of the spiral at `lba` (measured per minute of disc time; minutes past
// 71 use the 71-minute figure as the drive's firmware does).
uint32_t sectorsPerTurn(uint32_t lba);

// log2(x) in 16.16 fixed point (x >= 1), exact to the last bit on every host.
uint32_t log2Q16(uint32_t x);

// Cycles from the head at `from` to reading position `to` with the motor already spinning
// (spin-up is added by the caller). `sector` is one sector's time at the current speed.
Cycles seekCycles(uint32_t from, uint32_t to, Cycles sector);

} // namespace core::cdrom
