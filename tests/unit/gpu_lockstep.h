#pragma once
// Lockstep runs of the [gpu] frame-skipping tests: the same frames to a GPU without frame
// skipping and to one with it, checking after each what the CPU can observe.
#include <catch2/catch.hpp>

#include "gpu_test_rig.h"

namespace gputest {

// Sends the same frame to both runs and checks everything the CPU can observe.
template <class Scene> void lockstep(PacedRig& ref, PacedRig& run, int frames, Scene scene) {
    for (int k = 0; k < frames; ++k) {
        scene(ref.rig, k);
        scene(run.rig, k);
        REQUIRE(ref.rig.now == run.rig.now);
        REQUIRE(ref.rig.stat() == run.rig.stat());
        REQUIRE(ref.rig.gpu.busyUntil() == run.rig.gpu.busyUntil());
        ref.vblank();
        run.vblank();
        REQUIRE(ref.rig.stat() == run.rig.stat());
        REQUIRE(ref.rig.gpu.framePresented());
        if (run.rig.gpu.framePresented()) {
            INFO("frame " << k);
            REQUIRE(run.image() == ref.image());
        }
    }
}

} // namespace gputest
