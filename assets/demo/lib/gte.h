/* GTE access (geometrytransformationenginegte.md) through inline COP2 instructions.
   Register numbers: data registers 0-31 (mtc2/mfc2), control registers 0-31 (ctc2/cfc2).
   MFC2/CFC2 results arrive one instruction late, so each read macro ends with a nop; a command
   issued right after loads is safe because the GTE interlocks on its own operations. */
#ifndef DEMO_GTE_H
#define DEMO_GTE_H
#include "ps1.h"

#define GTE_STR_(x) #x
#define GTE_STR(x) GTE_STR_(x)

#define gte_mtc2(value, reg) __asm__ volatile("mtc2 %0, $" GTE_STR(reg) : : "r"(value))
#define gte_ctc2(value, reg) __asm__ volatile("ctc2 %0, $" GTE_STR(reg) : : "r"(value))
#define gte_mfc2(var, reg) __asm__ volatile("mfc2 %0, $" GTE_STR(reg) "\n\tnop" : "=r"(var))
#define gte_cfc2(var, reg) __asm__ volatile("cfc2 %0, $" GTE_STR(reg) "\n\tnop" : "=r"(var))
/* Issues a command: "COP2 imm25" = 4A000000h | command (GTE Command Encoding). The two nops
   keep the command out of any branch delay slot gcc might schedule around it. */
#define gte_cmd(code) __asm__ volatile("nop\n\tnop\n\t.word " GTE_STR(code) : : : "memory")

/* Commands with sf=1 (12-bit fraction) and lm=0 unless noted (GTE Opcode Summary). */
#define GTE_RTPS 0x4A180001
#define GTE_RTPT 0x4A280030
#define GTE_NCLIP 0x4B400006
#define GTE_AVSZ3 0x4B58002D
#define GTE_AVSZ4 0x4B68002E
#define GTE_NCDS 0x4AE80413
#define GTE_NCCS 0x4B08041B
#define GTE_MVMVA_RT_V0 0x4A480012 /* MVMVA sf=1, rotation matrix * V0 + TR */

/* Data registers */
#define GTE_VXY0 0
#define GTE_VZ0 1
#define GTE_VXY1 2
#define GTE_VZ1 3
#define GTE_VXY2 4
#define GTE_VZ2 5
#define GTE_RGBC 6
#define GTE_OTZ 7
#define GTE_IR0 8
#define GTE_IR1 9
#define GTE_IR2 10
#define GTE_IR3 11
#define GTE_SXY0 12
#define GTE_SXY1 13
#define GTE_SXY2 14
#define GTE_SZ1 17
#define GTE_SZ2 18
#define GTE_SZ3 19
#define GTE_RGB0 20
#define GTE_RGB1 21
#define GTE_RGB2 22
#define GTE_MAC0 24
/* Control registers */
#define GTE_RT0 0 /* RT11,RT12 */
#define GTE_RT1 1 /* RT13,RT21 */
#define GTE_RT2 2 /* RT22,RT23 */
#define GTE_RT3 3 /* RT31,RT32 */
#define GTE_RT4 4 /* RT33 */
#define GTE_TRX 5
#define GTE_TRY 6
#define GTE_TRZ 7
#define GTE_L0 8 /* light direction matrix, 5 words like RT */
#define GTE_L1 9
#define GTE_L2 10
#define GTE_L3 11
#define GTE_L4 12
#define GTE_RBK 13
#define GTE_GBK 14
#define GTE_BBK 15
#define GTE_LR0 16 /* light colour matrix */
#define GTE_LR1 17
#define GTE_LR2 18
#define GTE_LR3 19
#define GTE_LR4 20
#define GTE_RFC 21
#define GTE_GFC 22
#define GTE_BFC 23
#define GTE_OFX 24
#define GTE_OFY 25
#define GTE_H 26
#define GTE_DQA 27
#define GTE_DQB 28
#define GTE_ZSF3 29
#define GTE_ZSF4 30
#define GTE_FLAG 31

/* 3x3 matrix in 1.3.12 fixed point, row-major (m[row][col]). */
typedef struct {
    int16_t m[3][3];
} Mat3;
typedef struct {
    int16_t x, y, z, pad;
} SVec;

/* Sets COP0 SR.CU2 so COP2 instructions are allowed (they raise "coprocessor unusable"
   otherwise). */
void gte_enable(void);
/* Screen offset (in pixels), projection distance H, and OT scaling so that AVSZ3/AVSZ4 give
   the average Z divided by 2^ot_shift. */
void gte_set_screen(int ofx, int ofy, int h, int ot_shift);
void gte_set_rotation(const Mat3* m);
void gte_set_translation(int32_t x, int32_t y, int32_t z);
void gte_set_light_matrix(const Mat3* m);
void gte_set_color_matrix(const Mat3* m);
void gte_set_back_color(int r, int g, int b); /* 0..4095 per unit = full */
void gte_set_far_color(int r, int g, int b);  /* 0..255 */
/* Depth cueing: IR0 = DQB + DQA * (H / SZ) / ... (RTPS): fog from `near_z` to `far_z`. */
void gte_set_depth_cue(int h, int near_z, int far_z);

/* Writes the three vertices V0..V2. */
static inline void gte_load_v3(const SVec* a, const SVec* b, const SVec* c) {
    gte_mtc2(((uint32_t)(uint16_t)a->y << 16) | (uint16_t)a->x, 0);
    gte_mtc2((int32_t)a->z, 1);
    gte_mtc2(((uint32_t)(uint16_t)b->y << 16) | (uint16_t)b->x, 2);
    gte_mtc2((int32_t)b->z, 3);
    gte_mtc2(((uint32_t)(uint16_t)c->y << 16) | (uint16_t)c->x, 4);
    gte_mtc2((int32_t)c->z, 5);
}
static inline void gte_load_v0(const SVec* a) {
    gte_mtc2(((uint32_t)(uint16_t)a->y << 16) | (uint16_t)a->x, 0);
    gte_mtc2((int32_t)a->z, 1);
}

/* Fixed point: angles are 0..4095 per turn; sines and cosines are 1.3.12 (4096 = 1.0). */
void math_init(void);
int fx_sin(int angle);
int fx_cos(int angle);
/* Rotation matrix Ry(yaw) * Rx(pitch) * Rz(roll). */
void mat_rotation(Mat3* out, int pitch, int yaw, int roll);
void mat_mul(Mat3* out, const Mat3* a, const Mat3* b);

#endif
