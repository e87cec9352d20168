/* World rendering. The canyon is a strip of cross-sections every SEG_LEN; each cross-section's
   five points are transformed once by the GTE (RTPT, then RTPS for the last) with the camera
   as origin, so vertex coordinates stay in the GTE's 16-bit range however far the ship flies.
   Quads between two cross-sections are then depth-sorted with AVSZ4 and lit with NCDS (which
   also fades them into the haze by the depth-cue value RTPT left in IR0). */
#include "render.h"

#include "font.h"
#include "gte.h"
#include "sys.h"
#include "textures.h"

#define FLAG_BAD 0x00026000u /* FLAG.17 divide overflow, .14/.13 SX2/SY2 saturated */
#define NEAR_Z 96
#define PTS                                                                                        \
    5 /* points per cross-section: left top, left floor, mid floor, right floor, right top */

typedef struct {
    int16_t x, y;
    uint16_t z;
    uint16_t ok;
    int16_t ir0; /* depth-cue amount 0..4096 */
} Proj;

static Proj g_sec[VIEW_SEGS + 1][PTS];
static SVec g_sec_v[VIEW_SEGS + 1][PTS]; /* the same points in camera space */
static Mat3 g_cam_rot, g_light;
static Vec3 g_cam;
static uint32_t g_polys;

static void ship_normals(void);

uint32_t render_polys(void) {
    return g_polys;
}

void render_init(void) {
    gte_set_screen(SCREEN_W / 2, SCREEN_H / 2, 240, OT_SHIFT);
    gte_set_translation(0, 0, 0);
    /* one warm light from the upper left behind the camera, a blue-ish ambient sky term */
    Mat3 light = {{{-1700, -3400, 1500}, {0, 0, 0}, {0, 0, 0}}};
    g_light = light;
    gte_set_light_matrix(&g_light);
    Mat3 colour = {{{4096, 0, 0}, {3600, 0, 0}, {3000, 0, 0}}};
    gte_set_color_matrix(&colour);
    gte_set_back_color(1500, 1500, 1900);
    gte_set_far_color(205, 170, 140);
    gte_set_depth_cue(240, 1400, 9000);
    ship_normals();
}

/* Transforms points given relative to the camera (must fit in 16 bits). RTPT does three at a
   time; IR0 after it is the depth cue of the third point. */
static void project(const SVec* v, int n, Proj* out) {
    for (int i = 0; i < n;) {
        int32_t sxy[3], sz[3], flag, ir0;
        int k = n - i >= 3 ? 3 : 1;
        if (k == 3) {
            gte_load_v3(&v[i], &v[i + 1], &v[i + 2]);
            gte_cmd(GTE_RTPT);
            gte_mfc2(sxy[0], 12);
            gte_mfc2(sxy[1], 13);
            gte_mfc2(sxy[2], 14);
            gte_mfc2(sz[0], 17);
            gte_mfc2(sz[1], 18);
            gte_mfc2(sz[2], 19);
        } else {
            gte_load_v0(&v[i]);
            gte_cmd(GTE_RTPS);
            gte_mfc2(sxy[0], 14);
            gte_mfc2(sz[0], 19);
        }
        gte_cfc2(flag, 31);
        gte_mfc2(ir0, 8);
        for (int j = 0; j < k; ++j) {
            Proj* p = &out[i + j];
            p->x = (int16_t)sxy[j];
            p->y = (int16_t)(sxy[j] >> 16);
            p->z = (uint16_t)sz[j];
            /* the flags cover all three points; a bad one rejects the batch, which only
               happens right at the camera where nothing would show anyway */
            p->ok = !(flag & FLAG_BAD) && v[i + j].z > NEAR_Z;
            p->ir0 = (int16_t)ir0;
        }
        i += k;
    }
}

