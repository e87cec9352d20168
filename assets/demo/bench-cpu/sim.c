/* Game-logic workload, chosen to resemble what a PS1 game's main loop spends its CPU on:
   fixed-point physics of many objects, a broadphase grid with collision checks and responses,
   depth sorting, an AI state machine per object, a score table kept sorted, and string and
   struct work for an event log. No multiply-heavy DSP and no memory-bandwidth loops: the mix is
   branches, loads/stores, shifts, a few mult/div, as in game code. */
#include "sim.h"

#define NUM_OBJECTS 192
#define ARENA_SHIFT 8 /* the arena is 256x256 units ... */
#define FX 12         /* ... in 20.12 fixed point */
#define ARENA (1 << (ARENA_SHIFT + FX))
#define RADIUS (3 << FX)
#define GRID_SHIFT (4 + FX) /* 16-unit cells: 16x16 grid */
#define GRID_DIM 16
#define GRAVITY 40
#define LOG_SIZE 32
#define NUM_SCORES 24

enum AiState { AI_IDLE, AI_SEEK, AI_FLEE, AI_STUNNED, AI_DEAD, AI_COUNT };

typedef struct {
    int32_t x, y, vx, vy;
    int16_t hp;
    uint8_t state, timer;
    uint16_t id, hits;
    int16_t next_in_cell; /* broadphase list, -1 ends */
    char name[10];
} Object;

typedef struct {
    uint32_t step;
    uint16_t a, b;
    char text[24];
} LogEntry;

typedef struct {
    uint32_t score;
    char name[10];
} ScoreEntry;

static Object g_obj[NUM_OBJECTS];
static int16_t g_cell_head[GRID_DIM * GRID_DIM];
static uint8_t g_depth_order[NUM_OBJECTS];
static LogEntry g_log[LOG_SIZE];
static ScoreEntry g_scores[NUM_SCORES];
static uint32_t g_log_pos, g_step, g_rng, g_pairs, g_brute_pairs;
static uint32_t g_state_hist[AI_COUNT];
static void (*g_poll)(void);

void sim_set_poll(void (*poll)(void)) {
    g_poll = poll;
}

static void poll(void) {
    if (g_poll) g_poll();
}

/* FNV-1a over the four bytes of a word. */
static uint32_t sim_hash(uint32_t h, uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        h ^= v & 0xFF;
        h *= 16777619u;
        v >>= 8;
    }
    return h;
}

static uint32_t rng(void) {
    /* xorshift32: cheap, deterministic and made of shifts as game RNGs usually are */
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 17;
    g_rng ^= g_rng << 5;
    return g_rng;
}

static int str_len(const char* s) {
    int n = 0;
    while (s[n])
        ++n;
    return n;
}

static int str_cmp(const char* a, const char* b) {
    while (*a && *a == *b)
        ++a, ++b;
    return (uint8_t)*a - (uint8_t)*b;
}

static char* str_put(char* d, const char* s) {
    while (*s)
        *d++ = *s++;
    *d = 0;
    return d;
}

static char* str_put_uint(char* d, uint32_t v) {
    char tmp[10];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *d++ = tmp[--n];
    *d = 0;
    return d;
}

static void name_object(Object* o) {
    static const char* const kinds[4] = {"ORC", "BAT", "IMP", "ELF"};
    char* p = str_put(o->name, kinds[o->id & 3]);
    *p++ = '-';
    str_put_uint(p, o->id);
}

static void log_event(uint16_t a, uint16_t b, const char* what) {
    LogEntry e;
    e.step = g_step;
    e.a = a;
    e.b = b;
    char* p = str_put(e.text, g_obj[a].name);
    p = str_put(p, what);
    /* keep the text inside the entry whatever the names' lengths are */
    int room = (int)sizeof e.text - 1 - (int)(p - e.text);
    const char* src = g_obj[b].name;
    while (room-- > 0 && *src)
        *p++ = *src++;
    *p = 0;
    g_log[g_log_pos++ % LOG_SIZE] = e; /* struct copy */
}

static uint32_t isqrt(uint32_t v) {
    uint32_t r = 0, bit = 1u << 30;
    while (bit > v)
        bit >>= 2;
    while (bit) {
        if (v >= r + bit) {
            v -= r + bit;
            r = (r >> 1) + bit;
        } else {
            r >>= 1;
        }
        bit >>= 2;
    }
    return r;
}

