/* Golden scene: semi-transparency modes 0-3 (columns) over a checkerboard, untextured and
   textured with the per-texel semi bit, and mask-protected pixels.
   Golden image RECORDED, not checked against a rule: its hashes (hashes.txt) come from a run
   whose screenshot was looked at. */
#include "scene.h"

static uint16_t tex[16 * 16];

int main(void) {
    gpu_setup();
    gpu_area(0, 0, 319, 239);
    for (int y = 0; y < 240; y += 16)
        for (int x = 0; x < 320; x += 16)
            gpu_fill(x, y, 16, 16,
                     ((x + y) / 16) & 1 ? RGB24(0xc0, 0x70, 0x20) : RGB24(0x30, 0x30, 0x60));
    /* 15-bit 16x16 texture at (640,0): stripes, odd stripes with bit 15 (semi), a transparent
       hole in the middle. */
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x) {
            uint16_t t = (x / 4) & 1 ? (uint16_t)(0x8000 | RGB15(31, 31, 31)) : RGB15(0, 20, 31);
            if (x >= 6 && x < 10 && y >= 6 && y < 10) t = 0;
            tex[y * 16 + x] = t;
        }
    gpu_upload(640, 0, 16, 16, tex);
    static const uint32_t colors[3] = {RGB24(0xff, 0x20, 0x20), RGB24(0x20, 0xff, 0x20),
                                       RGB24(0x40, 0x40, 0xff)};
    for (int m = 0; m < 4; ++m) {
        int x = 10 + 78 * m;
        gp0_cmd(0xe1000400 | (10u | 2u << 7) | ((uint32_t)m << 5));
        for (int i = 0; i < 3; ++i)
            rect(0x62000000, colors[i], x, 10 + 40 * i, 60, 30);
        /* gouraud semi triangle */
        gouraud_tri_cmd(0x32000000, x, 190, RGB24(0xff, 0, 0), x + 60, 190, RGB24(0, 0xff, 0),
                        x + 30, 130, RGB24(0, 0, 0xff));
        /* textured semi sprites: only bit-15 texels blend */
        gp0_cmd(0x7f000000);
        GP0 = XY(x, 200);
        GP0 = 0;
        gp0_cmd(0x7f000000);
        GP0 = XY(x + 20, 200);
        GP0 = 0;
        gp0_cmd(0x7d000000);
        GP0 = XY(x + 40, 200);
        GP0 = 0;
    }
    /* Mask: a protected band, then a white rectangle drawn with the check on. */
    gp0_cmd(0xe1000400);
    gp0_cmd(0xe6000001);
    rect(0x60000000, RGB24(0x10, 0x10, 0x10), 0, 222, 320, 6);
    gp0_cmd(0xe6000002);
    rect(0x60000000, RGB24(0xff, 0xff, 0xff), 0, 218, 320, 18);
    gp0_cmd(0xe6000000);
    scene_display(1);
    scene_idle();
    return 0;
}
