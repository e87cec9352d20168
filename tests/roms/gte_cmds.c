/* Every GTE command issued through "COP2 imm25", checked against values worked out by hand from
   psx-spx "Geometry Transformation Engine (GTE)"; the derivation is next to each value. Each
   test starts from all-zero registers. */
#include "gte_common.h"

/* ---------------------------------------------------------------------------------------- */
/* RTPS / RTPT ("COP2 0180001h - RTPS", "GTE Division Inaccuracy") */

static void rtps_basic(void) {
    gte_zero();
    set_diag(kRt, 0x1000);
    set_vec(kTr, 0x10, 0x20, 0);
    set_v(0, 0x100, -0x80, 0x400);
    CTC2(26, 0x200);    /* H */
    CTC2(24, 0xA00000); /* OFX = 160.0 */
    CTC2(25, 0x780000); /* OFY = 120.0 */
    CTC2(27, 0x10);     /* DQA */
    CTC2(28, 0x100000); /* DQB */
    for (uint32_t i = 0; i < 4; ++i)
        wr(16 + i, i + 1);
    for (int i = 0; i < 3; ++i)
        wr((uint32_t)(12 + i), pair(i + 1, i + 1));
    uint32_t f = GTE_CMD(RTPS);
    /* MAC = (TR*1000h + RT*V0) SAR 12 = (100h+10h, -80h+20h, 400h) */
    CHECK("RTPS MAC1 = (TRX*1000h + RT1*V0) SAR 12", mac(1), 0x110);
    CHECK("RTPS MAC2 = (TRY*1000h + RT2*V0) SAR 12", mac(2), -0x60);
    CHECK("RTPS MAC3 = (TRZ*1000h + RT3*V0) SAR 12", mac(3), 0x400);
    CHECK("RTPS IR1 = MAC1", MFC2(9), 0x110);
    CHECK("RTPS IR2 = MAC2 (read sign-expanded)", MFC2(10), 0xFFFFFFA0u);
    CHECK("RTPS IR3 = MAC3", MFC2(11), 0x400);
    CHECK("RTPS moves SZ1 to SZ0", MFC2(16), 2);
    CHECK("RTPS moves SZ2 to SZ1", MFC2(17), 3);
    CHECK("RTPS moves SZ3 to SZ2", MFC2(18), 4);
    CHECK("RTPS SZ3 = MAC3 SAR ((1-sf)*12)", MFC2(19), 0x400);
    /* H/SZ3 = 200h/400h -> 8000h; SX2 = (8000h*110h + A00000h) >> 16 = 128h;
       SY2 = (8000h*-60h + 780000h) >> 16 = 48h */
    CHECK("RTPS moves SXY1 to SXY0", MFC2(12), pair(2, 2));
    CHECK("RTPS moves SXY2 to SXY1", MFC2(13), pair(3, 3));
    CHECK("RTPS SX2 = (n*IR1+OFX)/10000h, SY2 = (n*IR2+OFY)/10000h", MFC2(14), pair(0x128, 0x48));
    /* MAC0 = 8000h*10h + 100000h = 180000h; IR0 = MAC0/1000h = 180h */
    CHECK("RTPS MAC0 = n*DQA+DQB", mac(0), 0x180000);
    CHECK("RTPS IR0 = MAC0/1000h", ir(0), 0x180);
    CHECK("RTPS in range raises no flag", f, 0);
}

static void rtps_h_unsigned(void) {
    gte_zero();
    set_diag(kRt, 0x1000);
    CTC2(26, 0x8000); /* H = 8000h */
    set_v(0, 0x100, 0, 0x6000);
    uint32_t f = GTE_CMD(RTPS);
    /* SZ3 = 6000h, H < 2*SZ3: UNR(8000h/6000h) = 15555h; SX2 = 15555h*100h >> 16 = 155h */
    CHECK("H is unsigned for RTPS despite its read-back bug (no overflow)", f, 0);
    CHECK("H is unsigned for RTPS (SX2 = 8000h/6000h * 100h)", MFC2(14) & 0xFFFF, 0x155);
}

static void rtps_ir3_flag(void) {
    gte_zero();
    set_diag(kRt, 0x1000);
    set_v(0, 0, 0, 0x10);
    uint32_t f = GTE_CMD(RTPS & ~SF);
    /* sf=0: MAC3 = 1000h*10h = 10000h: IR3 saturates to 7FFFh; MAC3 SAR 12 = 10h fits */
    CHECK("RTPS sf=0 MAC3 unshifted", mac(3), 0x10000);
    CHECK("RTPS sf=0 IR3 = MAC3 saturated", ir(3), 0x7FFF);
    CHECK("RTPS sf=0 SZ3 = MAC3 SAR 12", MFC2(19), 0x10);
    CHECK("RTPS sf=0 FLAG.22 only if MAC3 SAR 12 leaves -8000h..7FFFh", f, 0);
    set_v(0, 0, 0, 0);
    set_vec(kTr, 0, 0, 0x8000);
    f = GTE_CMD(RTPS & ~SF);
    /* MAC3 = 8000000h: MAC3 SAR 12 = 8000h > 7FFFh -> FLAG.22; SZ3 = 8000h */
    CHECK("RTPS sf=0 IR3 saturated", ir(3), 0x7FFF);
    CHECK("RTPS sf=0 SZ3 = 8000h", MFC2(19), 0x8000);
    CHECK("RTPS sf=0 FLAG.22 when MAC3 SAR 12 > 7FFFh (not in FLAG.31)", f, BIT(22));

    gte_zero();
    set_diag(kRt, 0x1000);
    set_vec(kTr, 0, 0, 0x100000); /* sum = 2^32: the 32-bit MAC3 keeps 0 */
    f = GTE_CMD(RTPS & ~SF);
    CHECK("RTPS sf=0 MAC3 keeps the low 32 bits", mac(3), 0);
    CHECK("RTPS sf=0 IR3 from MAC3", ir(3), 0);
    /* SZ3 from the full sum SAR 12 = 100000h -> FFFFh (FLAG.18); FLAG.22; H=0 divides fine */
    CHECK("RTPS sf=0 SZ3 from the wide sum, saturated", MFC2(19), 0xFFFF);
    CHECK("RTPS sf=0 SZ3/IR3 flags from the wide sum", f, BIT(22) | BIT(18) | ERR);
}

