/* Shared body of the fs-* programs. Each frame draws a scene whose pixels are predictable at a
   "probe" point; reading the probe back through GP0 C0h and comparing it with the value the
   hardware rules give proves that whatever the emulator skipped was executed before the read.
   Probes are rare (once per tick) except in FS_READBACK, whose point is to read every frame,
   so that the other modes still let frame skipping save work. */
#include "fs.h"

#include "font.h"
#include "gpu.h"
#include "hw.h"
#include "sys.h"

#define OT_LEN 16
#define POOL_WORDS 4096
#define RTT_X 640 /* off-screen render target: 15-bit texture page 10 */
#define RTT_Y 0
#define RTT_W 128
#define RTT_H 128

static uint32_t g_ot[2][OT_LEN];
static uint32_t g_pool[2][POOL_WORDS];
static GpuFrame g_frame[2];
static uint32_t g_probes, g_fails, g_hash = HASH_INIT;

/* The 15-bit VRAM value of a 24-bit colour drawn without shading or dithering: 5 bits each,
   red lowest (graphicsprocessingunitgpu.md "Colour depth"). */
static uint16_t to15(uint32_t rgb) {
    return (uint16_t)(((rgb >> 3) & 0x1F) | (((rgb >> 11) & 0x1F) << 5) |
                      (((rgb >> 19) & 0x1F) << 10));
}

static uint32_t colour_of(uint32_t frame, uint32_t salt) {
    uint32_t h = hash_word(HASH_INIT, frame * 2654435761u + salt);
    return h & 0xF8F8F8u; /* exact in 15 bits */
}

static void probe(int x, int y, uint16_t expected, const char* what, uint32_t frame) {
    uint16_t got[2];
    gpu_readback(x, y, 2, 1, got);
    ++g_probes;
    g_hash = hash_word(g_hash, got[0] | ((uint32_t)got[1] << 16));
    if ((got[0] & 0x7FFF) != expected) {
        ++g_fails;
        tprintf("probe %s frame %u at %d,%d: got %04X expected %04X\n", what, frame, x, y, got[0],
                expected);
    }
}

/* Some moving gouraud triangles over the whole buffer: the work frame skipping may defer. */
static void scenery(GpuFrame* f, uint32_t frame, int count) {
    for (int i = 0; i < count; ++i) {
        int cx = (int)((frame * (3 + i) + (uint32_t)i * 53) % 360) - 20;
        int cy = (int)((frame * (2 + (i & 3)) + (uint32_t)i * 37) % 260) - 10;
        int16_t xy[6] = {(int16_t)cx,        (int16_t)cy,        (int16_t)(cx + 60),
                         (int16_t)(cy + 10), (int16_t)(cx + 20), (int16_t)(cy + 50)};
        uint32_t rgb[3] = {colour_of(frame, (uint32_t)i), colour_of(frame, (uint32_t)i + 100),
                           colour_of(frame, (uint32_t)i + 200)};
        gpu_tri_g(f, 2 + (i & 7), xy, rgb, i & 1);
    }
}

static void env_packet(GpuFrame* f, int x, int y, int w, int h) {
    uint32_t* p = gpu_ot_packet(f, OT_LEN - 1, GPU_ENV_WORDS);
    if (p) gpu_env(p, x, y, w, h, 0, 0);
}

static void label(GpuFrame* f, const char* name, uint32_t frame, int by) {
    char text[48];
    char* p = fmt_str(text, name);
    p = fmt_str(p, " FRAME ");
    fmt_uint(p, frame, 5);
    font_draw(f, 0, 8, 8, text, 0x808080);
    /* a backing strip in the bucket before the text, so an uncleared buffer stays legible */
    gpu_fill(f, 1, 0, by, 320, 20, 0x202020); /* fills take VRAM coordinates */
}

