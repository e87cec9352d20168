#include "gpu.h"

#include "hw.h"
#include "sys.h"

/* Bounded busy-waits: a broken or missing device must not hang a program forever, so each
   wait gives up after this many polls (far longer than any legitimate wait). Each poll also
   counts vblanks, which a long wait on the GPU would otherwise miss (I_STAT latches one). */
#define WAIT_LIMIT 4000000

static void wait_gpustat(uint32_t bit) {
    for (int i = 0; i < WAIT_LIMIT && !(GPUSTAT & bit); ++i)
        sys_poll_vblank();
}

void gpu_sync(void) {
    for (int i = 0; i < WAIT_LIMIT && (DMA_CHCR(DMA_GPU) & CHCR_START_BUSY); ++i)
        sys_poll_vblank();
    wait_gpustat(GPUSTAT_READY_CMD);
}

void gpu_cmd(uint32_t word) {
    wait_gpustat(GPUSTAT_READY_CMD);
    GP0 = word;
}

void gpu_display_at(int x, int y) {
    GP1 = 0x05000000u | ((uint32_t)y << 10) | (uint32_t)x;
}

void gpu_init(void) {
    GP1 = 0x00000000u; /* GP1(00h) reset: display off, FIFO cleared, defaults */
    /* GP1(08h) display mode: 320 wide (1), 240 lines non-interlaced, NTSC, 15-bit */
    GP1 = 0x08000001u;
    /* GP1(06h)/(07h): the standard NTSC picture window, 2560 GPU clocks wide from 260h and
       240 lines from line 16 (graphicsprocessingunitgpu.md "GP1(06h)", "GP1(07h)"). */
    GP1 = 0x06000000u | ((0x260u + 320u * 8u) << 12) | 0x260u;
    GP1 = 0x07000000u | ((16u + 240u) << 10) | 16u;
    gpu_display_at(0, 0);
    GP1 = 0x04000002u; /* GP1(04h) DMA direction: CPU -> GP0 */
    DMA_DPCR |= (8u << (DMA_GPU * 4)) | (8u << (DMA_OTC * 4));
    gpu_cmd(0xE1000000u | (1u << 10)); /* drawing to the display area allowed */
    GP1 = 0x03000000u;                 /* GP1(03h) display on */
}

void gpu_frame_init(GpuFrame* f, uint32_t* ot, int ot_len, uint32_t* pool, int pool_words) {
    f->ot = ot;
    f->ot_len = ot_len;
    f->pool = pool;
    f->pool_end = pool + pool_words;
    gpu_frame_begin(f);
}

void gpu_frame_begin(GpuFrame* f) {
    /* DMA6 writes the OT from the given (last) entry downwards, each entry pointing at the one
       below and entry 0 holding the end marker FFFFFFh (dmachannels.md). */
    DMA_MADR(DMA_OTC) = (uint32_t)&f->ot[f->ot_len - 1] & 0xFFFFFFu;
    DMA_BCR(DMA_OTC) = (uint32_t)f->ot_len;
    DMA_CHCR(DMA_OTC) = 0x11000002u;
    for (int i = 0; i < WAIT_LIMIT && (DMA_CHCR(DMA_OTC) & CHCR_START_BUSY); ++i) {
    }
    f->pool_cur = f->pool;
    f->chain_head = f->chain_tail = NULL;
    f->overflowed = 0;
}

static uint32_t* alloc(GpuFrame* f, int words) {
    if (words > GPU_NODE_MAX_WORDS) return NULL;
    if (f->pool_cur + words + 1 > f->pool_end) {
        f->overflowed = 1;
        return NULL;
    }
    uint32_t* p = f->pool_cur;
    f->pool_cur += words + 1;
    return p;
}

uint32_t* gpu_ot_packet(GpuFrame* f, int z, int words) {
    uint32_t* p = alloc(f, words);
    if (!p) return NULL;
    if (z < 0) z = 0;
    if (z >= f->ot_len) z = f->ot_len - 1;
    /* node header: word count in bits 24-31, next node in bits 0-23 */
    p[0] = ((uint32_t)words << 24) | (f->ot[z] & 0xFFFFFFu);
    f->ot[z] = (f->ot[z] & 0xFF000000u) | ((uint32_t)p & 0xFFFFFFu);
    return p + 1;
}

