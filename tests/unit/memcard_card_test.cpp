// The memory card file system (controllersandmemorycards.md "Memory Card Data Format"): cards
// are built byte by byte here from the reference's layout, not through the code under test.
#include <catch2/catch.hpp>

#include <cstring>

#include "core/memcard/card.h"
#include "savestate/memcard_journal.h"

using namespace memcard;

namespace {

void put32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = uint8_t(v >> (8 * i));
}
uint32_t get32(const uint8_t* p) {
    return uint32_t(p[0] | p[1] << 8 | p[2] << 16 | p[3] << 24);
}
uint8_t xorOf(const uint8_t* f) {
    uint8_t x = 0;
    for (int i = 0; i < 127; ++i)
        x ^= f[i];
    return x;
}

// "Directory Frames (Block 0, Frame 1..15)": state, size, next (block - 1 or FFFFh), name,
// checksum at 7Fh.
void dirFrame(std::vector<uint8_t>& card, int block, uint32_t state, uint32_t size, uint16_t next,
              const char* name) {
    uint8_t* f = &card[size_t(block) * 128];
    std::memset(f, 0, 128);
    put32(f, state);
    put32(f + 4, size);
    f[8] = uint8_t(next), f[9] = uint8_t(next >> 8);
    if (name) std::memcpy(f + 0x0a, name, std::strlen(name));
    f[127] = xorOf(f);
}

// A title frame: "SC", icon flag, Shift-JIS title at 04h, palette at 60h.
void titleFrame(std::vector<uint8_t>& card, int block, uint8_t iconFlag,
                std::initializer_list<uint8_t> title) {
    uint8_t* f = &card[size_t(block) * 8192];
    f[0] = 'S', f[1] = 'C', f[2] = iconFlag, f[3] = 1;
    size_t i = 4;
    for (uint8_t b : title)
        f[i++] = b;
    // Palette: entry 1 = 001Fh (red), entry 2 = 7C00h (blue), entry 0 = 0000h (transparent).
    f[0x62] = 0x1f, f[0x63] = 0x00;
    f[0x64] = 0x00, f[0x65] = 0x7c;
    // Icon frame 1: first byte 21h = left pixel index 1, right pixel index 2 (4-bit texture:
    // low nibble first). Icon frame 2: first byte 12h.
    f[128] = 0x21;
    f[256] = 0x12;
}

// Header frame "MC" + checksum, directory all A0h, as "Header Frame (Block 0, Frame 0)".
std::vector<uint8_t> blankCard() {
    std::vector<uint8_t> card(131072, 0);
    card[0] = 'M', card[1] = 'C';
    card[127] = xorOf(card.data());
    REQUIRE(card[127] == 0x0e); // "(usually 0Eh)"
    for (int b = 1; b <= 15; ++b)
        dirFrame(card, b, 0xa0, 0, 0xffff, nullptr);
    return card;
}

// A card with a 2-block save in blocks 3 and 5 ("BASLUS-00001SAVE", title "Skip 1" in
// 16-bit Shift-JIS, 2-frame icon) and a 1-block save in block 1.
std::vector<uint8_t> sampleCard() {
    auto card = blankCard();
    dirFrame(card, 1, 0x51, 0x2000, 0xffff, "BISLPS-00002");
    titleFrame(card, 1, 0x11, {'A', 'B', 'C'});             // the 8-bit form the BIOS also accepts
    dirFrame(card, 3, 0x51, 0x4000, 4, "BASLUS-00001SAVE"); // next = block 5 - 1
    dirFrame(card, 5, 0x53, 0, 0xffff, nullptr);
    // 82h,72h 'S'; 82h,8Bh 'k'; 82h,89h 'i'; 82h,90h 'p'; 81h,40h space; 82h,50h '1'.
    titleFrame(card, 3, 0x12,
               {0x82, 0x72, 0x82, 0x8b, 0x82, 0x89, 0x82, 0x90, 0x81, 0x40, 0x82, 0x50});
    card[5 * 8192 + 7] = 0x77; // a data byte in the second block
    return card;
}

} // namespace

TEST_CASE("memcard: formatted card is the journal's formatted card (Header Frame and Directory)",
          "[memcard]") {
    const Card card = Card::formatted();
    const auto journalCard = savestate::MemoryCardJournal::formattedCard();
    REQUIRE(std::equal(card.bytes().begin(), card.bytes().end(), journalCard.begin()));
    CHECK(card.freeBlocks() == 15);
    CHECK(card.saves().empty());
}

