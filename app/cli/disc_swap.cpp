#include "app/cli/disc_swap.h"

#include <cstdio>

#include "app/cli/options.h"
#include "core/disc/open_disc.h"

namespace cli {

bool DiscSwap::start(core::System& system, const Options& o, std::string& error) {
    if (o.discSwapAt < 0) return true;
    core::disc::DiscSet* set = system.discs();
    if (!set || set->size() < 2) {
        error = "--disc-swap-at needs a game of several discs (an .m3u playlist)";
        return false;
    }
    if (o.discSwapTo > long(set->size())) {
        error = "--disc-swap-at: the playlist has " + std::to_string(set->size()) + " discs, not " +
                std::to_string(o.discSwapTo);
        return false;
    }
    disc_ = o.discSwapTo > 0 ? size_t(o.discSwapTo - 1) : (set->currentIndex() + 1) % set->size();
    openAt_ = o.discSwapAt;
    return true;
}

void DiscSwap::afterFrame(core::System& system, long framesRun) {
    if (openAt_ < 0) return;
    if (framesRun == openAt_ && system.openLid()) {
        std::printf("disc swap: lid opened after frame %ld\n", framesRun);
    } else if (framesRun == openAt_ + kLidOpenFrames && system.closeLid(disc_)) {
        std::printf("disc swap: disc %zu (%s) in, lid closed after frame %ld\n", disc_ + 1,
                    system.discs()->current().path().c_str(), framesRun);
    }
}

} // namespace cli