static int32_t clampi(int32_t v, int32_t lo, int32_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* Lit colour of a surface with normal n for base colour rgb at depth cue ir0 (NCDS). */
static uint32_t light(const SVec* n, uint32_t rgb, int ir0) {
    gte_load_v0(n);
    gte_mtc2(rgb, GTE_RGBC);
    gte_mtc2(ir0, GTE_IR0);
    gte_cmd(GTE_NCDS);
    uint32_t out;
    gte_mfc2(out, GTE_RGB2);
    return out & 0xFFFFFF;
}

static int ot_z4(const Proj* a, const Proj* b, const Proj* c, const Proj* d) {
    gte_mtc2(a->z, 16);
    gte_mtc2(b->z, 17);
    gte_mtc2(c->z, 18);
    gte_mtc2(d->z, 19);
    gte_cmd(GTE_AVSZ4);
    int32_t otz;
    gte_mfc2(otz, GTE_OTZ);
    return clampi(otz, 2, OT_LEN - 3);
}

/* The GPU drops polygons wider than 1023 or taller than 511 pixels. */
static int small_enough(const Proj* a, const Proj* b, const Proj* c, const Proj* d,
                        int* on_screen) {
    int minx = a->x, maxx = a->x, miny = a->y, maxy = a->y;
    const Proj* q[3] = {b, c, d};
    for (int i = 0; i < 3; ++i) {
        if (q[i]->x < minx) minx = q[i]->x;
        if (q[i]->x > maxx) maxx = q[i]->x;
        if (q[i]->y < miny) miny = q[i]->y;
        if (q[i]->y > maxy) maxy = q[i]->y;
    }
    *on_screen = maxx >= 0 && minx < SCREEN_W && maxy >= 0 && miny < SCREEN_H;
    return maxx - minx < 1024 && maxy - miny < 512;
}

static int fits(const Proj* a, const Proj* b, const Proj* c, const Proj* d) {
    int on_screen;
    return small_enough(a, b, c, d, &on_screen) && on_screen;
}

static uint32_t mix_rgb(uint32_t a, uint32_t b) {
    return ((a & 0xFEFEFE) >> 1) + ((b & 0xFEFEFE) >> 1);
}

/* Near the camera a canyon quad can reach behind it or outgrow the GPU's size limits; as PS1
   games do, such a quad is cut into four (in camera space, with its texture coordinates and
   colours) and each part tried again, a few levels deep. Parts that still touch the near plane
   are so close to the edges of the view that leaving them out does not show. */
static void draw_split(GpuFrame* f, const SVec* v, const uint8_t* uv, const uint32_t* rgb,
                       uint32_t tpage, uint32_t clut, int bias, int depth) {
    Proj p[4];
    project(v, 4, p);
    int on_screen = 1;
    int ok = p[0].ok && p[1].ok && p[2].ok && p[3].ok;
    if (ok && small_enough(&p[0], &p[1], &p[2], &p[3], &on_screen)) {
        if (!on_screen) return;
        int16_t xy[8] = {p[0].x, p[0].y, p[1].x, p[1].y, p[2].x, p[2].y, p[3].x, p[3].y};
        gpu_quad_gt(f, ot_z4(&p[0], &p[1], &p[2], &p[3]) + bias, xy, rgb, uv, tpage, clut, 0);
        ++g_polys;
        return;
    }
    if (depth >= 3) return;
    if (v[0].z <= NEAR_Z && v[1].z <= NEAR_Z && v[2].z <= NEAR_Z && v[3].z <= NEAR_Z) return;
    /* a 3x3 grid of corners, edge midpoints and centre; quads are in Z order (0 1 / 2 3) */
    SVec gv[9];
    uint8_t guv[18];
    uint32_t grgb[9];
    static const uint8_t corner[4] = {0, 2, 6, 8};
    for (int i = 0; i < 4; ++i) {
        gv[corner[i]] = v[i];
        guv[corner[i] * 2] = uv[i * 2];
        guv[corner[i] * 2 + 1] = uv[i * 2 + 1];
        grgb[corner[i]] = rgb[i];
    }
    static const uint8_t mid[5][3] = {{1, 0, 2}, {3, 0, 6}, {5, 2, 8}, {7, 6, 8}, {4, 1, 7}};
    for (int m = 0; m < 5; ++m) {
        const SVec *a = &gv[mid[m][1]], *b = &gv[mid[m][2]];
        SVec* o = &gv[mid[m][0]];
        o->x = (int16_t)((a->x + b->x) >> 1);
        o->y = (int16_t)((a->y + b->y) >> 1);
        o->z = (int16_t)((a->z + b->z) >> 1);
        guv[mid[m][0] * 2] = (uint8_t)((guv[mid[m][1] * 2] + guv[mid[m][2] * 2] + 1) >> 1);
        guv[mid[m][0] * 2 + 1] =
            (uint8_t)((guv[mid[m][1] * 2 + 1] + guv[mid[m][2] * 2 + 1] + 1) >> 1);
        grgb[mid[m][0]] = mix_rgb(grgb[mid[m][1]], grgb[mid[m][2]]);
    }
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c) {
            const uint8_t idx[4] = {(uint8_t)(r * 3 + c), (uint8_t)(r * 3 + c + 1),
                                    (uint8_t)((r + 1) * 3 + c), (uint8_t)((r + 1) * 3 + c + 1)};
            SVec sv[4];
            uint8_t suv[8];
            uint32_t srgb[4];
            for (int i = 0; i < 4; ++i) {
                sv[i] = gv[idx[i]];
                suv[i * 2] = guv[idx[i] * 2];
                suv[i * 2 + 1] = guv[idx[i] * 2 + 1];
                srgb[i] = grgb[idx[i]];
            }
            draw_split(f, sv, suv, srgb, tpage, clut, bias, depth + 1);
        }
}

