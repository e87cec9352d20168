/* GTE throughput loop (also a test): a polygon pipeline RTPT, NCLIP, AVSZ3, NCCT issued back to
   back kIterations times. Each command waits for the previous one ("If an instruction that
   reads a GTE register or a GTE command is executed before the current GTE command is
   finished, the CPU will hold"), so the inputs stay constant and the final registers are the
   hand-worked results below. Run with `skipjack-cli bench cpu --program gte_bench.exe` to
   measure GTE commands per second: 4 * kIterations commands. */
#include "gte_common.h"

#define kIterations 100000u

int main(void) {
    test_begin("gte_bench");
    gte_enable();
    gte_zero();
    set_diag(kRt, 0x1000);
    set_diag(kLlm, 0x1000);
    set_diag(kLcm, 0x1000);
    set_v(0, 0x10, 0x20, 0x100);
    set_v(1, 0x30, 0x40, 0x200);
    set_v(2, 0x50, 0x60, 0x400);
    CTC2(26, 0x100); /* H */
    CTC2(27, 0x100); /* DQA */
    CTC2(29, 0x555); /* ZSF3 */
    MTC2(6, rgb(0x80, 0x40, 0x20, 0x30));
    for (uint32_t i = 0; i < kIterations; ++i) {
        GTE_ISSUE(RTPT);
        GTE_ISSUE(NCLIP);
        GTE_ISSUE(AVSZ3);
        GTE_ISSUE(NCCT);
    }
    const uint32_t f = flag();
    /* RTPT (diagonal RT, H = 100h): n = 10000h, 8000h, 4000h for SZ = 100h, 200h, 400h */
    CHECK("RTPT SXY0 = V0 * 100h/100h", MFC2(12), pair(0x10, 0x20));
    CHECK("RTPT SXY1 = V1 * 100h/200h", MFC2(13), pair(0x18, 0x20));
    CHECK("RTPT SXY2 = V2 * 100h/400h", MFC2(14), pair(0x14, 0x18));
    CHECK("RTPT SZ0 = SZ3 of the previous iteration", MFC2(16), 0x400);
    CHECK("RTPT SZ1-3 = VZ0-2", MFC2(19), 0x400);
    /* NCLIP: 10h*20h + 18h*18h + 14h*20h - 10h*18h - 18h*20h - 14h*20h = -40h, then
       AVSZ3: MAC0 = 555h*(100h+200h+400h) = 255300h, OTZ = 255h */
    CHECK("AVSZ3 MAC0 = ZSF3*(SZ1+SZ2+SZ3)", mac(0), 0x255300);
    CHECK("AVSZ3 OTZ = MAC0/1000h", MFC2(7), 0x255);
    /* NCCT: (C*Vn) SHL 4 SAR 12 / 16 with C = (80h, 40h, 20h):
       V0 -> (8h, 8h, 20h)/16 = (0, 0, 2); V1 -> (18h, 10h, 40h)/16 = (1, 1, 4);
       V2 -> (28h, 18h, 80h)/16 = (2, 1, 8) */
    CHECK("NCCT RGB0 from V0", MFC2(20), rgb(0, 0, 2, 0x30));
    CHECK("NCCT RGB1 from V1", MFC2(21), rgb(1, 1, 4, 0x30));
    CHECK("NCCT RGB2 from V2", MFC2(22), rgb(2, 1, 8, 0x30));
    CHECK("NCCT IR = MAC from V2", ir(3), 0x80);
    CHECK("NCCT in range raises no flag", f, 0);
    GTE_CMD(NCLIP);
    CHECK("NCLIP MAC0 of the projected triangle", mac(0), -0x40);
    return test_done();
}
