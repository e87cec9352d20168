/* bench-rtt: a render-to-texture workload for `skipjack-cli bench frameskip` that also reacts
   to the pad, so the bench can measure input latency.

   Every frame, as games do for effects (a monitor in the scene, a mirror, a minimap):
     pass 1 (the prologue chain, before the OT): draw a 128x128 picture into an off-screen VRAM
            area (640, 256) - a fill and a fan of gouraud triangles - then flush the texture
            cache (GP0(01h), "GPU Texture Caching": cached texels survive VRAM writes);
     pass 2 (the OT): clear the back buffer, draw moving scenery, then sample the picture of
            pass 1 with six textured quads (raw texture, one of them scaled and
            semi-transparent) and label the frame.
   The display is switched to the new buffer after the next vblank (the usual double-buffered
   loop), and the program never reads VRAM back, so frame skipping may defer all of pass 2.

   Input: while Cross is held on the pad in port 1 (read through SIO0 each frame), the picture's
   background and an indicator square in the corner turn red. What a frame shows is a function
   of the frame number and the buttons read in it only, so a frame drawn with Cross released
   equals the same frame of a run that never pressed it: the bench compares presented frames
   with such a run to find the first frame that shows a change. */
#include "font.h"
#include "gpu.h"
#include "pad.h"
#include "sys.h"

#define OT_LEN 16
#define POOL_WORDS 4096
#define RTT_X 640 /* off-screen target: 15-bit texture page (640, 256) */
#define RTT_Y 256
#define RTT_SIZE 128

static uint32_t g_ot[2][OT_LEN];
static uint32_t g_pool[2][POOL_WORDS];
static GpuFrame g_frame[2];

/* Pass 1: the off-screen picture, drawn in order before the OT. */
static void draw_texture(GpuFrame* f, uint32_t t, int pressed) {
    uint32_t* p = gpu_chain_packet(f, GPU_ENV_WORDS);
    if (p) gpu_env(p, RTT_X, RTT_Y, RTT_SIZE, RTT_SIZE, 0, 0);
    p = gpu_chain_packet(f, 3);
    if (p) {
        p[0] = 0x02000000u | (pressed ? gp_rgb(200, 24, 24) : gp_rgb(24, 40, 120));
        p[1] = gp_xy(RTT_X, RTT_Y);
        p[2] = gp_xy(RTT_SIZE, RTT_SIZE);
    }
    /* a fan of twelve gouraud triangles (of sixteen around the centre), turning a step a frame */
    static const int8_t ring[16][2] = {
        {60, 0},  {55, 23},   {42, 42},   {23, 55},   {0, 60},  {-23, 55}, {-42, 42}, {-55, 23},
        {-60, 0}, {-55, -23}, {-42, -42}, {-23, -55}, {0, -60}, {23, -55}, {42, -42}, {55, -23}};
    for (int i = 0; i < 12; ++i) {
        p = gpu_chain_packet(f, 6);
        if (!p) break;
        int a = (int)((t + (uint32_t)i) & 15), b = (a + 1) & 15;
        p[0] = 0x30000000u | gp_rgb(255, (i * 20) & 255, 64);
        p[1] = gp_xy(64, 64);
        p[2] = gp_rgb(32, 255, (i * 40) & 255);
        p[3] = gp_xy(64 + ring[a][0], 64 + ring[a][1]);
        p[4] = gp_rgb((i * 60) & 255, 64, 255);
        p[5] = gp_xy(64 + ring[b][0], 64 + ring[b][1]);
    }
    p = gpu_chain_packet(f, 1);
    if (p) p[0] = 0x01000000u;
}

