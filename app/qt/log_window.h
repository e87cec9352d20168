#pragma once
// View > Log: the emulated console's text (what programs print through the BIOS or the DUART),
// taken from the ConsoleLog a few times a second while the window is shown.
#include <QWidget>

class QPlainTextEdit;
class QTimer;

namespace app {

class ConsoleLog;

class LogWindow : public QWidget {
  public:
    explicit LogWindow(ConsoleLog& log, QWidget* parent = nullptr);
    // Takes the log's new text now (the timer does this every 100 ms).
    void refresh();
    QString text() const;
    // Lines kept in the window (older ones scroll away).
    static constexpr int kMaxLines = 10000;

  private:
    ConsoleLog& log_;
    QPlainTextEdit* view_;
    QTimer* timer_;
};

} // namespace app