TEST_CASE("memcard: directory frames parsed into saves (Directory Frames and Title Frame)",
          "[memcard]") {
    std::string error;
    const auto card = Card::fromImage(sampleCard(), error);
    REQUIRE(card);
    const auto saves = card->saves();
    REQUIRE(saves.size() == 2);
    CHECK(saves[0].firstBlock == 1);
    CHECK(saves[0].filename == "BISLPS-00002");
    CHECK(saves[0].title.text == "ABC");
    CHECK(saves[0].damage.empty());
    CHECK(saves[1].firstBlock == 3);
    CHECK(saves[1].blocks == std::vector<int>{3, 5});
    CHECK(saves[1].filename == "BASLUS-00001SAVE");
    CHECK(saves[1].size == 0x4000);
    CHECK(saves[1].title.text == "Skip 1");
    CHECK(saves[1].title.iconFrames() == 2);
    CHECK(saves[1].title.palFramesPerIcon() == 16); // "changes every 16 PAL frames"
    CHECK(saves[1].damage.empty());
    CHECK(card->freeBlocks() == 12);

    // Icons: 4-bit pixels, low nibble left; palette 001Fh = red 5 bits, 7C00h = blue,
    // 0000h fully transparent.
    const auto icon0 = saves[1].title.iconRgba(0);
    CHECK(icon0[0] == 0xff0000ffu); // red, opaque (RGBA8, R in the low byte)
    CHECK(icon0[1] == 0xffff0000u); // blue
    CHECK((icon0[2] >> 24) == 0);   // index 0 = 0000h: transparent
    const auto icon1 = saves[1].title.iconRgba(1);
    CHECK(icon1[0] == 0xffff0000u);
    CHECK(icon1[1] == 0xff0000ffu);
}

TEST_CASE("memcard: Shift-JIS titles to UTF-8 (Shift-JIS Character Set)", "[memcard]") {
    // 82h,60h 'A', 82h,81h 'a', 82h,4Fh '0', 82h,58h '9', then 00h padding.
    const uint8_t letters[] = {0x82, 0x60, 0x82, 0x81, 0x82, 0x4f, 0x82, 0x58, 0, 0x82, 0x60};
    CHECK(shiftJisToUtf8(letters) == "Aa09");
    // Hiragana "a" (Shift-JIS 82h,A0h = U+3042) and the katakana "ka" (83h,4Ah = U+30AB).
    const uint8_t kana[] = {0x82, 0xa0, 0x83, 0x4a};
    CHECK(shiftJisToUtf8(kana) == "\xe3\x81\x82\xe3\x82\xab");
    // A lead byte cut off by the end of the field is not a character.
    const uint8_t cut[] = {'X', 0x82};
    CHECK(shiftJisToUtf8(cut) == "X\xef\xbf\xbd");
}

TEST_CASE("memcard: damaged directories are listed as damaged and not exported", "[memcard]") {
    std::string error;
    SECTION("link loop") {
        auto bytes = sampleCard();
        dirFrame(bytes, 5, 0x52, 0, 2, nullptr); // block 5 -> block 3 again
        const auto card = Card::fromImage(bytes, error);
        REQUIRE(card);
        const auto save = card->save(3);
        REQUIRE(save);
        CHECK(!save->damage.empty());
        CHECK(!card->exportSave(3, error));
        CHECK(error.find("damaged") != std::string::npos);
    }
    SECTION("bad directory checksum") {
        auto bytes = sampleCard();
        bytes[3 * 128 + 0x20] ^= 1; // garbage area changed, checksum not
        const auto card = Card::fromImage(bytes, error);
        REQUIRE(card);
        CHECK(card->save(3)->damage.find("checksum") != std::string::npos);
    }
    SECTION("size disagrees with the chain") {
        auto bytes = sampleCard();
        dirFrame(bytes, 3, 0x51, 0x6000, 4, "BASLUS-00001SAVE");
        const auto card = Card::fromImage(bytes, error);
        CHECK(!card->save(3)->damage.empty());
    }
    SECTION("no MC header: refused") {
        auto bytes = sampleCard();
        bytes[0] = 'X';
        CHECK(!Card::fromImage(bytes, error));
        CHECK(error.find("MC") != std::string::npos);
    }
    SECTION("header checksum: refused") {
        auto bytes = sampleCard();
        bytes[5] = 1;
        CHECK(!Card::fromImage(bytes, error));
    }
    SECTION("wrong size: refused") {
        auto bytes = sampleCard();
        bytes.resize(131071);
        CHECK(!Card::fromImage(bytes, error));
    }
}