static void spawn(Object* o) {
    o->x = (int32_t)(rng() % (ARENA - 2 * RADIUS)) + RADIUS;
    o->y = (int32_t)(rng() % (ARENA / 2)) + RADIUS;
    o->vx = (int32_t)(rng() % 2049) - 1024;
    o->vy = (int32_t)(rng() % 1025) - 512;
    o->hp = 100;
    o->state = AI_IDLE;
    o->timer = (uint8_t)(rng() & 31);
}

void sim_reset(uint32_t seed) {
    g_rng = seed ? seed : 1;
    g_step = g_log_pos = 0;
    for (int i = 0; i < NUM_OBJECTS; ++i) {
        Object* o = &g_obj[i];
        o->id = (uint16_t)i;
        o->hits = 0;
        spawn(o);
        name_object(o);
        g_depth_order[i] = (uint8_t)i;
    }
    for (int i = 0; i < NUM_SCORES; ++i) {
        g_scores[i].score = 0;
        str_put(g_scores[i].name, "---");
    }
    for (int i = 0; i < LOG_SIZE; ++i) {
        g_log[i].step = 0;
        g_log[i].a = g_log[i].b = 0;
        g_log[i].text[0] = 0;
    }
}

/* Object 0 is the "player" everyone reacts to. */
static void think(Object* o) {
    const Object* p = &g_obj[0];
    int32_t dx = (p->x - o->x) >> FX, dy = (p->y - o->y) >> FX;
    uint32_t dist = isqrt((uint32_t)(dx * dx + dy * dy));
    if (o->timer) --o->timer;
    switch (o->state) {
    case AI_IDLE:
        if (dist < 60 && o->hp > 30)
            o->state = AI_SEEK;
        else if (dist < 60)
            o->state = AI_FLEE;
        else if (!o->timer) {
            o->vx += (int32_t)(rng() & 255) - 128;
            o->timer = (uint8_t)(16 + (rng() & 31));
        }
        break;
    case AI_SEEK:
    case AI_FLEE: {
        if (dist > 90) {
            o->state = AI_IDLE;
            break;
        }
        /* steer along the normalised direction: a divide per object, as games do */
        int32_t d = (int32_t)dist + 1;
        int32_t sx = dx * 64 / d, sy = dy * 64 / d;
        if (o->state == AI_FLEE) sx = -sx, sy = -sy;
        o->vx += sx;
        o->vy += sy;
        if (o->hp < 30) o->state = AI_FLEE;
        break;
    }
    case AI_STUNNED:
        if (!o->timer) o->state = o->hp > 0 ? AI_IDLE : AI_DEAD;
        break;
    case AI_DEAD:
        if (!o->timer) {
            spawn(o);
            log_event(o->id, 0, " respawns near ");
        }
        break;
    }
}

static void move(Object* o) {
    if (o->state == AI_DEAD) return;
    o->vy += GRAVITY;
    /* friction: v -= v/16, rounding toward zero as an arithmetic shift of |v| */
    o->vx -= o->vx >= 0 ? o->vx >> 4 : -((-o->vx) >> 4);
    o->vy -= o->vy >= 0 ? o->vy >> 4 : -((-o->vy) >> 4);
    o->x += o->vx;
    o->y += o->vy;
    if (o->x < RADIUS) o->x = RADIUS, o->vx = -o->vx;
    if (o->x > ARENA - 1 - RADIUS) o->x = ARENA - 1 - RADIUS, o->vx = -o->vx;
    if (o->y < RADIUS) o->y = RADIUS, o->vy = -o->vy;
    if (o->y > ARENA - 1 - RADIUS) {
        o->y = ARENA - 1 - RADIUS;
        o->vy = -(o->vy * 3 >> 2) - 200; /* a lossy bounce with a kick, so nothing settles */
    }
}

static int overlap(const Object* a, const Object* b) {
    /* reject on each axis first (cheap, and keeps the squares below from overflowing) */
    int32_t dx = a->x - b->x, dy = a->y - b->y;
    if (dx >= 2 * RADIUS || dx <= -2 * RADIUS || dy >= 2 * RADIUS || dy <= -2 * RADIUS) return 0;
    /* shift magnitudes, not signed values, so overlap(a, b) == overlap(b, a) exactly */
    dx = (dx < 0 ? -dx : dx) >> 4, dy = (dy < 0 ? -dy : dy) >> 4;
    int32_t r = (2 * RADIUS) >> 4;
    return dx * dx + dy * dy < r * r;
}

