#include "pointer_capture.h"

#include <QCursor>
#include <QMouseEvent>
#include <cmath>

#include "presenter.h"

namespace app {

namespace {
unsigned buttonBit(Qt::MouseButton b) {
    switch (b) {
    case Qt::LeftButton: return HostPointer::Left;
    case Qt::RightButton: return HostPointer::Right;
    case Qt::MiddleButton: return HostPointer::Middle;
    default: return 0;
    }
}
} // namespace

void PointerCapture::setWindow(PresenterWindow* window) {
    release(); // the old window's grab goes with it
    if (window_) window_->removeEventFilter(this);
    window_ = window;
    if (window_) {
        window_->installEventFilter(this);
        if (pointer_.hasGun())
            window_->setCursor(Qt::CrossCursor);
        else
            window_->unsetCursor();
    }
}

void PointerCapture::setDrives(HostDrive port1, HostDrive port2) {
    release();
    pointer_.setDrives(port1, port2);
    if (window_) {
        if (pointer_.hasGun())
            window_->setCursor(Qt::CrossCursor);
        else
            window_->unsetCursor();
    }
    reaim();
    Q_EMIT changed();
}

QPointF PointerCapture::centre() const {
    return window_ ? QPointF(window_->width() / 2, window_->height() / 2) : QPointF();
}

void PointerCapture::capture() {
    if (!window_ || pointer_.captured()) return;
    pointer_.setCaptured(true);
    window_->setCursor(Qt::BlankCursor);
    window_->setMouseGrabEnabled(true);
    QCursor::setPos(window_->mapToGlobal(centre().toPoint()));
    Q_EMIT captureChanged(true);
    Q_EMIT changed();
}

void PointerCapture::release() {
    if (!pointer_.captured()) return;
    pointer_.setCaptured(false);
    pointer_.setButtons(0);
    if (window_) {
        window_->setMouseGrabEnabled(false);
        if (pointer_.hasGun())
            window_->setCursor(Qt::CrossCursor);
        else
            window_->unsetCursor();
    }
    Q_EMIT captureChanged(false);
    Q_EMIT changed();
}

void PointerCapture::aimAt(QPointF pos) {
    lastPos_ = pos;
    if (!pointer_.hasGun()) return;
    const glm::ivec2 before = pointer_.aimed();
    glm::ivec2 aim{-1, -1};
    if (window_ && inside_) {
        // Event positions are in device-independent pixels, the viewport in framebuffer ones.
        const qreal dpr = window_->devicePixelRatio();
        const QSize fb = window_->swapChainImageSize();
        const QSize frame = window_->frameSize();
        aim = windowToPicture({pos.x() * dpr, pos.y() * dpr}, {fb.width(), fb.height()},
                              {frame.width(), frame.height()}, window_->aspect());
    }
    pointer_.aim(aim);
    if (aim != before) Q_EMIT changed();
}

void PointerCapture::reaim() {
    aimAt(lastPos_);
}

void PointerCapture::setButton(unsigned button, bool down) {
    const unsigned before = pointer_.buttons();
    pointer_.setButtons(down ? before | button : before & ~button);
    if (pointer_.buttons() != before) Q_EMIT changed();
}

bool PointerCapture::eventFilter(QObject* watched, QEvent* event) {
    if (watched != window_ || (!pointer_.hasMouse() && !pointer_.hasGun()))
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseButtonRelease: {
        auto* e = static_cast<QMouseEvent*>(event);
        const bool down = event->type() != QEvent::MouseButtonRelease;
        if (pointer_.hasMouse() && !pointer_.captured()) {
            // The click that captures is the window's, not the game's.
            if (down && e->button() == Qt::LeftButton) capture();
            if (!pointer_.hasGun()) return true;
        }
        inside_ = true;
        aimAt(e->position());
        setButton(buttonBit(e->button()), down);
        return true;
    }
    case QEvent::MouseMove: {
        auto* e = static_cast<QMouseEvent*>(event);
        inside_ = true;
        if (pointer_.captured()) {
            const QPointF d = e->position() - centre();
            const int dx = int(std::lround(d.x())), dy = int(std::lround(d.y()));
            if (dx != 0 || dy != 0) {
                for (unsigned port = 0; port < 2; ++port)
                    if (pointer_.drive(int(port)) == HostDrive::Mouse && onMotion)
                        onMotion(port, dx, dy);
                // Back to the centre, so the pointer never stops at the screen's edge.
                QCursor::setPos(window_->mapToGlobal(centre().toPoint()));
            }
        }
        aimAt(e->position());
        return true;
    }
    case QEvent::Enter: inside_ = true; break;
    case QEvent::Leave:
        // Off the window is off the picture: the gun sees no light (games reload there).
        inside_ = false;
        aimAt(lastPos_);
        break;
    case QEvent::FocusOut:
        release();
        setButton(HostPointer::Left | HostPointer::Right | HostPointer::Middle, false);
        break;
    default: break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace app