static void draw_canyon(GpuFrame* f) {
    int32_t seg0 = g_cam.z / SEG_LEN;
    for (int s = 0; s <= VIEW_SEGS; ++s) {
        int32_t z = (seg0 + s) * SEG_LEN;
        int32_t cx = canyon_cx(z), top = canyon_top(z);
        SVec v[PTS];
        int32_t xs[PTS] = {cx - HALF_W - WALL_LEAN, cx - HALF_W, cx, cx + HALF_W,
                           cx + HALF_W + WALL_LEAN};
        int32_t ys[PTS] = {top, FLOOR_Y, FLOOR_Y, FLOOR_Y, top};
        for (int i = 0; i < PTS; ++i) {
            v[i].x = (int16_t)clampi(xs[i] - g_cam.x, -32000, 32000);
            v[i].y = (int16_t)(ys[i] - g_cam.y);
            v[i].z = (int16_t)(z - g_cam.z);
        }
        project(v, PTS, g_sec[s]);
        for (int i = 0; i < PTS; ++i)
            g_sec_v[s][i] = v[i];
    }
    /* inward-facing normals: walls lean out, so their normals tilt up (y is down) */
    static const SVec normals[4] = {
        {3986, -937, 0, 0}, {0, -4096, 0, 0}, {0, -4096, 0, 0}, {-3986, -937, 0, 0}};
    const uint32_t tp_wall = gp_tpage(TEX_WALL_X, TEX_WALL_Y, 0, 0);
    const uint32_t tp_floor = gp_tpage(TEX_FLOOR_X, TEX_FLOOR_Y, 0, 1);
    const uint32_t cl_wall = gp_clut(CLUT_WALL_X, CLUT_WALL_Y);
    const uint32_t cl_floor = gp_clut(CLUT_FLOOR_X, CLUT_FLOOR_Y);
    for (int s = 0; s < VIEW_SEGS; ++s) {
        const Proj* n = g_sec[s];
        const Proj* fa = g_sec[s + 1];
        for (int k = 0; k < 4; ++k) {
            const Proj *a = &n[k], *b = &n[k + 1], *c = &fa[k], *d = &fa[k + 1];
            int on_screen = 1;
            int whole = a->ok && b->ok && c->ok && d->ok && small_enough(a, b, c, d, &on_screen);
            if (whole && !on_screen) continue;
            /* points too near for RTPT's depth cue are in front of the haze anyway */
            uint32_t near_c = light(&normals[k], 0x808080, a->ok ? a->ir0 : 0);
            uint32_t far_c = light(&normals[k], 0x808080, c->ok ? c->ir0 : 0);
            uint32_t rgb[4] = {near_c, near_c, far_c, far_c};
            int floor = k == 1 || k == 2;
            /* walls: u across the wall, v along z; the floor the same per half */
            static const uint8_t uv[8] = {0, 0, 63, 0, 0, 63, 63, 63};
            if (!whole) {
                if (s < 3) {
                    const SVec sv[4] = {g_sec_v[s][k], g_sec_v[s][k + 1], g_sec_v[s + 1][k],
                                        g_sec_v[s + 1][k + 1]};
                    draw_split(f, sv, uv, rgb, floor ? tp_floor : tp_wall,
                               floor ? cl_floor : cl_wall, floor, 0);
                }
                continue;
            }
            int16_t xy[8] = {a->x, a->y, b->x, b->y, c->x, c->y, d->x, d->y};
            int z = ot_z4(a, b, c, d);
            /* the far floor is drawn before the walls beside it */
            if (floor) z += 1;
            gpu_quad_gt(f, z, xy, rgb, uv, floor ? tp_floor : tp_wall, floor ? cl_floor : cl_wall,
                        0);
            ++g_polys;
        }
    }
}