TEST_CASE("memcard: import allocates free blocks and links them (Directory Frames)", "[memcard]") {
    std::string error;
    auto card = *Card::fromImage(sampleCard(), error);
    SaveFile save;
    save.filename = "BESCES-00003DATA";
    save.data.assign(3 * 8192, 0);
    save.data[0] = 'S', save.data[1] = 'C', save.data[2] = 0x11;
    save.data[8192] = 0xaa, save.data[2 * 8192] = 0xbb;
    REQUIRE(card.importSave(save, error));
    // Free blocks 2, 4, 6 in rising order: 51h/52h/53h, next = block - 1, FFFFh at the end.
    const auto bytes = card.bytes();
    auto dir = [&](int b) { return &bytes[size_t(b) * 128]; };
    CHECK(get32(dir(2)) == 0x51);
    CHECK(get32(dir(2) + 4) == 0x6000);
    CHECK(std::string(reinterpret_cast<const char*>(dir(2) + 0x0a)) == "BESCES-00003DATA");
    CHECK((dir(2)[8] | dir(2)[9] << 8) == 3); // block 4
    CHECK(get32(dir(4)) == 0x52);
    CHECK(get32(dir(4) + 4) == 0);            // size and name only in the first frame
    CHECK((dir(4)[8] | dir(4)[9] << 8) == 5); // block 6
    CHECK(get32(dir(6)) == 0x53);
    CHECK((dir(6)[8] | dir(6)[9] << 8) == 0xffff);
    for (int b : {2, 4, 6})
        CHECK(dir(b)[127] == xorOf(dir(b)));
    CHECK(bytes[4 * 8192] == 0xaa);
    CHECK(bytes[6 * 8192] == 0xbb);
    CHECK(card.freeBlocks() == 9);

    SECTION("same name refused, card unchanged") {
        const std::vector<uint8_t> before(card.bytes().begin(), card.bytes().end());
        CHECK(!card.importSave(save, error));
        CHECK(error.find("already") != std::string::npos);
        CHECK(std::equal(before.begin(), before.end(), card.bytes().begin()));
    }
    SECTION("too big refused, card unchanged") {
        save.filename = "BIG";
        save.data.resize(10 * 8192);
        const std::vector<uint8_t> before(card.bytes().begin(), card.bytes().end());
        CHECK(!card.importSave(save, error));
        CHECK(error.find("free") != std::string::npos);
        CHECK(std::equal(before.begin(), before.end(), card.bytes().begin()));
    }
}

TEST_CASE("memcard: delete marks A1h/A2h/A3h and keeps the data (Directory Frames)", "[memcard]") {
    std::string error;
    auto bytes = sampleCard();
    // Make the 2-block save 3 blocks: 3 -> 5 -> 7.
    dirFrame(bytes, 3, 0x51, 0x6000, 4, "BASLUS-00001SAVE");
    dirFrame(bytes, 5, 0x52, 0, 6, nullptr);
    dirFrame(bytes, 7, 0x53, 0, 0xffff, nullptr);
    auto card = *Card::fromImage(bytes, error);
    REQUIRE(card.save(3)->damage.empty());
    REQUIRE(card.deleteSave(3, error));
    const auto out = card.bytes();
    CHECK(get32(&out[3 * 128]) == 0xa1);
    CHECK(get32(&out[5 * 128]) == 0xa2);
    CHECK(get32(&out[7 * 128]) == 0xa3);
    for (int b : {3, 5, 7})
        CHECK(out[size_t(b) * 128 + 127] == xorOf(&out[size_t(b) * 128]));
    CHECK(out[5 * 8192 + 7] == 0x77); // data kept
    CHECK(card.saves().size() == 1);
    CHECK(card.freeBlocks() == 14);
    CHECK(!card.deleteSave(3, error)); // nothing starts there any more
}

TEST_CASE("memcard: copy and move between cards", "[memcard]") {
    std::string error;
    auto a = *Card::fromImage(sampleCard(), error);
    auto b = Card::formatted();
    REQUIRE(copySave(a, 3, b, false, error));
    REQUIRE(b.saves().size() == 1);
    CHECK(b.saves()[0].firstBlock == 1); // lowest free blocks
    CHECK(b.saves()[0].blocks == std::vector<int>{1, 2});
    CHECK(b.block(2)[7] == 0x77);
    CHECK(a.saves().size() == 2);
    // Copying again: the name is taken, both cards unchanged.
    CHECK(!copySave(a, 3, b, false, error));
    CHECK(a.saves().size() == 2);
    REQUIRE(copySave(a, 1, b, true, error)); // move
    CHECK(a.saves().size() == 1);
    CHECK(b.saves().size() == 2);
    CHECK(b.save(3)->filename == "BISLPS-00002");
    CHECK(!copySave(a, 3, a, false, error));
}

TEST_CASE("memcard: changed frames list what a journal must write", "[memcard]") {
    std::string error;
    const auto before = Card::formatted();
    auto after = before;
    SaveFile save{"NAME", std::vector<uint8_t>(8192, 0)};
    save.data[0] = 'S', save.data[1] = 'C';
    REQUIRE(after.importSave(save, error));
    const auto frames = changedFrames(before.bytes(), after.bytes());
    // Directory frame 1 and the frames of block 1 that are not zero on a formatted card
    // (a formatted card's file blocks are zero): only frame 64 (the title frame).
    CHECK(frames == std::vector<uint32_t>{1, 64});
}
