/* MDEC (macroblockdecodermdec.md): tables, then known blocks decoded in every output depth,
   by MDEC0/MDEC1 ports and by DMA0/DMA1. The expected pixels are computed here from the
   reference's formulas (rl_decode_block, real_idct_core, y_to_mono, yuv_to_rgb), written
   apart from the emulator's decoder. */
#include "test.h"

#define MDEC0 MMIO32(0x1f801820)
#define MDEC1 MMIO32(0x1f801824)
#define DPCR MMIO32(0x1f8010f0)
#define MADR(n) MMIO32(0x1f801080 + 0x10 * (n))
#define BCR(n) MMIO32(0x1f801084 + 0x10 * (n))
#define CHCR(n) MMIO32(0x1f801088 + 0x10 * (n))

static const uint8_t zigzag[64] = {0,  1,  5,  6,  14, 15, 27, 28, 2,  4,  7,  13, 16,
                                   26, 29, 42, 3,  8,  12, 17, 25, 30, 41, 43, 9,  11,
                                   18, 24, 31, 40, 44, 53, 10, 19, 23, 32, 39, 45, 52,
                                   54, 20, 22, 33, 38, 46, 51, 55, 60, 21, 34, 37, 47,
                                   50, 56, 59, 61, 35, 36, 48, 49, 57, 58, 62, 63};
static const uint16_t scaletable[64] = {
    0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x7D8A, 0x6A6D, 0x471C,
    0x18F8, 0xE707, 0xB8E3, 0x9592, 0x8275, 0x7641, 0x30FB, 0xCF04, 0x89BE, 0x89BE, 0xCF04,
    0x30FB, 0x7641, 0x6A6D, 0xE707, 0x8275, 0xB8E3, 0x471C, 0x7D8A, 0x18F8, 0x9592, 0x5A82,
    0xA57D, 0xA57D, 0x5A82, 0x5A82, 0xA57D, 0xA57D, 0x5A82, 0x471C, 0x8275, 0x18F8, 0x6A6D,
    0x9592, 0xE707, 0x7D8A, 0xB8E3, 0x30FB, 0x89BE, 0x7641, 0xCF04, 0xCF04, 0x7641, 0x89BE,
    0x30FB, 0x18F8, 0xB8E3, 0x6A6D, 0x8275, 0x7D8A, 0x9592, 0x471C, 0xE707};

static uint8_t iq_y[64], iq_uv[64];
static uint32_t scale_words[32];
static uint32_t stream[256]; /* run-length halfwords, two per word */
static uint32_t out_port[192], out_dma[192];

/* --- the reference's formulas ------------------------------------------------------------ */

