/* The i-cache keeps serving stale code after stores until the BIOS-style flush
   (memorymap.md "Isolation and self-modifying code"); tag reads in TAG mode. */
#include "test.h"

uint32_t patchme(void);
void flush_icache(void);
uint32_t read_tag(uint32_t addr);

static void flush(void) {
    ((void (*)(void))((uint32_t)flush_icache | 0xa0000000))();
}
static uint32_t tag_of(uint32_t addr) {
    return ((uint32_t(*)(uint32_t))((uint32_t)read_tag | 0xa0000000))(addr);
}

int main(void) {
    test_begin("cpu_cache");
    volatile uint32_t* bcc = (volatile uint32_t*)0xfffe0130;
    uint32_t saved_bcc = *bcc;
    *bcc = 0x1e988; /* the BIOS setting: i-cache on, 4-word refill */
    flush();
    volatile uint32_t* code = (volatile uint32_t*)patchme;
    uint32_t original = code[0];

    check_eq("patchme runs", patchme(), 1);
    check_eq("a full-line fill sets all four valid bits, tag matches", tag_of((uint32_t)patchme),
             0x1f);
    code[0] = 0x24020002; /* li v0, 2 */
    check_eq("a store through KSEG0 leaves the cached code alone", patchme(), 1);
    ((volatile uint32_t*)((uint32_t)patchme | 0xa0000000))[0] = 0x24020003; /* li v0, 3 */
    check_eq("a store through KSEG1 leaves the cached code alone", patchme(), 1);
    flush();
    check_eq("the flush clears the valid bits (and the tag no longer matches)",
             tag_of((uint32_t)patchme), 0x00);
    check_eq("after the flush the new code runs", patchme(), 3);
    check_eq("a line read from another 4K page does not match", tag_of((uint32_t)patchme + 0x1000),
             0x0f);
    code[0] = original;
    flush();
    check_eq("restored", patchme(), 1);
    *bcc = saved_bcc;
    return test_done();
}
