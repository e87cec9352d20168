#include "log_window.h"

#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

#include "console_log.h"

namespace app {

LogWindow::LogWindow(ConsoleLog& log, QWidget* parent)
    : QWidget(parent, Qt::Window), log_(log), view_(new QPlainTextEdit(this)),
      timer_(new QTimer(this)) {
    setWindowTitle("Skipjack - Log");
    view_->setReadOnly(true);
    view_->setMaximumBlockCount(kMaxLines);
    view_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* clear = new QPushButton("Clear", this);
    connect(clear, &QPushButton::clicked, view_, &QPlainTextEdit::clear);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(view_);
    layout->addWidget(clear, 0, Qt::AlignRight);
    resize(640, 400);
    connect(timer_, &QTimer::timeout, this, &LogWindow::refresh);
    timer_->start(100);
}

void LogWindow::refresh() {
    const std::string text = log_.take();
    if (text.empty()) return;
    QScrollBar* bar = view_->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    QTextCursor cursor(view_->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size())));
    if (atEnd) bar->setValue(bar->maximum()); // follow the output unless scrolled back
}

QString LogWindow::text() const {
    return view_->toPlainText();
}

} // namespace app
