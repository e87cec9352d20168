// Title and icon frames (controllersandmemorycards.md "Title Frame (Block 1..15, Frame 0)",
// "Icon Frame(s)", "Shift-JIS Character Set (16bit)"). Shift-JIS goes through the C library's
// iconv (glibc's CP932 table, the Windows superset Japanese titles are written in), so no
// table of our own; what iconv does not know becomes U+FFFD.
#include "core/memcard/title.h"

#include <cerrno>
#include <cstring>
#include <iconv.h>
#include <vector>

namespace memcard {

namespace {

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(char(cp));
    } else if (cp < 0x800) {
        out.push_back(char(0xc0 | (cp >> 6)));
        out.push_back(char(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        out.push_back(char(0xe0 | (cp >> 12)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(char(0x80 | (cp & 0x3f)));
    } else {
        out.push_back(char(0xf0 | (cp >> 18)));
        out.push_back(char(0x80 | ((cp >> 12) & 0x3f)));
        out.push_back(char(0x80 | ((cp >> 6) & 0x3f)));
        out.push_back(char(0x80 | (cp & 0x3f)));
    }
}

// One Shift-JIS character (1 or 2 bytes) to a code point through iconv; 0 when unknown.
uint32_t convertOne(iconv_t cd, const uint8_t* bytes, size_t size) {
    char in[2] = {char(bytes[0]), size > 1 ? char(bytes[1]) : '\0'};
    char out[8] = {};
    char* inPtr = in;
    char* outPtr = out;
    size_t inLeft = size, outLeft = sizeof(out);
    iconv(cd, nullptr, nullptr, nullptr, nullptr); // reset the shift state
    if (iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == size_t(-1) || inLeft != 0) return 0;
    // UTF-32LE out.
    const size_t produced = sizeof(out) - outLeft;
    if (produced < 4) return 0;
    return uint32_t(uint8_t(out[0])) | uint32_t(uint8_t(out[1])) << 8 |
           uint32_t(uint8_t(out[2])) << 16 | uint32_t(uint8_t(out[3])) << 24;
}

// Full-width forms of ASCII (U+FF01..FF5E) and the ideographic space (U+3000) as ASCII.
uint32_t narrow(uint32_t cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) return cp - 0xff01 + 0x21;
    if (cp == 0x3000) return 0x20;
    return cp;
}

bool leadByte(uint8_t b) {
    return (b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc);
}

} // namespace

std::string shiftJisToUtf8(std::span<const uint8_t> text) {
    std::string out;
    iconv_t cd = iconv_open("UTF-32LE", "CP932");
    const bool haveIconv = cd != iconv_t(-1);
    for (size_t i = 0; i < text.size();) {
        const uint8_t b = text[i];
        if (b == 0) break;
        if (b >= 0x20 && b < 0x7f) { // the 8-bit characters the BIOS accepts
            out.push_back(char(b));
            ++i;
            continue;
        }
        uint32_t cp = 0;
        if (leadByte(b) && i + 1 < text.size() && text[i + 1] != 0) {
            if (haveIconv) cp = convertOne(cd, &text[i], 2);
            i += 2;
        } else {
            if (haveIconv && b >= 0xa1 && b <= 0xdf) cp = convertOne(cd, &text[i], 1); // kana
            ++i;
        }
        appendUtf8(out, cp ? narrow(cp) : 0xfffd);
    }
    if (haveIconv) iconv_close(cd);
    return out;
}

uint32_t colorToRgba(uint16_t color) {
    auto expand = [](uint32_t v) { return (v << 3) | (v >> 2); };
    const uint32_t r = expand(color & 31), g = expand((color >> 5) & 31),
                   b = expand((color >> 10) & 31);
    // "0000h=FullyTransparent" (the icon is drawn opaque, so only 0000h is see-through).
    const uint32_t a = color == 0 ? 0 : 0xff;
    return r | g << 8 | b << 16 | a << 24;
}

std::array<uint32_t, 256> Title::iconRgba(int frame) const {
    std::array<uint32_t, 256> rgba{};
    if (frame < 0 || frame >= iconFrames()) frame = 0;
    const auto& icon = icons[size_t(frame)];
    for (size_t i = 0; i < 256; ++i) {
        const uint8_t byte = icon[i / 2];
        const uint8_t index = i % 2 == 0 ? byte & 15 : byte >> 4;
        rgba[i] = colorToRgba(palette[index]);
    }
    return rgba;
}

Title parseTitle(std::span<const uint8_t> firstBlock) {
    Title title;
    if (firstBlock.size() < 4 * 128) return title;
    const uint8_t* f = firstBlock.data();
    title.valid = f[0] == 'S' && f[1] == 'C';
    title.iconFlag = f[2];
    title.text = shiftJisToUtf8(firstBlock.subspan(0x04, 0x40));
    for (size_t i = 0; i < 16; ++i)
        title.palette[i] = uint16_t(f[0x60 + 2 * i] | f[0x61 + 2 * i] << 8);
    for (size_t n = 0; n < 3; ++n)
        std::memcpy(title.icons[n].data(), f + 128 * (n + 1), 128);
    return title;
}

} // namespace memcard
