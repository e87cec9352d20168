#include "spu.h"

#include "hw.h"
#include "sys.h"

/* soundprocessingunitspu.md, "SPU I/O Port Summary" and the sections named below. */
#define SPU_REG(off) MMIO16(0x1F801C00u + (off))
#define SPU_VOICE_REG(v, off) SPU_REG((v)*0x10u + (off))
#define VOICE_VOL_L 0x0
#define VOICE_VOL_R 0x2
#define VOICE_PITCH 0x4
#define VOICE_ADDR 0x6 /* start address / 8 */
#define VOICE_ADSR_LO 0x8
#define VOICE_ADSR_HI 0xA
#define VOICE_ADSR_VOL 0xC
#define MAIN_VOL_L SPU_REG(0x180)
#define MAIN_VOL_R SPU_REG(0x182)
#define REVERB_OUT_L SPU_REG(0x184) /* vLOUT */
#define REVERB_OUT_R SPU_REG(0x186) /* vROUT */
#define KON_LO SPU_REG(0x188)
#define KON_HI SPU_REG(0x18A)
#define KOFF_LO SPU_REG(0x18C)
#define KOFF_HI SPU_REG(0x18E)
#define PMON_LO SPU_REG(0x190)
#define PMON_HI SPU_REG(0x192)
#define NON_LO SPU_REG(0x194)
#define NON_HI SPU_REG(0x196)
#define EON_LO SPU_REG(0x198)
#define EON_HI SPU_REG(0x19A)
#define REVERB_BASE SPU_REG(0x1A2) /* mBASE */
#define TRANSFER_ADDR SPU_REG(0x1A6)
#define SPUCNT SPU_REG(0x1AA)
#define TRANSFER_CTRL SPU_REG(0x1AC)
#define SPUSTAT SPU_REG(0x1AE)
#define CD_VOL_L SPU_REG(0x1B0)
#define CD_VOL_R SPU_REG(0x1B2)
#define EXT_VOL_L SPU_REG(0x1B4)
#define EXT_VOL_R SPU_REG(0x1B6)
#define REVERB_REGS 0x1C0 /* dAPF1 .. vRIN, 32 halfwords */

#define SPUCNT_MODE_MASK 0x30u /* bits 5-4: transfer mode */
#define SPUCNT_MODE_DMA_WRITE 0x20u
#define SPUSTAT_MODE_MASK 0x3Fu /* bits 5-0: SPUCNT bits 5-0, applied a bit delayed */
#define SPUSTAT_BUSY (1u << 10)

/* dmachannels.md: DMA4 is the SPU's channel; "SPU RAM DMA-Write": blocksize 10h words,
   CHCR 01000201h (from RAM, sync mode 1, start). */
#define DMA_SPU 4
#define DMA_SPU_BLOCK_WORDS 16u

/* Bounded waits, as in gpu.c: a missing device must not hang the demo. */
#define WAIT_LIMIT 4000000

static uint16_t g_spucnt;
/* Zeros for clearing the reverb area by DMA (in .bss, cleared by crt0). */
static uint32_t g_zero[256];

static void wait_mode_applied(void) {
    for (int i = 0; i < WAIT_LIMIT && (SPUSTAT & SPUSTAT_MODE_MASK) != (g_spucnt & 0x3Fu); ++i)
        sys_poll_vblank();
}

static void write_spucnt(uint16_t v) {
    g_spucnt = v;
    SPUCNT = v;
    wait_mode_applied();
}

/* Several voice bits in one register pair: low halfword voices 0-15, high 16-23. */
static void write_mask(volatile uint16_t* lo, volatile uint16_t* hi, uint32_t mask) {
    *lo = (uint16_t)mask;
    *hi = (uint16_t)((mask >> 16) & 0xFFu);
}

void spu_init(void) {
    /* "SPU Memory Access": the transfer control should be 0004h (normal transfer type). */
    write_spucnt(0);
    TRANSFER_CTRL = 0x0004;
    MAIN_VOL_L = 0;
    MAIN_VOL_R = 0;
    REVERB_OUT_L = 0;
    REVERB_OUT_R = 0;
    CD_VOL_L = CD_VOL_R = 0;
    EXT_VOL_L = EXT_VOL_R = 0;
    write_mask(&PMON_LO, &PMON_HI, 0);
    write_mask(&NON_LO, &NON_HI, 0);
    write_mask(&EON_LO, &EON_HI, 0);
    for (int v = 0; v < SPU_VOICES; ++v) {
        SPU_VOICE_REG(v, VOICE_VOL_L) = 0;
        SPU_VOICE_REG(v, VOICE_VOL_R) = 0;
        SPU_VOICE_REG(v, VOICE_PITCH) = 0;
        SPU_VOICE_REG(v, VOICE_ADDR) = SPU_SAMPLE_BASE / 8;
        SPU_VOICE_REG(v, VOICE_ADSR_LO) = 0;
        SPU_VOICE_REG(v, VOICE_ADSR_HI) = 0;
        SPU_VOICE_REG(v, VOICE_ADSR_VOL) = 0;
    }
    write_mask(&KOFF_LO, &KOFF_HI, 0xFFFFFFu);
    write_spucnt(0x8000u); /* enabled, muted, transfer mode Stop */
    DMA_DPCR |= 8u << (DMA_SPU * 4);
}

