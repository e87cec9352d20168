/* GTE register access through MTC2/MFC2/CTC2/CFC2/LWC2/SWC2 and the read-back quirks of
   psx-spx "GTE Registers" and "GTE Saturation" (FLAG). Each check names its rule. */
#include "gte_common.h"

static void enable(void) {
    uint32_t sr = gte_enable();
    CHECK("SR.30 (CU2) set by mtc0 $12 enables COP2", sr & 0x40000000u, 0x40000000u);
}

static void data_sign_extension(void) {
    static const uint32_t regs[] = {1, 3, 5, 8, 9, 10, 11};
    for (unsigned k = 0; k < sizeof(regs) / sizeof(regs[0]); ++k) {
        wr(regs[k], 0x12348000u);
        CHECK("VZ0-2, IR0-3 are S16 read back sign-expanded (8000h)", rd(regs[k]), 0xFFFF8000u);
        wr(regs[k], 0xFFFF7FFFu);
        CHECK("VZ0-2, IR0-3 are S16 read back sign-expanded (7FFFh)", rd(regs[k]), 0x7FFFu);
    }
    static const uint32_t u16regs[] = {7, 16, 17, 18, 19};
    for (unsigned k = 0; k < 5; ++k) {
        wr(u16regs[k], 0xFFFF8001u);
        CHECK("OTZ and SZ0-3 are U16 read back zero-extended", rd(u16regs[k]), 0x8001u);
    }
    static const uint32_t full[] = {0, 2, 4, 6, 12, 13, 14, 20, 21, 22, 23, 24, 25, 26, 27, 30};
    for (unsigned k = 0; k < sizeof(full) / sizeof(full[0]); ++k) {
        wr(full[k], 0x8001FFFEu + full[k]);
        CHECK("VXY, SXY, RGBC, RGB0-2, RES1, MAC0-3, LZCS keep all 32 bits", rd(full[k]),
              0x8001FFFEu + full[k]);
    }
    CTC2(31, 0);
    MTC2(9, 0x12008900u);
    CHECK("32-bit write to a 16-bit register truncates (12008900h -> FFFF8900h)", rd(9),
          0xFFFF8900u);
    CHECK("software writes set no saturation flag", flag(), 0);
}

static void control_registers(void) {
    static const uint32_t bases[] = {kRt, kLlm, kLcm};
    for (unsigned b = 0; b < 3; ++b) {
        for (uint32_t k = 0; k < 4; ++k) {
            wc(bases[b] + k, 0x80017FFEu);
            CHECK("matrix element pairs read back as written", rc(bases[b] + k), 0x80017FFEu);
        }
        wc(bases[b] + 4, 0x00018000u);
        CHECK("RT33/L33/LB3 read back sign-expanded", rc(bases[b] + 4), 0xFFFF8000u);
    }
    static const uint32_t r32[] = {5, 6, 7, 13, 14, 15, 21, 22, 23, 24, 25, 28};
    for (unsigned k = 0; k < sizeof(r32) / sizeof(r32[0]); ++k) {
        wc(r32[k], 0x87654321u);
        CHECK("TR, BK, FC, OFX, OFY, DQB are 32-bit", rc(r32[k]), 0x87654321u);
    }
    static const uint32_t s16[] = {27, 29, 30};
    for (unsigned k = 0; k < 3; ++k) {
        wc(s16[k], 0x0000FFFFu);
        CHECK("DQA, ZSF3, ZSF4 are S16 (FFFFh -> -1)", rc(s16[k]), 0xFFFFFFFFu);
        wc(s16[k], 0xFFFF1234u);
        CHECK("DQA, ZSF3, ZSF4 are S16 (upper bits dropped)", rc(s16[k]), 0x1234u);
    }
    CTC2(26, 0x00008000u);
    CHECK("H bug: unsigned H read back sign-expanded (8000h)", CFC2(26), 0xFFFF8000u);
    CTC2(26, 0x12347FFFu);
    CHECK("H is 16-bit (12347FFFh -> 7FFFh)", CFC2(26), 0x7FFFu);
}

static void sxy_fifo(void) {
    MTC2(12, pair(1, -1));
    MTC2(13, pair(2, -2));
    MTC2(14, pair(3, -3));
    CHECK("SXYP reads as a mirror of SXY2", MFC2(15), pair(3, -3));
    MTC2(15, pair(4, -4));
    CHECK("SXYP write moves SXY1 to SXY0", MFC2(12), pair(2, -2));
    CHECK("SXYP write moves SXY2 to SXY1", MFC2(13), pair(3, -3));
    CHECK("SXYP write sets SXY2", MFC2(14), pair(4, -4));
    MTC2(14, pair(5, -5));
    CHECK("SXY2 write does not move SXY0", MFC2(12), pair(2, -2));
    CHECK("SXY2 write does not move SXY1", MFC2(13), pair(3, -3));
    CHECK("SXY2 write changes SXY2 only", MFC2(14), pair(5, -5));
    MTC2(22, 0x0A0B0C0Du);
    MTC2(23, 0x11223344u);
    CHECK("RES1 is read/write", MFC2(23), 0x11223344u);
    CHECK("RES1 write does not mirror to RGB2", MFC2(22), 0x0A0B0C0Du);
}

