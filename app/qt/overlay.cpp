#include "overlay.h"

#include <QFont>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

#include "settings.h"

namespace app {

namespace {
QColor decisionColor(FrameDecision d) {
    switch (d) {
    case FrameDecision::Full: return QColor(80, 200, 120);
    case FrameDecision::Partial: return QColor(240, 180, 40);
    }
    return Qt::white;
}
} // namespace

QImage TimingOverlay::paint(const OverlayInfo& info, QSize maxPixels, qreal dpr) const {
    // dpr is the device pixel ratio of the target: painting uses logical coordinates.
    const QSize logical = panelSize();
    // In a window narrower than the panel, the whole panel is drawn smaller (painting in
    // logical coordinates, scaled) rather than cut off.
    const qreal fit = std::min<qreal>(1.0, maxPixels.width() / (logical.width() * dpr));
    const qreal scale = dpr * fit;
    QSize pixels(int(logical.width() * scale), int(logical.height() * scale));
    pixels = pixels.boundedTo(maxPixels);
    if (pixels.width() < 16 || pixels.height() < 16) return {};
    QImage img(pixels, QImage::Format_RGBA8888_Premultiplied);
    img.setDevicePixelRatio(dpr);
    img.fill(Qt::transparent);
    QPainter p(&img);
    p.scale(fit, fit);
    p.setRenderHint(QPainter::Antialiasing, false);
    const QRectF area(0, 0, logical.width(), logical.height());
    p.fillRect(area, QColor(0, 0, 0, 190));
    p.setPen(QColor(255, 255, 255, 60));
    p.drawRect(area.adjusted(0, 0, -1, -1));

    QFont font = p.font();
    font.setPixelSize(12);
    p.setFont(font);
    const QFontMetrics fm(font);
    const int line = fm.height();

    // Graph: emulation time (decision colour) with render time stacked on top (grey), the
    // budget line at one NTSC frame, the scale running to two budgets.
    const QRectF graph(8, 8, 330, logical.height() - 16 - line);
    p.fillRect(graph, QColor(20, 20, 30, 200));
    const double budgetMs = 1000.0 / kNtscHz;
    const double topMs = budgetMs * 2.0;
    auto yFor = [&](double ms) {
        return graph.bottom() - std::min(ms / topMs, 1.0) * graph.height();
    };
    const auto& frames = info.timeline.frames;
    const double barW = graph.width() / kFrames;
    // The rhythm strip along the top of the graph: one mark per frame the presenter showed.
    const double markH = 6;
    const QColor markColor(255, 255, 255);
    const int first = std::max(0, int(frames.size()) - kFrames);
    for (int i = first; i < int(frames.size()); ++i) {
        const FrameRecord& r = frames[i];
        const double x =
            graph.left() + (i - first + (kFrames - (int(frames.size()) - first))) * barW;
        const double yEmu = yFor(r.emuMs);
        const double yTotal = yFor(r.emuMs + r.renderMs);
        p.fillRect(QRectF(x, yEmu, std::max(barW, 1.0), graph.bottom() - yEmu),
                   decisionColor(r.decision));
        p.fillRect(QRectF(x, yTotal, std::max(barW, 1.0), yEmu - yTotal), QColor(200, 200, 220));
        if (r.presented) p.fillRect(QRectF(x, graph.top(), std::max(barW, 1.0), markH), markColor);
    }
    QPen budgetPen(QColor(255, 80, 80), 1, Qt::DashLine);
    p.setPen(budgetPen);
    p.drawLine(QPointF(graph.left(), yFor(budgetMs)), QPointF(graph.right(), yFor(budgetMs)));
    p.setPen(QColor(255, 120, 120));
    p.drawText(QPointF(graph.left() + 3, yFor(budgetMs) - 3),
               QString("budget %1 ms").arg(budgetMs, 0, 'f', 2));

    // Legend under the graph.
    double lx = graph.left();
    const double ly = graph.bottom() + 2;
    auto legend = [&](const QColor& c, const QString& text) {
        p.fillRect(QRectF(lx, ly + 3, 9, 9), c);
        p.setPen(Qt::white);
        p.drawText(QRectF(lx + 12, ly, 200, line), Qt::AlignLeft | Qt::AlignVCenter, text);
        lx += 12 + fm.horizontalAdvance(text) + 10;
    };
    legend(decisionColor(FrameDecision::Full), "full");
    legend(decisionColor(FrameDecision::Partial), "partial (repeated)");
    legend(QColor(200, 200, 220), "render");
    legend(markColor, "shown");

    // Figures.
    const double x0 = graph.right() + 12;
    double y = graph.top() + line;
    auto text = [&](const QString& s, const QColor& c = Qt::white) {
        p.setPen(c);
        p.drawText(QPointF(x0, y),
                   fm.elidedText(s, Qt::ElideRight, int(logical.width() - x0 - 10)));
        y += line + 2;
    };
    const auto& t = info.timeline;
    const gpu::FrameStats& st = info.pacing.last;
    QString state = info.paused ? " (paused)" : info.fastForward ? " (fast-forward)" : "";
    text(QString("Speed %1 %%2").arg(t.speedPercent, 0, 'f', 1).arg(state));
    text(QString("FPS internal %1, presented %2")
             .arg(t.internalFps, 0, 'f', 1)
             .arg(t.presentedFps, 0, 'f', 1));
    text(QString("Longest gap %1 ms (last %2 s)")
             .arg(t.longestGapMs, 0, 'f', 1)
             .arg(FrameTimeline::kGapWindowNs / 1'000'000'000));
    if (!frames.empty()) {
        const FrameRecord& last = frames.back();
        text(QString("Emulate %1 ms, render %2 ms")
                 .arg(last.emuMs, 0, 'f', 2)
                 .arg(last.renderMs, 0, 'f', 2));
    }
    if (info.audioOpen)
        text(QString("Audio %1 / %2 ms, %3 underruns")
                 .arg(info.audioFillMs, 0, 'f', 0)
                 .arg(info.audioTargetMs, 0, 'f', 0)
                 .arg(info.audioUnderruns),
             info.audioUnderruns ? QColor(255, 160, 120) : QColor(Qt::white));
    else
        text("Audio off");
    if (info.pacing.valid) {
        const FrameDecision d = st.presented ? FrameDecision::Full : FrameDecision::Partial;
        // The decision in its graph colour; the reason in full on its own line.
        text(QString("Frame %1: %2")
                 .arg(st.frame)
                 .arg(st.presented ? "full" : "partial, image repeated"),
             decisionColor(d));
        text(QString("  why: %1").arg(gpu::reasonName(st.reason)), decisionColor(d));
        text(QString("Predicted %1 ms, saving %2 ms")
                 .arg(st.predictedRenderUs / 1000.0, 0, 'f', 2)
                 .arg(st.predictedSavingUs / 1000.0, 0, 'f', 2));
        text(QString("Records %1 run/%2 deferred/%3 late/%4 died")
                 .arg(st.recordsExecuted)
                 .arg(st.recordsDeferred)
                 .arg(st.recordsExecutedLate)
                 .arg(st.recordsDied));
        text(QString("Pixels %1 drawn, %2 saved").arg(st.pixelsDrawn).arg(st.pixelsSaved));
        text(QString("Partial %1 of %2 frames")
                 .arg(info.pacing.partialFrames)
                 .arg(info.pacing.frames));
    }

    // Tuning panel: the evaluator's settings (changed live in View > Frame pacing).
    y += 2;
    const QRectF tune(x0 - 4, y - line, logical.width() - x0 - 4, logical.height() - y + line - 8);
    p.setPen(QColor(255, 255, 255, 90));
    p.drawRect(tune);
    y += 2;
    const gpu::PacingSettings& ps = info.settings;
    text("Pacing: " + pacingModeText(ps) +
             (info.hostSlowdown > 1.0 ? QString(", host slowdown %1x").arg(info.hostSlowdown)
                                      : QString()),
         QColor(160, 200, 255));
    text(QString("Max partial %1, headroom %2, debt limit %3")
             .arg(ps.maxConsecutivePartial)
             .arg(ps.headroom, 0, 'f', 2)
             .arg(ps.debtLimitFrames, 0, 'f', 1),
         QColor(200, 200, 200));
    if (info.pacing.valid)
        text(QString("Debt %1 ms, die ratio %2")
                 .arg(st.debtUs / 1000.0, 0, 'f', 2)
                 .arg(info.pacing.dieRatio, 0, 'f', 2),
             QColor(200, 200, 200));
    text("Tune: View > Frame pacing (F4)", QColor(150, 150, 150));
    p.end();
    return img;
}

} // namespace app
