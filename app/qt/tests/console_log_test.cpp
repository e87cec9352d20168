// The console log behind View > Log and the log-file option (console_log.h, log_window.h):
// text reaches the window once and in order, CR is dropped (the machine ends lines CR LF,
// core/host.h), and the log file is only ever appended to, one completed line at a time.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <fstream>
#include <sstream>
#include <string>

#include "../console_log.h"
#include "../log_window.h"

namespace {
void feed(app::ConsoleLog& log, const std::string& text) {
    for (char c : text)
        log.append(c);
}
std::string readFile(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}
QTemporaryDir* g_dir = nullptr;
} // namespace

TEST_CASE("console text is taken once, in order, without CR", "[log]") {
    app::ConsoleLog log;
    feed(log, "hello\r\nworld\r\n");
    CHECK(log.take() == "hello\nworld\n");
    CHECK(log.take().empty());
    feed(log, "more");
    CHECK(log.take() == "more");
}

TEST_CASE("a flood keeps the newest text within the limit", "[log]") {
    app::ConsoleLog log;
    feed(log, std::string(app::ConsoleLog::kMaxPending, 'a'));
    feed(log, "END\n");
    const std::string text = log.take();
    CHECK(text.size() <= app::ConsoleLog::kMaxPending);
    CHECK(text.substr(text.size() - 4) == "END\n");
}

TEST_CASE("the log file is appended to, complete lines at once", "[log]") {
    const QString path = g_dir->filePath("console.log");
    {
        QFile f(path);
        REQUIRE(f.open(QIODevice::WriteOnly));
        f.write("earlier run\n");
    }
    {
        app::ConsoleLog log;
        std::string error;
        REQUIRE(log.setFile(path.toStdString(), error));
        feed(log, "line one\r\nline tw");
        // Only the completed line is in the file so far (a crash now loses no earlier text).
        CHECK(readFile(path) == "earlier run\nline one\n");
        feed(log, "o\r\n");
        CHECK(readFile(path) == "earlier run\nline one\nline two\n");
        feed(log, "unfinished");
        // Turning the file off writes what is pending; text after that stays out of it.
        REQUIRE(log.setFile("", error));
        feed(log, "not logged\n");
    }
    CHECK(readFile(path) == "earlier run\nline one\nline two\nunfinished");
}

TEST_CASE("a log file that cannot be opened is reported", "[log]") {
    app::ConsoleLog log;
    std::string error;
    CHECK_FALSE(log.setFile(g_dir->filePath("no/such/dir/x.log").toStdString(), error));
    CHECK(error.find("x.log") != std::string::npos);
    CHECK(log.file().empty());
}

TEST_CASE("the log window shows the console text", "[log]") {
    app::ConsoleLog log;
    app::LogWindow window(log);
    feed(log, "tty: first\r\n");
    window.refresh();
    feed(log, "tty: second\r\n");
    window.refresh();
    CHECK(window.text() == "tty: first\ntty: second\n");
    CHECK(log.take().empty()); // taken by the window
}

int main(int argc, char** argv) {
    QTemporaryDir dir;
    if (!dir.isValid()) return 1;
    g_dir = &dir;
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication qapp(argc, argv);
    return Catch::Session().run(argc, argv);
}