uint32_t* gpu_chain_packet(GpuFrame* f, int words) {
    uint32_t* p = alloc(f, words);
    if (!p) return NULL;
    p[0] = ((uint32_t)words << 24) | 0xFFFFFFu;
    if (f->chain_tail)
        f->chain_tail[0] = (f->chain_tail[0] & 0xFF000000u) | ((uint32_t)p & 0xFFFFFFu);
    else
        f->chain_head = p;
    f->chain_tail = p;
    return p + 1;
}

void gpu_frame_send(GpuFrame* f) {
    uint32_t* top = &f->ot[f->ot_len - 1];
    uint32_t* first = top;
    if (f->chain_head) {
        f->chain_tail[0] = (f->chain_tail[0] & 0xFF000000u) | ((uint32_t)top & 0xFFFFFFu);
        first = f->chain_head;
    }
    gpu_sync();
    DMA_MADR(DMA_GPU) = (uint32_t)first & 0xFFFFFFu;
    DMA_BCR(DMA_GPU) = 0;
    DMA_CHCR(DMA_GPU) = 0x01000401u; /* from RAM, linked-list mode, start */
}

void gpu_env(uint32_t* p, int x, int y, int w, int h, int ox, int oy) {
    p[0] = 0xE3000000u | ((uint32_t)y << 10) | (uint32_t)x;
    p[1] = 0xE4000000u | ((uint32_t)(y + h - 1) << 10) | (uint32_t)(x + w - 1);
    p[2] = 0xE5000000u | (((uint32_t)(y + oy) & 0x7FF) << 11) | ((uint32_t)(x + ox) & 0x7FF);
    p[3] = 0xE1000000u | (1u << 10) | (1u << 9); /* drawing to display area, dithering */
}

int gpu_fill(GpuFrame* f, int z, int x, int y, int w, int h, uint32_t rgb) {
    uint32_t* p = gpu_ot_packet(f, z, 3);
    if (!p) return 0;
    /* GP0(02h) ignores the drawing offset and area, and rounds x and w to 16 pixels */
    p[0] = 0x02000000u | rgb;
    p[1] = gp_xy(x, y);
    p[2] = gp_xy(w, h);
    return 1;
}

int gpu_tri_g(GpuFrame* f, int z, const int16_t* xy, const uint32_t* rgb, int semi) {
    uint32_t* p = gpu_ot_packet(f, z, 6);
    if (!p) return 0;
    for (int i = 0; i < 3; ++i) {
        p[i * 2] = rgb[i];
        p[i * 2 + 1] = gp_xy(xy[i * 2], xy[i * 2 + 1]);
    }
    p[0] |= (semi ? 0x32000000u : 0x30000000u);
    return 1;
}

int gpu_quad_g(GpuFrame* f, int z, const int16_t* xy, const uint32_t* rgb, int semi) {
    uint32_t* p = gpu_ot_packet(f, z, 8);
    if (!p) return 0;
    for (int i = 0; i < 4; ++i) {
        p[i * 2] = rgb[i];
        p[i * 2 + 1] = gp_xy(xy[i * 2], xy[i * 2 + 1]);
    }
    p[0] |= (semi ? 0x3A000000u : 0x38000000u);
    return 1;
}

int gpu_quad_f(GpuFrame* f, int z, const int16_t* xy, uint32_t rgb, int semi) {
    uint32_t* p = gpu_ot_packet(f, z, 5);
    if (!p) return 0;
    p[0] = (semi ? 0x2A000000u : 0x28000000u) | rgb;
    for (int i = 0; i < 4; ++i)
        p[1 + i] = gp_xy(xy[i * 2], xy[i * 2 + 1]);
    return 1;
}

