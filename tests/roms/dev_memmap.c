/* Memory map and mirrors (memorymap.md, memorycontrol.md, interrupts.md). */
#include "test.h"

int main(void) {
    test_begin("dev_memmap");
    MMIO32(0xa0100000) = 0x12345678;
    check_eq("memorymap.md: KSEG0 sees what KSEG1 wrote", MMIO32(0x80100000), 0x12345678);
    check_eq("memorycontrol.md: 2 MB RAM mirrors at +2 MB", MMIO32(0x80300000), 0x12345678);
    check_eq("memorycontrol.md: 2 MB RAM mirrors at +6 MB", MMIO32(0xa0700000), 0x12345678);
    check_eq("memorymap.md: byte 1 of a little-endian word", MMIO8(0x80100001), 0x56);
    check_eq("memorymap.md: halfword 1 of a word", MMIO16(0x80100002), 0x1234);
    MMIO32(0x1f800100) = 0xcafef00d;
    check_eq("memorymap.md: scratchpad at 1F800000h (KUSEG)", MMIO32(0x1f800100), 0xcafef00d);
    check_eq("memorymap.md: scratchpad at 9F800000h (KSEG0)", MMIO32(0x9f800100), 0xcafef00d);
    check_eq("memorycontrol.md: RAM_SIZE reads back", MMIO32(0x1f801060) & 0xffff, 0x0b88);
    check_eq("unpredictablethings.md: garbage location 1F801130h reads zero", MMIO32(0x1f801130),
             0);
    uint32_t old = MMIO32(0x1f801074);
    MMIO32(0x1f801074) = 0xffffffff;
    check_eq("interrupts.md: I_MASK bits 11-15 read zero", MMIO32(0x1f801074) & 0xffff, 0x07ff);
    MMIO32(0x1f801074) = old;
    check_eq("dmachannels.md: 1F8010F8h reads 7FFAC68Bh", MMIO32(0x1f8010f8), 0x7ffac68b);
    return test_done();
}
