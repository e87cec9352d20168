/* Drawing of the game world through the GTE, into a GpuFrame. */
#ifndef GAME_RENDER_H
#define GAME_RENDER_H
#include "game.h"
#include "gpu.h"

#define OT_LEN 1024
#define OT_SHIFT 4 /* OT bucket = average SZ / 16 */

void render_init(void);
/* Builds the whole frame: minimap pass, sky, canyon, rings, ship, HUD. `buf_y` is the VRAM
   line of the buffer being drawn. */
void render_frame(GpuFrame* f, const Game* g, int buf_y);
/* Polygons submitted in the last frame (for the tick line). */
uint32_t render_polys(void);

#endif
