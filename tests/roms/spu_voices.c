/* SPU voices (soundprocessingunitspu.md "SPU ADPCM Samples", "SPU Volume and ADSR Generator",
   "SPU Voice Flags", "SPU Interrupt", "SPU Memory layout"): a one-shot note's ENDX and ENVX,
   the loop start flag writing the repeat address, voice 1's capture buffer holding the
   envelope-scaled interpolated samples, and the timing of IRQ9 on a voice's block read. */
#include "test.h"

#define I_STAT MMIO32(0x1f801070)
#define I_MASK MMIO32(0x1f801074)
#define DPCR MMIO32(0x1f8010f0)
#define MADR4 MMIO32(0x1f8010c0)
#define BCR4 MMIO32(0x1f8010c4)
#define CHCR4 MMIO32(0x1f8010c8)
#define T2_COUNT MMIO32(0x1f801120)
#define T2_MODE MMIO32(0x1f801124)
#define VOICE(v, r) MMIO16(0x1f801c00 + (v) * 16 + (r))
#define MAINVOL_L MMIO16(0x1f801d80)
#define MAINVOL_R MMIO16(0x1f801d82)
#define KON_LO MMIO16(0x1f801d88)
#define KOFF_LO MMIO16(0x1f801d8c)
#define ENDX_LO MMIO16(0x1f801d9c)
#define SPU_IRQ_ADDR MMIO16(0x1f801da4)
#define SPU_XFER_ADDR MMIO16(0x1f801da6)
#define SPU_FIFO MMIO16(0x1f801da8)
#define SPUCNT MMIO16(0x1f801daa)
#define SPU_XFER_CTRL MMIO16(0x1f801dac)
#define SPUSTAT MMIO16(0x1f801dae)

#define CNT_ON 0xc000u
#define CNT_IRQ 0x0040u
#define MODE_MANUAL 0x10u
#define MODE_DMA_READ 0x30u

static uint32_t readback[256];

static void set_cnt(uint16_t cnt) {
    SPUCNT = cnt;
    for (int i = 0; i < 10000; ++i)
        if ((SPUSTAT & 0x3f) == (cnt & 0x3f)) return;
}

/* One 16-byte ADPCM block by "SPU RAM Manual Write": header shift/filter, flags, nibbles. */
static void put_block(uint32_t addr, uint8_t shift_filter, uint8_t flags, uint8_t nibble) {
    set_cnt(CNT_ON);
    SPU_XFER_ADDR = (uint16_t)(addr / 8);
    uint16_t data = (uint16_t)(nibble * 0x1111u);
    SPU_FIFO = (uint16_t)(shift_filter | (flags << 8));
    for (int i = 0; i < 7; ++i)
        SPU_FIFO = data;
    set_cnt(CNT_ON | MODE_MANUAL);
    for (int i = 0; i < 10000; ++i)
        if (!(SPUSTAT & (1u << 10))) break;
    set_cnt(CNT_ON);
}

static void dma_read(uint32_t addr, uint32_t words) {
    set_cnt(CNT_ON);
    SPU_XFER_ADDR = (uint16_t)(addr / 8);
    set_cnt(CNT_ON | MODE_DMA_READ);
    MADR4 = (uint32_t)readback & 0xffffff;
    BCR4 = ((words / 16) << 16) | 16;
    CHCR4 = 0x01000200;
    for (int i = 0; i < 100000; ++i)
        if (!(CHCR4 & (1u << 24))) break;
    set_cnt(CNT_ON);
}

static uint16_t half(int i) {
    return (uint16_t)(readback[i / 2] >> ((i & 1) * 16));
}

