#include "gte.h"

void gte_enable(void) {
    uint32_t sr;
    __asm__ volatile("mfc0 %0, $12\n\tnop" : "=r"(sr));
    sr |= 1u << 30; /* CU2 */
    __asm__ volatile("mtc0 %0, $12\n\tnop\n\tnop" : : "r"(sr));
}

/* Rotation-style matrices fill five control registers: pairs of 16-bit entries per word. */
#define PAIR(a, b) (((uint32_t)(uint16_t)(b) << 16) | (uint16_t)(a))
#define SET_MATRIX(m, r0, r1, r2, r3, r4)                                                          \
    do {                                                                                           \
        gte_ctc2(PAIR((m)->m[0][0], (m)->m[0][1]), r0);                                            \
        gte_ctc2(PAIR((m)->m[0][2], (m)->m[1][0]), r1);                                            \
        gte_ctc2(PAIR((m)->m[1][1], (m)->m[1][2]), r2);                                            \
        gte_ctc2(PAIR((m)->m[2][0], (m)->m[2][1]), r3);                                            \
        gte_ctc2((int32_t)(m)->m[2][2], r4);                                                       \
    } while (0)

void gte_set_rotation(const Mat3* m) {
    SET_MATRIX(m, 0, 1, 2, 3, 4);
}
void gte_set_light_matrix(const Mat3* m) {
    SET_MATRIX(m, 8, 9, 10, 11, 12);
}
void gte_set_color_matrix(const Mat3* m) {
    SET_MATRIX(m, 16, 17, 18, 19, 20);
}

void gte_set_translation(int32_t x, int32_t y, int32_t z) {
    gte_ctc2(x, 5);
    gte_ctc2(y, 6);
    gte_ctc2(z, 7);
}

void gte_set_screen(int ofx, int ofy, int h, int ot_shift) {
    /* OFX/OFY are 16.16; SX = IR1 * H/SZ + OFX */
    gte_ctc2((int32_t)ofx << 16, 24);
    gte_ctc2((int32_t)ofy << 16, 25);
    gte_ctc2((uint32_t)h, 26);
    /* AVSZ: OTZ = ZSF * sum(SZ) / 1000h, so ZSF = 1000h / (n * 2^shift) averages and scales */
    gte_ctc2((int32_t)(0x1000 / (3 << ot_shift)), 29);
    gte_ctc2((int32_t)(0x1000 / (4 << ot_shift)), 30);
}

void gte_set_back_color(int r, int g, int b) {
    /* BK is added with 12 fraction bits: 4096 = full colour */
    gte_ctc2((int32_t)r, 13);
    gte_ctc2((int32_t)g, 14);
    gte_ctc2((int32_t)b, 15);
}

void gte_set_far_color(int r, int g, int b) {
    /* FC has 4 fraction bits against the colour's 8 bits */
    gte_ctc2((int32_t)r << 4, 21);
    gte_ctc2((int32_t)g << 4, 22);
    gte_ctc2((int32_t)b << 4, 23);
}

void gte_set_depth_cue(int h, int near_z, int far_z) {
    /* RTPS: IR0 = (q*DQA + DQB) / 1000h with q = H*10000h/SZ. IR0 should go from 0 at near_z to
       1000h (all far colour) at far_z, linearly in 1/z as the hardware interpolates. */
    int32_t q_near = (int32_t)(((uint32_t)h << 16) / (uint32_t)near_z);
    int32_t q_far = (int32_t)(((uint32_t)h << 16) / (uint32_t)far_z);
    int32_t dqa = (0x1000 * 0x1000) / (q_far - q_near);
    int32_t dqb = -q_near * dqa;
    gte_ctc2(dqa, 27);
    gte_ctc2(dqb, 28);
}

/* Quarter-wave sine table, 1024 steps of 1/4096 turn, values in 1.3.12. Computed at start-up
   by a Taylor series in unsigned 1.15 fixed point: sin x = x(1 - x²/6(1 - x²/20(1 - x²/42(1 -
   x²/72)))), every bracket positive on 0..π/2, so no sign handling and no overflow. */
static int16_t g_sin[1025];

void math_init(void) {
    for (uint32_t i = 0; i <= 1024; ++i) {
        uint32_t x = (i * 51472u) >> 10; /* 51472 = π/2 in 1.15 */
        uint32_t x2 = (x * x) >> 15;
        uint32_t t = 32768u - x2 / 72;
        t = 32768u - ((x2 * t) >> 15) / 42;
        t = 32768u - ((x2 * t) >> 15) / 20;
        t = 32768u - ((x2 * t) >> 15) / 6;
        uint32_t s = (x * t) >> 15;         /* 1.15 */
        g_sin[i] = (int16_t)((s + 4) >> 3); /* to 1.12, rounded */
    }
}

int fx_sin(int a) {
    a &= 4095;
    if (a < 1024) return g_sin[a];
    if (a < 2048) return g_sin[2048 - a];
    if (a < 3072) return -g_sin[a - 2048];
    return -g_sin[4096 - a];
}

int fx_cos(int a) {
    return fx_sin(a + 1024);
}

void mat_mul(Mat3* out, const Mat3* a, const Mat3* b) {
    Mat3 r;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            int32_t s = 0;
            for (int k = 0; k < 3; ++k)
                s += a->m[i][k] * b->m[k][j];
            r.m[i][j] = (int16_t)(s >> 12);
        }
    *out = r;
}

void mat_rotation(Mat3* out, int pitch, int yaw, int roll) {
    int sx = fx_sin(pitch), cx = fx_cos(pitch);
    int sy = fx_sin(yaw), cy = fx_cos(yaw);
    int sz = fx_sin(roll), cz = fx_cos(roll);
    Mat3 rx = {{{4096, 0, 0}, {0, (int16_t)cx, (int16_t)-sx}, {0, (int16_t)sx, (int16_t)cx}}};
    Mat3 ry = {{{(int16_t)cy, 0, (int16_t)sy}, {0, 4096, 0}, {(int16_t)-sy, 0, (int16_t)cy}}};
    Mat3 rz = {{{(int16_t)cz, (int16_t)-sz, 0}, {(int16_t)sz, (int16_t)cz, 0}, {0, 0, 4096}}};
    Mat3 t;
    mat_mul(&t, &ry, &rx);
    mat_mul(out, &t, &rz);
}