/* A ring: 8 segments of a flat annulus facing the ship, drawn with the additive glow texture
   (texels with bit 15 set blend B+F); missed rings are dimmed red. */
static void draw_ring(GpuFrame* f, const Game* g, uint32_t idx) {
    Vec3 r = ring_pos(idx);
    uint8_t state = g->ring_taken[idx & 63];
    if (state == 1) return; /* collected */
    if (r.z - g_cam.z < NEAR_Z * 2 || r.z - g_cam.z > VIEW_SEGS * SEG_LEN) return;
    SVec v[18];
    for (int k = 0; k < 9; ++k) {
        int a = k * 512 + (int)(g->frame * 8);
        int co = fx_cos(a), si = fx_sin(a);
        for (int j = 0; j < 2; ++j) {
            int rad = j ? 130 : 95;
            v[k * 2 + j].x = (int16_t)(r.x - g_cam.x + ((rad * co) >> 12));
            v[k * 2 + j].y = (int16_t)(r.y - g_cam.y + ((rad * si) >> 12));
            v[k * 2 + j].z = (int16_t)(r.z - g_cam.z);
        }
    }
    Proj p[18];
    project(v, 18, p);
    const uint32_t tp = gp_tpage(TEX_SKY_X, TEX_SKY_Y, 1, 2);
    uint32_t inner = state == 2 ? 0x202070 : 0x30A0FF, outer = state == 2 ? 0x101040 : 0x2060C0;
    for (int k = 0; k < 8; ++k) {
        const Proj *a = &p[k * 2], *b = &p[k * 2 + 1], *c = &p[k * 2 + 2], *d = &p[k * 2 + 3];
        if (!(a->ok && b->ok && c->ok && d->ok) || !fits(a, b, c, d)) continue;
        int16_t xy[8] = {a->x, a->y, b->x, b->y, c->x, c->y, d->x, d->y};
        uint32_t rgb[4] = {inner, outer, inner, outer};
        /* sample across the glow's radius: bright inner edge, faded outer edge */
        uint8_t uv[8] = {7, GLOW_V + 7, 0, GLOW_V + 7, 7, GLOW_V + 8, 0, GLOW_V + 8};
        int z = ot_z4(a, b, c, d) - 2;
        gpu_quad_gt(f, z, xy, rgb, uv, tp, 0, 1);
        ++g_polys;
    }
}

/* The ship: six faces lit by NCCS with the light turned into the ship's own frame. */
static const SVec kShipV[6] = {{0, 0, 110, 0},   {-80, 14, -40, 0}, {80, 14, -40, 0},
                               {0, -30, -30, 0}, {0, 16, -40, 0},   {0, 0, -52, 0}};
static const uint8_t kShipF[6][3] = {{0, 3, 1}, {0, 2, 3}, {0, 1, 4},
                                     {0, 4, 2}, {1, 3, 5}, {3, 2, 5}};
static SVec g_ship_n[6];
/* colour words are 0xBBGGRR: a red-orange top, a steel-blue belly, grey engine faces */
static const uint32_t kShipColour[6] = {0x3050E0, 0x4068F0, 0xA07050, 0xA07050, 0x707070, 0x707070};

static int32_t isqrt(int32_t v) {
    int32_t r = 0, bit = 1 << 30;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= r + bit)
            v -= r + bit, r = (r >> 1) + bit;
        else
            r >>= 1;
        bit >>= 2;
    }
    return r;
}

/* Orients each face so its vertex order winds with the outward normal (the NCLIP test below
   relies on it) and stores that normal, unit length in 1.3.12. */
static uint8_t g_ship_f[6][3];

