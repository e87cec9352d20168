/* SPU helpers for the demo programs (soundprocessingunitspu.md). Register names as in the
   reference; every register is written with 16-bit stores ("Unstable and Delayed I/O": 32-bit
   writes are reportedly missed now and then). */
#ifndef DEMO_SPU_H
#define DEMO_SPU_H
#include "ps1.h"

#define SPU_VOICES 24
/* "SPU Memory layout": the first 4 KiB are the capture buffers; samples go from 1000h. */
#define SPU_SAMPLE_BASE 0x1000u

/* Voice registers ("SPU ADPCM Samples", "SPU ADPCM Pitch", "SPU Volume and ADSR Generator"). */
typedef struct {
    uint16_t vol_left, vol_right; /* fixed volume mode: bit 15 = 0, volume/2 in bits 0-14 */
    uint16_t pitch;               /* 1000h = 44100 Hz */
    uint32_t addr;                /* start address in sound RAM, bytes (a multiple of 8) */
    uint16_t adsr_lo, adsr_hi;    /* 1F801C08h / 1F801C0Ah */
} SpuVoice;

/* Powers the SPU up with every voice silent and keyed off, the transfer control at 0004h, the
   main volume at zero and reverb off. */
void spu_init(void);
/* Writes `bytes` (rounded up to 64: DMA4 moves blocks of 16 words) from `src` (4-byte aligned)
   to sound RAM at `addr` (a multiple of 8) by DMA4 ("SPU RAM DMA-Write"). */
void spu_dma_write(uint32_t addr, const void* src, uint32_t bytes);
/* Zero-fills the reverb work area of `size` bytes at the end of sound RAM, then loads one of
   the reference's "SPU Reverb Examples" (32 values for 1F801DC0h..1F801DFEh) with mBASE =
   (80000h - size) / 8 and the output volumes. Does not enable it (spu_set_control). */
void spu_reverb_setup(const uint16_t regs[32], uint32_t size, int16_t out_left, int16_t out_right);
/* SPUCNT bits 15 (enable), 14 (unmute), 13-8 (noise clock) and 7 (reverb master), transfer
   mode Stop; waits until SPUSTAT shows the mode ("SPU Control and Status Register"). */
void spu_set_control(uint16_t spucnt);
void spu_set_main_volume(uint16_t left, uint16_t right);
/* Writes a voice's registers (takes effect at the next 44.1 kHz tick). */
void spu_voice_setup(int voice, const SpuVoice* v);
void spu_voice_pitch(int voice, uint16_t pitch);
void spu_voice_volume(int voice, uint16_t left, uint16_t right);
/* Voice masks (bits 0-23): key on / key off / noise / reverb ("SPU Voice Flags"). The SPU
   takes a written value in at its next 44.1 kHz tick (300h CPU cycles), so a caller writes
   KON and KOFF at most once per frame each and never both for one voice. */
void spu_key_on(uint32_t mask);
void spu_key_off(uint32_t mask);
void spu_noise_voices(uint32_t mask);
void spu_reverb_voices(uint32_t mask);

#endif