static void add_score(const Object* o, uint32_t points) {
    /* find the entry with this name (linear strcmp search), else replace the lowest */
    int at = -1;
    for (int i = 0; i < NUM_SCORES; ++i)
        if (!str_cmp(g_scores[i].name, o->name)) {
            at = i;
            break;
        }
    if (at < 0) {
        at = NUM_SCORES - 1;
        if (g_scores[at].score > points) return;
        g_scores[at].score = 0;
        memcpy(g_scores[at].name, o->name, (size_t)str_len(o->name) + 1);
    }
    g_scores[at].score += points;
    /* bubble up to keep the table sorted (descending) */
    while (at > 0 && g_scores[at].score > g_scores[at - 1].score) {
        ScoreEntry t = g_scores[at];
        g_scores[at] = g_scores[at - 1];
        g_scores[at - 1] = t;
        --at;
    }
}

static void collide(Object* a, Object* b) {
    if (a->state == AI_DEAD || b->state == AI_DEAD) return;
    /* equal masses: exchange velocities, then push apart along the axis of larger separation */
    int32_t t = a->vx;
    a->vx = b->vx, b->vx = t;
    t = a->vy;
    a->vy = b->vy, b->vy = t;
    int32_t adx = a->x > b->x ? a->x - b->x : b->x - a->x;
    int32_t ady = a->y > b->y ? a->y - b->y : b->y - a->y;
    if (adx > ady) {
        if (a->x < b->x)
            a->x -= 1 << FX, b->x += 1 << FX;
        else
            a->x += 1 << FX, b->x -= 1 << FX;
    } else {
        if (a->y < b->y)
            a->y -= 1 << FX, b->y += 1 << FX;
        else
            a->y += 1 << FX, b->y -= 1 << FX;
    }
    Object* hurt = (a->hp < b->hp || (a->hp == b->hp && a->id > b->id)) ? a : b;
    Object* winner = hurt == a ? b : a;
    hurt->hp = (int16_t)(hurt->hp - 7);
    ++winner->hits;
    if (hurt->hp <= 0 && hurt->state != AI_STUNNED) {
        hurt->state = AI_STUNNED;
        hurt->timer = 40;
        add_score(winner, 10 + (winner->hits & 15));
        log_event(winner->id, hurt->id, " beats ");
    } else if (hurt->state != AI_STUNNED && hurt->state != AI_DEAD) {
        hurt->state = AI_STUNNED;
        hurt->timer = 8;
    }
}

static int cell_of(const Object* o) {
    /* collision pushes can move an object slightly past the walls until its next move() */
    int cx = o->x >> GRID_SHIFT, cy = o->y >> GRID_SHIFT;
    cx = cx < 0 ? 0 : cx >= GRID_DIM ? GRID_DIM - 1 : cx;
    cy = cy < 0 ? 0 : cy >= GRID_DIM ? GRID_DIM - 1 : cy;
    return cy * GRID_DIM + cx;
}

/* Finds the overlapping pairs through a uniform grid; resolves them when `resolve`, else only
   counts them. Returns the number of pairs found. */
static uint32_t broadphase(int resolve) {
    for (int i = 0; i < GRID_DIM * GRID_DIM; ++i)
        g_cell_head[i] = -1;
    for (int i = NUM_OBJECTS - 1; i >= 0; --i) {
        int c = cell_of(&g_obj[i]);
        g_obj[i].next_in_cell = g_cell_head[c];
        g_cell_head[c] = (int16_t)i;
    }
    uint32_t pairs = 0;
    /* each object against later objects in its own cell and all objects in the four "forward"
       neighbour cells, so every pair is visited once */
    static const int8_t fwd[4][2] = {{1, 0}, {-1, 1}, {0, 1}, {1, 1}};
    for (int cy = 0; cy < GRID_DIM; ++cy)
        for (int cx = 0; cx < GRID_DIM; ++cx)
            for (int i = g_cell_head[cy * GRID_DIM + cx]; i >= 0; i = g_obj[i].next_in_cell) {
                for (int j = g_obj[i].next_in_cell; j >= 0; j = g_obj[j].next_in_cell)
                    if (overlap(&g_obj[i], &g_obj[j])) {
                        ++pairs;
                        if (resolve) collide(&g_obj[i], &g_obj[j]);
                    }
                for (int n = 0; n < 4; ++n) {
                    int nx = cx + fwd[n][0], ny = cy + fwd[n][1];
                    if (nx < 0 || nx >= GRID_DIM || ny >= GRID_DIM) continue;
                    for (int j = g_cell_head[ny * GRID_DIM + nx]; j >= 0; j = g_obj[j].next_in_cell)
                        if (overlap(&g_obj[i], &g_obj[j])) {
                            ++pairs;
                            if (resolve) collide(&g_obj[i], &g_obj[j]);
                        }
                }
            }
    return pairs;
}