static void ship_normals(void) {
    for (int i = 0; i < 6; ++i) {
        uint8_t* f = g_ship_f[i];
        f[0] = kShipF[i][0], f[1] = kShipF[i][1], f[2] = kShipF[i][2];
        const SVec *a = &kShipV[f[0]], *b = &kShipV[f[1]], *c = &kShipV[f[2]];
        int32_t ux = b->x - a->x, uy = b->y - a->y, uz = b->z - a->z;
        int32_t wx = c->x - a->x, wy = c->y - a->y, wz = c->z - a->z;
        int32_t nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
        /* the model is centred on the origin, so outward means along the face's centroid */
        int32_t mx = a->x + b->x + c->x, my = a->y + b->y + c->y, mz = a->z + b->z + c->z;
        if ((nx >> 4) * mx + (ny >> 4) * my + (nz >> 4) * mz < 0) {
            uint8_t t = f[1];
            f[1] = f[2], f[2] = t;
            nx = -nx, ny = -ny, nz = -nz;
        }
        /* scale down before squaring so the sum fits 31 bits */
        while (nx > 20000 || nx < -20000 || ny > 20000 || ny < -20000 || nz > 20000 || nz < -20000)
            nx /= 2, ny /= 2, nz /= 2;
        int32_t len = isqrt(nx * nx + ny * ny + nz * nz);
        if (!len) len = 1;
        g_ship_n[i].x = (int16_t)(nx * 4096 / len);
        g_ship_n[i].y = (int16_t)(ny * 4096 / len);
        g_ship_n[i].z = (int16_t)(nz * 4096 / len);
    }
}

/* Adds `d` to each 8-bit channel, saturating (a plain add would carry into the next one). */
static uint32_t brighten(uint32_t rgb, int d) {
    uint32_t out = 0;
    for (int sh = 0; sh < 24; sh += 8) {
        int c = (int)((rgb >> sh) & 0xFF) + d;
        out |= (uint32_t)(c > 255 ? 255 : c) << sh;
    }
    return out;
}

static void draw_ship(GpuFrame* f, const Game* g) {
    const Ship* s = &g->ship;
    Mat3 ship_rot, rot, lm;
    mat_rotation(&ship_rot, -(s->vy >> 4), (s->vx >> 4), s->roll);
    mat_mul(&rot, &g_cam_rot, &ship_rot);
    mat_mul(&lm, &g_light, &ship_rot);
    gte_set_rotation(&rot);
    /* the ship's position in camera space goes in TR; the model stays in its own frame */
    int32_t rx = s->x - g_cam.x, ry = s->y - g_cam.y, rz = s->z - g_cam.z;
    const Mat3* c = &g_cam_rot;
    gte_set_translation((c->m[0][0] * rx + c->m[0][1] * ry + c->m[0][2] * rz) >> 12,
                        (c->m[1][0] * rx + c->m[1][1] * ry + c->m[1][2] * rz) >> 12,
                        (c->m[2][0] * rx + c->m[2][1] * ry + c->m[2][2] * rz) >> 12);
    gte_set_light_matrix(&lm);
    for (int i = 0; i < 6; ++i) {
        gte_load_v3(&kShipV[g_ship_f[i][0]], &kShipV[g_ship_f[i][1]], &kShipV[g_ship_f[i][2]]);
        gte_cmd(GTE_RTPT);
        gte_cmd(GTE_NCLIP);
        int32_t facing, flag;
        gte_mfc2(facing, GTE_MAC0);
        gte_cfc2(flag, 31);
        /* camera space has y down and z ahead, so a face whose outward normal points at the
           camera projects with a negative NCLIP */
        if (facing >= 0 || (flag & FLAG_BAD)) continue;
        gte_cmd(GTE_AVSZ3);
        int32_t otz, sxy[3];
        gte_mfc2(otz, GTE_OTZ);
        gte_mfc2(sxy[0], 12);
        gte_mfc2(sxy[1], 13);
        gte_mfc2(sxy[2], 14);
        gte_load_v0(&g_ship_n[i]);
        uint32_t base = s->scrape && (g->frame & 2) ? 0x4040F0 : kShipColour[i];
        gte_mtc2(base, GTE_RGBC);
        gte_cmd(GTE_NCCS);
        uint32_t lit;
        gte_mfc2(lit, GTE_RGB2);
        int16_t xy[6];
        for (int j = 0; j < 3; ++j)
            xy[j * 2] = (int16_t)sxy[j], xy[j * 2 + 1] = (int16_t)(sxy[j] >> 16);
        /* the nose vertex is brighter: a cheap highlight through gouraud shading */
        uint32_t rgb[3] = {brighten(lit, 0x20), lit & 0xFFFFFF, lit & 0xFFFFFF};
        gpu_tri_g(f, clampi(otz, 2, OT_LEN - 3), xy, rgb, 0);
        ++g_polys;
    }
    /* engine glow: an additive textured quad behind the ship */
    gte_load_v0(&kShipV[5]);
    gte_cmd(GTE_RTPS);
    int32_t e, ez;
    gte_mfc2(e, 14);
    gte_mfc2(ez, 19);
    int ex = (int16_t)e, ey = (int16_t)(e >> 16);
    int size = 6 + (int)((g->frame * 5) & 3) + (s->speed > 60 ? 6 : 0);
    uint32_t tp = gp_tpage(TEX_SKY_X, TEX_SKY_Y, 1, 2);
    gpu_quad_ft(f, clampi((ez >> OT_SHIFT) - 1, 2, OT_LEN - 3), ex - size, ey - size, size * 2,
                size * 2, 0, GLOW_V, 0x808080, tp, 0, 1);
    /* back to the world's matrices */
    gte_set_rotation(&g_cam_rot);
    gte_set_translation(0, 0, 0);
    gte_set_light_matrix(&g_light);
}