static void rtps_lm(void) {
    gte_zero();
    set_diag(kRt, 0x1000);
    set_v(0, -5, -6, -7);
    uint32_t f = GTE_CMD(RTPS | LM);
    CHECK("RTPS lm=1 MAC1 keeps the negative value", mac(1), -5);
    CHECK("RTPS lm=1 IR1 clamps to 0", ir(1), 0);
    CHECK("RTPS lm=1 IR2 clamps to 0", ir(2), 0);
    CHECK("RTPS lm=1 IR3 clamps to 0", ir(3), 0);
    /* IR1 (24), IR2 (23); IR3 flag as if lm=0 (none); SZ3 -7 -> 0 (18); SZ3=0: divide (17) */
    CHECK("RTPS lm=1 flags IR1/IR2 but FLAG.22 acts as if lm=0", f,
          BIT(24) | BIT(23) | BIT(18) | BIT(17) | ERR);
    CHECK("RTPS negative Z saturates SZ3 to 0", MFC2(19), 0);
    f = GTE_CMD(RTPS);
    CHECK("RTPS lm=0 IR1 negative", ir(1), -5);
    CHECK("RTPS lm=0 IR3 negative", ir(3), -7);
    CHECK("RTPS lm=0 no IR flags", f, BIT(18) | BIT(17) | ERR);
}

static void rtps_saturation(void) {
    gte_zero();
    set_diag(kRt, 0x1000);
    CTC2(26, 0x1000); /* H = SZ3: n = 10000h, SX2 = IR1, SY2 = IR2 */
    set_v(0, 0x3FF, -0x400, 0x1000);
    uint32_t f = GTE_CMD(RTPS);
    CHECK("RTPS SX2/SY2 at the limits 3FFh/-400h", MFC2(14), pair(0x3FF, -0x400));
    CHECK("RTPS SX2/SY2 at the limits set no flag", f, 0);
    set_v(0, 0x400, -0x401, 0x1000);
    f = GTE_CMD(RTPS);
    CHECK("RTPS SX2/SY2 saturate to -400h..3FFh", MFC2(14), pair(0x3FF, -0x400));
    CHECK("RTPS SX2/SY2 saturation sets FLAG.14/13", f, BIT(14) | BIT(13) | ERR);
    set_v(0, -0x401, 0x400, 0x1000);
    f = GTE_CMD(RTPS);
    CHECK("RTPS SX2 -401h -> -400h, SY2 400h -> 3FFh", MFC2(14), pair(-0x400, 0x3FF));
    CHECK("RTPS SX2/SY2 saturation (other signs) sets FLAG.14/13", f, BIT(14) | BIT(13) | ERR);

    /* IR0 = MAC0/1000h saturated to 0..1000h (FLAG.12, not in FLAG.31) */
    gte_zero();
    set_diag(kRt, 0x1000);
    set_v(0, 0, 0, 0x1000);
    CTC2(26, 0x1000);
    CTC2(28, 0x1000000); /* DQA = 0: MAC0 = DQB */
    f = GTE_CMD(RTPS);
    CHECK("RTPS IR0 = 1000h fits", ir(0), 0x1000);
    CHECK("RTPS IR0 = 1000h sets no flag", f, 0);
    CTC2(28, 0x1001000);
    f = GTE_CMD(RTPS);
    CHECK("RTPS IR0 saturates to 1000h", ir(0), 0x1000);
    CHECK("RTPS IR0 saturation sets FLAG.12 only", f, BIT(12));
    CTC2(28, 0xFFFFFFFFu);
    f = GTE_CMD(RTPS);
    CHECK("RTPS MAC0 = DQB = -1", mac(0), -1);
    CHECK("RTPS IR0 saturates to 0", ir(0), 0);
    CHECK("RTPS negative IR0 sets FLAG.12 only", f, BIT(12));

    /* SZ3 saturates to 0..FFFFh (FLAG.18) */
    gte_zero();
    set_diag(kRt, 0x1000);
    set_vec(kTr, 0, 0, 0xFFFF);
    f = GTE_CMD(RTPS);
    CHECK("RTPS SZ3 = FFFFh fits", MFC2(19), 0xFFFF);
    CHECK("RTPS SZ3 = FFFFh: only IR3 (FFFFh > 7FFFh) flagged", f, BIT(22));
    set_vec(kTr, 0, 0, 0x10000);
    f = GTE_CMD(RTPS);
    CHECK("RTPS SZ3 saturates to FFFFh", MFC2(19), 0xFFFF);
    CHECK("RTPS SZ3 saturation sets FLAG.18", f, BIT(22) | BIT(18) | ERR);

    /* MAC0 beyond 32 bits (FLAG.16/15) */
    gte_zero();
    set_diag(kRt, 0x1000);
    set_v(0, 0x7FFF, -0x8000, 0); /* SZ3 = 0: divide overflow, n = 1FFFFh */
    CTC2(24, 0x7FFFFFFF);
    CTC2(25, 0x80000000u);
    f = GTE_CMD(RTPS);
    /* 1FFFFh*7FFFh + 7FFFFFFFh = 17FFE8000h > 31 bits; 1FFFFh*-8000h - 80000000h < -2^31 */
    CHECK("RTPS MAC0 overflow sets FLAG.16/15, SX2/SY2 saturate", f,
          BIT(17) | BIT(16) | BIT(15) | BIT(14) | BIT(13) | ERR);
    CHECK("RTPS SXY2 from the overflowed MAC0 saturates", MFC2(14), pair(0x3FF, -0x400));
}

static void rtps_division(void) {
    gte_zero();
    set_diag(kRt, 0x1000);
    CTC2(26, 0x200);
    set_v(0, 0x10, 0, 0x100); /* H < SZ3*2 is false: overflow */
    uint32_t f = GTE_CMD(RTPS);
    /* SX2 = (1FFFFh*10h) >> 16 = 1Fh */
    CHECK("RTPS divide overflow: n = 1FFFFh", MFC2(14) & 0xFFFF, 0x1F);
    CHECK("RTPS divide overflow when H >= SZ3*2 sets FLAG.17", f, BIT(17) | ERR);
    set_v(0, 0x10, 0, 0x101); /* 200h < 202h: 200h/101h = 1FE02h */
    f = GTE_CMD(RTPS);
    CHECK("RTPS H just below SZ3*2: (1FE02h*10h) >> 16", MFC2(14) & 0xFFFF, 0x1F);
    CHECK("RTPS H just below SZ3*2 does not overflow", f, 0);
}

