#pragma once
// The Vulkan presenter: a QVulkanWindow (embedded in the main window with
// QWidget::createWindowContainer) whose renderer uploads the latest emulated frame as a
// texture and draws it with the shaders in shaders/ (nearest, bilinear or sharp bilinear),
// then the timing overlay as a second, alpha-blended texture.
#include <QImage>
#include <QVulkanWindow>
#include <atomic>
#include <functional>

#include "frame_timeline.h"
#include "viewport.h"

namespace app {

class PresenterWindow : public QVulkanWindow {
    Q_OBJECT
  public:
    PresenterWindow(FrameMailbox& mailbox, FrameTimeline& timeline);
    QVulkanWindowRenderer* createRenderer() override;

    void setFilter(ScaleFilter filter);
    void setAspect(AspectMode aspect);
    ScaleFilter filter() const { return filter_.load(); }
    AspectMode aspect() const { return aspect_.load(); }

    // Paints the overlay for a framebuffer of the given pixel size; called on the GUI thread
    // from the renderer only while the overlay is visible.
    using OverlayPainter = std::function<QImage(QSize pixelSize, qreal dpr)>;
    void setOverlayPainter(OverlayPainter painter) { overlayPainter_ = std::move(painter); }
    void setOverlayVisible(bool visible);
    bool overlayVisible() const { return overlayVisible_; }

    // Emulated frame number of the last frame drawn (0: none yet).
    uint64_t presentedFrame() const { return presentedFrame_.load(); }
    // Size of the last frame drawn (0x0 while the display is off).
    QSize frameSize() const { return QSize(frameWidth_.load(), frameHeight_.load()); }

  Q_SIGNALS:
    void presented(quint64 frame);
    void rendererFailed(QString message);

  private:
    friend class PresenterRenderer;
    FrameMailbox& mailbox_;
    FrameTimeline& timeline_;
    std::atomic<ScaleFilter> filter_{ScaleFilter::Nearest};
    std::atomic<AspectMode> aspect_{AspectMode::Ratio4x3};
    OverlayPainter overlayPainter_;
    bool overlayVisible_ = false;
    std::atomic<uint64_t> presentedFrame_{0};
    std::atomic<int> frameWidth_{0};
    std::atomic<int> frameHeight_{0};
};

} // namespace app
