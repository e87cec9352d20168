/* Golden scene: 24-bit display mode (GP1(08h).4). A 320x240 true-colour image is uploaded with
   GP0(A0h) as 480 halfwords per line (3 bytes per pixel, "24bit Direct Display").
   Golden image RECORDED, not checked against a rule: its hashes (hashes.txt) come from a run
   whose screenshot was looked at. */
#include "scene.h"

static uint8_t line[960 + 4] __attribute__((aligned(4)));

int main(void) {
    gpu_setup();
    for (int y = 0; y < 240; ++y) {
        for (int x = 0; x < 320; ++x) {
            int dx = x - 160, dy = y - 120;
            int ring = ((dx * dx + dy * dy) >> 6) & 31;
            line[3 * x + 0] = (uint8_t)(x * 255 / 319);
            line[3 * x + 1] = (uint8_t)(y * 255 / 239);
            line[3 * x + 2] = (uint8_t)(ring * 8);
        }
        gpu_upload(0, y, 480, 1, (const uint16_t*)line);
    }
    scene_display(1 | 0x10); /* 320 wide, 24-bit */
    scene_idle();
    return 0;
}