static void rtpt(void) {
    gte_zero();
    set_diag(kRt, 0x1000);
    set_v(0, 0x10, 0x20, 0x100);
    set_v(1, 0x30, 0x40, 0x200);
    set_v(2, 0x50, 0x60, 0x400);
    CTC2(26, 0x100);
    CTC2(27, 0x100);
    MTC2(19, 0x1234);
    uint32_t f = GTE_CMD(RTPT);
    /* divisions: 100h/100h = 10000h, 100h/200h = 8000h, 100h/400h = 4000h */
    CHECK("RTPT: old SZ3 shifted three times into SZ0", MFC2(16), 0x1234);
    CHECK("RTPT: SZ1 from V0", MFC2(17), 0x100);
    CHECK("RTPT: SZ2 from V1", MFC2(18), 0x200);
    CHECK("RTPT: SZ3 from V2", MFC2(19), 0x400);
    CHECK("RTPT: SXY0 from V0 (10h*1, 20h*1)", MFC2(12), pair(0x10, 0x20));
    CHECK("RTPT: SXY1 from V1 (30h/2, 40h/2)", MFC2(13), pair(0x18, 0x20));
    CHECK("RTPT: SXY2 from V2 (50h/4, 60h/4)", MFC2(14), pair(0x14, 0x18));
    CHECK("RTPT: IR1 from V2", ir(1), 0x50);
    CHECK("RTPT: IR3 from V2", ir(3), 0x400);
    CHECK("RTPT: MAC0 = 4000h*DQA(100h) from V2", mac(0), 0x400000);
    CHECK("RTPT: IR0 = MAC0/1000h from V2", ir(0), 0x400);
    CHECK("RTPT in range raises no flag", f, 0);
}

/* ---------------------------------------------------------------------------------------- */
/* NCLIP, AVSZ3/AVSZ4 */

static void nclip(void) {
    gte_zero();
    MTC2(12, pair(0, 0));
    MTC2(13, pair(10, 0));
    MTC2(14, pair(0, 10));
    uint32_t f = GTE_CMD(NCLIP);
    CHECK("NCLIP MAC0 = doubled signed area (anticlockwise +)", mac(0), 100);
    CHECK("NCLIP in range raises no flag", f, 0);
    MTC2(13, pair(0, 10));
    MTC2(14, pair(10, 0));
    GTE_CMD(NCLIP);
    CHECK("NCLIP MAC0 negative for the other winding", mac(0), -100);
    MTC2(14, pair(0, 20));
    GTE_CMD(NCLIP);
    CHECK("NCLIP MAC0 = 0 for collinear points", mac(0), 0);

    MTC2(12, pair(-0x8000, -0x8000));
    MTC2(13, pair(0x7FFF, -0x8000));
    MTC2(14, pair(-0x8000, 0x7FFF));
    f = GTE_CMD(NCLIP); /* 2^30 + 3FFF0001h + 2*3FFF8000h = FFFE0001h */
    CHECK("NCLIP MAC0 keeps the low 32 bits", MFC2(24), 0xFFFE0001u);
    CHECK("NCLIP MAC0 > 31 bits positive sets FLAG.16", f, BIT(16) | ERR);
    MTC2(13, pair(-0x8000, 0x7FFF));
    MTC2(14, pair(0x7FFF, -0x8000));
    f = GTE_CMD(NCLIP); /* -FFFE0001h */
    CHECK("NCLIP MAC0 keeps the low 32 bits (negative)", MFC2(24), 0x0001FFFFu);
    CHECK("NCLIP MAC0 > 31 bits negative sets FLAG.15", f, BIT(15) | ERR);
}

static void avsz(void) {
    gte_zero();
    MTC2(16, 0x100);
    MTC2(17, 0x300);
    MTC2(18, 0x600);
    MTC2(19, 0x900);
    CTC2(29, 0x555);
    uint32_t f = GTE_CMD(AVSZ3);
    CHECK("AVSZ3 MAC0 = ZSF3*(SZ1+SZ2+SZ3) = 555h*1200h", mac(0), 0x5FFA00);
    CHECK("AVSZ3 OTZ = MAC0/1000h", MFC2(7), 0x5FF);
    CHECK("AVSZ3 in range raises no flag", f, 0);
    CTC2(30, 0x400);
    f = GTE_CMD(AVSZ4);
    CHECK("AVSZ4 MAC0 = ZSF4*(SZ0+SZ1+SZ2+SZ3)", mac(0), 0x1300 * 0x400);
    CHECK("AVSZ4 OTZ = MAC0/1000h", MFC2(7), 0x4C0);
    CHECK("AVSZ4 in range raises no flag", f, 0);

    gte_zero();
    CTC2(29, 0x1000);
    MTC2(17, 0xFFFF);
    f = GTE_CMD(AVSZ3);
    CHECK("AVSZ3 OTZ = FFFFh fits", MFC2(7), 0xFFFF);
    CHECK("AVSZ3 OTZ = FFFFh sets no flag", f, 0);
    MTC2(18, 1);
    f = GTE_CMD(AVSZ3);
    CHECK("AVSZ3 OTZ saturates to FFFFh", MFC2(7), 0xFFFF);
    CHECK("AVSZ3 OTZ saturation sets FLAG.18", f, BIT(18) | ERR);
    CTC2(29, 0xFFFF); /* ZSF3 = -1 */
    f = GTE_CMD(AVSZ3);
    CHECK("AVSZ3 signed ZSF3 = -1 gives negative MAC0", mac(0), -0x10000);
    CHECK("AVSZ3 negative OTZ saturates to 0", MFC2(7), 0);
    CHECK("AVSZ3 negative OTZ sets FLAG.18", f, BIT(18) | ERR);

    gte_zero();
    for (uint32_t r = 16; r < 20; ++r)
        wr(r, 0xFFFF);
    CTC2(30, 0x7FFF); /* 3FFFCh*7FFFh = 1FFFA0004h */
    f = GTE_CMD(AVSZ4);
    CHECK("AVSZ4 MAC0 keeps the low 32 bits", MFC2(24), 0xFFFA0004u);
    CHECK("AVSZ4 OTZ from the full sum saturates to FFFFh", MFC2(7), 0xFFFF);
    CHECK("AVSZ4 MAC0 > 31 bits positive sets FLAG.16 and FLAG.18", f, BIT(18) | BIT(16) | ERR);
    CTC2(30, 0x8000); /* -8000h*3FFFCh = -1FFFE0000h */
    f = GTE_CMD(AVSZ4);
    CHECK("AVSZ4 negative MAC0 keeps the low 32 bits", MFC2(24), 0x00020000u);
    CHECK("AVSZ4 negative OTZ saturates to 0", MFC2(7), 0);
    CHECK("AVSZ4 MAC0 > 31 bits negative sets FLAG.15 and FLAG.18", f, BIT(18) | BIT(15) | ERR);
}

/* ---------------------------------------------------------------------------------------- */
/* OP, SQR */

