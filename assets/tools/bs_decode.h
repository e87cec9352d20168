/* BS v1/v2 bitstream -> MDEC run-length halfwords (cdromfileformats.md "CDROM File Video BS
   Compression Headers", "... DC Values" and "... AC Values"), as a program decodes a movie
   frame on the PS1's CPU before handing it to MDEC(1). Plain C (no allocation, no library):
   the movie player (assets/movie/player.c) runs it on the console, and the host tests
   (tests/unit/bs_codec_test.cpp) run the same code against our encoder (bs_encoder.h).
   Format facts relied on:
   - Header: MDEC size/4, File ID 3800h, quant (0..3Fh), version (1 or 2); the bitstream follows
     as little-endian halfwords, first bit in bit 15 of the first halfword.
   - Per block: DC as a signed 10-bit value (+1FFh in place of a block's DC = End of Frame),
     then AC codes up to EOB. The MDEC's DC halfword is DC + quant * 400h.
   - AC codes are a run of z leading zeros, a 1, k index bits and a sign bit (s = 1 negates the
     level in the low 10 bits); z = 5 is the escape (16 raw bits), "10" is EOB. */
#ifndef SKIPJACK_BS_DECODE_H
#define SKIPJACK_BS_DECODE_H
#include <stdint.h>

#define BS_FILE_ID 0x3800
#define BS_END_OF_BLOCK 0xfe00

/* The bit reader: `window` holds `have` unread bits, top-aligned; `pos` is the next byte to
   load. Bits past the end read as 0. A plain struct the decoder copies into locals, so the
   compiler keeps it in registers on the console. */
typedef struct {
    const uint8_t* data; /* the bitstream (after the 8-byte header) */
    uint32_t bytes;      /* its length */
    uint32_t pos;
    uint32_t window;
    int have;
} bs_bits;

typedef struct {
    bs_bits bits;
    uint16_t quant;      /* header quant << 10 */
    uint16_t mdec_words; /* header: MDEC size / 4 */
} bs_reader;

/* The MDEC values (level positive) of the AC codes with z leading zeros, in the order their
   index bits select them ("CDROM File Video BS Compression AC Values", v1/v2/v3/iki). Codes
   with z = 0, 1 and the short forms of z = 2 are decoded by hand below; z = 5 is the escape. */
static const uint16_t bs_ac_z2[8] = {0x3401, 0x0006, 0x3001, 0x2c01,
                                     0x0c02, 0x0403, 0x0005, 0x2801}; /* 00100xxxs */
static const uint16_t bs_ac_z3[4] = {0x1c01, 0x1801, 0x0402, 0x1401}; /* 0001xxs */
static const uint16_t bs_ac_z4[4] = {0x0802, 0x2401, 0x0004, 0x2001}; /* 00001xxs */
static const uint16_t bs_ac_z6[8] = {0x4001, 0x1402, 0x0007, 0x0803,
                                     0x0404, 0x3c01, 0x3801, 0x1002}; /* 0000001xxxs */
static const uint16_t bs_ac_z7to11[5][16] = {
    {0x000b, 0x2002, 0x1003, 0x000a, 0x0804, 0x1c02, 0x5401, 0x5001, 0x0009, 0x4c01, 0x4801, 0x0405,
     0x0c03, 0x0008, 0x1802, 0x4401},
    {0x2802, 0x2402, 0x1403, 0x0c04, 0x0805, 0x0407, 0x0406, 0x000f, 0x000e, 0x000d, 0x000c, 0x6801,
     0x6401, 0x6001, 0x5c01, 0x5801},
    {0x001f, 0x001e, 0x001d, 0x001c, 0x001b, 0x001a, 0x0019, 0x0018, 0x0017, 0x0016, 0x0015, 0x0014,
     0x0013, 0x0012, 0x0011, 0x0010},
    {0x0028, 0x0027, 0x0026, 0x0025, 0x0024, 0x0023, 0x0022, 0x0021, 0x0020, 0x040e, 0x040d, 0x040c,
     0x040b, 0x040a, 0x0409, 0x0408},
    {0x0412, 0x0411, 0x0410, 0x040f, 0x1803, 0x4002, 0x3c02, 0x3802, 0x3402, 0x3002, 0x2c02, 0x7c01,
     0x7801, 0x7401, 0x7001, 0x6c01}};

/* Tops the window up to at least 17 bits (the longest AC code). */
static inline void bs_refill(bs_bits* b) {
    while (b->have <= 16) {
        uint32_t h = 0;
        if (b->pos + 1 < b->bytes)
            h = (uint32_t)b->data[b->pos] | ((uint32_t)b->data[b->pos + 1] << 8);
        b->pos += 2;
        b->window |= h << (16 - b->have);
        b->have += 16;
    }
}

