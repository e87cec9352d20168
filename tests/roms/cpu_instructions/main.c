/* Every R3000A instruction and both delay slots (cpuspecifications.md). */
#include "test.h"

uint32_t ld_delay(volatile uint32_t* p, uint32_t old);
uint32_t ld_overwrite(volatile uint32_t* p);
uint32_t ld_twice(volatile uint32_t* p, uint32_t old);
uint32_t ld_unaligned(const void* p);
uint32_t ld_lwl_lwr(const void* p, uint32_t old);
void st_swl(void* p, uint32_t v);
void st_swr(void* p, uint32_t v);
uint32_t br_delay(void);
uint32_t br_jump_in_slot(void);
uint32_t br_bgezal_ra(void);
uint32_t br_bgezal_link_expected(void);
uint32_t br_bltzal(void);
uint32_t br_jalr(void);
uint32_t muldiv(uint32_t a, uint32_t b, uint32_t op);
uint32_t mthilo(uint32_t hi, uint32_t lo);
uint32_t cop0_delay(void);
uint32_t mult_wait(uint32_t a, uint32_t b);

/* The second observation of the last routine (its v1). */
volatile uint32_t g_second;
#define v1() g_second

static volatile uint32_t g_words[4] = {0x44332211, 0x88776655, 0xccbbaa99, 0x00ffeedd};
static volatile uint32_t g_store[2];

#define ALU(op, a, b)                                                                              \
    ({                                                                                             \
        uint32_t r_;                                                                               \
        __asm__ volatile(op " %0, %1, %2" : "=r"(r_) : "r"(a), "r"(b));                            \
        r_;                                                                                        \
    })
