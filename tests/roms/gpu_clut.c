/* GPU CLUT cache (graphicsprocessingunitgpu.md "GPU Texture Caching": the CLUT cache "is
   preserved between GPU drawing commands" and "invalidated when different CLUT index values are
   used or when GP0(01h) is issued"; "GP1(01h)": "Resets the command buffer and CLUT cache").
   A textured 4-bit/8-bit primitive with the cached CLUT index draws with the cached palette
   even after the CLUT in VRAM was overwritten. Expected pixels come from that rule alone. */
#include "gpu_common.h"

#define PAGE_X 640                /* 4-bit texture page 10: X = 640, Y = 0 */
#define CLUT_A (0u | (480u << 6)) /* CLUT at (0, 480) */
#define CLUT_B (2u | (481u << 6)) /* CLUT at (32, 481) */
#define RED 0x001f
#define GREEN 0x03e0
#define BLUE 0x7c00

/* 16 entries: entry 0 transparent, the others `color` (the texture uses index 1 only). */
static void palette(uint32_t clut, uint16_t color) {
    uint16_t entries[16];
    for (int i = 0; i < 16; ++i)
        entries[i] = i ? color : 0;
    gpu_upload((int)(clut & 0x3f) * 16, (int)(clut >> 6), 16, 1, entries);
}

/* GP0(65h): raw-textured opaque 8x8 rectangle with the 4-bit page at PAGE_X. */
static void sprite(int x, int y, uint32_t clut) {
    gp0_cmd(0xe1000400 | (PAGE_X / 64));
    gp0_cmd(0x65000000);
    GP0 = XY(x, y);
    GP0 = clut << 16;
    GP0 = XY(8, 8);
}

int main(void) {
    static uint16_t texture[4 * 8];
    test_begin("gpu_clut");
    bios_enter_critical_section();
    gpu_setup();
    for (int i = 0; i < 4 * 8; ++i)
        texture[i] = 0x1111; /* every 4-bit texel is index 1 */
    gpu_upload(PAGE_X, 0, 4, 8, texture);
    gpu_fill(0, 0, 256, 64, 0);

    palette(CLUT_A, RED);
    palette(CLUT_B, BLUE);
    sprite(0, 0, CLUT_A);
    palette(CLUT_A, GREEN); /* CPU->VRAM over the cached CLUT */
    sprite(16, 0, CLUT_A);
    check_eq("CLUT cache rule: first use of CLUT A loads it", gpu_pixel(2, 2), RED);
    check_eq("CLUT cache rule: same CLUT index after an upload over it uses the cached palette",
             gpu_pixel(18, 2), RED);

    gpu_fill(0, 480, 16, 1, 0xff0000); /* fill over the CLUT: blue */
    sprite(32, 0, CLUT_A);
    check_eq("CLUT cache rule: a fill over the CLUT does not invalidate the cache",
             gpu_pixel(34, 2), RED);

    gp0_cmd(0x01000000); /* GP0(01h) clear cache */
    sprite(48, 0, CLUT_A);
    check_eq("CLUT cache rule: GP0(01h) invalidates - the CLUT is loaded again", gpu_pixel(50, 2),
             BLUE);

    palette(CLUT_A, GREEN);
    sprite(64, 0, CLUT_B);
    sprite(80, 0, CLUT_A);
    check_eq("CLUT cache rule: another index loads its CLUT", gpu_pixel(66, 2), BLUE);
    check_eq("CLUT cache rule: back to the first index loads the new palette", gpu_pixel(82, 2),
             GREEN);

    palette(CLUT_A, RED);
    gpu_wait_idle();
    GP1 = 0x01000000; /* GP1(01h) reset command buffer */
    sprite(96, 0, CLUT_A);
    check_eq("CLUT cache rule: GP1(01h) invalidates", gpu_pixel(98, 2), RED);

    bios_exit_critical_section();
    return test_done();
}
