#pragma once
// What crosses from the emulation thread to the GUI thread: the latest displayed image
// (FrameMailbox) and per-frame timing (FrameTimeline). Each is guarded by its own mutex,
// held only for a copy.
#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

#include "gpu/frame_stats.h"

namespace app {

inline int64_t hostNowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// NTSC field rate 60000/1001 Hz.
constexpr double kNtscHz = 60000.0 / 1001.0;
constexpr int64_t kNtscFrameNs = 1'000'000'000LL * 1001 / 60000;

struct DisplayFrame {
    std::vector<uint8_t> rgba; // width*height*4 bytes, RGBA8
    uint32_t width = 0;
    uint32_t height = 0;
    bool displayOn = false; // false: the GPU's display is off (shown as black)
    uint64_t frame = 0;     // emulated frame number (System::frameCount)
    uint64_t serial = 0;    // increments with every publish
};

class FrameMailbox {
  public:
    // Swaps `frame` in (the caller gets the previous buffer back to reuse).
    void publish(DisplayFrame& frame) {
        std::lock_guard lock(m_);
        frame.serial = latest_.serial + 1;
        std::swap(frame, latest_);
    }
    // Calls fn(latest) under the lock when a frame newer than `seen` exists.
    template <typename Fn> bool consume(uint64_t& seen, Fn&& fn) {
        std::lock_guard lock(m_);
        if (latest_.serial == seen) return false;
        seen = latest_.serial;
        fn(static_cast<const DisplayFrame&>(latest_));
        return true;
    }
    DisplayFrame copyLatest() const {
        std::lock_guard lock(m_);
        return latest_;
    }
    void clear() {
        std::lock_guard lock(m_);
        const uint64_t serial = latest_.serial + 1;
        latest_ = DisplayFrame{};
        latest_.serial = serial;
    }

  private:
    mutable std::mutex m_;
    DisplayFrame latest_;
};

// How the GPU produced a frame (DESIGN.md §3): Full frames are rendered and presented; on a
// Partial frame display-buffer drawing is deferred and the presenter repeats the last
// presented image.
enum class FrameDecision : uint8_t { Full, Partial };

struct FrameRecord {
    uint64_t frame = 0;
    float emuMs = 0;    // host time in System::runFrame
    float renderMs = 0; // host time to scan out and present the frame (0 until presented)
    FrameDecision decision = FrameDecision::Full;
    bool presented = false; // the presenter put this frame on screen (the timeline's marks)
};

class FrameTimeline {
  public:
    static constexpr int kCapacity = 512;

    void recordEmulated(uint64_t frame, float emuMs, float scanoutMs, FrameDecision decision,
                        int64_t hostNs);
    void recordPresented(uint64_t frame, float presentMs, int64_t hostNs);
    // The pacing record of the newest frame (what skipjack-cli --stats writes) and the
    // evaluator's learned die ratio.
    void recordPacing(const gpu::FrameStats& stats, double dieRatio);
    void clear();

    struct Pacing {
        bool valid = false;
        gpu::FrameStats last;
        double dieRatio = 0;
        uint64_t partialFrames = 0; // since the session started
        uint64_t frames = 0;
    };
    Pacing pacing() const;

    struct Snapshot {
        std::vector<FrameRecord> frames; // oldest first
        double internalFps = 0;          // emulated frames per host second (last second)
        double presentedFps = 0;         // distinct frames presented per host second
        double speedPercent = 0;         // internalFps against NTSC 59.94 Hz
        // The longest interval between two consecutive presents of the last kGapWindowNs:
        // the stutter a player sees (an even 1-in-2 rhythm gives 33 ms).
        double longestGapMs = 0;
    };
    static constexpr int64_t kGapWindowNs = 5'000'000'000;
    Snapshot snapshot(int count, int64_t nowNs) const;
    // Only the rates (cheap, for the status bar).
    Snapshot rates(int64_t nowNs) const { return snapshot(0, nowNs); }

  private:
    static double rate(const std::array<int64_t, kCapacity>& stamps, uint64_t count, int64_t nowNs);
    double longestGapMs(int64_t nowNs) const; // with m_ held

    mutable std::mutex m_;
    std::array<FrameRecord, kCapacity> records_{};
    uint64_t recordCount_ = 0;
    std::array<int64_t, kCapacity> emuStamps_{};
    uint64_t emuStampCount_ = 0;
    std::array<int64_t, kCapacity> presentStamps_{};
    uint64_t presentStampCount_ = 0;
    Pacing pacing_;
};

} // namespace app