static uint32_t lzcr(uint32_t v) {
    MTC2(30, v);
    return MFC2(31);
}

static void lzc(void) {
    CHECK("LZCR of 0 is 32 leading zeroes", lzcr(0), 32);
    CHECK("LZCR of -1 is 32 leading ones", lzcr(0xFFFFFFFFu), 32);
    for (int k = 0; k < 31; ++k) {
        CHECK("LZCR of +2^k counts 31-k leading zeroes", lzcr(1u << k), (uint32_t)(31 - k));
        CHECK("LZCR of -2^k counts 32-k leading ones", lzcr(~0u << k), (uint32_t)(32 - k));
    }
    CHECK("LZCR of 80000000h is 1 leading one", lzcr(0x80000000u), 1);
    CHECK("LZCR of 7FFFFFFFh is 1 leading zero", lzcr(0x7FFFFFFFu), 1);
    CHECK("LZCR of FFFF0000h is 16 leading ones", lzcr(0xFFFF0000u), 16);
    CHECK("LZCR of 0000FFFFh is 16 leading zeroes", lzcr(0x0000FFFFu), 16);
    MTC2(30, 0x00010000u);
    MTC2(31, 5);
    CHECK("LZCR is read-only", MFC2(31), 15);
    CHECK("LZCS reads back as written", MFC2(30), 0x00010000u);
}

static void irgb_orgb(void) {
    CTC2(31, 0);
    MTC2(28, 0xFFFF8000u | 0x1Fu | (0x0Au << 5) | (0x01u << 10));
    CHECK("IRGB write: IR1 = red*80h", MFC2(9), 0x1F * 0x80);
    CHECK("IRGB write: IR2 = green*80h", MFC2(10), 0x0A * 0x80);
    CHECK("IRGB write: IR3 = blue*80h", MFC2(11), 0x01 * 0x80);
    CHECK("IRGB write sets no flag", flag(), 0);
    for (uint32_t c = 0; c < 32; ++c) {
        const uint32_t v = c | ((31 - c) << 5) | (((c * 7) & 31) << 10);
        MTC2(28, v);
        CHECK("IRGB reads back IR1-3/80h (bits 15-31 zero)", MFC2(28), v);
        CHECK("ORGB mirrors IRGB", MFC2(29), v);
    }
    set_ir(-1, 0x7FFF, 0x0F7F);
    /* -1/80h -> 0; 7FFFh/80h = FFh -> 1Fh; F7Fh/80h = 1Eh */
    CHECK("ORGB saturates negative to 0 and large to 1Fh", MFC2(29),
          0u | (0x1Fu << 5) | (0x1Eu << 10));
    CHECK("IRGB reads the same collapsed value as ORGB", MFC2(28), MFC2(29));
    set_ir(0x1000, -0x8000, 0x0F80); /* 20h -> 1Fh; negative -> 0; F80h -> 1Fh */
    CHECK("ORGB saturation at 1000h and -8000h", MFC2(29), 0x1Fu | (0x1Fu << 10));
    CHECK("ORGB saturation sets no FLAG bit", flag(), 0);
    MTC2(29, 0);
    CHECK("ORGB is read-only (IR1 unchanged)", MFC2(9), 0x1000);
    CHECK("ORGB is read-only (value unchanged)", MFC2(29), 0x1Fu | (0x1Fu << 10));
}

static void flag_register(void) {
    for (int b = 0; b < 32; ++b) {
        wc(31, 1u << b);
        uint32_t expect = 0;
        if (b >= 12 && b <= 30) expect = 1u << b;
        if ((b >= 23 && b <= 30) || (b >= 13 && b <= 18)) expect |= ERR;
        CHECK("FLAG bits 30-12 R/W, 11-0 zero, 31 = OR of 30-23 and 18-13", flag(), expect);
    }
    CTC2(31, 0xFFFFFFFFu);
    CHECK("FLAG all ones reads FFFFF000h", flag(), 0xFFFFF000u);
    CTC2(31, BIT(22) | BIT(21) | BIT(20) | BIT(19) | BIT(12));
    CHECK("FLAG.22-19 and FLAG.12 do not raise FLAG.31", flag(),
          BIT(22) | BIT(21) | BIT(20) | BIT(19) | BIT(12));
}