int main(void) {
    test_begin("spu_voices");
    bios_enter_critical_section();
    uint32_t oldMask = I_MASK;
    I_MASK = 0;
    DPCR |= 8u << 16;
    SPU_XFER_CTRL = 0x0004;
    MAINVOL_L = 0x3fff;
    MAINVOL_R = 0x3fff;

    /* Blocks: 1000h one-shot (code 1, End+Mute) of 7000h samples (shift 0, filter 0, nibble
       7); 3000h a silent endless loop (Loop Start+End+Repeat); 2000h/2010h for the IRQ. */
    put_block(0x1000, 0x00, 0x01, 7);
    put_block(0x3000, 0x00, 0x07, 0);
    put_block(0x2000, 0x00, 0x00, 0);
    put_block(0x2010, 0x00, 0x07, 0);

    /* Voice 1: 44.1 kHz (1000h), attack linear shift 0 step 0 (+3800h per tick), decay shift
       Fh, sustain level Fh, sustain rate all ones (never steps). */
    VOICE(1, 0x0) = 0x3fff;
    VOICE(1, 0x2) = 0x3fff;
    VOICE(1, 0x4) = 0x1000;
    VOICE(1, 0x6) = 0x1000 / 8;
    VOICE(1, 0x8) = 0x00ff;
    VOICE(1, 0xa) = 0x1fc0;
    VOICE(1, 0xe) = 0x3000 / 8; /* where the one-shot continues after its end */
    KON_LO = 1u << 1;
    check_eq("Key On clears ENDX", ENDX_LO & 2, 0);
    int ended = 0;
    for (int i = 0; i < 200000 && !ended; ++i)
        ended = (ENDX_LO >> 1) & 1;
    check_true("ENDX is set on reaching the Loop End flag", ended);
    check_eq("End+Mute (code 1) sets the ADSR volume to 0000h", VOICE(1, 0xc), 0);

    /* Capture: "Voice 1 ... after ADSR processing". The note's samples 3..27 play the constant
       7000h with the envelope at 7FFFh: Gauss sum at i=0 of four 7000h = (12C7h*7000h SAR 15)
       + (59B3h*7000h SAR 15) + (1307h*7000h SAR 15) + (-1*7000h SAR 15) = 4206+20092+4262-1 =
       28559; times 7FFFh SAR 15 = 28558. */
    dma_read(0x800, 256);
    int steady = 0, above = 0;
    for (int i = 0; i < 512; ++i) {
        steady += half(i) == 28558;
        above += (int16_t)half(i) > 28558;
    }
    check_true("voice 1's capture buffer holds the steady note (25 samples of 28558)",
               steady >= 24 && steady <= 26);
    check_eq("no captured sample exceeds the steady value", above, 0);
    dma_read(0xc00, 256);
    int zero = 1;
    for (int i = 0; i < 512; ++i)
        zero &= half(i) == 0;
    check_true("voice 3's capture buffer is silent (voice 3 never played)", zero);

    /* Loop Start copies the block address to the repeat address register. */
    VOICE(3, 0x4) = 0x1000;
    VOICE(3, 0x6) = 0x3000 / 8;
    VOICE(3, 0xe) = 0x0040;
    KON_LO = 1u << 3;
    for (int i = 0; i < 2000 && VOICE(3, 0xe) == 0x0040; ++i) {
    }
    check_eq("Loop Start writes the repeat address", VOICE(3, 0xe), 0x3000 / 8);
    KOFF_LO = (1u << 3) | (1u << 1);

    /* Voice Interrupt: voice 5 plays 2000h (28 ticks at 1000h) then reads the header of
       2010h, the IRQ address, in the 29th tick after Key On: 28*768 < t <= 29*768 cycles. */
    I_STAT = ~(1u << 9);
    SPU_IRQ_ADDR = 0x2010 / 8;
    VOICE(5, 0x4) = 0x1000;
    VOICE(5, 0x6) = 0x2000 / 8;
    set_cnt(CNT_ON | CNT_IRQ);
    T2_MODE = 0; /* system clock; writing the mode resets the counter */
    KON_LO = 1u << 5;
    uint32_t t = 0;
    for (int i = 0; i < 100000; ++i) {
        if ((I_STAT >> 9) & 1) {
            t = T2_COUNT & 0xffff;
            break;
        }
    }
    check_true("IRQ9 when the voice reads the block at the IRQ address", t != 0);
    check_true("IRQ9 comes in the 29th tick after Key On (28*768 < t <= 29*768 + poll)",
               t > 28 * 768 && t <= 29 * 768 + 200);
    check_eq("SPUSTAT.6 is set", (SPUSTAT >> 6) & 1, 1);
    set_cnt(CNT_ON);
    check_eq("clearing SPUCNT.6 acknowledges", (SPUSTAT >> 6) & 1, 0);
    I_STAT = ~(1u << 9);

    I_MASK = oldMask;
    bios_exit_critical_section();
    return test_done();
}
