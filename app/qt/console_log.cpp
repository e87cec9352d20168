#include "console_log.h"

#include <cerrno>
#include <cstring>

namespace app {

ConsoleLog::~ConsoleLog() {
    if (!file_) return;
    if (!line_.empty()) std::fwrite(line_.data(), 1, line_.size(), file_); // unfinished line
    std::fclose(file_);
}

void ConsoleLog::append(char c) {
    if (c == '\r') return;
    std::lock_guard lock(mutex_);
    pending_.push_back(c);
    if (pending_.size() > kMaxPending) pending_.erase(0, pending_.size() - kMaxPending / 2);
    if (!file_) return;
    line_.push_back(c);
    if (c == '\n') {
        std::fwrite(line_.data(), 1, line_.size(), file_);
        std::fflush(file_);
        line_.clear();
    }
}

std::string ConsoleLog::take() {
    std::lock_guard lock(mutex_);
    std::string out;
    out.swap(pending_);
    return out;
}

bool ConsoleLog::setFile(const std::string& path, std::string& error) {
    std::lock_guard lock(mutex_);
    if (path == path_ && (file_ || path.empty())) return true;
    if (file_) {
        if (!line_.empty()) std::fwrite(line_.data(), 1, line_.size(), file_);
        std::fclose(file_);
        file_ = nullptr;
    }
    line_.clear();
    path_.clear();
    if (path.empty()) return true;
    // "a": every write goes to the end of the file (O_APPEND), whatever else writes to it.
    file_ = std::fopen(path.c_str(), "a");
    if (!file_) {
        error = "cannot open the log file " + path + ": " + std::strerror(errno);
        return false;
    }
    path_ = path;
    return true;
}

std::string ConsoleLog::file() const {
    std::lock_guard lock(mutex_);
    return path_;
}

} // namespace app
