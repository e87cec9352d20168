#pragma once
// `skipjack-cli run GAME.m3u --disc-swap-at N[:DISC]`: a player changing discs. After frame N
// the lid opens (the drive stops, INT5 08h, stat.4 ShellOpen: cdromdrive.md "Status code");
// the disc stays out for kLidOpenFrames frames of emulated time, then the next disc of the
// set (or disc DISC, counted from 1) goes in and the lid closes: the drive spins up and reads
// the TOC, and stat.4 stays set until a Getstat reads it. Frames, not host time: the swap is
// part of the emulated run and repeats exactly.
#include <string>

#include "core/system.h"

namespace cli {

struct Options;

class DiscSwap {
  public:
    // About one second with the lid open (a quick hand; the drive only needs to see it open).
    static constexpr long kLidOpenFrames = 60;

    // Checks the option against the booted game (an .m3u with that disc); false with a
    // message otherwise. Nothing to do when the option is absent.
    bool start(core::System& system, const Options& o, std::string& error);
    // After each frame (framesRun counts from 1).
    void afterFrame(core::System& system, long framesRun);

  private:
    long openAt_ = -1; // after this frame the lid opens; closes kLidOpenFrames later
    size_t disc_ = 0;  // index in the set of the disc that goes in
};

} // namespace cli
