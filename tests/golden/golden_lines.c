/* Golden scene: gouraud lines in a star, a flat polyline wireframe, a gouraud polyline, dithered
   mono lines and semi-transparent lines.
   Golden image RECORDED, not checked against a rule: its hashes (hashes.txt) come from a run
   whose screenshot was looked at. */
#include "scene.h"

/* Points on a circle of radius 100 every 15 degrees (rounded 100*cos, 100*sin). */
static const int8_t kCos[24] = {100,  97,  87,  71,  50,  26,  0, -26, -50, -71, -87, -97,
                                -100, -97, -87, -71, -50, -26, 0, 26,  50,  71,  87,  97};

int main(void) {
    gpu_setup();
    gpu_area(0, 0, 319, 239);
    gpu_fill(0, 0, 320, 240, RGB24(0, 0, 0));
    gpu_offset(110, 120);
    for (int i = 0; i < 24; ++i) {
        int x = kCos[i], y = kCos[(i + 18) % 24];
        gp0_cmd(0x50000000 | RGB24(0xff, 0xff, 0xff));
        GP0 = XY(0, 0);
        GP0 = RGB24(i * 10, 255 - i * 10, (i * 40) & 255);
        GP0 = XY(x, y);
    }
    /* wireframe 24-gon as one flat polyline, closed on its first vertex */
    gp0_cmd(0x48000000 | RGB24(0xff, 0xc0, 0x00));
    for (int i = 0; i <= 24; ++i)
        GP0 = XY(kCos[i % 24], kCos[(i + 18) % 24]);
    GP0 = 0x55555555;
    gpu_offset(0, 0);
    /* gouraud polyline zig-zag */
    gp0_cmd(0x58000000 | RGB24(0xff, 0, 0));
    for (int i = 0; i < 8; ++i) {
        if (i) GP0 = RGB24(i & 1 ? 0 : 0xff, i & 1 ? 0xff : 0, (i * 32) & 255);
        GP0 = XY(230 + (i & 1) * 70, 10 + i * 12);
    }
    GP0 = 0x50005000;
    /* dithered mono lines in a dark grey ramp */
    gp0_cmd(0xe1000600);
    for (int i = 0; i < 12; ++i) {
        gp0_cmd(0x40000000 | RGB24(0x20 + i * 3, 0x20 + i * 3, 0x24 + i * 3));
        GP0 = XY(230, 120 + i * 2);
        GP0 = XY(310, 120 + i * 2);
    }
    gp0_cmd(0xe1000400);
    /* semi-transparent lines, modes 0-3, crossing a white bar */
    gpu_fill(224, 160, 96, 16, RGB24(0xa0, 0xa0, 0xa0));
    for (int m = 0; m < 4; ++m) {
        gp0_cmd(0xe1000400 | ((uint32_t)m << 5));
        for (int k = 0; k < 3; ++k) {
            gp0_cmd(0x42000000 | RGB24(0xff, 0x40, 0x10));
            GP0 = XY(232 + m * 22 + k * 4, 150);
            GP0 = XY(240 + m * 22 + k * 4, 230);
        }
    }
    scene_display(1);
    scene_idle();
    return 0;
}
