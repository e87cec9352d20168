/* DMA (dmachannels.md): OTC, linked list and slice transfers to the GPU. */
#include "test.h"

#define DPCR MMIO32(0x1f8010f0)
#define DICR MMIO32(0x1f8010f4)
#define MADR(n) MMIO32(0x1f801080 + 0x10 * (n))
#define BCR(n) MMIO32(0x1f801084 + 0x10 * (n))
#define CHCR(n) MMIO32(0x1f801088 + 0x10 * (n))
#define GP0 MMIO32(0x1f801810)
#define GP1 MMIO32(0x1f801814)

static uint32_t ot[16];
static uint32_t list[8];
static uint32_t image[4];

static void wait_done(int ch) {
    for (int i = 0; i < 100000 && (CHCR(ch) & (1u << 24)); ++i) {
    }
}

int main(void) {
    test_begin("dev_dma");
    bios_enter_critical_section();
    DPCR |= (8u << 24) | (8u << 8); /* enable DMA6 and DMA2 */

    uint32_t top = (uint32_t)&ot[15] & 0xffffff;
    MADR(6) = top;
    BCR(6) = 16;
    CHCR(6) = 0x11000002;
    wait_done(6);
    check_eq("dmachannels.md: OTC clears bit 24 when done", CHCR(6), 0x00000002);
    check_eq("dmachannels.md: OTC entry points to the previous word", ot[15],
             ((uint32_t)&ot[14]) & 0xffffff);
    check_eq("dmachannels.md: OTC last entry is 00FFFFFFh", ot[0], 0x00ffffff);
    check_eq("dmachannels.md: sync mode 0 leaves MADR alone", MADR(6), top);

    GP1 = 0x04000002; /* DMA direction CPU -> GP0 */
    list[0] = (2u << 24) | ((uint32_t)&list[3] & 0xffffff);
    list[1] = 0x00000000; /* GP0 NOPs */
    list[2] = 0x00000000;
    list[3] = (0u << 24) | 0xffffff;
    MADR(2) = (uint32_t)&list[0] & 0xffffff;
    BCR(2) = 0;
    CHCR(2) = 0x01000401;
    wait_done(2);
    check_eq("dmachannels.md: linked list clears bit 24", (CHCR(2) >> 24) & 1, 0);
    check_eq("dmachannels.md: linked list leaves the end marker in MADR", MADR(2), 0x00ffffff);

    GP0 = 0xa0000000; /* copy to VRAM (0,511), 4x2 pixels = 4 words */
    GP0 = 0x01ff0000;
    GP0 = 0x00020004;
    image[0] = image[1] = image[2] = image[3] = 0x7fff7fff;
    uint32_t start = (uint32_t)&image[0] & 0xffffff;
    MADR(2) = start;
    BCR(2) = (2u << 16) | 2;
    CHCR(2) = 0x01000201;
    wait_done(2);
    check_eq("dmachannels.md: slice mode clears bit 24", (CHCR(2) >> 24) & 1, 0);
    check_eq("dmachannels.md: slice mode advances MADR", MADR(2), start + 16);
    check_eq("dmachannels.md: slice mode counts BA to 0", BCR(2) >> 16, 0);

    DICR = 0x00800000 | (1u << 22); /* master + channel 6 */
    CHCR(6) = 0x11000002;
    wait_done(6);
    check_true("dmachannels.md: completion sets flag 30 and master flag 31",
               (DICR & 0xc0000000) == 0xc0000000);
    DICR = 0x00800000 | (1u << 22) | (1u << 30);
    check_eq("dmachannels.md: writing 1 clears the flag", DICR >> 24, 0);
    DICR = 0;
    MMIO32(0x1f801070) = ~(1u << 3);
    bios_exit_critical_section();
    return test_done();
}
