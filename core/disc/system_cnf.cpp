#include "core/disc/system_cnf.h"

#include <algorithm>
#include <cctype>

#include "core/disc/iso9660.h"

namespace core::disc {

namespace {

std::string trim(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return std::string(s.substr(b, e - b));
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

bool parseHex(const std::string& s, uint32_t& out) {
    if (s.empty() || s.size() > 8) return false;
    uint32_t v = 0;
    for (char c : s) {
        const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                      : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                                  : -1;
        if (d < 0) return false;
        v = v << 4 | static_cast<uint32_t>(d);
    }
    out = v;
    return true;
}

} // namespace

std::string serialFromBootPath(const std::string& boot) {
    std::string name = boot.substr(0, boot.find(';'));
    const size_t slash = name.find_last_of("\\/:");
    if (slash != std::string::npos) name = name.substr(slash + 1);
    name = upper(name);
    // XXXX_NNN.NN: four letters, '_', three digits, '.', two digits.
    if (name.size() != 11 || name[4] != '_' || name[8] != '.') return {};
    for (int i : {0, 1, 2, 3})
        if (!std::isalpha(static_cast<unsigned char>(name[i]))) return {};
    for (int i : {5, 6, 7, 9, 10})
        if (!std::isdigit(static_cast<unsigned char>(name[i]))) return {};
    return name.substr(0, 4) + "-" + name.substr(5, 3) + name.substr(9, 2);
}

bool parseSystemCnf(std::string_view text, BootInfo& out, std::string& error) {
    out = BootInfo{};
    out.hasSystemCnf = true;
    bool haveBoot = false;
    int lineNo = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        // Lines end in CR LF, a lone LF or a lone CR.
        size_t eol = text.find_first_of("\r\n", pos);
        std::string_view line = text.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
        pos = eol == std::string_view::npos ? text.size() : eol + 1;
        if (eol != std::string_view::npos && text[eol] == '\r' && pos < text.size() &&
            text[pos] == '\n')
            ++pos;
        ++lineNo;
        const std::string l = trim(line);
        if (l.empty() || l[0] == '\0') continue;
        const size_t eq = l.find('=');
        const std::string where = "SYSTEM.CNF:" + std::to_string(lineNo) + ": ";
        if (eq == std::string::npos) {
            error = where + "not a KEY = VALUE line";
            return false;
        }
        const std::string key = upper(trim(std::string_view(l).substr(0, eq)));
        const std::string value = trim(std::string_view(l).substr(eq + 1));
        if (key == "BOOT") {
            const size_t space = value.find_first_of(" \t");
            out.boot = value.substr(0, space);
            out.argument = space == std::string::npos ? "" : trim(value.substr(space));
            haveBoot = !out.boot.empty();
        } else if (key == "TCB" || key == "EVENT" || key == "STACK") {
            uint32_t& field = key == "TCB" ? out.tcb : key == "EVENT" ? out.event : out.stack;
            if (!parseHex(value, field)) {
                error = where + key + " value '" + value + "' is not a hex number";
                return false;
            }
        }
        // Other keys exist on some discs (VMODE, ...): not ours to judge.
    }
    if (!haveBoot) {
        error = "SYSTEM.CNF has no BOOT line";
        return false;
    }
    out.serial = serialFromBootPath(out.boot);
    return true;
}

bool readBootInfo(Iso9660& fs, BootInfo& out, std::string& error) {
    out = BootInfo{};
    IsoEntry cnf;
    std::string why;
    if (fs.find("SYSTEM.CNF", cnf, why)) {
        std::vector<uint8_t> bytes;
        if (!fs.readFile(cnf, bytes, error, 64 * 1024)) return false;
        std::string text(bytes.begin(), bytes.end());
        if (!parseSystemCnf(text, out, error)) return false;
    }
    IsoEntry exe;
    if (!fs.find(out.boot, exe, why) || exe.directory) {
        error = "the boot file " + out.boot + " is not on the disc" +
                (out.hasSystemCnf ? "" : " (no SYSTEM.CNF either)");
        return false;
    }
    return true;
}

} // namespace core::disc