static int signed10(int n) { return (n & 0x200) ? (n & 0x3ff) - 0x400 : (n & 0x3ff); }
static int minmax(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
static int floordiv(int a, int b) { /* b > 0 */
    int q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

/* rl_decode_block then real_idct_core then y_to_mono; returns halfwords consumed. */
static int ref_block(const uint16_t* src, const uint8_t* qt, int out[64]) {
    int blk[64], tmp[64], zagzig[64], i, x, y, z, pass;
    const uint16_t* start = src;
    for (i = 0; i < 64; ++i) {
        blk[i] = 0;
        zagzig[zigzag[i]] = i;
    }
    int n;
    do {
        n = *src++;
    } while (n == 0xfe00);
    int k = 0, q_scale = (n >> 10) & 0x3f;
    int val = signed10(n & 0x3ff) * qt[k];
    for (;;) {
        if (q_scale == 0) val = signed10(n & 0x3ff) * 2;
        val = minmax(val, -0x400, 0x3ff);
        if (q_scale > 0) blk[zagzig[k]] = val;
        if (q_scale == 0) blk[k] = val;
        if (k == 63) break;
        n = *src++;
        k = k + ((n >> 10) & 0x3f) + 1;
        if (k > 63) break;
        val = floordiv(signed10(n & 0x3ff) * qt[k] * q_scale + 4, 8);
    }
    int *s = blk, *d = tmp;
    for (pass = 0; pass < 2; ++pass) {
        for (x = 0; x < 8; ++x)
            for (y = 0; y < 8; ++y) {
                int sum = 0;
                for (z = 0; z < 8; ++z)
                    sum += s[y + z * 8] * floordiv((int16_t)scaletable[x + z * 8], 8);
                d[x + y * 8] = floordiv(sum + 0xfff, 0x2000);
            }
        int* t = s;
        s = d;
        d = t;
    }
    for (i = 0; i < 64; ++i) {
        int v = s[i] & 0x1ff;
        if (v & 0x100) v -= 0x200;
        out[i] = minmax(v, -128, 127);
    }
    return (int)(src - start);
}

/* yuv_to_rgb with the reference's constants as exact fractions, rounded to nearest. */
static int round_frac(int num, int den) { return floordiv(2 * num + den, 2 * den); }
static void ref_rgb(int y, int cr, int cb, int* r, int* g, int* b) {
    *r = minmax(y + round_frac(1402 * cr, 1000), -128, 127);
    *g = minmax(y + round_frac(-3437 * cb - 7143 * cr, 10000), -128, 127);
    *b = minmax(y + round_frac(1772 * cb, 1000), -128, 127);
}

/* --- building streams ---------------------------------------------------------------------- */

static uint16_t* hw(void) { return (uint16_t*)stream; }
static int nh; /* halfwords in stream */
static void put(uint16_t h) { hw()[nh++] = h; }
/* A block: DC (q_scale qs) and a few AC values chosen by `seed`. */
static void put_block(int qs, int dc, int seed) {
    int i;
    put((uint16_t)((qs << 10) | (dc & 0x3ff)));
    for (i = 0; i < (seed & 7); ++i) put((uint16_t)((((seed >> i) & 3) << 10) | ((seed * 7 + i * 29 - 40) & 0x3ff)));
    put(0xfe00);
}
/* Pads to whole words (or to `words` words) with FE00h; returns the word count. */
static int finish(int words) {
    while (nh & 1) put(0xfe00);
    while (nh < words * 2) put(0xfe00);
    return nh / 2;
}

static void wait_dma(int ch) {
    int i;
    for (i = 0; i < 200000 && (CHCR(ch) & (1u << 24)); ++i) {
    }
}
static void wait_ready(int words) {
    int i;
    /* Until the data-out FIFO has data and the command is done (the decode takes time). */
    for (i = 0; i < 100000 && ((MDEC1 & 0x80000000u) || (MDEC1 & 0x20000000u)); ++i) {
    }
    (void)words;
}
static void read_port(uint32_t* dst, int n) {
    int i;
    for (i = 0; i < n; ++i) dst[i] = MDEC0;
}
/* DMA1 of n words into dst (blocks of bs words), then DMA0 of the stream. */
static void decode_dma(uint32_t cmd, int words, uint32_t* dst, int n, int bs) {
    MDEC0 = cmd;
    MADR(1) = (uint32_t)dst & 0xffffff;
    BCR(1) = ((uint32_t)(n / bs) << 16) | (uint32_t)bs;
    CHCR(1) = 0x01000200; /* to RAM, slice mode, start */
    int bs0 = words < 32 ? words : 32;
    MADR(0) = (uint32_t)stream & 0xffffff;
    BCR(0) = ((uint32_t)(words / bs0) << 16) | (uint32_t)bs0;
    CHCR(0) = 0x01000201; /* from RAM, slice mode, start */
    wait_dma(0);
    wait_dma(1);
}

int main(void) {
    int i, b, x, y;
    test_begin("mdec_decode");
    bios_enter_critical_section();
    check_eq("MDEC1 status after reset is 80040000h", (MDEC1 = 0x80000000u, MDEC1), 0x80040000u);
    DPCR |= 0x88; /* DMA0 and DMA1 on */

    /* MDEC(2) by port: luma and chroma tables. */
    for (i = 0; i < 64; ++i) {
        iq_y[i] = (uint8_t)(2 + i);
        iq_uv[i] = (uint8_t)(4 + i / 2);
    }
    MDEC0 = 0x40000001;
    check_eq("MDEC(2) with color: 32 words, STAT.0-15 = 31", MDEC1 & 0x2000ffff, 0x2000001f);
    for (i = 0; i < 16; ++i) MDEC0 = ((uint32_t*)iq_y)[i];
    for (i = 0; i < 16; ++i) MDEC0 = ((uint32_t*)iq_uv)[i];
    check_eq("MDEC(2) done: not busy, FFFFh", MDEC1 & 0x2000ffff, 0x0000ffff);

    /* MDEC(3) by DMA0. */
    for (i = 0; i < 32; ++i) scale_words[i] = scaletable[2 * i] | ((uint32_t)scaletable[2 * i + 1] << 16);
    MDEC1 = 0x60000000; /* data-in and data-out requests */
    MDEC0 = 0x60000000;
    check_true("MDEC(3): data-in request (STAT.28)", (MDEC1 >> 28) & 1);
    MADR(0) = (uint32_t)scale_words & 0xffffff;
    BCR(0) = (1u << 16) | 32;
    CHCR(0) = 0x01000201;
    wait_dma(0);
    check_eq("MDEC(3) by DMA0: done", MDEC1 & 0x2000ffff, 0x0000ffff);

    /* Mono 8-bit unsigned by port. */
    int ref[6][64];
    nh = 0;
    put_block(3, 37, 0x35);
    int words = finish(0);
    ref_block(hw(), iq_y, ref[0]);
    MDEC1 = 0;
    MDEC0 = 0x28000000 | (uint32_t)words; /* decode, 8-bit, unsigned */
    check_eq("MDEC(1): STAT.0-15 = words - 1", MDEC1 & 0xffff, (uint32_t)words - 1);
    for (i = 0; i < words; ++i) MDEC0 = stream[i];
    wait_ready(16);
    read_port(out_port, 16);
    int bad = 0;
    for (i = 0; i < 64; ++i)
        bad += ((out_port[i / 4] >> (8 * (i & 3))) & 0xff) != (uint32_t)((ref[0][i] + 128) & 0xff);
    check_eq("8-bit unsigned mono by MDEC0 = y_to_mono + 128", (uint32_t)bad, 0);
    check_true("data-out FIFO empty after 16 words", MDEC1 >> 31);

    /* Mono 8-bit signed by DMA. */
    MDEC1 = 0x60000000;
    decode_dma(0x2c000000 | (uint32_t)words, words, out_dma, 16, 16);
    bad = 0;
    for (i = 0; i < 64; ++i)
        bad += ((out_dma[i / 4] >> (8 * (i & 3))) & 0xff) != (uint32_t)(ref[0][i] & 0xff);
    check_eq("8-bit signed mono by DMA1 = y_to_mono", (uint32_t)bad, 0);

    /* Mono 4-bit (signed and unsigned), by DMA and by port: (y + 8) >> 4, at most 7. */
    decode_dma(0x24000000 | (uint32_t)words, words, out_dma, 8, 8);
    MDEC0 = 0x20000000 | (uint32_t)words;
    for (i = 0; i < words; ++i) MDEC0 = stream[i];
    wait_ready(8);
    read_port(out_port, 8);
    int bad_s = 0, bad_u = 0;
    for (i = 0; i < 64; ++i) {
        int v = (minmax(ref[0][i] + 8, -128, 127) >> 4);
        if (v > 7) v = 7;
        bad_s += ((out_dma[i / 8] >> (4 * (i & 7))) & 0xf) != (uint32_t)(v & 0xf);
        bad_u += ((out_port[i / 8] >> (4 * (i & 7))) & 0xf) != (uint32_t)((v + 8) & 0xf);
    }
    check_eq("4-bit signed mono by DMA1", (uint32_t)bad_s, 0);
    check_eq("4-bit unsigned mono by MDEC0", (uint32_t)bad_u, 0);

    /* Colour: Cr, Cb, Y1..Y4 with AC values. */
    nh = 0;
    const uint16_t* blk_at[6];
    for (b = 0; b < 6; ++b) {
        blk_at[b] = hw() + nh;
        put_block(2 + b, b < 2 ? (b ? -80 : 100) : 120 * b - 420, 0x2b + 11 * b);
    }
    words = finish(64);
    for (b = 0; b < 6; ++b) ref_block(blk_at[b], b < 2 ? iq_uv : iq_y, ref[b]);

    /* 24-bit unsigned: by port (8x8 blocks) and by DMA (16x16). */
    MDEC0 = 0x30000000 | (uint32_t)words;
    for (i = 0; i < words; ++i) MDEC0 = stream[i];
    wait_ready(192);
    check_eq("colour output starts with block Y1 (STAT.16-18)", (MDEC1 >> 16) & 7, 0);
    read_port(out_port, 192);
    decode_dma(0x30000000 | (uint32_t)words, words, out_dma, 192, 32);
    int worst = 0, order_bad = 0;
    const uint8_t* pp = (const uint8_t*)out_port;
    const uint8_t* pd = (const uint8_t*)out_dma;
    for (y = 0; y < 16; ++y)
        for (x = 0; x < 16; ++x) {
            int yb = 2 + (y / 8) * 2 + x / 8, c = (y / 2) * 8 + x / 2, r, g, bl;
            ref_rgb(ref[yb][(y % 8) * 8 + x % 8], ref[0][c], ref[1][c], &r, &g, &bl);
            int port_at = ((yb - 2) * 64 + (y % 8) * 8 + x % 8) * 3, dma_at = (y * 16 + x) * 3;
            int want[3] = {r + 128, g + 128, bl + 128};
            for (i = 0; i < 3; ++i) {
                int d = pd[dma_at + i] - want[i];
                if (d < 0) d = -d;
                if (d > worst) worst = d;
                order_bad += pp[port_at + i] != pd[dma_at + i];
            }
        }
    check_true("24-bit colour within 1 of yuv_to_rgb (its resolution is unknown)", worst <= 1);
    check_eq("DMA1 gives the port's 8x8 blocks as 16x16 rows", (uint32_t)order_bad, 0);

    /* 15-bit signed with bit 15, by DMA: from the 24-bit port output (unsigned values u):
       5 bits = min(31, (u + 4) >> 3), signed flips bit 4 of each. */
    decode_dma(0x3e000000 | (uint32_t)words, words, out_dma, 128, 32);
    bad = 0;
    for (y = 0; y < 16; ++y)
        for (x = 0; x < 16; ++x) {
            int yb = (y / 8) * 2 + x / 8;
            int at = (yb * 64 + (y % 8) * 8 + x % 8) * 3;
            uint32_t px = 0x8000, c5;
            for (i = 0; i < 3; ++i) {
                c5 = (uint32_t)((pp[at + i] + 4) >> 3);
                if (c5 > 31) c5 = 31;
                px |= (c5 ^ 0x10) << (5 * i);
            }
            uint32_t got = (out_dma[(y * 16 + x) / 2] >> (16 * (x & 1))) & 0xffff;
            bad += got != px;
        }
    check_eq("15-bit signed + bit 15 by DMA1", (uint32_t)bad, 0);
    check_true("all done: not busy, output empty", (MDEC1 & 0xa0000000u) == 0x80000000u);

    DPCR &= ~0x88u;
    bios_exit_critical_section();
    return test_done();
}