/* Render-to-texture: a top-down map of the canyon ahead, drawn into an off-screen 64x64 area
   before the main scene (prologue chain), then sampled as a 15-bit texture in a corner. The
   cleared background is 0000h, which textures treat as transparent, so only the map's lines
   and marks show, over a translucent dark panel. */
static void draw_minimap(GpuFrame* f, const Game* g) {
    uint32_t* p = gpu_chain_packet(f, GPU_ENV_WORDS + 1);
    if (!p) return;
    gpu_env(p, MINIMAP_X, MINIMAP_Y, MINIMAP_SIZE, MINIMAP_SIZE, MINIMAP_SIZE / 2,
            MINIMAP_SIZE - 8);
    p[GPU_ENV_WORDS] = 0xE6000000u; /* drawn texels keep bit 15 clear: opaque when sampled */
    p = gpu_chain_packet(f, 3);
    if (!p) return;
    p[0] = 0x02000000u;
    p[1] = gp_xy(MINIMAP_X, MINIMAP_Y);
    p[2] = gp_xy(MINIMAP_SIZE, MINIMAP_SIZE);
    /* map: x/32 across, z/64 up the map, ship at (0, 0) = 8 pixels above the bottom */
    const Ship* s = &g->ship;
    for (int i = -1; i < 14; ++i) {
        int32_t z0 = s->z + i * 256, z1 = z0 + 256;
        for (int side = -1; side <= 1; side += 2) {
            int x0 = (canyon_cx(z0) + side * HALF_W - s->x) >> 5;
            int x1 = (canyon_cx(z1) + side * HALF_W - s->x) >> 5;
            for (int w = 0; w < 2; ++w) { /* two pixels wide, to read at a glance */
                p = gpu_chain_packet(f, 3);
                if (!p) return;
                p[0] = 0x40000000u | 0x40C0FF;
                p[1] = gp_xy(x0 + w, -(i * 4));
                p[2] = gp_xy(x1 + w, -(i * 4 + 4));
            }
        }
    }
    for (uint32_t r = g->next_ring; r < g->next_ring + 6; ++r) {
        Vec3 rp = ring_pos(r);
        int x = (rp.x - s->x) >> 5, y = -((rp.z - s->z) >> 6);
        if (y < -60) break;
        p = gpu_chain_packet(f, 3);
        if (!p) return;
        p[0] = 0x60000000u | 0x40E0FF; /* GP0(60h) flat rectangle */
        p[1] = gp_xy(x - 2, y - 1);
        p[2] = gp_xy(4, 3);
    }
    p = gpu_chain_packet(f, 4);
    if (!p) return;
    p[0] = 0x20000000u | 0xFFFFFF; /* the ship, a white arrow */
    p[1] = gp_xy(0, -4);
    p[2] = gp_xy(-3, 3);
    p[3] = gp_xy(3, 3);
    /* the texture cache may still hold this page's texels from the last frame */
    p = gpu_chain_packet(f, 1);
    if (!p) return;
    p[0] = 0x01000000u;
}