static void op_sqr(void) {
    gte_zero();
    set_matrix(kRt, 0x1000, 0x7777, 0x7777, 0x7777, 0x2000, 0x7777, 0x7777, 0x7777, 0x3000);
    set_ir(0x400, 0x100, 0x200);
    /* D=(1,2,3) (4.12), IR=(4,1,2)*100h: (2*2-3*1, 3*4-1*2, 1*1-2*4) = (1, 10, -7)*100h */
    uint32_t f = GTE_CMD(OP | SF);
    CHECK("OP MAC1 = IR3*D2-IR2*D3", mac(1), 0x100);
    CHECK("OP MAC2 = IR1*D3-IR3*D1", mac(2), 0xA00);
    CHECK("OP MAC3 = IR2*D1-IR1*D2", mac(3), -0x700);
    CHECK("OP IR3 = MAC3", ir(3), -0x700);
    CHECK("OP in range raises no flag", f, 0);
    set_ir(0x400, 0x100, 0x200);
    f = GTE_CMD(OP | SF | LM);
    CHECK("OP lm=1 clamps IR3 to 0", ir(3), 0);
    CHECK("OP lm=1 IR3 saturation sets FLAG.22 (not in FLAG.31)", f, BIT(22));
    set_ir(0x400, 0x100, 0x200);
    f = GTE_CMD(OP); /* sf=0: MAC = (100000h, A00000h, -700000h) */
    CHECK("OP sf=0 MAC1 unshifted", mac(1), 0x100000);
    CHECK("OP sf=0 MAC3 unshifted", mac(3), -0x700000);
    CHECK("OP sf=0 IR1 saturates to 7FFFh", ir(1), 0x7FFF);
    CHECK("OP sf=0 IR2 saturates to 7FFFh", ir(2), 0x7FFF);
    CHECK("OP sf=0 IR3 saturates to -8000h", ir(3), -0x8000);
    CHECK("OP sf=0 saturation sets FLAG.24-22", f, BIT(24) | BIT(23) | BIT(22) | ERR);

    gte_zero();
    set_ir(-0x100, 0x200, 3);
    f = GTE_CMD(SQR | SF);
    CHECK("SQR sf=1 MAC1 = IR1^2 SAR 12", mac(1), 0x10);
    CHECK("SQR sf=1 MAC2 = IR2^2 SAR 12", mac(2), 0x40);
    CHECK("SQR sf=1 MAC3 = 9 SAR 12 = 0", mac(3), 0);
    CHECK("SQR sf=1 raises no flag", f, 0);
    set_ir(-0x100, 0x200, 3);
    f = GTE_CMD(SQR | LM);
    CHECK("SQR sf=0 MAC1 = IR1^2", mac(1), 0x10000);
    CHECK("SQR sf=0 MAC2 = IR2^2", mac(2), 0x40000);
    CHECK("SQR sf=0 MAC3 = 9", mac(3), 9);
    CHECK("SQR sf=0 IR1 saturates to 7FFFh", ir(1), 0x7FFF);
    CHECK("SQR sf=0 IR2 saturates to 7FFFh", ir(2), 0x7FFF);
    CHECK("SQR sf=0 IR3 = 9", ir(3), 9);
    CHECK("SQR saturation sets FLAG.24/23", f, BIT(24) | BIT(23) | ERR);
}

/* ---------------------------------------------------------------------------------------- */
/* MVMVA */

/* Issues MVMVA(sf=1, lm=0) for a runtime mx/v/cv (the command word is an immediate). */
static uint32_t mvmva(uint32_t mx, uint32_t v, uint32_t cv) {
#define C(m, x, c)                                                                                 \
    case (m)*16 + (x)*4 + (c):                                                                     \
        return GTE_CMD(MV(m, x, c));
#define C4(m, x) C(m, x, 0) C(m, x, 1) C(m, x, 2) C(m, x, 3)
#define C16(m) C4(m, 0) C4(m, 1) C4(m, 2) C4(m, 3)
    switch (mx * 16 + v * 4 + cv) { C16(0) C16(1) C16(2) C16(3) }
#undef C16
#undef C4
#undef C
    return 0xFFFFFFFFu;
}

static void mvmva_general(void) {
    gte_zero();
    set_matrix(kRt, 0x1000, 0x800, 0, -0x1000, 0, 0x2000, 0x400, 0x400, 0x400);
    set_vec(kTr, 1, 2, 3);
    set_v(0, 0x100, 0x200, 0x300);
    uint32_t f = mvmva(0, 0, 0);
    CHECK("MVMVA RT*V0+TR row 1: 100h + 100h + TRX", mac(1), 0x201);
    CHECK("MVMVA RT*V0+TR row 2: -100h + 600h + TRY", mac(2), 0x502);
    CHECK("MVMVA RT*V0+TR row 3: 40h + 80h + C0h + TRZ", mac(3), 0x183);
    CHECK("MVMVA IR1 = MAC1", ir(1), 0x201);
    CHECK("MVMVA in range raises no flag", f, 0);

    gte_zero();
    set_diag(kRt, 0x1000);
    set_diag(kLlm, 0x2000);
    set_diag(kLcm, 0x3000);
    set_vec(kTr, 100, 200, 300);
    set_vec(kBk, 1000, 2000, 3000);
    static const int vecs[4][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}};
    static const int trs[4][3] = {{100, 200, 300}, {1000, 2000, 3000}, {0, 0, 0}, {0, 0, 0}};
    static const uint32_t cvs[3] = {0, 1, 3};
    for (uint32_t mx = 0; mx < 3; ++mx) {
        for (uint32_t v = 0; v < 4; ++v) {
            for (int c = 0; c < 3; ++c) {
                const uint32_t cv = cvs[c];
                for (int n = 0; n < 3; ++n)
                    set_v(n, vecs[n][0], vecs[n][1], vecs[n][2]);
                set_ir(vecs[3][0], vecs[3][1], vecs[3][2]);
                f = mvmva(mx, v, cv);
                for (int i = 0; i < 3; ++i) {
                    /* diag(mx+1) * Vx + Tx */
                    const int expect = (int)(mx + 1) * vecs[v][i] + trs[cv][i];
                    CHECK("MVMVA mx (RT/LLM/LCM), v (V0-2/IR), cv (TR/BK/none) select operands",
                          mac(i + 1), expect);
                    CHECK("MVMVA [IR1-3] = [MAC1-3]", ir(i + 1), expect);
                }
                CHECK("MVMVA operand selection raises no flag", f, 0);
            }
        }
    }
}

