#pragma once
// The title frame and icon frames of a save (controllersandmemorycards.md "Title Frame",
// "Icon Frame(s)", "Shift-JIS Character Set").
#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace memcard {

struct Title {
    bool valid = false;                 // the frame starts with "SC"
    uint8_t iconFlag = 0;               // 02h: 11h/12h/13h = 1/2/3 icon frames
    std::string text;                   // 04h-43h converted from Shift-JIS to UTF-8
    std::array<uint16_t, 16> palette{}; // 60h-7Fh: 16-bit CLUT entries
    // 16x16 pixels, 4 bits each (the low nibble is the left pixel, as a 4-bit texture), one
    // 128-byte frame per icon frame.
    std::array<std::array<uint8_t, 128>, 3> icons{};

    int iconFrames() const { return iconFlag >= 0x11 && iconFlag <= 0x13 ? iconFlag - 0x10 : 1; }
    // PAL frames each icon frame shows: "changes every 16 PAL frames" (2 frames), "every 11
    // PAL frames" (3 frames); 0 for a static icon.
    int palFramesPerIcon() const { return iconFlag == 0x12 ? 16 : iconFlag == 0x13 ? 11 : 0; }
    // Icon frame `frame` (0..iconFrames()-1) as 16x16 RGBA8 pixels (R in the low byte),
    // palette entry 0000h transparent as the BIOS draws it (opaque, no semi-transparency).
    std::array<uint32_t, 256> iconRgba(int frame) const;
};

// Parses the title frame and the icon frames from the first block of a save (at least 4
// frames: 512 bytes; fewer give an invalid Title).
Title parseTitle(std::span<const uint8_t> firstBlock);

// Shift-JIS (the titles' 16-bit characters and the 8-bit 20h..7Fh the BIOS also accepts) to
// UTF-8, up to the first 00h. The full-width ASCII forms (81h 40h space, 82h 4Fh..58h digits,
// 82h 60h..79h and 81h..9Ah letters, punctuation) become their ASCII characters, as the
// reference lists them as "english characters"; bytes that are not Shift-JIS become U+FFFD.
std::string shiftJisToUtf8(std::span<const uint8_t> text);

// A 16-bit CLUT entry (5 bits each of R, G, B from bit 0; bit 15 the mask bit) as RGBA8.
uint32_t colorToRgba(uint16_t color);

} // namespace memcard
