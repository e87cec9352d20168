/* skipjack-demo: the built-in game. Fly down the canyon (d-pad steers, cross boosts) and pass
   through the rings: each one scores (more in a combo) and adds half a second to the clock.
   With no button pressed it plays itself (attract mode), deterministically, so tests and
   benchmarks can run it unattended; every 60 vblanks it prints
   "tick N checksum XXXXXXXX score S frame F polys P". */
#include "font.h"
#include "game.h"
#include "gpu.h"
#include "gte.h"
#include "music.h"
#include "pad.h"
#include "render.h"
#include "sys.h"
#include "textures.h"

#define POOL_WORDS 12288

static uint32_t g_ot[2][OT_LEN];
static uint32_t g_pool[2][POOL_WORDS];
static GpuFrame g_frame[2];
static Game g_game;

/* A few GTE results worked out by hand from the reference's formulas, checked once at start:
   the game's pictures depend on them, and a wrong one is easier to read here than in a
   screenshot. */
static int gte_self_check(void) {
    int fails = 0;
    Mat3 id = {{{4096, 0, 0}, {0, 4096, 0}, {0, 0, 4096}}};
    gte_set_rotation(&id);
    gte_set_translation(0, 0, 1000);
    gte_set_screen(160, 120, 250, 0);
    /* RTPS: SZ = 1000, H/SZ = 0.25 -> SX = 102*0.25 + 160 = 185.5, SY = -50*0.25 + 120 = 107.5;
       the screen coordinates are truncated */
    SVec v = {102, -50, 0, 0};
    gte_load_v0(&v);
    gte_cmd(GTE_RTPS);
    int32_t sxy, sz;
    gte_mfc2(sxy, 14);
    gte_mfc2(sz, 19);
    if ((int16_t)sxy != 185 || (int16_t)(sxy >> 16) != 107 || sz != 1000) ++fails;
    /* NCLIP of (0,0) (0,10) (10,0): MAC0 = -SX2*SY1 = -100 */
    gte_mtc2(0, 12);
    gte_mtc2(10 << 16, 13);
    gte_mtc2(10, 14);
    gte_cmd(GTE_NCLIP);
    int32_t mac0;
    gte_mfc2(mac0, 24);
    if (mac0 != -100) ++fails;
    /* AVSZ3 with ZSF3 = 1000h/3 = 1365: (300+600+900)*1365/1000h = 599 */
    gte_mtc2(300, 17);
    gte_mtc2(600, 18);
    gte_mtc2(900, 19);
    gte_cmd(GTE_AVSZ3);
    int32_t otz;
    gte_mfc2(otz, 7);
    if (otz != 599) ++fails;
    tprintf("skipjack-demo gte self-check %s (sxy %08X sz %d nclip %d otz %d)\n",
            fails ? "FAIL" : "PASS", sxy, sz, mac0, otz);
    return fails;
}

int main(void) {
    sys_init();
    gte_enable();
    math_init();
    gte_self_check();
    gpu_init();
    pad_init();
    textures_upload();
    font_init(FONT_X, FONT_Y, CLUT_FONT_X, CLUT_FONT_Y);
    render_init();
    music_init();
    for (int i = 0; i < 2; ++i)
        gpu_frame_init(&g_frame[i], g_ot[i], OT_LEN, g_pool[i], POOL_WORDS);
    game_reset(&g_game, 1);

    int cur = 0;
    char extra[64];
    for (;;) {
        uint16_t buttons = pad_read();
        game_update(&g_game, buttons);
        music_frame(&g_game);

        /* build this frame while the GPU may still draw the previous one */
        GpuFrame* f = &g_frame[cur];
        gpu_frame_begin(f);
        render_frame(f, &g_game, cur * SCREEN_H);

        gpu_sync(); /* the previous frame is complete ... */
        sys_wait_vblank();
        gpu_display_at(0, (cur ^ 1) * SCREEN_H); /* ... so show it during this vblank */
        gpu_frame_send(f);
        cur ^= 1;

        char* p = fmt_str(extra, "score ");
        p = fmt_uint(p, g_game.score, 1);
        p = fmt_str(p, " frame ");
        p = fmt_uint(p, g_game.frame, 1);
        p = fmt_str(p, " polys ");
        p = fmt_uint(p, render_polys(), 1);
        if (f->overflowed) fmt_str(p, " overflow");
        sys_tick(game_checksum(&g_game), extra);
    }
}
