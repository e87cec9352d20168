/* Golden scene: 640x480 interlaced (GP1(08h) = 640 | 480 lines | interlace). Both fields come
   from one 640x480 picture: a gouraud background, one-line stripes that show the field
   interleave, and a grid of flat rectangles.
   Golden image RECORDED, not checked against a rule: its hashes (hashes.txt) come from a run
   whose screenshot was looked at. */
#include "scene.h"

int main(void) {
    gpu_setup();
    gpu_area(0, 0, 639, 479);
    gp0_cmd(0xe1000600);
    gp0_cmd(0x38000000 | RGB24(0x00, 0x00, 0x40));
    GP0 = XY(0, 0);
    GP0 = RGB24(0x40, 0x00, 0x80);
    GP0 = XY(640, 0);
    GP0 = RGB24(0x00, 0x60, 0x40);
    GP0 = XY(0, 480);
    GP0 = RGB24(0x80, 0x80, 0x20);
    GP0 = XY(640, 480);
    gp0_cmd(0xe1000400);
    for (int y = 40; y < 120; y += 2)
        rect(0x60000000, RGB24(0xff, 0xff, 0xff), 40, y, 200, 1);
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 10; ++x)
            rect(0x60000000, RGB24(x * 25, y * 40, 255 - x * 25), 280 + x * 34, 140 + y * 50, 30,
                 44);
    gp0_cmd(0x20000000 | RGB24(0xff, 0xd0, 0x00));
    GP0 = XY(40, 440);
    GP0 = XY(240, 440);
    GP0 = XY(140, 160);
    scene_display(3 | 0x04 | 0x20);
    scene_idle();
    return 0;
}
