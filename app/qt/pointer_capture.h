#pragma once
// The host mouse over the presenter window, for an emulated Mouse or GunCon (host_pointer.h).
// Mouse: a click in the picture captures the host mouse (cursor hidden, pointer grabbed and
// kept at the window's centre, each move's offset from the centre is motion); Escape, or the
// window losing focus, releases it. GunCon: the cursor is a cross, its position is inverted
// through the presenter's viewport (viewport.h windowToPicture), and leaving the window aims
// off the picture. Lives on the GUI thread as an event filter of the presenter window.
#include <QObject>
#include <QPointF>
#include <functional>

#include "host_pointer.h"

namespace app {

class PresenterWindow;

class PointerCapture : public QObject {
    Q_OBJECT
  public:
    explicit PointerCapture(QObject* parent = nullptr) : QObject(parent) {}

    // The window to watch (nullptr: none, e.g. while Vulkan is rebuilt).
    void setWindow(PresenterWindow* window);
    // What the running machine's ports hold; releases a capture.
    void setDrives(HostDrive port1, HostDrive port2);
    const HostPointer& pointer() const { return pointer_; }
    bool captured() const { return pointer_.captured(); }
    // Gives the host mouse back (Escape, focus lost, the machine stopped).
    void release();
    // Aims the GunCon again at the last cursor position (the picture's size or the window's
    // changed under a still cursor).
    void reaim();

    // Where motion goes (port, dx, dy): EmuThread::addMouseMotion.
    std::function<void(unsigned, int, int)> onMotion;

  Q_SIGNALS:
    // Buttons, capture or aim changed: the ports' states must be sent again.
    void changed();
    // The capture started or ended (for the status bar's hint).
    void captureChanged(bool captured);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void capture();
    void aimAt(QPointF pos);
    void setButton(unsigned button, bool down);
    QPointF centre() const;

    PresenterWindow* window_ = nullptr;
    HostPointer pointer_;
    QPointF lastPos_{-1, -1};
    bool inside_ = false;
};

} // namespace app
