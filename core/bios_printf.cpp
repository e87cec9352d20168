// The BIOS printf formatter (kernelbios.md "A(3Fh) Printf").
#include "core/bios_printf.h"

#include <cstdio>
#include <string>

namespace core {

void biosPrintf(uint32_t fmt, const BiosPrintfIo& io) {
    auto next = [&] { return io.nextArg(); };
    auto rd8 = [&](uint32_t a) { return io.read8(a); };
    auto emit = [&](const std::string& s) {
        for (char ch : s)
            io.out(ch);
    };
    uint32_t written = 0;
    auto out = [&](const std::string& s) {
        emit(s);
        written += static_cast<uint32_t>(s.size());
    };
    for (uint32_t p = fmt;; ++p) {
        uint8_t c = rd8(p);
        if (c == 0) break;
        if (c != '%') {
            io.out(static_cast<char>(c));
            ++written;
            continue;
        }
        bool plus = false, space = false, left = false, alt = false, zero = false;
        for (;;) {
            c = rd8(++p);
            if (c == '+')
                plus = true;
            else if (c == ' ')
                space = true;
            else if (c == '-')
                left = true;
            else if (c == '#')
                alt = true;
            else if (c == '0')
                zero = true;
            else
                break;
        }
        int width = 0, prec = -1;
        if (c == '*') {
            int32_t w = static_cast<int32_t>(next());
            if (w < 0) {
                left = true;
                w = -w;
            }
            width = w;
            c = rd8(++p);
        } else {
            while (c >= '0' && c <= '9') {
                width = width * 10 + (c - '0');
                c = rd8(++p);
            }
        }
        if (c == '.') {
            c = rd8(++p);
            prec = 0;
            if (c == '*') {
                int32_t pr = static_cast<int32_t>(next());
                prec = pr < 0 ? 0 : pr;
                c = rd8(++p);
            } else {
                while (c >= '0' && c <= '9') {
                    prec = prec * 10 + (c - '0');
                    c = rd8(++p);
                }
            }
        }
        bool half = false;
        for (;; c = rd8(++p)) {
            if (c == 'h')
                half = true;
            else if (c == 'l')
                half = false;
            else if (c != 'L')
                break;
        }
        if (c == 0) break;
        std::string body, prefix;
        bool numeric = false;
        switch (c) {
        case '%': out("%"); continue;
        case 'c': body = std::string(1, static_cast<char>(next() & 0xff)); break;
        case 's': {
            uint32_t s = next();
            if (s == 0) {
                body = "<NULL>";
            } else {
                for (uint32_t i = 0; prec < 0 || i < static_cast<uint32_t>(prec); ++i) {
                    uint8_t ch = rd8(s + i);
                    if (ch == 0 || i >= 0x10000) break;
                    body += static_cast<char>(ch);
                }
            }
            break;
        }
        case 'n': {
            uint32_t dst = next();
            if (io.storeCount) io.storeCount(dst, written, half);
            continue;
        }
        case 'd':
        case 'i':
        case 'D': {
            uint32_t v = next();
            if (half && c != 'D') v = static_cast<uint32_t>(static_cast<int16_t>(v));
            int32_t sv = static_cast<int32_t>(v);
            uint32_t mag = sv < 0 ? 0u - v : v;
            body = std::to_string(mag);
            if (sv < 0 || plus || space) prefix.push_back(sv < 0 ? '-' : plus ? '+' : ' ');
            numeric = true;
            break;
        }
        case 'u':
        case 'U':
        case 'o':
        case 'O':
        case 'x':
        case 'X':
        case 'p': {
            uint32_t v = next();
            // "h" sign-expands and then prints the 32-bit value (documented bug).
            if (half && c != 'U' && c != 'O' && c != 'p')
                v = static_cast<uint32_t>(static_cast<int16_t>(v));
            char buf[16];
            if (c == 'u' || c == 'U')
                std::snprintf(buf, sizeof buf, "%u", v);
            else if (c == 'o' || c == 'O')
                std::snprintf(buf, sizeof buf, "%o", v);
            else if (c == 'X')
                std::snprintf(buf, sizeof buf, "%X", v);
            else
                std::snprintf(buf, sizeof buf, "%x", v);
            body = buf;
            if (alt && (c == 'x' || c == 'p' || c == 'X')) {
                prefix.push_back('0');
                prefix.push_back(c == 'X' ? 'X' : 'x');
            }
            if (alt && (c == 'o' || c == 'O') && body[0] != '0') body.insert(body.begin(), '0');
            numeric = true;
            break;
        }
        default: out(std::string(1, static_cast<char>(c))); continue;
        }
        if (numeric && prec >= 0) {
            if (prec == 0 && body == "0") body.clear();
            if (body.size() < static_cast<size_t>(prec))
                body.insert(body.begin(), static_cast<size_t>(prec) - body.size(), '0');
        }
        size_t len = prefix.size() + body.size();
        size_t padLen = len < static_cast<size_t>(width) ? width - len : 0;
        std::string pad(padLen, zero && numeric && prec < 0 && !left ? '0' : ' ');
        if (left) {
            out(prefix);
            out(body);
            out(pad);
        } else if (pad.size() && pad[0] == '0') {
            out(prefix);
            out(pad);
            out(body);
        } else {
            out(pad);
            out(prefix);
            out(body);
        }
    }
}

} // namespace core
