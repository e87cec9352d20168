/* The demo's textures, generated in code at start-up and uploaded once (no image files). */
#ifndef GAME_TEXTURES_H
#define GAME_TEXTURES_H
#include "ps1.h"

/* VRAM layout (1024x512 halfwords): display buffers at (0,0) and (0,240); textures right of
   them, one texture page each; CLUTs on the free lines 480-511. */
#define TEX_WALL_X 320 /* 4-bit 64x64 texels: 16x64 halfwords, page 5 */
#define TEX_WALL_Y 0
#define CLUT_WALL_X 320
#define CLUT_WALL_Y 480
#define TEX_FLOOR_X 384 /* 8-bit 64x64 texels: 32x64 halfwords, page 6 */
#define TEX_FLOOR_Y 0
#define CLUT_FLOOR_X 320
#define CLUT_FLOOR_Y 481
#define TEX_SKY_X 448 /* 15-bit 128x64: sky in rows 0-47, a glow sprite at (0,48) 16x16 */
#define TEX_SKY_Y 0
#define GLOW_V 48
#define MINIMAP_X 576 /* render target, 15-bit page 9 in the lower half */
#define MINIMAP_Y 256
#define MINIMAP_SIZE 64
#define FONT_X 960
#define FONT_Y 0
#define CLUT_FONT_X 960
#define CLUT_FONT_Y 482

void textures_upload(void);

#endif
