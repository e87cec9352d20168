/* The demo's sound: a looping tune (melody, bass, pad chords, drums) stepped once per frame,
   and sound effects for game events, on the SPU with reverb (soundprocessingunitspu.md). */
#ifndef MUSIC_H
#define MUSIC_H
#include "game.h"

/* Powers the SPU up, uploads the instruments and sets up the reverb. */
void music_init(void);
/* One frame: advances the tune and starts the effects for what happened in the game since the
   last call (a ring collected, a boost begun). Call once per vblank. */
void music_frame(const Game* g);

#endif
