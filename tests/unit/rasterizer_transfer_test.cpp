// Rasterizer: VRAM fill/copy/upload and lines (graphicsprocessingunitgpu.md).
#include <catch2/catch.hpp>

#include "tests/unit/rasterizer_test_util.h"

using namespace rastertest;
using namespace gpu;

TEST_CASE("Fill wraps at VRAM edges and ignores mask bits and drawing area", "[raster]") {
    Vram vram;
    vram.at(1010, 509) = 0x8000; // would be protected by E6h bit 1, but fill ignores it
    FillCmd f;
    f.x = 1008;
    f.y = 508;
    f.width = 32;
    f.height = 8;
    f.color = rgb15(1, 2, 3);
    CHECK(vram.raster.fill(f) == 256);
    CHECK(vram.countNonZero() == 256);
    CHECK(vram.at(1008, 508) == rgb15(1, 2, 3));
    CHECK(vram.at(1023, 511) == rgb15(1, 2, 3));
    CHECK(vram.at(0, 0) == rgb15(1, 2, 3)); // wrapped in X and Y
    CHECK(vram.at(15, 3) == rgb15(1, 2, 3));
    CHECK(vram.at(16, 3) == 0);
    CHECK(vram.at(15, 4) == 0);
    CHECK(vram.at(1010, 509) == rgb15(1, 2, 3)); // mask bit not honoured, not set
    // "Fill does NOT occur when Xsiz=0 or Ysiz=0".
    f.width = 0;
    f.color = 0x7FFF;
    CHECK(vram.raster.fill(f) == 0);
    CHECK(vram.at(1008, 508) == rgb15(1, 2, 3));
}

TEST_CASE("VRAM copy: overlapping rectangles - mask bits - wrap-around", "[raster]") {
    Vram vram;
    for (int x = 0; x < 8; ++x)
        vram.at(x, 0) = static_cast<uint16_t>(x + 1);
    CopyCmd c;
    c.srcX = 0;
    c.dstX = 2;
    c.width = 8;
    c.height = 1;
    // Horizontal overlap: the destination receives the source as it was.
    CHECK(vram.raster.copy(c) == 8);
    CHECK(vram.at(0, 0) == 1);
    CHECK(vram.at(1, 0) == 2);
    for (int x = 0; x < 8; ++x)
        CHECK(vram.at(2 + x, 0) == x + 1);
    // Vertical overlap with the destination above the source.
    Vram v2;
    for (int y = 0; y < 6; ++y)
        v2.at(0, 10 + y) = static_cast<uint16_t>(0x100 + y);
    CopyCmd up;
    up.srcY = 12;
    up.dstY = 10;
    up.width = 1;
    up.height = 4;
    v2.raster.copy(up);
    for (int y = 0; y < 4; ++y)
        CHECK(v2.at(0, 10 + y) == 0x102 + y);
    // Wrap-around of source and destination, no carry between X and Y.
    Vram v3;
    v3.at(1023, 511) = 0x11;
    v3.at(0, 511) = 0x22;
    v3.at(1023, 0) = 0x33;
    v3.at(0, 0) = 0x44;
    CopyCmd w;
    w.srcX = 1023;
    w.srcY = 511;
    w.dstX = 1023;
    w.dstY = 100;
    w.width = 2;
    w.height = 2;
    v3.raster.copy(w);
    CHECK(v3.at(1023, 100) == 0x11);
    CHECK(v3.at(0, 100) == 0x22);
    CHECK(v3.at(1023, 101) == 0x33);
    CHECK(v3.at(0, 101) == 0x44);
    // Mask: set forces bit 15, check protects destination pixels with bit 15.
    Vram v4;
    v4.at(0, 0) = 5;
    v4.at(1, 0) = 6;
    v4.at(11, 0) = 0x8000;
    CopyCmd m;
    m.dstX = 10;
    m.width = 2;
    m.height = 1;
    m.setMask = true;
    m.checkMask = true;
    v4.raster.copy(m);
    CHECK(v4.at(10, 0) == 0x8005);
    CHECK(v4.at(11, 0) == 0x8000);
}

