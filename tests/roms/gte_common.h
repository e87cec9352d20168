/* Shared helpers of the GTE test programs: command words, register access by number, setup. */
#ifndef SKIPJACK_GTE_COMMON_H
#define SKIPJACK_GTE_COMMON_H
#include "gte_asm.h"
#include "test.h"

/* Command words ("GTE Opcode Summary" headings; sf = bit 19, lm = bit 10). */
#define SF 0x80000u
#define LM 0x400u
#define RTPS 0x0180001u /* sf=1 */
#define RTPT 0x0280030u /* sf=1 */
#define NCLIP 0x1400006u
#define OP 0x170000Cu    /* + sf, lm */
#define DPCS 0x0780010u  /* sf=1 */
#define INTPL 0x0980011u /* sf=1 */
#define MVMVA 0x0400012u /* + sf, mx, v, cv, lm */
#define NCDS 0x0E80413u  /* sf=1 lm=1 */
#define CDP 0x1280414u   /* sf=1 lm=1 */
#define NCDT 0x0F80416u  /* sf=1 lm=1 */
#define NCCS 0x108041Bu  /* sf=1 lm=1 */
#define CC 0x138041Cu    /* sf=1 lm=1 */
#define NCS 0x0C8041Eu   /* sf=1 lm=1 */
#define NCT 0x0D80420u   /* sf=1 lm=1 */
#define SQR 0x0A00428u   /* + sf */
#define DCPL 0x0680029u  /* sf=1 lm=1 */
#define DPCT 0x0F8002Au  /* sf=1 */
#define AVSZ3 0x158002Du
#define AVSZ4 0x168002Eu
#define GPF 0x190003Du  /* + sf */
#define GPL 0x1A0003Eu  /* + sf */
#define NCCT 0x118043Fu /* sf=1 lm=1 */
#define MV(mx, v, cv) (MVMVA | SF | ((mx) << 17) | ((v) << 15) | ((cv) << 13))

#define BIT(b) (1u << (b))
#define ERR 0x80000000u /* FLAG.31 */

/* Control register bases: RT 0-4, TR 5-7, LLM 8-12, BK 13-15, LCM 16-20, FC 21-23. */
enum { kRt = 0, kTr = 5, kLlm = 8, kBk = 13, kLcm = 16, kFc = 21 };

#define GTE_CASES(X)                                                                               \
    X(0)                                                                                           \
    X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) X(16) X(17)   \
        X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29) X(30) X(31)

/* cop2r0-31 (data) and cop2r32-63 (control) by number; `r` 0..31. */
static inline uint32_t rd(uint32_t r) {
#define X(n)                                                                                       \
    case n: return MFC2(n);
    switch (r) { GTE_CASES(X) }
#undef X
    return 0;
}
static inline void wr(uint32_t r, uint32_t v) {
#define X(n)                                                                                       \
    case n: MTC2(n, v); break;
    switch (r) { GTE_CASES(X) }
#undef X
}
static inline uint32_t rc(uint32_t r) {
#define X(n)                                                                                       \
    case n: return CFC2(n);
    switch (r) { GTE_CASES(X) }
#undef X
    return 0;
}
static inline void wc(uint32_t r, uint32_t v) {
#define X(n)                                                                                       \
    case n: CTC2(n, v); break;
    switch (r) { GTE_CASES(X) }
#undef X
}

static inline uint32_t pair(int lo, int hi) {
    return (uint16_t)lo | ((uint32_t)(uint16_t)hi << 16);
}
static inline uint32_t rgb(int r, int g, int b, int code) {
    return (uint32_t)(r | (g << 8) | (b << 16) | (code << 24));
}
static inline void set_matrix(uint32_t base, int m11, int m12, int m13, int m21, int m22, int m23,
                              int m31, int m32, int m33) {
    wc(base + 0, pair(m11, m12));
    wc(base + 1, pair(m13, m21));
    wc(base + 2, pair(m22, m23));
    wc(base + 3, pair(m31, m32));
    wc(base + 4, (uint32_t)m33);
}
static inline void set_diag(uint32_t base, int d) {
    set_matrix(base, d, 0, 0, 0, d, 0, 0, 0, d);
}
static inline void set_vec(uint32_t base, int x, int y, int z) {
    wc(base, (uint32_t)x);
    wc(base + 1, (uint32_t)y);
    wc(base + 2, (uint32_t)z);
}
static inline void set_v(int n, int x, int y, int z) {
    wr((uint32_t)(2 * n), pair(x, y));
    wr((uint32_t)(2 * n + 1), (uint32_t)z);
}
static inline void set_ir(int ir1, int ir2, int ir3) {
    MTC2(9, ir1);
    MTC2(10, ir2);
    MTC2(11, ir3);
}
static inline int32_t mac(int i) {
    return (int32_t)rd((uint32_t)(24 + i));
}
static inline int32_t ir(int i) {
    return (int32_t)rd((uint32_t)(8 + i));
}
static inline uint32_t flag(void) {
    return CFC2(31);
}
/* Zeroes every writable register (LZCS = 0 makes LZCR 32). */
static inline void gte_zero(void) {
    for (uint32_t r = 0; r < 32; ++r) {
        wr(r, 0);
        wc(r, 0);
    }
}

#define CHECK(rule, got, expected) check_eq(rule, (uint32_t)(got), (uint32_t)(expected))

#endif
