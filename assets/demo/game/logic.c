/* Game rules: ship flight, canyon walls, rings, score, timer, and the attract-mode autopilot.
   Everything here is integer arithmetic driven only by the frame count and the buttons, so a
   run without input (attract mode) is the same every time. */
#include "game.h"

#include "gte.h"
#include "pad.h"
#include "sys.h"

int32_t canyon_cx(int32_t z) {
    /* two sines of different periods: long sweeping bends with a shorter wiggle */
    return (900 * fx_sin(z / 12) + 320 * fx_sin(z / 5 + 1000)) >> 12;
}

int32_t canyon_top(int32_t z) {
    return -420 - ((160 * fx_sin(z / 7 + 300)) >> 12);
}

Vec3 ring_pos(uint32_t i) {
    Vec3 p;
    p.z = RING_FIRST_Z + (int32_t)i * RING_GAP;
    p.x = canyon_cx(p.z) + ((250 * fx_sin((int)(i * 1371u))) >> 12);
    p.y = 40 + ((130 * fx_sin((int)(i * 2203u + 512))) >> 12);
    return p;
}

void game_reset(Game* g, int attract) {
    uint32_t frame = g->frame, best = g->best;
    memset(g, 0, sizeof *g);
    g->frame = frame;
    g->best = best;
    g->attract = attract;
    g->ship.x = canyon_cx(0);
    g->ship.y = 60;
    g->ship.speed = 32;
    g->time_left = GAME_FRAMES;
}

static int32_t clamp(int32_t v, int32_t lo, int32_t hi) {
    return v < lo ? lo : v > hi ? hi : v;
}

/* The autopilot presses the buttons a player would: it picks the next ring still ahead (or the
   canyon's middle when none is near), works out the sideways speed that arrives there just as
   the ship reaches the ring's plane, and pushes towards that speed. */
static uint16_t autopilot(const Game* g) {
    const Ship* s = &g->ship;
    Vec3 r = ring_pos(g->next_ring);
    int32_t tx, ty, dz = r.z - s->z;
    if (dz < 2400) {
        tx = r.x, ty = r.y;
    } else {
        dz = 800;
        tx = canyon_cx(s->z + dz), ty = 80;
    }
    int32_t frames = dz / (s->speed > 0 ? s->speed : 1);
    if (frames < 6) frames = 6;
    int32_t want_vx = (tx - s->x) * 256 / frames, want_vy = (ty - s->y) * 256 / frames;
    uint16_t b = 0;
    if (want_vx > s->vx + 40) b |= PAD_RIGHT;
    if (want_vx < s->vx - 40) b |= PAD_LEFT;
    if (want_vy > s->vy + 40) b |= PAD_DOWN;
    if (want_vy < s->vy - 40) b |= PAD_UP;
    if (dz > 1500 && ((g->frame >> 7) & 1)) b |= PAD_CROSS; /* boost on straights */
    return b;
}

static void fly(Game* g, uint16_t b) {
    Ship* s = &g->ship;
    const int32_t accel = 150, max_v = 16 << 8;
    if (b & PAD_LEFT) s->vx -= accel;
    if (b & PAD_RIGHT) s->vx += accel;
    if (b & PAD_UP) s->vy -= accel;
    if (b & PAD_DOWN) s->vy += accel;
    /* drag brings the ship to rest when the stick is let go */
    s->vx -= s->vx / 24;
    s->vy -= s->vy / 24;
    s->vx = clamp(s->vx, -max_v, max_v);
    s->vy = clamp(s->vy, -max_v, max_v);
    s->x += s->vx >> 8;
    s->y += s->vy >> 8;
    /* the banking follows the sideways speed */
    s->roll += ((-(s->vx >> 3)) - s->roll) >> 3;

    g->boosting = (b & PAD_CROSS) != 0;
    int32_t target_speed = 32 + (int32_t)(g->phase_frame / 300) + ((b & PAD_CROSS) ? 24 : 0);
    s->speed += (target_speed - s->speed) >> 3;
    if (s->speed < target_speed) ++s->speed;
    s->z += s->speed;

    /* walls and floor: clamp, bounce, and cost points */
    int32_t cx = canyon_cx(s->z);
    int32_t room = HALF_W - 70 + ((WALL_LEAN * (FLOOR_Y - s->y)) / (FLOOR_Y - canyon_top(s->z)));
    if (s->x < cx - room || s->x > cx + room) {
        s->x = clamp(s->x, cx - room, cx + room);
        s->vx = -s->vx / 2;
        if (!s->scrape) {
            g->score = g->score > 25 ? g->score - 25 : 0;
            g->combo = 0;
        }
        s->scrape = 20;
    }
    s->y = clamp(s->y, canyon_top(s->z) + 120, FLOOR_Y - 40);
    if (s->scrape) --s->scrape;
}

static void rings(Game* g) {
    Ship* s = &g->ship;
    for (;;) {
        Vec3 r = ring_pos(g->next_ring);
        if (s->z < r.z) break;
        /* the ship crossed the ring's plane this frame: through it or past it? */
        int32_t dx = s->x - r.x, dy = s->y - r.y;
        uint8_t* flag = &g->ring_taken[g->next_ring & 63];
        if (dx * dx + dy * dy < RING_RADIUS * RING_RADIUS) {
            *flag = 1;
            ++g->rings_taken;
            ++g->combo;
            g->score += 100 * (g->combo < 5 ? g->combo : 5);
            g->time_left += 30; /* each ring buys half a second */
            g->flash = 30;
        } else {
            *flag = 2;
            g->combo = 0;
        }
        ++g->rings_passed;
        ++g->next_ring;
        /* clear the slot the ring 32 ahead will use */
        g->ring_taken[(g->next_ring + 32) & 63] = 0;
    }
}

void game_update(Game* g, uint16_t buttons) {
    ++g->frame;
    ++g->phase_frame;
    /* any button hands control to the player; ten idle seconds give it back to the pilot */
    if (buttons) {
        g->idle_frames = 0;
        if (g->attract) {
            tprintf("player takes control at frame %u\n", g->frame);
            game_reset(g, 0);
            return;
        }
    } else if (++g->idle_frames > 600 && !g->attract) {
        tprintf("attract mode at frame %u\n", g->frame);
        game_reset(g, 1);
        return;
    }
    if (g->phase == PHASE_OVER) {
        if (g->phase_frame > OVER_FRAMES ||
            (!g->attract && (buttons & PAD_START) && g->phase_frame > 60))
            game_reset(g, g->attract);
        return;
    }
    uint16_t b = g->attract ? autopilot(g) : buttons;
    fly(g, b);
    rings(g);
    if (g->flash) --g->flash;
    if (--g->time_left <= 0) {
        g->time_left = 0;
        g->phase = PHASE_OVER;
        g->phase_frame = 0;
        if (g->score > g->best) g->best = g->score;
    }
}

uint32_t game_checksum(const Game* g) {
    uint32_t h = HASH_INIT;
    h = hash_word(h, (uint32_t)g->ship.x);
    h = hash_word(h, (uint32_t)g->ship.y);
    h = hash_word(h, (uint32_t)g->ship.z);
    h = hash_word(h, (uint32_t)g->ship.vx ^ ((uint32_t)g->ship.vy << 16));
    h = hash_word(h, g->score);
    h = hash_word(h, g->rings_taken | (g->rings_passed << 16));
    h = hash_word(h, (uint32_t)g->time_left);
    h = hash_word(h, g->frame);
    return h;
}