static void mvmva_far_color_bug(void) {
    gte_zero();
    set_matrix(kLlm, 0x1000, 0x1000, 0x1000, 0x2000, 0x1000, 0x800, 0x800, 0x800, 0x800);
    set_vec(kFc, 0x10, 0x20, 0x30);
    set_v(1, 0x100, 0x200, 0x300);
    uint32_t f = mvmva(1, 1, 2);
    /* MAC = (Mx12*Vx2 + Mx13*Vx3) SAR 12 only */
    CHECK("MVMVA cv=2 (FC bug): MAC1 = (M12*V2 + M13*V3) SAR 12", mac(1), 0x500);
    CHECK("MVMVA cv=2 (FC bug): MAC2 = 200h + 180h", mac(2), 0x380);
    CHECK("MVMVA cv=2 (FC bug): MAC3 = 100h + 180h", mac(3), 0x280);
    CHECK("MVMVA cv=2 (FC bug): IR1 = MAC1", ir(1), 0x500);
    CHECK("MVMVA cv=2 (FC bug) in range raises no flag", f, 0);
    set_vec(kFc, 0x7FFFFFFF, 0x8000, 0);
    f = mvmva(1, 1, 2);
    CHECK("MVMVA cv=2: an overflowing FC still does not reach MAC1", mac(1), 0x500);
    CHECK("MVMVA cv=2: FC does not reach MAC2", mac(2), 0x380);
    CHECK("MVMVA cv=2: FC does not reach IR1", ir(1), 0x500);
    /* 7FFFFFFF000h + 100000h > 43 bits -> FLAG.30; (8000h*1000h + 200h*1000h) SAR 12 > 7FFFh */
    CHECK("MVMVA cv=2: FLAG adjusted as if FC were added (MAC1 overflow, FLAG.30)", f & BIT(30),
          BIT(30));
    CHECK("MVMVA cv=2: FLAG adjusted as if FC were added (IR2 saturation, FLAG.23)", f & BIT(23),
          BIT(23));
    CHECK("MVMVA cv=2: FLAG.31 summary", f & ERR, ERR);
}

static void mvmva_garbage_matrix(void) {
    gte_zero();
    set_matrix(kRt, 0x7777, 0x7777, 0x800, 0x7777, 0x1000, 0x7777, 0x7777, 0x7777, 0x7777);
    MTC2(6, rgb(0x10, 0xEE, 0xEE, 0xEE));
    MTC2(8, 0x1000); /* IR0 */
    set_v(0, 0x100, 0x200, 0x300);
    uint32_t f = mvmva(3, 0, 3);
    /* [-R*10h, R*10h, IR0; RT13 x3; RT22 x3], R*10h = 100h */
    CHECK("MVMVA mx=3 row 1 = -R*10h, R*10h, IR0", mac(1), 0x310);
    CHECK("MVMVA mx=3 row 2 = RT13 x3 (800h*600h SAR 12)", mac(2), 0x300);
    CHECK("MVMVA mx=3 row 3 = RT22 x3 (1000h*600h SAR 12)", mac(3), 0x600);
    CHECK("MVMVA mx=3 raises no flag", f, 0);
}

