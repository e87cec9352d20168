// Display scan-out and GPU savestates (graphicsprocessingunitgpu.md GP1(05h)..(08h),
// "Framebuffer", "GPU Timings").
#include <catch2/catch.hpp>

#include "gpu_test_rig.h"

using namespace gpu;
using gputest::Rig;

namespace {
uint32_t hrange(uint32_t x1, uint32_t x2) {
    return 0x06000000u | x1 | (x2 << 12);
}
uint32_t vrange(uint32_t y1, uint32_t y2) {
    return 0x07000000u | y1 | (y2 << 10);
}
} // namespace

TEST_CASE("Scan-out width comes from the H range and the dot divider", "[gpu]") {
    Rig r;
    r.gp1(0x03000000);
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    // Reset range 200h..200h+2560 in 256 mode: 256 x 240.
    CHECK(r.gpu.scanout(rgba, w, h));
    CHECK((w == 256 && h == 240));
    CHECK(rgba.size() == 256u * 240 * 4);
    // The fullscreen ranges of the reference table.
    struct Case {
        uint32_t mode, x1, x2, width;
    };
    const Case cases[] = {{0, 590, 3150, 256},
                          {1, 600, 3160, 320},
                          {0x40, 539, 539 + 368 * 7, 368},
                          {2, 615, 3175, 512},
                          {3, 620, 3180, 640}};
    for (const Case& c : cases) {
        r.gp1(0x08000000 | c.mode);
        r.gp1(hrange(c.x1, c.x2));
        r.gpu.scanout(rgba, w, h);
        CHECK(w == c.width);
    }
    // (((X2-X1)/div)+2) AND NOT 3: 2550/10 = 255 -> 256; 2530/10 = 253 -> 252.
    r.gp1(0x08000000);
    r.gp1(hrange(0x260, 0x260 + 2550));
    r.gpu.scanout(rgba, w, h);
    CHECK(w == 256);
    r.gp1(hrange(0x260, 0x260 + 2530));
    r.gpu.scanout(rgba, w, h);
    CHECK(w == 252);
    r.gp1(hrange(0x500, 0x400)); // X2 < X1: nothing
    r.gpu.scanout(rgba, w, h);
    CHECK(w == 0);
}

TEST_CASE("Scan-out height: V range - clipped to the field - doubled in 480-line mode", "[gpu]") {
    Rig r;
    r.gp1(0x03000000);
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    r.gp1(vrange(0x88 - 120, 0x88 + 120));
    r.gpu.scanout(rgba, w, h);
    CHECK(h == 240);
    r.gp1(0x08000024); // 480 lines, interlace
    r.gpu.scanout(rgba, w, h);
    CHECK(h == 480);
    r.gp1(0x08000004); // 480 bit without interlace: 240
    r.gpu.scanout(rgba, w, h);
    CHECK(h == 240);
    r.gp1(0x08000008); // PAL
    r.gp1(vrange(0xA3 - 144, 0xA3 + 144));
    r.gpu.scanout(rgba, w, h);
    CHECK(h == 288);
    r.gp1(0x08000000); // the same range in NTSC ends at line 263
    r.gpu.scanout(rgba, w, h);
    CHECK(h == 263 - (0xA3 - 144));
}

TEST_CASE("15-bit scan-out converts BGR555 from the display start", "[gpu]") {
    Rig r;
    r.gp1(0x03000000);
    r.gp1(0x05000000u | (10u << 10) | 1020); // start (1020, 10): X wraps at 1024
    uint16_t* v = r.gpu.mutableVram();
    v[10 * 1024 + 1020] = 0x7C1F; // blue + red
    v[10 * 1024 + 1023] = 0x03E0; // green
    v[10 * 1024 + 0] = 0x8421;    // mask bit + 1,1,1
    v[11 * 1024 + 1020] = 0x0010;
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    REQUIRE(r.gpu.scanout(rgba, w, h));
    auto px = [&](uint32_t x, uint32_t y) { return &rgba[(size_t(y) * w + x) * 4]; };
    CHECK((px(0, 0)[0] == 255 && px(0, 0)[1] == 0 && px(0, 0)[2] == 255 && px(0, 0)[3] == 255));
    CHECK((px(3, 0)[0] == 0 && px(3, 0)[1] == 255 && px(3, 0)[2] == 0));
    CHECK((px(4, 0)[0] == 8 && px(4, 0)[1] == 8 && px(4, 0)[2] == 8));
    CHECK((px(0, 1)[0] == 132 && px(0, 1)[1] == 0));
}