/* Pass 2: the screen. */
static void draw_screen(GpuFrame* f, uint32_t t, int pressed, int by) {
    uint32_t* p = gpu_ot_packet(f, OT_LEN - 1, GPU_ENV_WORDS);
    if (p) gpu_env(p, 0, by, SCREEN_W, SCREEN_H, 0, 0);
    gpu_fill(f, OT_LEN - 2, 0, by, SCREEN_W, SCREEN_H, gp_rgb(12, 12, 24));
    for (int i = 0; i < 24; ++i) {
        int cx = (int)((t * (2 + (uint32_t)(i & 3)) + (uint32_t)i * 47) % 360) - 20;
        int cy = (int)((t * (1 + (uint32_t)(i & 1)) + (uint32_t)i * 31) % 260) - 10;
        int16_t xy[6] = {(int16_t)cx,        (int16_t)cy,        (int16_t)(cx + 50),
                         (int16_t)(cy + 12), (int16_t)(cx + 16), (int16_t)(cy + 44)};
        uint32_t rgb[3] = {gp_rgb((i * 37) & 255, 90, 40), gp_rgb(40, (i * 53) & 255, 90),
                           gp_rgb(90, 40, (i * 71) & 255)};
        gpu_tri_g(f, 4 + (i & 7), xy, rgb, 0);
    }
    uint32_t tpage = gp_tpage(RTT_X, RTT_Y, 0, 2);
    /* five copies of the picture at full size, drifting */
    for (int i = 0; i < 5; ++i) {
        int x = (int)((t + (uint32_t)i * 64) % 200), y = 24 + (i & 1) * 96;
        p = gpu_ot_packet(f, 2, 4);
        if (!p) break;
        p[0] = 0x65000000u; /* textured rectangle, raw texture */
        p[1] = gp_xy(x, y);
        p[2] = gp_uv(0, 0) | (gp_clut(0, 0) << 16);
        p[3] = gp_xy(RTT_SIZE, 96);
    }
    /* and one scaled, semi-transparent (B/2+F/2, set by its texpage) over the middle */
    gpu_quad_ft(f, 1, 100, 70, 120, 100, 0, 0, 0x808080, tpage, 0, 1);
    /* the rectangles above take their texture page from E1h: set it before them */
    p = gpu_ot_packet(f, 3, 1);
    /* E1h bit 10: drawing to the display area allowed; bit 9 (dithering) off */
    if (p) p[0] = 0xE1000000u | tpage | (1u << 10);
    /* the indicator square */
    int16_t sq[8] = {296, 4, 316, 4, 296, 24, 316, 24};
    gpu_quad_f(f, 0, sq, pressed ? gp_rgb(255, 32, 32) : gp_rgb(32, 64, 32), 0);
    char text[32];
    char* q = fmt_str(text, "BENCH-RTT FRAME ");
    fmt_uint(q, t, 5);
    font_draw(f, 0, 8, 8, text, 0x808080);
}

int main(void) {
    sys_init();
    gpu_init();
    pad_init();
    font_init(960, 0, 960, 256);
    for (int i = 0; i < 2; ++i)
        gpu_frame_init(&g_frame[i], g_ot[i], OT_LEN, g_pool[i], POOL_WORDS);
    tprintf("bench-rtt\n");

    int cur = 0;
    uint32_t hash = HASH_INIT, presses = 0;
    int was_pressed = 0;
    char extra[48];
    for (uint32_t t = 0;; ++t) {
        int pressed = (pad_read() & PAD_CROSS) != 0;
        presses += pressed && !was_pressed;
        was_pressed = pressed;
        hash = hash_word(hash, t * 2u + (uint32_t)pressed);

        GpuFrame* f = &g_frame[cur];
        gpu_frame_begin(f);
        draw_texture(f, t, pressed);
        draw_screen(f, t, pressed, cur * SCREEN_H);
        gpu_frame_send(f);
        gpu_sync();
        sys_wait_vblank();
        gpu_display_at(0, cur * SCREEN_H);
        cur ^= 1;
        char* p = fmt_str(extra, "presses ");
        fmt_uint(p, presses, 1);
        sys_tick(hash, extra);
    }
}