static void mac_overflow(void) {
    gte_zero();
    set_matrix(kRt, 0x7FFF, 0, 0, -0x8000, 0, 0, 0, 0, 0);
    set_vec(kTr, 0x7FFFFFFF, (int)0x80000000u, 0);
    set_v(0, 0x7FFF, 0, 0);
    uint32_t f = mvmva(0, 0, 0);
    /* 7FFFFFFF000h + 3FFF0001h = 8003FFEF001h wraps to -7FFC0010FFFh; SAR 12 = -7FFC0011h */
    CHECK("MAC1 beyond 43 bits wraps at 44 bits", MFC2(25), 0x8003FFEFu);
    /* -80000000000h - 3FFF8000h wraps to 7FFC0008000h; SAR 12 = 7FFC0008h */
    CHECK("MAC2 below -2^43 wraps at 44 bits", MFC2(26), 0x7FFC0008u);
    CHECK("MAC3 unaffected", mac(3), 0);
    CHECK("IR1 saturates from the wrapped MAC1", ir(1), -0x8000);
    CHECK("IR2 saturates from the wrapped MAC2", ir(2), 0x7FFF);
    CHECK("MAC1 positive (30), MAC2 negative (26), IR1/IR2 flags", f,
          BIT(30) | BIT(26) | BIT(24) | BIT(23) | ERR);

    static const uint32_t bits_pos[3] = {30, 29, 28}, bits_neg[3] = {27, 26, 25};
    for (int i = 0; i < 3; ++i) {
        for (int s = 0; s < 2; ++s) {
            const int sign = s ? -1 : 1;
            gte_zero();
            int m[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
            m[3 * i] = 0x7FFF * sign;
            set_matrix(kRt, m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
            const int t = sign > 0 ? 0x7FFFFFFF : (int)0x80000000u;
            set_vec(kTr, i == 0 ? t : 0, i == 1 ? t : 0, i == 2 ? t : 0);
            set_v(0, 0x7FFF, 0, 0);
            f = mvmva(0, 0, 0); /* TR*1000h +/- 3FFF0001h leaves the 44-bit range */
            const uint32_t mac_bit = BIT(sign > 0 ? bits_pos[i] : bits_neg[i]);
            CHECK("each MACn has its own >43-bit flag (30-28 positive, 27-25 negative); the "
                  "wrapped sum saturates IRn",
                  f & 0x7FFFF000u, mac_bit | BIT(24 - i));
            CHECK("MAC1-3 overflow flags raise FLAG.31", f & ERR, ERR);
        }
    }

    gte_zero();
    set_matrix(kRt, 0x7FFF, -0x8000, 0, 0, 0, 0, 0, 0, 0);
    set_vec(kTr, 0x7FFFFFFF, 0, 0);
    set_v(0, 0x7FFF, 0x7FFF, 0);
    f = GTE_CMD(MV(0, 0, 0) & ~SF);
    /* 7FFFFFFF000h + 3FFF0001h overflows (30); then -3FFF8000h goes below -2^43 (27); the
       final 7FFFFFF7001h fits. MAC1 = low 32 bits (sf=0). */
    CHECK("MAC1 is the low 32 bits of the wrapped 44-bit sum", MFC2(25), 0xFFFF7001u);
    CHECK("each intermediate 44-bit overflow is flagged even if the final sum fits", f,
          BIT(30) | BIT(27) | BIT(24) | ERR);
}

static void ir_saturation(void) {
    static const struct {
        int in, lm, out, flagged;
    } cases[] = {{0x7FFF, 0, 0x7FFF, 0},
                 {0x8000, 0, 0x7FFF, 1},
                 {-0x8000, 0, -0x8000, 0},
                 {-0x8001, 0, -0x8000, 1},
                 {0x7FFF, 1, 0x7FFF, 0},
                 {0x8000, 1, 0x7FFF, 1},
                 {0, 1, 0, 0},
                 {-1, 1, 0, 1},
                 {-0x8000, 1, 0, 1}};
    gte_zero(); /* zero matrix: MAC = TR with sf=1 */
    for (unsigned k = 0; k < sizeof(cases) / sizeof(cases[0]); ++k) {
        for (int i = 0; i < 3; ++i) {
            const int in = cases[k].in;
            set_vec(kTr, i == 0 ? in : 0, i == 1 ? in : 0, i == 2 ? in : 0);
            const uint32_t f = cases[k].lm ? GTE_CMD(MV(0, 0, 0) | LM) : GTE_CMD(MV(0, 0, 0));
            CHECK("MVMVA MAC = TR*1000h SAR 12 (not saturated)", mac(i + 1), in);
            CHECK("IR1-3 saturate to -8000h..7FFFh (lm=0) or 0..7FFFh (lm=1)", ir(i + 1),
                  cases[k].out);
            /* FLAG.31 covers IR1 (24) and IR2 (23) but not IR3 (22) */
            const uint32_t expect = BIT(24 - i) | (i < 2 ? ERR : 0u);
            CHECK("IRn saturation sets FLAG.24-22", f, cases[k].flagged ? expect : 0u);
        }
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Colour commands */

static void color_setup(void) {
    gte_zero();
    set_diag(kLlm, 0x1000);
    set_diag(kLcm, 0x1000);
    MTC2(6, rgb(0x80, 0x40, 0x20, 0x2C));
}

static void ncs(void) {
    color_setup();
    set_vec(kBk, 0x10, 0x20, 0x30);
    set_v(0, 0x800, 0x400, 0x100);
    MTC2(22, rgb(1, 2, 3, 4));
    uint32_t f = GTE_CMD(NCS);
    CHECK("NCS MAC1 = BK + LCM*(LLM*V0)", mac(1), 0x810);
    CHECK("NCS MAC2", mac(2), 0x420);
    CHECK("NCS MAC3", mac(3), 0x130);
    CHECK("NCS IR2 = MAC2", ir(2), 0x420);
    CHECK("NCS moves RGB2 to RGB1", MFC2(21), rgb(1, 2, 3, 4));
    CHECK("NCS pushes [MAC/16, CODE] into RGB2", MFC2(22), rgb(0x81, 0x42, 0x13, 0x2C));
    CHECK("NCS in range raises no flag", f, 0);

    color_setup();
    set_vec(kBk, 0x10, -0x20, 0);
    set_v(0, 0x1000, 0x10, 0xFF0);
    f = GTE_CMD(NCS & ~LM);
    /* MAC = (1010h, -10h, FF0h): R 101h -> FFh, G -1 -> 0, B FFh fits */
    CHECK("colour FIFO saturates to 00h..FFh", MFC2(22), rgb(0xFF, 0, 0xFF, 0x2C));
    CHECK("colour saturation sets FLAG.21/20 (not FLAG.31)", f, BIT(21) | BIT(20));
    set_vec(kBk, 0, 0, 0x10);
    set_v(0, 0xFFF, 0xF, 0xFF0); /* MAC = (FFFh, Fh, 1000h) */
    f = GTE_CMD(NCS);
    CHECK("colour FIFO: FFFh/16 = FFh, Fh/16 = 0, 1000h/16 saturates", MFC2(22),
          rgb(0xFF, 0, 0xFF, 0x2C));
    CHECK("colour saturation of B sets FLAG.19 only", f, BIT(19));
}

/* "Details on (LLM*V0) SAR (sf*12)...": the sf/lm bits can be changed and do affect results. */
static void color_sf0(void) {
    color_setup();
    set_v(0, 1, 2, 3);
    uint32_t f = GTE_CMD(NCS & ~SF);
    /* LLM*V0 unshifted = (1000h, 2000h, 3000h); LCM*IR unshifted = (1000000h, 2000000h,
       3000000h): IR1-3 saturate to 7FFFh, colours MAC/16 saturate to FFh */
    CHECK("NCS sf=0: MAC1 = LCM*(LLM*V0) unshifted", mac(1), 0x1000000);
    CHECK("NCS sf=0: MAC3 unshifted", mac(3), 0x3000000);
    CHECK("NCS sf=0: IR2 saturated", ir(2), 0x7FFF);
    CHECK("NCS sf=0: colour FIFO saturated", MFC2(22), rgb(0xFF, 0xFF, 0xFF, 0x2C));
    CHECK("NCS sf=0: FLAG.24-19", f,
          BIT(24) | BIT(23) | BIT(22) | BIT(21) | BIT(20) | BIT(19) | ERR);

    gte_zero();
    MTC2(6, rgb(1, 0, 0, 0x2C));
    f = GTE_CMD(DPCS & ~SF); /* FC = 0, IR0 = 0 */
    /* MAC1 = 1 SHL 16 = 10000h; (FC SHL 12 - MAC1) SAR 0 = -10000h saturates to -8000h (lm=0
       rule, FLAG.24); MAC1 = -8000h*0 + 10000h; IR1 = 7FFFh (FLAG.24); 10000h/16 -> FFh */
    CHECK("DPCS sf=0: MAC1 = R SHL 16", mac(1), 0x10000);
    CHECK("DPCS sf=0: IR1 saturated", ir(1), 0x7FFF);
    CHECK("DPCS sf=0: colour FIFO R saturated", MFC2(22), rgb(0xFF, 0, 0, 0x2C));
    CHECK("DPCS sf=0: FLAG.24 and FLAG.21", f, BIT(24) | BIT(21) | ERR);
}

static void nccs_cc(void) {
    color_setup();
    set_v(0, 0x1000, 0x800, 0x400);
    uint32_t f = GTE_CMD(NCCS);
    /* (R*IR1) SHL 4 SAR 12: 80h*1000h/100h = 800h, 40h*800h/100h = 200h, 20h*400h/100h = 80h */
    CHECK("NCCS MAC1 = (R*IR1) SHL 4 SAR 12", mac(1), 0x800);
    CHECK("NCCS MAC2 = (G*IR2) SHL 4 SAR 12", mac(2), 0x200);
    CHECK("NCCS MAC3 = (B*IR3) SHL 4 SAR 12", mac(3), 0x80);
    CHECK("NCCS IR1 = MAC1", ir(1), 0x800);
    CHECK("NCCS colour FIFO", MFC2(22), rgb(0x80, 0x20, 0x08, 0x2C));
    CHECK("NCCS in range raises no flag", f, 0);
    set_ir(0x1000, 0x800, 0x400);
    f = GTE_CMD(CC);
    CHECK("CC MAC1 = (R*(BK+LCM*IR)1) SHL 4 SAR 12", mac(1), 0x800);
    CHECK("CC pushes the colour", MFC2(22), rgb(0x80, 0x20, 0x08, 0x2C));
    CHECK("CC moves the previous colour to RGB1", MFC2(21), rgb(0x80, 0x20, 0x08, 0x2C));
    CHECK("CC in range raises no flag", f, 0);
}

static void ncds_cdp(void) {
    color_setup();
    set_vec(kFc, 0x1000, 0, 0x80);
    MTC2(8, 0x800); /* IR0 = 0.5 */
    set_v(0, 0x1000, 0x800, 0x400);
    uint32_t f = GTE_CMD(NCDS);
    /* R: 800000h + ((1000000h-800000h) SAR 12)*800h = C00000h -> C00h
       G: 200000h + (-200h*800h) = 100000h -> 100h;  B: 80000h + 0 -> 80h */
    CHECK("NCDS MAC1 = MAC+(FC-MAC)*IR0", mac(1), 0xC00);
    CHECK("NCDS MAC2 towards FC = 0", mac(2), 0x100);
    CHECK("NCDS MAC3 at FC", mac(3), 0x80);
    CHECK("NCDS colour FIFO", MFC2(22), rgb(0xC0, 0x10, 0x08, 0x2C));
    CHECK("NCDS in range raises no flag", f, 0);
    set_ir(0x1000, 0x800, 0x400);
    f = GTE_CMD(CDP);
    CHECK("CDP MAC1 = NCDS after the LLM stage", mac(1), 0xC00);
    CHECK("CDP colour FIFO", MFC2(22), rgb(0xC0, 0x10, 0x08, 0x2C));

    color_setup();
    set_v(0, 0x1000, 0, 0);
    MTC2(8, 0x100);
    set_vec(kFc, -0x100, 0, 0);
    f = GTE_CMD(NCDS); /* lm=1 */
    /* (-100000h - 800000h) SAR 12 = -900h stays negative (as if lm=0);
       800000h - 900h*100h = 770000h -> 770h */
    CHECK("(FC-MAC) saturates as if lm=0 (stays negative with lm=1)", mac(1), 0x770);
    CHECK("(FC-MAC) negative with lm=1 raises no flag", f, 0);
    set_vec(kFc, 0x100000, 0, 0);
    MTC2(8, 0x1000);
    f = GTE_CMD(NCDS);
    /* (100000000h - 800000h) SAR 12 = FF800h -> 7FFFh (FLAG.24); 800000h + 7FFFh*1000h */
    CHECK("(FC-MAC) saturates to 7FFFh", mac(1), 0x87FF);
    CHECK("IR1 = MAC1 after the interpolation", ir(1), 0x7FFF);
    CHECK("(FC-MAC) saturation sets FLAG.24, colour R saturates (FLAG.21)", f,
          BIT(24) | BIT(21) | ERR);
}

static void triples(void) {
    color_setup();
    set_v(0, 0x100, 0x200, 0x300);
    set_v(1, 0x400, 0x500, 0x600);
    set_v(2, 0x700, 0x800, 0x900);
    uint32_t f = GTE_CMD(NCT);
    CHECK("NCT: RGB0 from V0", MFC2(20), rgb(0x10, 0x20, 0x30, 0x2C));
    CHECK("NCT: RGB1 from V1", MFC2(21), rgb(0x40, 0x50, 0x60, 0x2C));
    CHECK("NCT: RGB2 from V2", MFC2(22), rgb(0x70, 0x80, 0x90, 0x2C));
    CHECK("NCT: MAC3 from V2", mac(3), 0x900);
    CHECK("NCT in range raises no flag", f, 0);
    f = GTE_CMD(NCCT);
    /* R*IR1/100h: 80h*100h/100h = 80h -> 8; 40h*200h/100h = 80h -> 8; 20h*300h/100h = 60h -> 6 */
    CHECK("NCCT: RGB0 from V0", MFC2(20), rgb(0x08, 0x08, 0x06, 0x2C));
    CHECK("NCCT: RGB1 from V1", MFC2(21), rgb(0x20, 0x14, 0x0C, 0x2C));
    CHECK("NCCT: RGB2 from V2", MFC2(22), rgb(0x38, 0x20, 0x12, 0x2C));
    CHECK("NCCT in range raises no flag", f, 0);
    MTC2(8, 0); /* IR0 = 0: NCDT equals NCCT */
    f = GTE_CMD(NCDT);
    CHECK("NCDT IR0=0: RGB0 from V0", MFC2(20), rgb(0x08, 0x08, 0x06, 0x2C));
    CHECK("NCDT IR0=0: RGB1 from V1", MFC2(21), rgb(0x20, 0x14, 0x0C, 0x2C));
    CHECK("NCDT IR0=0: RGB2 from V2", MFC2(22), rgb(0x38, 0x20, 0x12, 0x2C));
    CHECK("NCDT in range raises no flag", f, 0);
    /* NCDT with IR0 = 800h and FC = (0, 0, 0): each lit colour halved */
    MTC2(8, 0x800);
    f = GTE_CMD(NCDT);
    /* V0: MAC (80h,80h,60h)*... halves: NCCT MACs (80h, 80h, 60h) -> (40h, 40h, 30h) -> 4,4,3 */
    CHECK("NCDT IR0=800h FC=0: RGB0 halved", MFC2(20), rgb(0x04, 0x04, 0x03, 0x2C));
    CHECK("NCDT IR0=800h FC=0: RGB1 halved", MFC2(21), rgb(0x10, 0x0A, 0x06, 0x2C));
    CHECK("NCDT IR0=800h FC=0: RGB2 halved", MFC2(22), rgb(0x1C, 0x10, 0x09, 0x2C));
    CHECK("NCDT IR0=800h raises no flag", f, 0);
}

static void depth_cue(void) {
    gte_zero();
    MTC2(6, rgb(0x80, 0x40, 0x20, 0x2C));
    set_vec(kFc, 0x1000, 0, 0x200);
    MTC2(8, 0x800);
    uint32_t f = GTE_CMD(DPCS);
    /* R: 800000h + ((1000000h - 800000h) SAR 12)*800h = C00000h SAR 12 = C00h */
    CHECK("DPCS MAC1 = (R SHL 16 + (FC-R SHL 16)*IR0) SAR 12", mac(1), 0xC00);
    CHECK("DPCS MAC2 halfway to 0", mac(2), 0x200);
    CHECK("DPCS MAC3 halfway to 200h*1000h", mac(3), 0x200);
    CHECK("DPCS colour FIFO", MFC2(22), rgb(0xC0, 0x20, 0x20, 0x2C));
    CHECK("DPCS in range raises no flag", f, 0);
    MTC2(8, 0x1000); /* IR0 = 1.0: the far colour itself (1000h/16 saturates) */
    f = GTE_CMD(DPCS);
    CHECK("DPCS IR0=1000h gives FC (R saturated)", MFC2(22), rgb(0xFF, 0, 0x20, 0x2C));
    CHECK("DPCS R saturation sets FLAG.21", f, BIT(21));

    gte_zero();
    MTC2(6, rgb(0, 0, 0, 0x2C));
    MTC2(20, rgb(0x10, 0x20, 0x30, 0xAA));
    MTC2(21, rgb(0x40, 0x50, 0x60, 0xBB));
    MTC2(22, rgb(0x70, 0x80, 0x90, 0xCC));
    set_vec(kFc, 0xFF0, 0xFF0, 0xFF0);
    MTC2(8, 0x800);
    f = GTE_CMD(DPCT);
    /* (c SHL 16 + ((FF0000h - c SHL 16) SAR 12)*800h) SAR 12 = (c*10h + FF0h)/2, /10h:
       c=10h -> 878h -> 87h, c=20h -> 8F8h -> 8Fh, ... */
    CHECK("DPCT reads RGB0 each time: first result", MFC2(20), rgb(0x87, 0x8F, 0x97, 0x2C));
    CHECK("DPCT second result from the old RGB1", MFC2(21), rgb(0x9F, 0xA7, 0xAF, 0x2C));
    CHECK("DPCT third result from the old RGB2", MFC2(22), rgb(0xB7, 0xBF, 0xC7, 0x2C));
    CHECK("DPCT in range raises no flag", f, 0);

    gte_zero();
    set_ir(0x100, 0x200, 0x300);
    MTC2(8, 0x800);
    set_vec(kFc, 0x300, 0x200, 0x100);
    MTC2(6, rgb(0, 0, 0, 0x55));
    f = GTE_CMD(INTPL);
    CHECK("INTPL MAC1 = (IR1 SHL 12 + (FC-..)*IR0) SAR 12", mac(1), 0x200);
    CHECK("INTPL MAC2", mac(2), 0x200);
    CHECK("INTPL MAC3", mac(3), 0x200);
    CHECK("INTPL colour FIFO with CODE", MFC2(22), rgb(0x20, 0x20, 0x20, 0x55));
    CHECK("INTPL in range raises no flag", f, 0);

    gte_zero();
    MTC2(6, rgb(0x80, 0x40, 0x20, 0x2C));
    set_ir(0x1000, 0x800, 0x400);
    f = GTE_CMD(DCPL);
    CHECK("DCPL IR0=0: [R*IR1, G*IR2, B*IR3] SHL 4 SAR 12", MFC2(22), rgb(0x80, 0x20, 0x08, 0x2C));
    set_ir(0x1000, 0x800, 0x400);
    MTC2(8, 0x1000); /* all the way to FC */
    set_vec(kFc, 0x100, 0x200, 0x300);
    f = GTE_CMD(DCPL);
    CHECK("DCPL IR0=1000h: MAC1 = FC R", mac(1), 0x100);
    CHECK("DCPL IR0=1000h: MAC3 = FC B", mac(3), 0x300);
    CHECK("DCPL IR0=1000h: colour FIFO = FC/16", MFC2(22), rgb(0x10, 0x20, 0x30, 0x2C));
    CHECK("DCPL in range raises no flag", f, 0);
}

static void gpf_gpl(void) {
    gte_zero();
    MTC2(6, rgb(0, 0, 0, 0x2C));
    set_ir(0x100, -0x200, 0x300);
    MTC2(8, 0x800);
    uint32_t f = GTE_CMD(GPF | SF);
    CHECK("GPF MAC1 = IR1*IR0 SAR 12", mac(1), 0x80);
    CHECK("GPF MAC2 = IR2*IR0 SAR 12", mac(2), -0x100);
    CHECK("GPF MAC3 = IR3*IR0 SAR 12", mac(3), 0x180);
    CHECK("GPF IR2 = MAC2 (lm=0)", ir(2), -0x100);
    CHECK("GPF colour FIFO (negative G saturates to 0)", MFC2(22), rgb(0x08, 0, 0x18, 0x2C));
    CHECK("GPF colour G saturation sets FLAG.20", f, BIT(20));
    set_ir(0x100, -0x200, 0x300);
    MTC2(25, 0x1000);
    MTC2(26, 0x1000);
    MTC2(27, 0x1000);
    f = GTE_CMD(GPL | SF);
    CHECK("GPL MAC1 = (MAC1 SHL 12 + IR1*IR0) SAR 12", mac(1), 0x1080);
    CHECK("GPL MAC2", mac(2), 0xF00);
    CHECK("GPL MAC3", mac(3), 0x1180);
    CHECK("GPL colour FIFO saturates R and B", MFC2(22), rgb(0xFF, 0xF0, 0xFF, 0x2C));
    CHECK("GPL colour saturation sets FLAG.21/19", f, BIT(21) | BIT(19));
    set_ir(3, 4, -5);
    MTC2(8, 2);
    f = GTE_CMD(GPL | LM);
    CHECK("GPL sf=0 MAC1 = MAC1 + IR1*IR0", mac(1), 0x1086);
    CHECK("GPL sf=0 MAC3 = MAC3 + IR3*IR0", mac(3), 0x1176);
    CHECK("GPL sf=0 lm=1 IR3 = MAC3", ir(3), 0x1176);

    gte_zero();
    set_ir(0x7FFF, 0, 0);
    MTC2(8, 0x7FFF);
    MTC2(25, 0x7FFFFFFF);
    f = GTE_CMD(GPL | SF); /* 7FFFFFFF000h + 3FFF0001h > 43 bits */
    CHECK("GPL sf=1 MAC SHL 12 can overflow 44 bits (FLAG.30)", f & BIT(30), BIT(30));
    MTC2(25, 0x7FFFFFFF);
    set_ir(0x7FFF, 0, 0);
    f = GTE_CMD(GPL); /* sf=0: 7FFFFFFFh + 3FFF0001h fits 44 bits, MAC1 wraps at 32 */
    CHECK("GPL sf=0 does not overflow 44 bits", f & BIT(30), 0);
    CHECK("GPL sf=0 MAC1 keeps the low 32 bits", MFC2(25), 0xBFFF0000u);
    CHECK("GPL sf=0 IR1 saturates from the negative MAC1", ir(1), -0x8000);
}

int main(void) {
    test_begin("gte_cmds");
    gte_enable();
    rtps_basic();
    rtps_h_unsigned();
    rtps_ir3_flag();
    rtps_lm();
    rtps_saturation();
    rtps_division();
    rtpt();
    nclip();
    avsz();
    op_sqr();
    mvmva_general();
    mvmva_far_color_bug();
    mvmva_garbage_matrix();
    mac_overflow();
    ir_saturation();
    ncs();
    color_sf0();
    nccs_cc();
    ncds_cdp();
    triples();
    depth_cue();
    gpf_gpl();
    return test_done();
}
