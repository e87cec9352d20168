#include "app/cli/input_script.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace cli {

namespace {

struct ButtonName {
    const char* name;
    uint16_t bit;
};
using P = core::PadState;
constexpr ButtonName kButtons[] = {
    {"select", P::Select},
    {"l3", P::L3},
    {"r3", P::R3},
    {"start", P::Start},
    {"up", P::Up},
    {"right", P::Right},
    {"down", P::Down},
    {"left", P::Left},
    {"l2", P::L2},
    {"r2", P::R2},
    {"l1", P::L1},
    {"r1", P::R1},
    {"triangle", P::Triangle},
    {"circle", P::Circle},
    {"cross", P::Cross},
    {"square", P::Square},
    {"mouse-left", P::MouseLeft},
    {"mouse-right", P::MouseRight},
    {"trigger", P::GunTrigger},
    {"a", P::GunA},
    {"b", P::GunB},
};

bool parseLong(const std::string& s, int base, long& out) {
    if (s.empty()) return false;
    errno = 0;
    char* end = nullptr;
    out = std::strtol(s.c_str(), &end, base);
    return errno == 0 && end && *end == 0;
}

bool parseButtons(const std::string& list, uint16_t& out, std::string& error) {
    out = 0;
    size_t at = 0;
    while (at <= list.size()) {
        size_t comma = list.find(',', at);
        std::string name =
            list.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
        bool found = false;
        for (const ButtonName& b : kButtons)
            if (name == b.name) {
                out |= b.bit;
                found = true;
            }
        if (!found) {
            error = "unknown button '";
            error.append(name).append("'");
            return false;
        }
        if (comma == std::string::npos) break;
        at = comma + 1;
    }
    return true;
}

// PORT: 1, 2, 1a..1d, 2a..2d.
bool parseSocket(const std::string& s, unsigned& socket) {
    if (s.empty() || s.size() > 2 || (s[0] != '1' && s[0] != '2')) return false;
    unsigned slot = 0;
    if (s.size() == 2) {
        char c = static_cast<char>(s[1] | 0x20);
        if (c < 'a' || c > 'd') return false;
        slot = static_cast<unsigned>(c - 'a');
    }
    socket = static_cast<unsigned>(s[0] - '1') * 4 + slot;
    return true;
}

bool parseState(std::istringstream& words, core::PadState& st, std::string& error) {
    std::string w;
    bool any = false, none = false;
    while (words >> w) {
        if (w == "none") {
            none = true;
            continue;
        }
        any = true;
        size_t eq = w.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == w.size()) {
            error = "expected key=value, not '";
            error.append(w).append("'");
            return false;
        }
        std::string key = w.substr(0, eq), value = w.substr(eq + 1);
        long n = 0;
        auto bad = [&](const char* what) {
            error = key;
            error.append(" needs ").append(what).append(", not '").append(value).append("'");
            return false;
        };
        if (key == "buttons") {
            if (!parseButtons(value, st.buttons, error)) return false;
        } else if (key == "lx" || key == "ly" || key == "rx" || key == "ry") {
            if (value.size() > 2 || !parseLong(value, 16, n) || n < 0)
                return bad("two hex digits (00..ff)");
            unsigned axis = key == "rx"   ? P::RightX
                            : key == "ry" ? P::RightY
                            : key == "lx" ? P::LeftX
                                          : P::LeftY;
            st.axes[axis] = static_cast<uint8_t>(n);
        } else if (key == "dx" || key == "dy" || key == "x" || key == "y") {
            if (!parseLong(value, 10, n) || n < -32768 || n > 32767)
                return bad("a decimal number (-32768..32767)");
            int16_t v = static_cast<int16_t>(n);
            if (key == "dx") st.mouseDx = v;
            if (key == "dy") st.mouseDy = v;
            if (key == "x") st.gunX = v;
            if (key == "y") st.gunY = v;
        } else if (key == "analog" || key == "connected") {
            if (value != "0" && value != "1") return bad("0 or 1");
            (key == "analog" ? st.analogButton : st.connected) = value == "1";
        } else {
            error = "unknown key '";
            error.append(key).append("'");
            return false;
        }
    }
    if (none && any) {
        error = "'none' stands alone";
        return false;
    }
    if (!none && !any) {
        error = "no controller state (use 'none' to release everything)";
        return false;
    }
    return true;
}

} // namespace

bool InputScript::parse(std::string_view text, std::string& error) {
    events_.clear();
    next_ = 0;
    for (core::PadState& p : current_)
        p = core::PadState{};
    std::istringstream lines{std::string(text)};
    std::string line;
    long number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        std::istringstream words(line);
        std::string frameWord, portWord, why;
        Event e{};
        long frame = 0;
        words >> frameWord >> portWord;
        if (!parseLong(frameWord, 10, frame) || frame < 0) {
            why = "expected a frame number (0 or more), not '" + frameWord + "'";
        } else if (!parseSocket(portWord, e.socket)) {
            why = "expected a port (1, 2, or 1a..1d, 2a..2d for multitap slots), not '";
            why.append(portWord).append("'");
        } else {
            e.frame = frame;
            parseState(words, e.state, why);
        }
        if (!why.empty()) {
            char prefix[32];
            std::snprintf(prefix, sizeof prefix, "line %ld: ", number);
            error = prefix + why;
            events_.clear();
            return false;
        }
        events_.push_back(e);
    }
    std::stable_sort(events_.begin(), events_.end(),
                     [](const Event& a, const Event& b) { return a.frame < b.frame; });
    return true;
}

bool InputScript::load(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read the input script " + path;
        return false;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (!parse(text.str(), error)) {
        error = "input script " + path + " " + error;
        return false;
    }
    return true;
}

void InputScript::startFrame(long frame) {
    // Mouse motion belongs to the frame of its line only.
    for (core::PadState& p : current_)
        p.mouseDx = p.mouseDy = 0;
    while (next_ < events_.size() && events_[next_].frame <= frame) {
        current_[events_[next_].socket] = events_[next_].state;
        ++next_;
    }
}

} // namespace cli