static void load_store(void) {
    static uint32_t mem[8];
    mem[0] = pair(0x123, -0x456);
    mem[1] = 0x00018000u;
    LWC2(0, &mem[0]);
    LWC2(1, &mem[1]);
    CHECK("LWC2 loads VXY0", MFC2(0), pair(0x123, -0x456));
    CHECK("LWC2 loads VZ0 (S16, sign-expanded on read)", MFC2(1), 0xFFFF8000u);
    SWC2(1, &mem[2]);
    CHECK("SWC2 stores VZ0 sign-expanded", mem[2], 0xFFFF8000u);
    MTC2(12, pair(1, 1));
    MTC2(13, pair(2, 2));
    MTC2(14, pair(3, 3));
    mem[0] = pair(7, -7);
    LWC2(15, &mem[0]);
    CHECK("LWC2 to SXYP pushes the FIFO (SXY0)", MFC2(12), pair(2, 2));
    CHECK("LWC2 to SXYP pushes the FIFO (SXY1)", MFC2(13), pair(3, 3));
    SWC2(15, &mem[3]);
    CHECK("SWC2 of SXYP stores SXY2", mem[3], pair(7, -7));
    mem[0] = 0x7C1Fu; /* R=1Fh, G=0, B=1Fh */
    LWC2(28, &mem[0]);
    CHECK("LWC2 to IRGB expands into IR1", MFC2(9), 0xF80);
    CHECK("LWC2 to IRGB expands into IR2", MFC2(10), 0);
    CHECK("LWC2 to IRGB expands into IR3", MFC2(11), 0xF80);
    SWC2(29, &mem[4]);
    CHECK("SWC2 of ORGB stores the collapsed IR", mem[4], 0x7C1Fu);
    mem[0] = 0x00000400u;
    LWC2(30, &mem[0]);
    SWC2(31, &mem[5]);
    CHECK("LWC2 to LZCS updates LZCR (400h: 21 zeroes)", mem[5], 21);
    mem[0] = 0x0000FFFFu;
    LWC2(16, &mem[0]);
    SWC2(16, &mem[6]);
    CHECK("LWC2/SWC2 round trip of SZ0", mem[6], 0xFFFF);
    MTC2(8, 0xFFFFFFFEu);
    SWC2(8, &mem[7]);
    CHECK("SWC2 of IR0 stores it sign-expanded", mem[7], 0xFFFFFFFEu);
}

static void load_delay(void) {
    uint32_t slot, after;
    MTC2(25, 0x13572468u);
    MFC2_DELAY(25, 0xAAAA5555u, slot, after);
    CHECK("MFC2 load delay: the next instruction sees the old GPR", slot, 0xAAAA5555u);
    CHECK("MFC2 load delay: the value arrives one instruction later", after, 0x13572468u);
    CTC2(24, 0x2468ACE0u);
    CFC2_DELAY(24, 0x11111111u, slot, after);
    CHECK("CFC2 load delay: the next instruction sees the old GPR", slot, 0x11111111u);
    CHECK("CFC2 load delay: the value arrives one instruction later", after, 0x2468ACE0u);
}

static void commands_clear_flag(void) {
    gte_zero();
    CTC2(31, 0x7FFFF000u);
    CHECK("AVSZ3 resets FLAG at its start", GTE_CMD(AVSZ3), 0);
    CTC2(31, 0x7FFFF000u);
    CHECK("NCLIP resets FLAG at its start", GTE_CMD(NCLIP), 0);
    CTC2(31, 0x7FFFF000u);
    CHECK("SQR resets FLAG at its start", GTE_CMD(SQR | SF), 0);
    CTC2(31, 0x7FFFF000u);
    CHECK("OP resets FLAG at its start", GTE_CMD(OP | SF), 0);
    CTC2(31, 0x7FFFF000u);
    CHECK("GPF resets FLAG at its start", GTE_CMD(GPF | SF), 0);
}

static void fake_command_bits(void) {
    /* Bits 20-24 (fake number) are ignored: SQR with fake number 1Fh still squares. */
    set_ir(0x100, -0x200, 3);
    GTE_CMD((SQR & ~0x1F00000u) | 0x1F00000u | SF);
    CHECK("fake command number bits 20-24 are ignored (SQR, MAC1 = 100h^2 >> 12)", mac(1), 0x10);
    CHECK("fake command number bits 20-24 are ignored (SQR, MAC2 = 200h^2 >> 12)", mac(2), 0x40);
    /* Bits 6-9 and 11-12 "always zero (ignored by hardware)". */
    set_ir(0x100, -0x200, 3);
    GTE_CMD(SQR | SF | 0x3C0u | 0x1800u);
    CHECK("bits 6-9 and 11-12 are ignored (SQR)", mac(2), 0x40);
}

int main(void) {
    test_begin("gte_regs");
    enable();
    data_sign_extension();
    control_registers();
    sxy_fifo();
    lzc();
    irgb_orgb();
    flag_register();
    load_store();
    load_delay();
    commands_clear_flag();
    fake_command_bits();
    return test_done();
}
