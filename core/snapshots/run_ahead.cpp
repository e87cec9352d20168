#include "core/snapshots/run_ahead.h"

#include "core/snapshots/snapshot_manager.h"
#include "core/system.h"
#include "gpu/gpu.h"

namespace core {

void RunAhead::runFrame(unsigned ahead, std::vector<uint8_t>& rgba, uint32_t& width,
                        uint32_t& height) {
    system_.runFrame();
    if (ahead == 0 || system_.exited()) {
        system_.gpu().scanout(rgba, width, height);
        return;
    }
    SnapshotManager& mgr = system_.snapshots();
    SnapshotRef real = mgr.capture();
    // The frames below are taken back: their memory card writes never reach the disk. `real`
    // was captured before, so its card position is one endSpeculation() keeps and puts back:
    // the restore finds the card there and writes no head-move record.
    system_.beginSpeculation();
    for (unsigned i = 0; i < ahead && !system_.exited(); ++i)
        system_.runFrame();
    system_.gpu().scanout(rgba, width, height);
    system_.endSpeculation();
    mgr.restore(real);
}

} // namespace core