int gpu_tri_gt(GpuFrame* f, int z, const int16_t* xy, const uint32_t* rgb, const uint8_t* uv,
               uint32_t tpage, uint32_t clut, int semi) {
    uint32_t* p = gpu_ot_packet(f, z, 9);
    if (!p) return 0;
    for (int i = 0; i < 3; ++i) {
        p[i * 3] = rgb[i];
        p[i * 3 + 1] = gp_xy(xy[i * 2], xy[i * 2 + 1]);
        p[i * 3 + 2] = gp_uv(uv[i * 2], uv[i * 2 + 1]);
    }
    p[0] |= (semi ? 0x36000000u : 0x34000000u);
    p[2] |= clut << 16;
    p[5] |= tpage << 16;
    return 1;
}

int gpu_quad_gt(GpuFrame* f, int z, const int16_t* xy, const uint32_t* rgb, const uint8_t* uv,
                uint32_t tpage, uint32_t clut, int semi) {
    uint32_t* p = gpu_ot_packet(f, z, 12);
    if (!p) return 0;
    for (int i = 0; i < 4; ++i) {
        p[i * 3] = rgb[i];
        p[i * 3 + 1] = gp_xy(xy[i * 2], xy[i * 2 + 1]);
        p[i * 3 + 2] = gp_uv(uv[i * 2], uv[i * 2 + 1]);
    }
    p[0] |= (semi ? 0x3E000000u : 0x3C000000u);
    p[2] |= clut << 16;
    p[5] |= tpage << 16;
    return 1;
}

int gpu_quad_ft(GpuFrame* f, int z, int x, int y, int w, int h, int u, int v, uint32_t rgb,
                uint32_t tpage, uint32_t clut, int semi) {
    uint32_t* p = gpu_ot_packet(f, z, 9);
    if (!p) return 0;
    /* texcoords are inclusive of the last texel, hence w-1 / h-1 at the far edges */
    p[0] = (semi ? 0x2E000000u : 0x2C000000u) | rgb;
    p[1] = gp_xy(x, y);
    p[2] = gp_uv(u, v) | (clut << 16);
    p[3] = gp_xy(x + w, y);
    p[4] = gp_uv(u + w - 1, v) | (tpage << 16);
    p[5] = gp_xy(x, y + h);
    p[6] = gp_uv(u, v + h - 1);
    p[7] = gp_xy(x + w, y + h);
    p[8] = gp_uv(u + w - 1, v + h - 1);
    return 1;
}

int gpu_line(GpuFrame* f, int z, int x0, int y0, int x1, int y1, uint32_t rgb) {
    uint32_t* p = gpu_ot_packet(f, z, 3);
    if (!p) return 0;
    p[0] = 0x40000000u | rgb;
    p[1] = gp_xy(x0, y0);
    p[2] = gp_xy(x1, y1);
    return 1;
}

void gpu_upload(int x, int y, int w, int h, const uint16_t* data) {
    gpu_sync();
    gpu_cmd(0x01000000u); /* GP0(01h): clear the texture cache, it may hold the old texels */
    gpu_cmd(0xA0000000u);
    GP0 = gp_xy(x, y);
    GP0 = gp_xy(w, h);
    int words = (w * h + 1) / 2;
    for (int i = 0; i < words; ++i) {
        uint32_t lo = data[i * 2];
        uint32_t hi = (i * 2 + 1 < w * h) ? data[i * 2 + 1] : 0;
        GP0 = lo | (hi << 16);
    }
}

void gpu_readback(int x, int y, int w, int h, uint16_t* out) {
    gpu_sync();
    gpu_cmd(0xC0000000u);
    GP0 = gp_xy(x, y);
    GP0 = gp_xy(w, h);
    wait_gpustat(GPUSTAT_READY_VRAM);
    int words = (w * h + 1) / 2;
    for (int i = 0; i < words; ++i) {
        uint32_t v = GPUREAD;
        out[i * 2] = (uint16_t)v;
        if (i * 2 + 1 < w * h) out[i * 2 + 1] = (uint16_t)(v >> 16);
    }
}