static void draw_hud(GpuFrame* f, const Game* g) {
    char line[48], *p;
    p = fmt_str(line, "SCORE ");
    fmt_uint(p, g->score, 6);
    font_draw(f, 0, 12, 10, line, 0x808080);
    p = fmt_str(line, "RINGS ");
    p = fmt_uint(p, g->rings_taken, 1);
    p = fmt_str(p, "/");
    fmt_uint(p, g->rings_passed, 1);
    font_draw(f, 0, 12, 22, line, 0x70A0A0);
    p = fmt_str(line, "TIME ");
    fmt_uint(p, (uint32_t)(g->time_left + 59) / 60, 2);
    font_draw(f, 0, 136, 10, line, g->time_left < 600 && (g->frame & 16) ? 0x4040C0 : 0x808080);
    if (g->combo > 1) {
        p = fmt_str(line, "COMBO X");
        fmt_uint(p, g->combo < 5 ? g->combo : 5, 1);
        font_draw(f, 0, 12, 34, line, 0x40C0C0);
    }
    if (g->flash) font_draw(f, 0, 140, 70, "RING!", g->flash & 4 ? 0xFFFFFF : 0x80C0FF);
    if (g->phase == PHASE_OVER) {
        font_draw(f, 0, 124, 100, "GAME OVER", 0x8080FF);
        p = fmt_str(line, "BEST ");
        fmt_uint(p, g->best, 6);
        font_draw(f, 0, 116, 116, line, 0x808080);
    }
    if (g->attract) {
        if (g->frame & 32) font_draw(f, 0, 100, 200, "PRESS ANY BUTTON", 0x808080);
        font_draw(f, 0, 12, 222, "DEMO", 0x6060C0);
    }
    font_draw(f, 0, 220, 222, "SKIPJACK", 0x505050);
    /* the render-to-texture result over a translucent (B/2+F/2) dark panel */
    gpu_quad_ft(f, 1, SCREEN_W - 76, 10, MINIMAP_SIZE, MINIMAP_SIZE, 0, 0, 0x808080,
                gp_tpage(MINIMAP_X, MINIMAP_Y, 0, 2), 0, 1);
    int16_t box[8] = {SCREEN_W - 78, 8, SCREEN_W - 10, 8, SCREEN_W - 78, 76, SCREEN_W - 10, 76};
    gpu_quad_f(f, 2, box, 0x201810, 1);
}

void render_frame(GpuFrame* f, const Game* g, int buf_y) {
    g_polys = 0;
    const Ship* s = &g->ship;
    /* chase camera: behind and above the ship, leaning a little with its bank */
    g_cam.x = s->x;
    g_cam.y = s->y - CAMERA_UP;
    g_cam.z = s->z - CAMERA_BACK;
    mat_rotation(&g_cam_rot, 110, 0, -s->roll / 4);
    gte_set_rotation(&g_cam_rot);
    gte_set_translation(0, 0, 0);

    draw_minimap(f, g);
    uint32_t* p = gpu_ot_packet(f, OT_LEN - 1, GPU_ENV_WORDS);
    if (p) gpu_env(p, 0, buf_y, SCREEN_W, SCREEN_H, 0, 0);
    /* background: haze-coloured ground, and the sky (raw 15-bit texture) above the horizon.
       The fill clears the whole buffer, not just the ground: the sky quad is textured, and a
       textured primitive never wholly covers what lies beneath (texel 0000h is transparent),
       so only an opaque fill lets the previous contents of this buffer be known dead. */
    gpu_fill(f, OT_LEN - 2, 0, buf_y, SCREEN_W, SCREEN_H, gp_rgb(205, 170, 140));
    uint32_t* q = gpu_ot_packet(f, OT_LEN - 2, 9);
    if (q) {
        uint32_t tp = gp_tpage(TEX_SKY_X, TEX_SKY_Y, 0, 2);
        int sway = (s->x >> 4) & 63;
        q[0] = 0x2D000000u;
        q[1] = gp_xy(-20, -20), q[2] = gp_uv(sway, 0);
        q[3] = gp_xy(340, -20), q[4] = gp_uv(sway + 63, 0) | (tp << 16);
        q[5] = gp_xy(-20, 126), q[6] = gp_uv(sway, 47);
        q[7] = gp_xy(340, 126), q[8] = gp_uv(sway + 63, 47);
    }
    draw_canyon(f);
    for (uint32_t r = g->next_ring > 0 ? g->next_ring - 1 : 0; r < g->next_ring + 8; ++r)
        draw_ring(f, g, r);
    draw_ship(f, g);
    draw_hud(f, g);
}
