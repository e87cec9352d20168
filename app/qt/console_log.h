#pragma once
// The emulated console's text for the desktop app (no widgets, so tests need no window): the
// emulation thread appends what the machine prints (core::Host::consoleText); the log window
// (log_window.h) takes it on the GUI thread; with a log file set, every completed line is also
// appended to that file (opened O_APPEND, flushed per line: a crash loses at most the line
// being written, and the file is never rewritten).
#include <cstdio>
#include <mutex>
#include <string>

namespace app {

class ConsoleLog {
  public:
    ConsoleLog() = default;
    ~ConsoleLog();
    ConsoleLog(const ConsoleLog&) = delete;
    ConsoleLog& operator=(const ConsoleLog&) = delete;

    // Emulation thread: one character as the machine wrote it (CR is dropped: lines end LF).
    void append(char c);
    // GUI thread: the text appended since the last take (at most kMaxPending characters: a
    // flood keeps its newest part).
    std::string take();
    // The file every completed line is appended to (empty: none). False, with the reason in
    // `error`, when it cannot be opened; the log then writes no file.
    bool setFile(const std::string& path, std::string& error);
    std::string file() const;
    static constexpr size_t kMaxPending = 1 << 20;

  private:
    mutable std::mutex mutex_;
    std::string pending_; // for take()
    std::string line_;    // the line being written, for the file
    std::string path_;
    std::FILE* file_ = nullptr;
};

} // namespace app
