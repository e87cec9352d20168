/* Text drawn from an 8x8 bitmap font uploaded once as a 4-bit texture with a 2-colour CLUT. */
#ifndef DEMO_FONT_H
#define DEMO_FONT_H
#include "gpu.h"

#define FONT_MAX_CHARS 80
/* Characters per linked-list node: E1h plus 5 sprites of 3 words fill the GPU's 16-word
   command FIFO exactly (see font_draw). */
#define FONT_CHARS_PER_NODE 5

/* Uploads the font to VRAM at (tex_x, tex_y) (32x32 halfwords; must stay inside one texture
   page) and its CLUT at (clut_x, clut_y) (clut_x a multiple of 16). */
void font_init(int tex_x, int tex_y, int clut_x, int clut_y);
/* Draws `text` at (x, y) in OT bucket z, tinted by rgb (808080h = white); returns the number of
   characters drawn. */
int font_draw(GpuFrame* f, int z, int x, int y, const char* text, uint32_t rgb);

#endif