void fs_run(const char* name, enum FsMode mode) {
    sys_init();
    gpu_init();
    font_init(960, 0, 960, 256);
    for (int i = 0; i < 2; ++i)
        gpu_frame_init(&g_frame[i], g_ot[i], OT_LEN, g_pool[i], POOL_WORDS);
    /* start from a defined VRAM: both buffers black */
    gpu_cmd(0x02000000u);
    GP0 = gp_xy(0, 0);
    GP0 = gp_xy(320, 480);

    int cur = 0;
    uint32_t frame = 0, mode_start = 0;
    enum FsMode prev_mode = FS_SWITCH;
    char extra[48];
    for (;; ++frame) {
        enum FsMode m = mode == FS_SWITCH ? (enum FsMode)((frame / 120) % 4) : mode;
        /* the first frame of a mode starts from a cleared buffer and has no history to probe */
        int first = frame == 0 || m != prev_mode;
        if (first) mode_start = frame;
        prev_mode = m;
        int tick_frame = (frame % 60) == 59;
        /* FS_INCREMENTAL draws into the one buffer it shows; the others into the back one */
        int by = m == FS_INCREMENTAL ? 0 : cur * SCREEN_H;
        GpuFrame* f = &g_frame[cur];
        gpu_frame_begin(f);
        uint32_t clear = colour_of(frame, 999) & 0x3F3F3Fu;
        uint16_t probe_expected = 0;
        int px = 0, py = 0;
        const char* what = "";

        if (m == FS_RTT) {
            /* pass 1, in the prologue: the texture, a clear plus a frame-numbered pattern */
            uint32_t* p = gpu_chain_packet(f, GPU_ENV_WORDS);
            if (p) gpu_env(p, RTT_X, RTT_Y, RTT_W, RTT_H, 0, 0);
            uint32_t tex_bg = colour_of(frame, 7) | 0x080808u;
            p = gpu_chain_packet(f, 3);
            if (p)
                p[0] = 0x02000000u | tex_bg, p[1] = gp_xy(RTT_X, RTT_Y), p[2] = gp_xy(RTT_W, RTT_H);
            for (int i = 0; i < 6; ++i) {
                p = gpu_chain_packet(f, 4);
                if (!p) break;
                int s = (int)((frame * 4 + (uint32_t)i * 20) % 100);
                p[0] = 0x20000000u | colour_of(frame, 20u + (uint32_t)i); /* flat triangle */
                p[1] = gp_xy(s, 20 + i * 16);
                p[2] = gp_xy(s + 20, 60 + i * 8);
                p[3] = gp_xy(s + 30, 10 + i * 16);
            }
            /* the GPU's texture cache may hold the previous frame's texels of this page */
            p = gpu_chain_packet(f, 1);
            if (p) p[0] = 0x01000000u;
            /* pass 2: the screen, sampling the texture twice (raw, so the texel is copied) */
            env_packet(f, 0, by, SCREEN_W, SCREEN_H);
            gpu_fill(f, OT_LEN - 2, 0, by, SCREEN_W, SCREEN_H, clear);
            scenery(f, frame, 8);
            uint32_t tpage = gp_tpage(RTT_X, RTT_Y, 0, 2);
            uint32_t* q = gpu_ot_packet(f, 1, 9);
            if (q) {
                q[0] = 0x2D000000u; /* textured quad, raw texture */
                q[1] = gp_xy(160, 80), q[2] = gp_uv(0, 0);
                q[3] = gp_xy(288, 80), q[4] = gp_uv(127, 0) | (tpage << 16);
                q[5] = gp_xy(160, 208), q[6] = gp_uv(0, 127);
                q[7] = gp_xy(288, 208), q[8] = gp_uv(127, 127);
            }
            gpu_quad_ft(f, 1, 20, 120, 64, 64, 0, 0, 0x808080, tpage, 0, 1);
            /* top-left texel of the texture is always background: the pattern starts at y 10 */
            px = 161, py = by + 81;
            probe_expected = to15(tex_bg);
            what = "rtt";
        } else {
            env_packet(f, 0, by, SCREEN_W, SCREEN_H);
            if (m != FS_INCREMENTAL || first)
                gpu_fill(f, OT_LEN - 2, 0, by, SCREEN_W, SCREEN_H, clear);
            if (m == FS_INCREMENTAL) {
                /* paint one more tile of a slowly filling mosaic each frame */
                int tile = (int)((frame - mode_start) % 300);
                int tx = (tile % 20) * 16, ty = 24 + (tile / 20) * 14;
                uint32_t c = colour_of(frame, 3);
                int16_t xy[8] = {(int16_t)tx,        (int16_t)ty,       (int16_t)(tx + 15),
                                 (int16_t)ty,        (int16_t)tx,       (int16_t)(ty + 13),
                                 (int16_t)(tx + 15), (int16_t)(ty + 13)};
                gpu_quad_f(f, 1, xy, c, 0);
                /* a tile painted earlier must still be there, whatever was skipped since */
                probe_expected = 0xFFFF; /* nothing to check on the first frame */
                if (!first) {
                    int old = (int)((frame - 1 - mode_start) % 300);
                    px = (old % 20) * 16 + 4, py = 24 + (old / 20) * 14 + 4;
                    probe_expected = to15(colour_of(frame - 1, 3));
                }
                what = "incremental";
            } else {
                scenery(f, frame, m == FS_CLEAR ? 24 : 8);
                /* a flat quad of this frame's colour the probe reads */
                uint32_t c = colour_of(frame, 5);
                int16_t xy[8] = {40, 200, 104, 200, 40, 230, 104, 230};
                gpu_quad_f(f, 1, xy, c, 0);
                px = 60, py = by + 210;
                probe_expected = to15(c);
                what = m == FS_CLEAR ? "clear" : "readback";
            }
        }
        label(f, name, frame, by);
        gpu_frame_send(f);
        gpu_sync();

        if ((m == FS_READBACK || tick_frame) && probe_expected != 0xFFFF)
            probe(px, py, probe_expected, what, frame);

        sys_wait_vblank();
        if (m != FS_INCREMENTAL) {
            gpu_display_at(0, by);
            cur ^= 1;
        } else {
            gpu_display_at(0, 0);
        }
        char* p = fmt_str(extra, "probes ");
        p = fmt_uint(p, g_probes, 1);
        p = fmt_str(p, " fails ");
        fmt_uint(p, g_fails, 1);
        sys_tick(g_hash, extra);
    }
}
