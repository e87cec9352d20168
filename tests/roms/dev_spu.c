/* SPU memory side (soundprocessingunitspu.md "SPU Memory Access", "SPU Interrupt") with DMA4
   (dmachannels.md): upload by the manual FIFO and by DMA4, read back by DMA4, IRQ9. */
#include "test.h"

#define I_STAT MMIO32(0x1f801070)
#define I_MASK MMIO32(0x1f801074)
#define DPCR MMIO32(0x1f8010f0)
#define MADR4 MMIO32(0x1f8010c0)
#define BCR4 MMIO32(0x1f8010c4)
#define CHCR4 MMIO32(0x1f8010c8)
#define SPU_IRQ_ADDR MMIO16(0x1f801da4)
#define SPU_XFER_ADDR MMIO16(0x1f801da6)
#define SPU_FIFO MMIO16(0x1f801da8)
#define SPUCNT MMIO16(0x1f801daa)
#define SPU_XFER_CTRL MMIO16(0x1f801dac)
#define SPUSTAT MMIO16(0x1f801dae)

#define CNT_ON 0xc000u /* SPU enable + unmute */
#define CNT_IRQ 0x0040u
#define MODE_STOP 0x00u
#define MODE_MANUAL 0x10u
#define MODE_DMA_WRITE 0x20u
#define MODE_DMA_READ 0x30u

static uint16_t manual[16];
static uint32_t upload[16];
static uint32_t readback[16];

/* "Set SPUCNT to ... (and wait until it is applied in SPUSTAT)". */
static int set_cnt(uint16_t cnt) {
    SPUCNT = cnt;
    for (int i = 0; i < 10000; ++i)
        if ((SPUSTAT & 0x3f) == (cnt & 0x3f)) return 1;
    return 0;
}

static int wait_dma(void) {
    for (int i = 0; i < 100000; ++i)
        if (!(CHCR4 & (1u << 24))) return 1;
    return 0;
}

/* "SPU RAM DMA-Read": Stop, address, DMA Read, DMA4 (blocksize 10h, control 01000200h). */
static void dma_read(uint16_t addr8, uint32_t words, uint16_t extraCnt) {
    set_cnt(CNT_ON | extraCnt | MODE_STOP);
    SPU_XFER_ADDR = addr8;
    set_cnt(CNT_ON | extraCnt | MODE_DMA_READ);
    MADR4 = (uint32_t)readback & 0xffffff;
    BCR4 = (1u << 16) | words;
    CHCR4 = 0x01000200;
    wait_dma();
}