#define ALUI(op, a, imm)                                                                           \
    ({                                                                                             \
        uint32_t r_;                                                                               \
        __asm__ volatile(op " %0, %1, " #imm : "=r"(r_) : "r"(a));                                 \
        r_;                                                                                        \
    })

int main(void) {
    test_begin("cpu_instructions");
    volatile uint32_t a = 0x80000001, b = 0x7fffffff, c = 5, minus1 = 0xffffffff;

    check_eq("addu wraps", ALU("addu", a, b), 0x00000000);
    check_eq("subu", ALU("subu", c, a), 0x80000004);
    check_eq("and", ALU("and", a, b), 0x00000001);
    check_eq("or", ALU("or", a, c), 0x80000005);
    check_eq("xor", ALU("xor", a, b), 0xfffffffe);
    check_eq("nor", ALU("nor", a, c), 0x7ffffffa);
    check_eq("slt signed", ALU("slt", a, c), 1);
    check_eq("sltu unsigned", ALU("sltu", a, c), 0);
    check_eq("sllv uses rs AND 1Fh", ALU("sllv", c, (volatile uint32_t)33), 10);
    check_eq("srlv", ALU("srlv", a, (volatile uint32_t)36), 0x08000000);
    check_eq("srav sign-fills", ALU("srav", a, (volatile uint32_t)4), 0xf8000000);
    check_eq("sll", ALUI("sll", c, 31), 0x80000000);
    check_eq("srl", ALUI("srl", a, 31), 1);
    check_eq("sra", ALUI("sra", a, 31), 0xffffffff);
    check_eq("addiu sign-extends", ALUI("addiu", c, -6), 0xffffffff);
    check_eq("slti signed immediate", ALUI("slti", minus1, 0), 1);
    check_eq("sltiu sign-extended immediate, unsigned compare", ALUI("sltiu", c, -1), 1);
    check_eq("andi zero-extends", ALUI("andi", minus1, 0x8000), 0x8000);
    check_eq("ori zero-extends", ALUI("ori", c, 0xf000), 0xf005);
    check_eq("xori zero-extends", ALUI("xori", minus1, 0xffff), 0xffff0000);
    uint32_t lui;
    __asm__ volatile("lui %0, 0x8123" : "=r"(lui));
    check_eq("lui", lui, 0x81230000);

    check_eq("lb sign-extends", (uint32_t)(int32_t)((volatile int8_t*)g_words)[7], 0xffffff88);
    check_eq("lbu zero-extends", ((volatile uint8_t*)g_words)[7], 0x88);
    check_eq("lh sign-extends", (uint32_t)(int32_t)((volatile int16_t*)g_words)[3], 0xffff8877);
    check_eq("lhu zero-extends", ((volatile uint16_t*)g_words)[3], 0x8877);
    ((volatile uint8_t*)g_store)[1] = 0xab;
    ((volatile uint16_t*)g_store)[1] = 0xcdef;
    check_eq("sb/sh store their low bits", g_store[0], 0xcdefab00);

    check_eq("load delay: next instruction sees the old value", ld_delay(g_words, 7), 7);
    check_eq("load delay: the one after sees the new value", v1(), 0x44332211);
    check_eq("load delay: a delay-slot write wins", ld_overwrite(g_words), 0x55);
    check_eq("two loads back to back: first dropped", ld_twice(g_words, 9), 9);
    check_eq("two loads back to back: second arrives", v1(), 0x88776655);
    check_eq("lwl/lwr pair without delay", ld_unaligned((const uint8_t*)g_words + 1), 0x55443322);
    check_eq("lwl/lwr pair at +3", ld_unaligned((const uint8_t*)g_words + 3), 0x77665544);
    static const uint32_t lwl[4] = {0x11bbccdd, 0x2211ccdd, 0x332211dd, 0x44332211};
    static const uint32_t lwr[4] = {0x44332211, 0xaa443322, 0xaabb4433, 0xaabbcc44};
    static const uint32_t swl[4] = {0x443322aa, 0x4433aabb, 0x44aabbcc, 0xaabbccdd};
    static const uint32_t swr[4] = {0xaabbccdd, 0xbbccdd11, 0xccdd2211, 0xdd332211};
    for (uint32_t k = 0; k < 4; ++k) {
        check_eq("lwl byte lanes", ld_lwl_lwr((const uint8_t*)g_words + k, 0xaabbccdd), lwl[k]);
        check_eq("lwr byte lanes", v1(), lwr[k]);
        g_store[0] = 0x44332211;
        st_swl((uint8_t*)g_store + k, 0xaabbccdd);
        check_eq("swl byte lanes", g_store[0], swl[k]);
        g_store[0] = 0x44332211;
        st_swr((uint8_t*)g_store + k, 0xaabbccdd);
        check_eq("swr byte lanes", g_store[0], swr[k]);
    }

    check_eq("branch delay slot executes", br_delay(), 2);
    check_eq("jump in a delay slot runs one target instruction", br_jump_in_slot(), 0x11);
    check_eq("bgezal rs=ra compares the old ra", br_bgezal_ra(), br_bgezal_link_expected());
    check_eq("bgezal links although not taken", v1(), 0);
    check_eq("bltzal taken", br_bltzal(), 1);
    check_eq("bltzal links ra = $+8", v1(), 8);
    check_eq("jalr links rd = $+8", br_jalr(), 8);

    check_eq("mult hi", muldiv(0xfffffffe, 3, 0), 0xffffffff);
    check_eq("mult lo", v1(), 0xfffffffa);
    check_eq("multu hi", muldiv(0xfffffffe, 3, 1), 2);
    check_eq("multu lo", v1(), 0xfffffffa);
    check_eq("div remainder sign follows dividend", muldiv(0xfffffff9, 2, 2), 0xffffffff);
    check_eq("div quotient truncates", v1(), 0xfffffffd);
    check_eq("divu", muldiv(7, 2, 3), 1);
    check_eq("divu quotient", v1(), 3);
    check_eq("divu by 0: hi = rs", muldiv(1234, 0, 3), 1234);
    check_eq("divu by 0: lo = FFFFFFFFh", v1(), 0xffffffff);
    check_eq("div +n by 0: hi = rs", muldiv(5, 0, 2), 5);
    check_eq("div +n by 0: lo = -1", v1(), 0xffffffff);
    check_eq("div -n by 0: hi = rs", muldiv(0xfffffffb, 0, 2), 0xfffffffb);
    check_eq("div -n by 0: lo = +1", v1(), 1);
    check_eq("div 80000000h/-1: hi = 0", muldiv(0x80000000, 0xffffffff, 2), 0);
    check_eq("div 80000000h/-1: lo = 80000000h", v1(), 0x80000000);
    check_eq("mthi", mthilo(0x1234, 0x5678), 0x1234);
    check_eq("mtlo", v1(), 0x5678);
    check_eq("mflo right after multu waits for the result", mult_wait(0x123, 0x12345678),
             0x123 * 0x12345678u);
    check_eq("mfc0 has a load delay", cop0_delay(), 0x77);
    check_eq("PRId = 00000002h", v1(), 2);
    return test_done();
}
