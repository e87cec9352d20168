#include "frame_timeline.h"

#include <algorithm>

namespace app {

void FrameTimeline::recordEmulated(uint64_t frame, float emuMs, float scanoutMs,
                                   FrameDecision decision, int64_t hostNs) {
    std::lock_guard lock(m_);
    FrameRecord& r = records_[recordCount_ % kCapacity];
    r.frame = frame;
    r.emuMs = emuMs;
    r.renderMs = scanoutMs;
    r.decision = decision;
    ++recordCount_;
    emuStamps_[emuStampCount_++ % kCapacity] = hostNs;
}

void FrameTimeline::recordPresented(uint64_t frame, float presentMs, int64_t hostNs) {
    std::lock_guard lock(m_);
    // The frame's record is still in the ring unless the GUI fell more than a ring behind.
    for (uint64_t i = 0; i < std::min<uint64_t>(recordCount_, 8); ++i) {
        FrameRecord& r = records_[(recordCount_ - 1 - i) % kCapacity];
        if (r.frame == frame) {
            r.renderMs += presentMs;
            r.presented = true;
            break;
        }
    }
    presentStamps_[presentStampCount_++ % kCapacity] = hostNs;
}

void FrameTimeline::recordPacing(const gpu::FrameStats& stats, double dieRatio) {
    std::lock_guard lock(m_);
    pacing_.valid = true;
    pacing_.last = stats;
    pacing_.dieRatio = dieRatio;
    ++pacing_.frames;
    if (!stats.presented) ++pacing_.partialFrames;
}

FrameTimeline::Pacing FrameTimeline::pacing() const {
    std::lock_guard lock(m_);
    return pacing_;
}

void FrameTimeline::clear() {
    std::lock_guard lock(m_);
    recordCount_ = emuStampCount_ = presentStampCount_ = 0;
    pacing_ = Pacing{};
}

double FrameTimeline::rate(const std::array<int64_t, kCapacity>& stamps, uint64_t count,
                           int64_t nowNs) {
    const int64_t window = 1'000'000'000;
    const uint64_t avail = std::min<uint64_t>(count, kCapacity);
    uint64_t n = 0;
    int64_t oldest = 0, newest = 0;
    for (uint64_t i = 0; i < avail; ++i) {
        const int64_t t = stamps[(count - 1 - i) % kCapacity];
        if (nowNs - t > window) break;
        if (n == 0) newest = t;
        oldest = t;
        ++n;
    }
    // Mean interval between the events of the last second; none for half a second (paused,
    // stalled) reads as zero.
    if (n < 2 || newest <= oldest || nowNs - newest > window / 2) return 0;
    return static_cast<double>(n - 1) * 1e9 / static_cast<double>(newest - oldest);
}

double FrameTimeline::longestGapMs(int64_t nowNs) const {
    const uint64_t avail = std::min<uint64_t>(presentStampCount_, kCapacity);
    int64_t longest = 0;
    // Newest first, over consecutive pairs whose later present lies in the window.
    for (uint64_t i = 0; i + 1 < avail; ++i) {
        const int64_t later = presentStamps_[(presentStampCount_ - 1 - i) % kCapacity];
        if (nowNs - later > kGapWindowNs) break;
        const int64_t earlier = presentStamps_[(presentStampCount_ - 2 - i) % kCapacity];
        longest = std::max(longest, later - earlier);
    }
    return static_cast<double>(longest) / 1e6;
}

FrameTimeline::Snapshot FrameTimeline::snapshot(int count, int64_t nowNs) const {
    std::lock_guard lock(m_);
    Snapshot s;
    const uint64_t n = std::min<uint64_t>({static_cast<uint64_t>(std::max(count, 0)), recordCount_,
                                           static_cast<uint64_t>(kCapacity)});
    s.frames.reserve(n);
    for (uint64_t i = recordCount_ - n; i < recordCount_; ++i)
        s.frames.push_back(records_[i % kCapacity]);
    s.internalFps = rate(emuStamps_, emuStampCount_, nowNs);
    s.presentedFps = rate(presentStamps_, presentStampCount_, nowNs);
    s.speedPercent = s.internalFps / kNtscHz * 100.0;
    s.longestGapMs = longestGapMs(nowNs);
    return s;
}

} // namespace app