TEST_CASE("CPU->VRAM upload wraps and honours mask bits", "[raster]") {
    Vram vram;
    const uint16_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    UploadCmd u;
    u.x = 1022;
    u.y = 511;
    u.width = 4;
    u.height = 2;
    CHECK(vram.raster.upload(u, data) == 8);
    CHECK(vram.at(1022, 511) == 1);
    CHECK(vram.at(1023, 511) == 2);
    CHECK(vram.at(0, 511) == 3);
    CHECK(vram.at(1, 511) == 4);
    CHECK(vram.at(1022, 0) == 5);
    CHECK(vram.at(1, 0) == 8);
    CHECK(vram.countNonZero() == 8);
    // Through execute() with the pool offset; bit 15 source data is kept, set mask ORs it in.
    Vram v2;
    v2.at(3, 3) = 0x8001;
    const uint16_t pool[6] = {0xDEAD, 0x8010, 0x0020, 0x0030, 0, 0};
    Command cmd;
    cmd.kind = CommandKind::Upload;
    cmd.upload = UploadCmd{};
    cmd.upload.x = 2;
    cmd.upload.y = 3;
    cmd.upload.width = 3;
    cmd.upload.height = 1;
    cmd.upload.checkMask = true;
    cmd.upload.setMask = true;
    cmd.upload.dataOffset = 1;
    v2.raster.execute(cmd, pool);
    CHECK(v2.at(2, 3) == 0x8010);
    CHECK(v2.at(3, 3) == 0x8001); // protected
    CHECK(v2.at(4, 3) == 0x8030);
}

TEST_CASE("Lines include both end points in either direction", "[raster]") {
    for (bool reverse : {false, true}) {
        Vram vram;
        LineCmd l;
        l.state = fullArea();
        l.v[0] = vtx(5, 5, 255, 255, 255);
        l.v[1] = vtx(10, 7, 255, 255, 255);
        if (reverse) std::swap(l.v[0], l.v[1]);
        CHECK(vram.raster.drawLine(l) == 6);
        CHECK(vram.at(5, 5) == 0x7FFF);
        CHECK(vram.at(10, 7) == 0x7FFF);
        CHECK(vram.countNonZero() == 6);
        // One pixel per column along the major axis.
        for (int x = 5; x <= 10; ++x) {
            int inColumn = 0;
            for (int y = 0; y < 12; ++y)
                inColumn += vram.at(x, y) != 0;
            CHECK(inColumn == 1);
        }
    }
    // Steep line: one pixel per row.
    Vram steep;
    LineCmd s;
    s.state = fullArea();
    s.v[0] = vtx(20, 30, 255);
    s.v[1] = vtx(17, 40, 255);
    CHECK(steep.raster.drawLine(s) == 11);
    CHECK(steep.at(20, 30) == rgb15(31, 0, 0));
    CHECK(steep.at(17, 40) == rgb15(31, 0, 0));
    CHECK(steep.countNonZero() == 11);
}

TEST_CASE("Line with coincident vertices draws one pixel in the first colour", "[raster]") {
    Vram vram;
    LineCmd l;
    l.flags = kGouraud;
    l.state = fullArea();
    l.v[0] = vtx(9, 9, 0, 255, 0);
    l.v[1] = vtx(9, 9, 255, 0, 0);
    CHECK(vram.raster.drawLine(l) == 1);
    CHECK(vram.at(9, 9) == rgb15(0, 31, 0));
    CHECK(vram.countNonZero() == 1);
    // Drawn as a 1x1 rectangle: not dithered, although lines otherwise are. At (0,0) the
    // dither offset is -4, which would turn 98 (12) into 94 (11).
    Vram dot;
    l.state.texpage = texpage(0, 0, 0, 0, true);
    l.v[0] = vtx(0, 0, 98, 98, 98);
    l.v[1] = vtx(0, 0, 98, 98, 98);
    dot.raster.drawLine(l);
    CHECK(dot.at(0, 0) == rgb15(12, 12, 12));
}

TEST_CASE("Gouraud lines reach the end colour - lines clip to the drawing area", "[raster]") {
    Vram vram;
    LineCmd l;
    l.flags = kGouraud;
    l.state = fullArea();
    l.v[0] = vtx(0, 0, 0, 0, 0);
    l.v[1] = vtx(31, 0, 248, 0, 0);
    vram.raster.drawLine(l);
    for (int x = 0; x < 32; ++x)
        CHECK(vram.at(x, 0) == rgb15(x, 0, 0)); // 8*x per step
    Vram clip;
    l.state.areaLeft = 10;
    l.state.areaRight = 12;
    CHECK(clip.raster.drawLine(l) == 32);
    CHECK(clip.countNonZero() == 3);
    CHECK(clip.at(10, 0) == rgb15(10, 0, 0));
    CHECK(clip.at(12, 0) == rgb15(12, 0, 0));
    // Semi-transparent line: B+F.
    Vram semi;
    semi.at(3, 3) = rgb15(1, 1, 1);
    LineCmd t;
    t.flags = kSemiTransparent;
    t.state = fullArea();
    t.state.texpage = texpage(0, 0, 1, 0);
    t.v[0] = vtx(3, 3, 16, 16, 16);
    t.v[1] = vtx(3, 4);
    semi.raster.drawLine(t);
    CHECK(semi.at(3, 3) == rgb15(3, 3, 3));
    CHECK(semi.at(3, 4) == rgb15(2, 2, 2));
}
