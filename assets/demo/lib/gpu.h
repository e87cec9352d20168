/* GPU helpers for the demo programs (graphicsprocessingunitgpu.md, dmachannels.md):
   display setup, packet building into an ordering table (OT) cleared by DMA6 and sent to GP0
   by a DMA2 linked-list transfer, and CPU-driven VRAM uploads and read-backs. */
#ifndef DEMO_GPU_H
#define DEMO_GPU_H
#include "ps1.h"

#define SCREEN_W 320
#define SCREEN_H 240

/* One frame's command memory: the OT (depth buckets, highest index drawn first) plus an
   in-order "prologue" chain that is sent before the OT (for work that must come first, such as
   a render-to-texture pass and the drawing environment). */
typedef struct {
    uint32_t* ot;
    int ot_len;
    uint32_t* pool;
    uint32_t* pool_cur;
    uint32_t* pool_end;
    uint32_t* chain_head; /* first prologue node, or NULL */
    uint32_t* chain_tail;
    int overflowed; /* set when a packet did not fit; the frame then drops primitives */
} GpuFrame;

/* Resets the GPU, sets a 320x240 NTSC 15-bit display showing VRAM (0, 0), enables the
   display and DMA2 (GP1(04h)=2), and enables DMA channels 2 and 6 in DPCR. */
void gpu_init(void);
/* GP1(05h): the VRAM position scanned out. */
void gpu_display_at(int x, int y);

/* Binds memory to a frame. `ot` holds ot_len words, `pool` pool_words words. */
void gpu_frame_init(GpuFrame* f, uint32_t* ot, int ot_len, uint32_t* pool, int pool_words);
/* Starts a new frame: clears the OT with DMA6 and empties the packet pool. */
void gpu_frame_begin(GpuFrame* f);
/* The most command words one linked-list node may carry: DMA2 waits for the GPU only at the
   start of a node, and words that find the GPU's 16-word command FIFO full are lost
   (graphicsprocessingunitgpu.md "GPU Status Register" bit 28, "GPU Versions" blksiz). */
#define GPU_NODE_MAX_WORDS 16
/* Allocates a packet of `words` (<= GPU_NODE_MAX_WORDS) command words, links it into OT bucket
   `z` (clamped to the OT) and returns where the command words go; NULL when the pool is full
   or the packet too long. */
uint32_t* gpu_ot_packet(GpuFrame* f, int z, int words);
/* Allocates a packet appended to the prologue chain (sent before the OT, in call order). */
uint32_t* gpu_chain_packet(GpuFrame* f, int words);
/* Waits until the previous list is drawn, then sends this frame (prologue, then OT from the
   highest bucket down) with DMA2 in linked-list mode. Returns at once; the GPU draws alone. */
void gpu_frame_send(GpuFrame* f);
/* Waits for DMA2 to finish and the GPU to be ready for the next command. */
void gpu_sync(void);

/* Words of the drawing environment packet: area (E3/E4), offset (E5), draw mode (E1). */
#define GPU_ENV_WORDS 4
/* Fills `p` with the environment for drawing into the rectangle (x, y, w, h) with the drawing
   offset at its top left plus (ox, oy). */
void gpu_env(uint32_t* p, int x, int y, int w, int h, int ox, int oy);

/* Packet field encoders (graphicsprocessingunitgpu.md "GPU Render Polygon Commands"). */
static inline uint32_t gp_xy(int x, int y) {
    return ((uint32_t)(uint16_t)y << 16) | (uint16_t)x;
}
static inline uint32_t gp_rgb(int r, int g, int b) {
    return ((uint32_t)b << 16) | ((uint32_t)g << 8) | (uint32_t)r;
}
/* Texpage attribute / E1 bits 0-8: page base (x/64, y/256), semi-transparency mode, depth
   (0 = 4-bit, 1 = 8-bit, 2 = 15-bit). */
static inline uint32_t gp_tpage(int x, int y, int abr, int depth) {
    return (uint32_t)((x >> 6) | ((y >> 8) << 4) | (abr << 5) | (depth << 7));
}
/* CLUT attribute: x in 16-halfword units, y a VRAM line. */
static inline uint32_t gp_clut(int x, int y) {
    return (uint32_t)((x >> 4) | (y << 6));
}
static inline uint32_t gp_uv(int u, int v) {
    return (uint32_t)((v << 8) | u);
}

/* Packet writers for common primitives; each returns 0 when the pool was full. `semi` selects
   the semi-transparent variant (the mode comes from the texpage / current E1). */
int gpu_fill(GpuFrame* f, int z, int x, int y, int w, int h, uint32_t rgb);
int gpu_tri_g(GpuFrame* f, int z, const int16_t* xy, const uint32_t* rgb, int semi);
int gpu_quad_g(GpuFrame* f, int z, const int16_t* xy, const uint32_t* rgb, int semi);
int gpu_quad_f(GpuFrame* f, int z, const int16_t* xy, uint32_t rgb, int semi);
/* Gouraud-shaded textured triangle / quad: uv pairs, texpage and clut attributes. */
int gpu_tri_gt(GpuFrame* f, int z, const int16_t* xy, const uint32_t* rgb, const uint8_t* uv,
               uint32_t tpage, uint32_t clut, int semi);
int gpu_quad_gt(GpuFrame* f, int z, const int16_t* xy, const uint32_t* rgb, const uint8_t* uv,
                uint32_t tpage, uint32_t clut, int semi);
/* Flat textured quad with explicit corners (sprites that scale). */
int gpu_quad_ft(GpuFrame* f, int z, int x, int y, int w, int h, int u, int v, uint32_t rgb,
                uint32_t tpage, uint32_t clut, int semi);
int gpu_line(GpuFrame* f, int z, int x0, int y0, int x1, int y1, uint32_t rgb);

/* CPU -> VRAM (GP0 A0h) of w*h halfwords, waiting for the GPU first. */
void gpu_upload(int x, int y, int w, int h, const uint16_t* data);
/* VRAM -> CPU (GP0 C0h): waits until all drawing is done, then reads w*h halfwords. */
void gpu_readback(int x, int y, int w, int h, uint16_t* out);
/* Sends one command word by CPU write (waiting for GPUSTAT "ready for command"). */
void gpu_cmd(uint32_t word);

#endif