TEST_CASE("24-bit scan-out unpacks two pixels from every three halfwords", "[gpu]") {
    Rig r;
    r.gp1(0x03000000);
    r.gp1(0x08000010); // 256, 24-bit
    r.gp1(0x05000000u | (4u << 10) | 100);
    uint16_t* v = r.gpu.mutableVram() + 4 * 1024 + 100;
    // Bytes R0 G0 B0 R1 G1 B1 = 11 22 33 44 55 66.
    v[0] = 0x2211;
    v[1] = 0x4433;
    v[2] = 0x6655;
    // 256 pixels read 768 bytes = 384 halfwords of the row.
    v[383] = 0xABCD; // bytes 766 (CD) and 767 (AB): G and B of pixel 255
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    REQUIRE(r.gpu.scanout(rgba, w, h));
    CHECK(w == 256);
    CHECK((rgba[0] == 0x11 && rgba[1] == 0x22 && rgba[2] == 0x33 && rgba[3] == 0xFF));
    CHECK((rgba[4] == 0x44 && rgba[5] == 0x55 && rgba[6] == 0x66));
    CHECK((rgba[255 * 4 + 1] == 0xCD && rgba[255 * 4 + 2] == 0xAB));
}

TEST_CASE("A disabled display scans out black and reports false", "[gpu]") {
    Rig r;
    r.gpu.mutableVram()[0] = 0x7FFF;
    std::vector<uint8_t> rgba;
    uint32_t w = 0, h = 0;
    CHECK_FALSE(r.gpu.scanout(rgba, w, h)); // off after reset
    REQUIRE((w == 256 && h == 240));
    CHECK((rgba[0] == 0 && rgba[1] == 0 && rgba[2] == 0));
    r.gp1(0x03000000);
    CHECK(r.gpu.scanout(rgba, w, h));
    CHECK(rgba[0] == 255);
}

TEST_CASE("GPU savestate round trip keeps registers - VRAM and transfers in progress", "[gpu]") {
    Rig a;
    a.gp0(0xE1000234);
    a.gp0(0xE2054321);
    a.gp0(0xE5012345);
    a.gp1(0x03000000);
    a.gp1(0x04000002);
    a.gp1(0x08000027);
    a.gp1(0x10000005);
    a.gpu.mutableVram()[1234] = 0x5678;
    a.gp0({0xC0000000, 0x00000000, 0x00010004}); // read-back pending: 2 words
    a.read();
    a.gp0(0x1F000000);
    a.gp0({0xA0000000, 0x00000010, 0x00010004, 0x11112222}); // upload half received

    auto w = savestate::StateIO::writer();
    a.gpu.serialize(w);
    REQUIRE(w.ok());
    auto verify = savestate::StateIO::verifier(w.buffer());
    a.gpu.serialize(verify);
    INFO(verify.error());
    CHECK(verify.ok());
    Rig b;
    b.now = a.now;
    auto rd = savestate::StateIO::reader(w.buffer());
    b.gpu.serialize(rd);
    REQUIRE(rd.ok());
    CHECK(b.stat() == a.stat());
    CHECK(b.read() == a.read()); // second read-back word
    CHECK(b.gpu.vram()[1234] == 0x5678);
    b.gp1(0x10000002);
    CHECK(b.read() == 0x54321);
    // The upload continues where it stopped.
    b.gp0(0x33334444);
    REQUIRE(b.records() == 1);
    const auto& pool = b.gpu.frameCommands().uploadPool();
    CHECK(pool[b.cmd(0).upload.dataOffset] == 0x2222);
    CHECK(pool[b.cmd(0).upload.dataOffset + 3] == 0x3333);
}
