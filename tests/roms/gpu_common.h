/* Shared helpers of the GPU test programs (graphicsprocessingunitgpu.md): the GP0/GP1 ports,
   VRAM transfers through the GP0 port and through DMA2 block mode, and pixel helpers.
   Every function waits on the documented ready bits (GPUSTAT.26/27/28) so a program works
   whatever the GPU's busy time is. */
#ifndef SKIPJACK_GPU_COMMON_H
#define SKIPJACK_GPU_COMMON_H
#include "test.h"

#define GP0 MMIO32(0x1f801810)
#define GPUREAD MMIO32(0x1f801810)
#define GP1 MMIO32(0x1f801814)
#define GPUSTAT MMIO32(0x1f801814)
#define I_STAT MMIO32(0x1f801070)
#define I_MASK MMIO32(0x1f801074)
#define DPCR MMIO32(0x1f8010f0)
#define D2_MADR MMIO32(0x1f8010a0)
#define D2_BCR MMIO32(0x1f8010a4)
#define D2_CHCR MMIO32(0x1f8010a8)
#define T2_VALUE MMIO16(0x1f801120)
#define T2_MODE MMIO16(0x1f801124)

#define STAT_READY_CMD (1u << 26)
#define STAT_READY_READ (1u << 27)
#define STAT_READY_DMA (1u << 28)

/* 15-bit BGR pixel ("15bit Direct Display": red 0-4, green 5-9, blue 10-14, mask 15). */
#define RGB15(r, g, b) ((uint16_t)((r) | ((g) << 5) | ((b) << 10)))
/* 24-bit command colour 00BBGGRRh. */
#define RGB24(r, g, b) ((uint32_t)(r) | ((uint32_t)(g) << 8) | ((uint32_t)(b) << 16))
#define XY(x, y) ((((uint32_t)(y)&0xffff) << 16) | ((uint32_t)(x)&0xffff))

static inline void gpu_wait_cmd(void) {
    for (int i = 0; i < 2000000 && !(GPUSTAT & STAT_READY_CMD); ++i) {
    }
}

static inline void gpu_wait_idle(void) {
    for (int i = 0; i < 2000000 && (GPUSTAT & (STAT_READY_CMD | STAT_READY_DMA)) !=
                                       (STAT_READY_CMD | STAT_READY_DMA);
         ++i) {
    }
}

/* Sends one word when the GPU wants a command word (GPUSTAT.26) or, for parameters, at once:
   parameters go to the FIFO, which the helpers never fill beyond 16 words without waiting. */
static inline void gp0_cmd(uint32_t w) {
    gpu_wait_cmd();
    GP0 = w;
}

/* GP1(00h) plus a full-VRAM drawing area, zero offset, drawing allowed everywhere. */
static inline void gpu_setup(void) {
    GP1 = 0x00000000;
    gp0_cmd(0xe1000400); /* E1h bit 10: drawing to the display area allowed */
    gp0_cmd(0xe2000000);
    gp0_cmd(0xe3000000);
    gp0_cmd(0xe4000000 | (511u << 10) | 1023u);
    gp0_cmd(0xe5000000);
    gp0_cmd(0xe6000000);
}

static inline void gpu_area(int x0, int y0, int x1, int y1) {
    gp0_cmd(0xe3000000 | ((uint32_t)y0 << 10) | (uint32_t)x0);
    gp0_cmd(0xe4000000 | ((uint32_t)y1 << 10) | (uint32_t)x1);
}

static inline void gpu_offset(int x, int y) {
    gp0_cmd(0xe5000000 | (((uint32_t)y & 0x7ff) << 11) | ((uint32_t)x & 0x7ff));
}

/* GP0(02h) Quick Rectangle Fill with raw parameter words. */
static inline void gpu_fill_raw(uint32_t color, uint32_t xy, uint32_t wh) {
    gp0_cmd(0x02000000 | (color & 0xffffff));
    GP0 = xy;
    GP0 = wh;
}

static inline void gpu_fill(int x, int y, int w, int h, uint32_t color) {
    gpu_fill_raw(color, XY(x, y), XY(w, h));
}

/* GP0(A0h) through the GP0 port; `pixels` holds w*h halfwords (an odd count is padded). */
static inline void gpu_upload(int x, int y, int w, int h, const uint16_t* pixels) {
    gp0_cmd(0xa0000000);
    GP0 = XY(x, y);
    GP0 = XY(w, h);
    uint32_t n = (uint32_t)w * (uint32_t)h;
    for (uint32_t i = 0; i < n; i += 2) {
        uint32_t lo = pixels[i], hi = i + 1 < n ? pixels[i + 1] : 0;
        GP0 = lo | (hi << 16);
    }
}

/* GP0(C0h) through GPUREAD: waits for GPUSTAT.27, reads ceil(w*h/2) words. */
static inline void gpu_readback(int x, int y, int w, int h, uint16_t* out) {
    gp0_cmd(0xc0000000);
    GP0 = XY(x, y);
    GP0 = XY(w, h);
    for (int i = 0; i < 2000000 && !(GPUSTAT & STAT_READY_READ); ++i) {
    }
    uint32_t n = (uint32_t)w * (uint32_t)h;
    for (uint32_t i = 0; i < n; i += 2) {
        uint32_t word = GPUREAD;
        out[i] = (uint16_t)word;
        if (i + 1 < n) out[i + 1] = (uint16_t)(word >> 16);
    }
}

static inline uint16_t gpu_pixel(int x, int y) {
    uint16_t p[2];
    gpu_readback(x, y, 1, 1, p);
    return p[0];
}

/* DMA2 in sync mode 1 (blocks of `block` words, each started by the GPU's DMA request). */
static inline void dma2_wait(void) {
    for (int i = 0; i < 2000000 && (D2_CHCR & (1u << 24)); ++i) {
    }
}

static inline void dma2_blocks(const void* buf, uint32_t block, uint32_t blocks, int toGpu) {
    DPCR |= 8u << 8; /* DMA2 enable */
    D2_MADR = (uint32_t)buf & 0xffffff;
    D2_BCR = (blocks << 16) | block;
    D2_CHCR = toGpu ? 0x01000201 : 0x01000200;
    dma2_wait();
}

/* CPU->VRAM with DMA2 block mode; w*h must be even and a multiple of 2*block. */
static inline void gpu_upload_dma(int x, int y, int w, int h, const uint32_t* words,
                                  uint32_t block) {
    gpu_wait_idle();
    GP1 = 0x04000002; /* DMA direction CPU -> GP0 */
    gp0_cmd(0xa0000000);
    GP0 = XY(x, y);
    GP0 = XY(w, h);
    uint32_t n = (uint32_t)w * (uint32_t)h / 2;
    dma2_blocks(words, block, n / block, 1);
    GP1 = 0x04000000;
}

/* VRAM->CPU with DMA2 block mode; w*h/2 (rounded up) must be a multiple of block. */
static inline void gpu_readback_dma(int x, int y, int w, int h, uint32_t* words, uint32_t block) {
    gpu_wait_idle();
    gp0_cmd(0xc0000000);
    GP0 = XY(x, y);
    GP0 = XY(w, h);
    GP1 = 0x04000003; /* DMA direction GPUREAD -> CPU */
    uint32_t n = ((uint32_t)w * (uint32_t)h + 1) / 2;
    dma2_blocks(words, block, n / block, 0);
    GP1 = 0x04000000;
}

/* 5-bit channel of an 8-bit value without dithering ("strip LSBs"). */
static inline uint32_t c5(uint32_t c8) {
    return c8 >> 3;
}

#endif