void spu_dma_write(uint32_t addr, const void* src, uint32_t bytes) {
    const uint32_t blocks = (bytes + DMA_SPU_BLOCK_WORDS * 4 - 1) / (DMA_SPU_BLOCK_WORDS * 4);
    if (blocks == 0) return;
    /* "SPU RAM DMA-Write": Stop (applied), address, DMA write mode (applied), DMA4. */
    TRANSFER_CTRL = 0x0004;
    write_spucnt((uint16_t)(g_spucnt & ~SPUCNT_MODE_MASK));
    TRANSFER_ADDR = (uint16_t)(addr / 8);
    write_spucnt((uint16_t)((g_spucnt & ~SPUCNT_MODE_MASK) | SPUCNT_MODE_DMA_WRITE));
    DMA_MADR(DMA_SPU) = (uint32_t)src & 0x00FFFFFFu;
    DMA_BCR(DMA_SPU) = (blocks << 16) | DMA_SPU_BLOCK_WORDS;
    DMA_CHCR(DMA_SPU) = 0x01000201u;
    for (int i = 0; i < WAIT_LIMIT && (DMA_CHCR(DMA_SPU) & CHCR_START_BUSY); ++i)
        sys_poll_vblank();
    for (int i = 0; i < WAIT_LIMIT && (SPUSTAT & SPUSTAT_BUSY); ++i)
        sys_poll_vblank();
    write_spucnt((uint16_t)(g_spucnt & ~SPUCNT_MODE_MASK));
}

void spu_reverb_setup(const uint16_t regs[32], uint32_t size, int16_t out_left, int16_t out_right) {
    /* "Reverb Bits in SPUCNT": with the master enable clear the SPU writes nothing to the
       work area, so the zeros stay. The area runs from 80000h - size to the end of RAM. */
    write_spucnt((uint16_t)(g_spucnt & ~0x80u));
    uint32_t start = (0x80000u - size) & ~63u; /* DMA blocks are 64 bytes */
    for (uint32_t a = start; a < 0x80000u; a += sizeof g_zero) {
        uint32_t n = 0x80000u - a < sizeof g_zero ? 0x80000u - a : sizeof g_zero;
        spu_dma_write(a, g_zero, n);
    }
    for (int i = 0; i < 32; ++i)
        SPU_REG(REVERB_REGS + 2 * i) = regs[i];
    REVERB_BASE = (uint16_t)((0x80000u - size) / 8);
    REVERB_OUT_L = (uint16_t)out_left;
    REVERB_OUT_R = (uint16_t)out_right;
}

void spu_set_control(uint16_t spucnt) {
    write_spucnt((uint16_t)(spucnt & ~SPUCNT_MODE_MASK));
}

void spu_set_main_volume(uint16_t left, uint16_t right) {
    MAIN_VOL_L = left;
    MAIN_VOL_R = right;
}

void spu_voice_setup(int voice, const SpuVoice* v) {
    SPU_VOICE_REG(voice, VOICE_VOL_L) = v->vol_left;
    SPU_VOICE_REG(voice, VOICE_VOL_R) = v->vol_right;
    SPU_VOICE_REG(voice, VOICE_PITCH) = v->pitch;
    SPU_VOICE_REG(voice, VOICE_ADDR) = (uint16_t)(v->addr / 8);
    SPU_VOICE_REG(voice, VOICE_ADSR_LO) = v->adsr_lo;
    SPU_VOICE_REG(voice, VOICE_ADSR_HI) = v->adsr_hi;
}

void spu_voice_pitch(int voice, uint16_t pitch) {
    SPU_VOICE_REG(voice, VOICE_PITCH) = pitch;
}

void spu_voice_volume(int voice, uint16_t left, uint16_t right) {
    SPU_VOICE_REG(voice, VOICE_VOL_L) = left;
    SPU_VOICE_REG(voice, VOICE_VOL_R) = right;
}

void spu_key_on(uint32_t mask) {
    if (mask) write_mask(&KON_LO, &KON_HI, mask);
}

void spu_key_off(uint32_t mask) {
    if (mask) write_mask(&KOFF_LO, &KOFF_HI, mask);
}

void spu_noise_voices(uint32_t mask) {
    write_mask(&NON_LO, &NON_HI, mask);
}

void spu_reverb_voices(uint32_t mask) {
    write_mask(&EON_LO, &EON_HI, mask);
}