int main(void) {
    test_begin("dev_spu");
    bios_enter_critical_section();
    uint32_t oldMask = I_MASK;
    I_MASK = 0;
    DPCR |= 8u << 16; /* DMA4 master enable */

    /* SPU RAM Manual Write. */
    for (int i = 0; i < 16; ++i)
        manual[i] = (uint16_t)(0x1100 + i * 0x0101);
    SPU_XFER_CTRL = 0x0004; /* transfer type 2: normal */
    check_true("SPUCNT Stop is applied in SPUSTAT bits 0-5", set_cnt(CNT_ON | MODE_STOP));
    SPU_XFER_ADDR = 0x1000 / 8;
    for (int i = 0; i < 16; ++i)
        SPU_FIFO = manual[i];
    check_true("SPUCNT Manual Write is applied in SPUSTAT bits 0-5", set_cnt(CNT_ON | MODE_MANUAL));
    int ready = 0;
    for (int i = 0; i < 10000 && !ready; ++i)
        ready = !(SPUSTAT & (1u << 10));
    check_true("SPUSTAT.10 transfer busy goes off after a manual write", ready);
    check_eq("1F801DA6h does not increment during a transfer", SPU_XFER_ADDR, 0x1000 / 8);

    /* SPU RAM DMA-Write: blocksize 10h, control 01000201h. */
    for (int i = 0; i < 16; ++i)
        upload[i] = 0xa5000000u + (uint32_t)i * 0x00010203u;
    set_cnt(CNT_ON | MODE_STOP);
    SPU_XFER_ADDR = 0x2000 / 8;
    set_cnt(CNT_ON | MODE_DMA_WRITE);
    check_eq("SPUSTAT bits 7 and 8 (DMA write request) in DMA write mode", SPUSTAT & 0x380, 0x180);
    MADR4 = (uint32_t)upload & 0xffffff;
    BCR4 = (1u << 16) | 16;
    CHCR4 = 0x01000201;
    check_true("DMA4 write completes", wait_dma());

    /* Read both back with DMA4. */
    set_cnt(CNT_ON | MODE_STOP);
    SPU_XFER_ADDR = 0x1000 / 8;
    set_cnt(CNT_ON | MODE_DMA_READ);
    /* "When switching SPUCNT to DMA-read mode, status bit9 and bit7 aren't set immediately". */
    uint32_t rq = 0;
    for (int i = 0; i < 1000 && rq != 0x280; ++i)
        rq = SPUSTAT & 0x380;
    check_eq("SPUSTAT bits 7 and 9 (DMA read request) come in DMA read mode", rq, 0x280);
    MADR4 = (uint32_t)readback & 0xffffff;
    BCR4 = (1u << 16) | 8;
    CHCR4 = 0x01000200;
    check_true("DMA4 read completes", wait_dma());
    int same = 1;
    for (int i = 0; i < 8; ++i)
        same &= readback[i] == ((uint32_t)manual[2 * i] | ((uint32_t)manual[2 * i + 1] << 16));
    check_true("manual FIFO upload reads back through DMA4", same);

    dma_read(0x2000 / 8, 16, 0);
    same = 1;
    for (int i = 0; i < 16; ++i)
        same &= readback[i] == upload[i];
    check_true("DMA4 upload reads back through DMA4", same);

    /* SPU Interrupt: transfers touching the IRQ address (times 8). In DMA read mode the SPU
       fills its 32-halfword FIFO from sound RAM ahead of the DMA (SPUSTAT: "the SPU is first
       internally collecting the data in the Fifo"), so its reads run up to 64 bytes past the
       words transferred (docs/peer-check.md: Mednafen and DuckStation do the same). */
    I_STAT = ~(1u << 9);
    SPU_IRQ_ADDR = 0x2010 / 8;
    dma_read(0x2000 / 8, 8, 0); /* touches 2000h..201Fh (and the read-ahead), IRQ disabled */
    check_eq("no IRQ9 flag while SPUCNT.6 is clear", (SPUSTAT >> 6) & 1, 0);
    check_eq("no I_STAT.9 while SPUCNT.6 is clear", (I_STAT >> 9) & 1, 0);
    SPU_IRQ_ADDR = 0x2400 / 8;
    dma_read(0x2000 / 8, 4, CNT_IRQ); /* 2000h..200Fh plus 64 bytes of read-ahead */
    check_eq("no IRQ9 when neither the transfer nor the read-ahead reaches the IRQ address",
             (I_STAT >> 9) & 1, 0);
    SPU_IRQ_ADDR = 0x2010 / 8;
    dma_read(0x2000 / 8, 2, CNT_IRQ); /* transfers 2000h..2007h; the read-ahead reads 2010h */
    check_eq("the DMA read's FIFO read-ahead at the IRQ address sets SPUSTAT.6", (SPUSTAT >> 6) & 1,
             1);
    check_eq("the DMA read's FIFO read-ahead at the IRQ address sets I_STAT.9", (I_STAT >> 9) & 1,
             1);
    SPUCNT = CNT_ON | MODE_STOP; /* acknowledge: SPUCNT.6 = 0 */
    check_eq("clearing SPUCNT.6 acknowledges SPUSTAT.6", (SPUSTAT >> 6) & 1, 0);
    I_STAT = ~(1u << 9);

    SPU_IRQ_ADDR = 0x1008 / 8;
    set_cnt(CNT_ON | CNT_IRQ | MODE_STOP);
    SPU_XFER_ADDR = 0x1000 / 8;
    for (int i = 0; i < 8; ++i)
        SPU_FIFO = (uint16_t)i;
    set_cnt(CNT_ON | CNT_IRQ | MODE_MANUAL);
    check_eq("a manual write at the IRQ address sets I_STAT.9", (I_STAT >> 9) & 1, 1);
    set_cnt(CNT_ON | MODE_STOP);
    I_STAT = ~(1u << 9);

    I_MASK = oldMask;
    bios_exit_critical_section();
    return test_done();
}
