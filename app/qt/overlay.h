#pragma once
// The frame-timing overlay, painted with QPainter into a premultiplied QImage that the
// presenter draws as a second texture: per-frame emulation and render time against the
// NTSC frame budget, coloured by the frame's pacing decision, the frames the presenter put on
// screen marked above the bars (the rhythm a player sees), with speed, internal and presented
// FPS, the longest recent gap between presented frames, audio buffer fill and underruns, and
// the pacing tuning panel.
#include <QImage>
#include <QString>

#include "frame_timeline.h"
#include "gpu/pacing_evaluator.h"

namespace app {

struct OverlayInfo {
    FrameTimeline::Snapshot timeline;
    double audioFillMs = 0;
    double audioTargetMs = 0;
    bool audioOpen = false;
    uint64_t audioUnderruns = 0;  // since the device was opened (AudioRing::underruns)
    FrameTimeline::Pacing pacing; // the newest frame's pacing record
    gpu::PacingSettings settings; // what the tuning panel set
    double hostSlowdown = 1.0;
    bool paused = false;
    bool fastForward = false;
};

class TimingOverlay {
  public:
    static constexpr int kFrames = 300; // frames in the graph
    // Logical size of the overlay panel (device pixels = this * dpr).
    static QSize panelSize() { return {640, 310}; }
    // Paints the panel, no larger than `maxPixels`.
    QImage paint(const OverlayInfo& info, QSize maxPixels, qreal dpr) const;
};

} // namespace app