/* Insertion sort of the draw order by y: the order changes little from step to step, which is
   the case insertion sort is good at and the reason games use it for depth lists. */
static void depth_sort(void) {
    for (int i = 1; i < NUM_OBJECTS; ++i) {
        uint8_t v = g_depth_order[i];
        int32_t key = g_obj[v].y;
        int j = i - 1;
        while (j >= 0 && g_obj[g_depth_order[j]].y > key) {
            g_depth_order[j + 1] = g_depth_order[j];
            --j;
        }
        g_depth_order[j + 1] = v;
    }
}

void sim_step(void) {
    ++g_step;
    for (int i = 0; i < NUM_OBJECTS; ++i)
        think(&g_obj[i]);
    for (int i = 0; i < NUM_OBJECTS; ++i)
        move(&g_obj[i]);
    g_pairs = broadphase(1);
    depth_sort();
    for (int i = 0; i < NUM_OBJECTS; ++i) {
        Object* o = &g_obj[i];
        if (o->state == AI_STUNNED && o->hp <= 0 && o->timer == 1) {
            o->state = AI_DEAD;
            o->timer = 30;
        }
    }
}

uint32_t sim_steps(void) {
    return g_step;
}

uint32_t sim_checksum(void) {
    uint32_t h = 2166136261u;
    for (int i = 0; i < AI_COUNT; ++i)
        g_state_hist[i] = 0;
    for (int i = 0; i < NUM_OBJECTS; ++i) {
        const Object* o = &g_obj[i];
        h = sim_hash(h, (uint32_t)o->x);
        h = sim_hash(h, (uint32_t)o->y);
        h = sim_hash(h, (uint32_t)o->vx ^ ((uint32_t)o->vy << 16));
        h = sim_hash(h, (uint32_t)(uint16_t)o->hp | (uint32_t)o->state << 16 |
                            (uint32_t)o->timer << 24);
        h = sim_hash(h, g_depth_order[i]);
        ++g_state_hist[o->state];
    }
    for (int i = 0; i < NUM_SCORES; ++i) {
        h = sim_hash(h, g_scores[i].score);
        for (const char* s = g_scores[i].name; *s; ++s)
            h = sim_hash(h, (uint8_t)*s);
    }
    for (int i = 0; i < LOG_SIZE; ++i) {
        h = sim_hash(h, g_log[i].step ^ (uint32_t)g_log[i].a << 8 ^ (uint32_t)g_log[i].b << 20);
        h = sim_hash(h, (uint32_t)str_len(g_log[i].text));
    }
    h = sim_hash(h, g_step);
    h = sim_hash(h, g_pairs);
    for (int i = 0; i < AI_COUNT; ++i)
        h = sim_hash(h, g_state_hist[i]);
    return h;
}

int sim_verify(void) {
    for (int i = 1; i < NUM_OBJECTS; ++i)
        if (g_obj[g_depth_order[i - 1]].y > g_obj[g_depth_order[i]].y) return 1;
    /* every object appears once in the depth order */
    uint8_t seen[NUM_OBJECTS];
    memset(seen, 0, sizeof seen);
    for (int i = 0; i < NUM_OBJECTS; ++i) {
        if (seen[g_depth_order[i]]) return 2;
        seen[g_depth_order[i]] = 1;
    }
    for (int i = 1; i < NUM_SCORES; ++i)
        if (g_scores[i - 1].score < g_scores[i].score) return 3;
    /* the grid broadphase must find exactly the overlapping pairs a brute-force search finds,
       given that no object is more than one cell away from its grid position */
    g_brute_pairs = 0;
    for (int i = 0; i < NUM_OBJECTS; ++i) {
        for (int j = i + 1; j < NUM_OBJECTS; ++j)
            if (overlap(&g_obj[i], &g_obj[j])) ++g_brute_pairs;
        if ((i & 7) == 7) poll();
    }
    if (broadphase(0) != g_brute_pairs) return 4;
    for (int i = 0; i < LOG_SIZE; ++i)
        if (str_len(g_log[i].text) >= (int)sizeof g_log[i].text) return 5;
    return 0;
}