static inline uint32_t bs_take(bs_bits* b, int n) {
    const uint32_t v = b->window >> (32 - n);
    b->window <<= n;
    b->have -= n;
    bs_refill(b);
    return v;
}

/* Bits were taken past the end of the frame (a truncated frame: what lay past it read as 0):
   every loaded bit is either taken or still in the window. */
static inline int bs_overrun(const bs_reader* r) {
    return r->bits.pos * 8 - (uint32_t)r->bits.have > r->bits.bytes * 8;
}

/* Reads the header of a BS frame of `bytes` bytes; 0 when it is not BS v1/v2 (File ID 3800h,
   version 1 or 2, quant 0..3Fh) or too short. */
static inline int bs_begin(bs_reader* r, const uint8_t* frame, uint32_t bytes) {
    r->bits.data = frame;
    r->bits.bytes = 0; /* a refused frame reads as nothing but zeros */
    r->bits.pos = 0;
    r->bits.window = 0;
    r->bits.have = 0;
    r->quant = 0;
    r->mdec_words = 0;
    if (bytes < 8) return 0;
    const uint16_t size = (uint16_t)(frame[0] | (frame[1] << 8));
    const uint16_t id = (uint16_t)(frame[2] | (frame[3] << 8));
    const uint16_t quant = (uint16_t)(frame[4] | (frame[5] << 8));
    const uint16_t version = (uint16_t)(frame[6] | (frame[7] << 8));
    if (id != BS_FILE_ID || quant > 0x3f || (version != 1 && version != 2)) return 0;
    r->bits.data = frame + 8;
    r->bits.bytes = bytes - 8;
    r->quant = (uint16_t)(quant << 10);
    r->mdec_words = size;
    bs_refill(&r->bits);
    return 1;
}

/* Decodes one block into out[] (DC halfword, AC halfwords, FE00h; at most 65 halfwords).
   Returns the halfwords written, 0 at the End of Frame code, -1 on a code the format does not
   define or a block of more than 63 AC values. Works on a copy of the bit reader in locals. */
static inline int bs_block(bs_reader* r, uint16_t* out) {
    bs_bits b = r->bits;
    int n = -1;
    const uint32_t dc = bs_take(&b, 10);
    if (dc == 0x1ff) {
        n = 0;
        goto done;
    }
    out[0] = (uint16_t)(r->quant | dc);
    for (int k = 1;;) {
        const uint32_t w = b.window;
        uint32_t v;
        int len;
        if (w & 0x80000000u) {
            if (!(w & 0x40000000u)) { /* 10: EOB */
                bs_take(&b, 2);
                out[k++] = BS_END_OF_BLOCK;
                n = k;
                goto done;
            }
            v = 0x0001, len = 3; /* 11s */
        } else if (w & 0x40000000u) {
            if (w & 0x20000000u)
                v = 0x0401, len = 4; /* 011s */
            else
                v = (w & 0x10000000u) ? 0x0801 : 0x0002, len = 5; /* 010xs */
        } else if (w & 0x20000000u) {
            if (w & 0x10000000u)
                v = (w & 0x08000000u) ? 0x0c01 : 0x1001, len = 6; /* 0011xs */
            else if (w & 0x08000000u)
                v = 0x0003, len = 6; /* 00101s */
            else
                v = bs_ac_z2[(w >> 24) & 7], len = 9; /* 00100xxxs */
        } else {
            int z = 3;
            while (z < 12 && !(w & (0x80000000u >> z)))
                ++z;
            if (z == 12) goto done; /* 000000000000: unused */
            if (z == 5) {           /* 000001 + 16 raw bits */
                bs_take(&b, 6);
                v = bs_take(&b, 16);
                if (k > 63) goto done;
                out[k++] = (uint16_t)v;
                continue;
            }
            if (z == 3)
                v = bs_ac_z3[(w >> 26) & 3], len = 7;
            else if (z == 4)
                v = bs_ac_z4[(w >> 25) & 3], len = 8;
            else if (z == 6)
                v = bs_ac_z6[(w >> 22) & 7], len = 11;
            else
                v = bs_ac_z7to11[z - 7][(w >> (27 - z)) & 15], len = z + 6;
        }
        if ((w >> (32 - len)) & 1) /* s: negative level */
            v = (v & 0xfc00) | ((0x400 - (v & 0x3ff)) & 0x3ff);
        bs_take(&b, len);
        if (k > 63) goto done;
        out[k++] = (uint16_t)v;
    }
done:
    r->bits = b;
    return n;
}

#endif
