/* Golden scene: gouraud-shaded triangles and quads (dithered and not), a flat triangle, on a
   320x240 15-bit display.
   Golden image RECORDED, not checked against a rule: its hashes (hashes.txt) come from a run
   whose screenshot was looked at. */
#include "scene.h"

int main(void) {
    gpu_setup();
    gpu_area(0, 0, 319, 239);
    gpu_fill(0, 0, 320, 240, RGB24(0x10, 0x10, 0x30));
    gp0_cmd(0xe1000600); /* dither on */
    gouraud_tri(20, 200, RGB24(0xff, 0, 0), 150, 200, RGB24(0, 0xff, 0), 85, 30, RGB24(0, 0, 0xff));
    gouraud_tri(170, 30, RGB24(0xff, 0xff, 0), 300, 60, RGB24(0, 0xff, 0xff), 200, 140,
                RGB24(0xff, 0, 0xff));
    gp0_cmd(0x38000000 | RGB24(0, 0, 0));
    GP0 = XY(170, 160);
    GP0 = RGB24(0xff, 0xff, 0xff);
    GP0 = XY(300, 160);
    GP0 = RGB24(0x40, 0x40, 0x40);
    GP0 = XY(170, 230);
    GP0 = RGB24(0xc0, 0x80, 0x40);
    GP0 = XY(300, 230);
    gp0_cmd(0xe1000400); /* dither off for comparison */
    gouraud_tri(230, 70, RGB24(0x20, 0x20, 0x20), 310, 150, RGB24(0xe0, 0xe0, 0xe0), 215, 150,
                RGB24(0x80, 0x20, 0x20));
    gp0_cmd(0x20000000 | RGB24(0xff, 0xff, 0xff));
    GP0 = XY(10, 10);
    GP0 = XY(60, 10);
    GP0 = XY(10, 50);
    scene_display(1); /* 320x240 NTSC 15-bit */
    scene_idle();
    return 0;
}
