/* Skipjack demo game: fly a ship down an endless desert canyon and thread it through rings
   before the timer runs out. World units: x right, y down, z forward; the floor is at
   y = FLOOR_Y. */
#ifndef GAME_H
#define GAME_H
#include "ps1.h"

#define SEG_LEN 256  /* canyon segment length along z */
#define VIEW_SEGS 36 /* segments drawn ahead of the camera */
#define HALF_W 420   /* half width of the canyon floor */
#define FLOOR_Y 300
#define WALL_LEAN 170 /* how far the wall tops lean outwards */
#define RING_FIRST_Z 2000
#define RING_GAP 1800
#define RING_RADIUS 110 /* a ring is collected within this distance of its centre */
#define GAME_FRAMES (60 * 60)
#define OVER_FRAMES (60 * 5)
#define CAMERA_BACK 380
#define CAMERA_UP 140

typedef struct {
    int32_t x, y, z;
} Vec3;

typedef struct {
    int32_t x, y, z; /* position */
    int32_t vx, vy;  /* lateral velocity, 8 fraction bits */
    int32_t speed;   /* forward units per frame */
    int roll;        /* bank angle, 4096 per turn */
    int scrape;      /* frames of wall-contact effect left */
} Ship;

enum Phase { PHASE_PLAY, PHASE_OVER };

typedef struct {
    Ship ship;
    enum Phase phase;
    uint32_t frame;       /* frames since power-on */
    uint32_t phase_frame; /* frames since this phase began */
    int32_t time_left;    /* frames */
    uint32_t score, best;
    uint32_t rings_taken, rings_passed, combo;
    uint32_t next_ring;     /* index of the first ring not yet reached */
    uint8_t ring_taken[64]; /* by ring index mod 64: 1 collected, 2 missed */
    uint32_t flash;         /* frames left of the "ring!" flash */
    int attract;            /* 1 while the autopilot flies (no button pressed lately) */
    int boosting;           /* 1 while boost (cross) is held, for the sound */
    uint32_t idle_frames;
} Game;

/* Canyon shape */
int32_t canyon_cx(int32_t z);
int32_t canyon_top(int32_t z);
/* Position of ring i. */
Vec3 ring_pos(uint32_t i);

void game_reset(Game* g, int attract);
/* One frame of game logic for the pressed buttons (pad.h bits). */
void game_update(Game* g, uint16_t buttons);
uint32_t game_checksum(const Game* g);

#endif
