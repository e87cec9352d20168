/* The movie player (issue 15 item 2): streams MOVIE.STR from the disc it booted from through
   the CD-ROM drive (cdromdrive.md: Setloc, SetMode double speed, ReadS, INT1 per sector, data
   by RDDATA), gathers each frame's sectors by their STR headers (cdromfileformats.md "CDROM File
   Video Streaming STR (Sony)"), decodes the frame's BS v2 bitstream to MDEC codes on the CPU
   as games' libraries do (assets/tools/bs_decode.h), decodes those through the MDEC (DMA0 in,
   DMA1 out, 15-bit) one 16-pixel column of macroblocks at a time and uploads each column to
   VRAM (GP0 A0h) into the back buffer of a double-buffered display, which it then shows. The
   movie is made at build time by skipjack-strenc: its frames are generated pictures, and the
   player computes the same pictures to check every decoded frame (lossy: a small mean error).
   Sectors are taken as they come: the decoding loops poll the drive between blocks, rows and
   DMA waits and file each sector into one of three frame buffers, so one frame decodes while
   the next ones stream in (a sector of a frame whose buffer is still decoding is an overrun,
   counted).
   XA audio plays as games play it: every 8th sector of the stream is a real-time XA-ADPCM
   audio sector of file/channel 1/1 (cdromformat.md "Audio/Video Interleave"); Setfilter 1,1
   and Setmode XA-ADPCM + XA-Filter send them to the drive's ADPCM decoder, not to the data
   buffer (cdromdrive.md "Setmode"), and the decoded audio reaches the SPU's CD input, which
   SPUCNT.0 enables with the CD volume 1F801DB0h (soundprocessingunitspu.md); the drive's own
   volume matrix (ATV0-ATV3, applied by ADPCTL.5) is set to plain stereo. */
#include "assets/tools/bs_decode.h"
#include "cdrom_io.h"
#include "test.h"

#define DPCR MMIO32(0x1f8010f0)
#define MADR(n) MMIO32(0x1f801080 + 0x10 * (n))
#define BCR(n) MMIO32(0x1f801084 + 0x10 * (n))
#define CHCR(n) MMIO32(0x1f801088 + 0x10 * (n))
#define MDEC0 MMIO32(0x1f801820)
#define MDEC1 MMIO32(0x1f801824)
#define GP0 MMIO32(0x1f801810)
#define GP1 MMIO32(0x1f801814)
#define GPUSTAT MMIO32(0x1f801814)
#define SPU16(off) MMIO16(0x1f801c00 + (off))
#define SPUCNT SPU16(0x1aa)
#define CD_HSTS_ADPBUSY 0x04 /* cdromdrive.md "HSTS": 1 = playing XA-ADPCM */

/* The file/channel skipjack-strenc gives the movie's sectors (assets/tools/strenc.cpp). */
#define XA_FILE 1
#define XA_CHANNEL 1

/* The movie skipjack-strenc makes for this disc (assets/movie/make_movie_disc.cmake). */
#define W 320
#define H 240
#define FRAMES 24
#define MAX_SECTORS 32 /* per frame */
#define COLUMNS (W / 16)
#define COLUMN_BLOCKS (H / 16 * 6)
/* One column's MDEC codes: at most 65 halfwords a block, padded to 64 halfwords (DMA0 blocks
   of 32 words). */
#define COLUMN_HALFWORDS ((COLUMN_BLOCKS * 65 + 63) / 64 * 64)

static uint8_t pvd[2048], dir[2048];
static uint32_t sector[512];
/* Frames being gathered / decoded, by frame number modulo SLOTS: one decoding while the next
   ones stream in (frames differ in size: a small frame can follow a big one). */
#define SLOTS 3
static uint8_t frame_buf[SLOTS][MAX_SECTORS * 0x7e0];
static uint8_t got[SLOTS][MAX_SECTORS];
static uint32_t slot_frame[SLOTS], slot_count[SLOTS], slot_size[SLOTS], slot_have[SLOTS];
/* One column decoding, one in the MDEC (DMA0 reads words: 4-byte aligned). */
static uint16_t codes[2][COLUMN_HALFWORDS] __attribute__((aligned(4)));
static uint32_t pixels[16 * H / 2];
static int sectors_taken, sectors_after, stream_end, bad_headers, overruns, stray_ints;

static uint32_t le32(const uint8_t* p) {
    return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}
static uint16_t le16(const uint8_t* p) {
    return (uint16_t)(p[0] | (p[1] << 8));
}
static int same(const uint8_t* a, const char* b, int n) {
    for (int i = 0; i < n; ++i)
        if (a[i] != (uint8_t)b[i]) return 0;
    return 1;
}
static void wait_dma(int ch) {
    for (int i = 0; i < 1000000 && (CHCR(ch) & (1u << 24)); ++i) {
    }
}

/* --- the drive ------------------------------------------------------------------------------ */

static void pause_drive(void) {
    int t;
    cd_command(0x09, 0, 0);
    do
        t = cd_wait_int();
    while (t == 1);
    if (t == 3) {
        do
            t = cd_wait_int();
        while (t == 1);
    }
}
/* After INT1: BFRD, wait for DRQSTS, acknowledge, then DMA3 the 800h bytes. */
static int take_sector(uint32_t* out) {
    CD_ADDR = 0;
    CD_REG3 = 0x80;
    int ok = 0;
    for (int i = 0; i < 100000 && !ok; ++i)
        ok = (CD_ADDR & CD_HSTS_DRQSTS) != 0;
    cd_ack();
    if (!ok) return 0;
    MADR(3) = (uint32_t)out & 0x1ffffc;
    BCR(3) = 0x00010200;
    CHCR(3) = 0x11000000;
    wait_dma(3);
    return 1;
}
/* One sector by ReadN (the directory). */
static int read_sector(uint32_t lba, uint8_t* out) {
    if (cd_setloc(lba) != 3 || cd_simple(0x06, 0, 0) != 3) return 0;
    int ok = cd_poll_int(CD_POLL_LIMIT) == 1 && take_sector(sector);
    if (!ok) cd_ack();
    memcpy(out, sector, 2048);
    pause_drive();
    return ok;
}

/* If the drive has a sector (INT1): BFRD, wait for DRQSTS, acknowledge, read its 20h-byte STR
   header and file its 7E0h data bytes in the frame buffer of its frame (RDDATA, a byte at a
   time: no DMA here, as MDEC DMAs may be running). */
static void pump(void) {
    CD_ADDR = 1;
    if (!(CD_REG3 & 7)) return;
    const int type = CD_REG3 & 7; /* read again once non-zero ("Unstable IRQ Flag polling") */
    while (CD_ADDR & CD_HSTS_RSLRRDY)
        (void)CD_REG1;
    if (type != 1) {
        cd_ack();
        ++stray_ints;
        return;
    }
    CD_ADDR = 0;
    CD_REG3 = 0x80;
    int ok = 0;
    for (int i = 0; i < 100000 && !ok; ++i)
        ok = (CD_ADDR & CD_HSTS_DRQSTS) != 0;
    cd_ack();
    if (!ok) return;
    if (stream_end) { /* past the movie's last frame: the drive reads on until paused */
        ++sectors_after;
        return;
    }
    uint8_t h[0x20];
    for (int i = 0; i < 0x20; ++i)
        h[i] = CD_REG2;
    const uint32_t offset = le16(h + 4), n = le16(h + 6), no = le32(h + 8), fsize = le32(h + 12);
    /* A header that is not MDEC STR or contradicts itself is skipped. */
    if (le16(h) != 0x0160 || le16(h + 2) != 0x8001 || n == 0 || n > MAX_SECTORS || offset >= n ||
        no == 0 || fsize > n * 0x7e0 || fsize < 8 || le16(h + 16) != W || le16(h + 18) != H) {
        ++bad_headers;
        return;
    }
    const int slot = (int)(no % SLOTS);
    if (slot_frame[slot] != no) {
        if (slot_frame[slot] != 0) ++overruns; /* that frame was not decoded yet */
        slot_frame[slot] = no;
        slot_count[slot] = n;
        slot_size[slot] = fsize;
        slot_have[slot] = 0;
        for (int i = 0; i < MAX_SECTORS; ++i)
            got[slot][i] = 0;
    }
    uint8_t* out = frame_buf[slot] + offset * 0x7e0;
    for (int i = 0; i < 0x7e0; ++i)
        out[i] = CD_REG2;
    slot_have[slot] += !got[slot][offset];
    got[slot][offset] = 1;
    ++sectors_taken;
    stream_end = no == FRAMES && slot_have[slot] == n;
}

static void wait_dma_pumping(int ch) {
    for (int i = 0; i < 1000000 && (CHCR(ch) & (1u << 24)); ++i)
        pump();
}

/* --- the pictures skipjack-strenc encoded (assets/tools/strenc.cpp frame()) ---------------------
 */

/* Frame n's constants (a bar and diamond rings that move). */
typedef struct {
    int n, bar, cx, cy;
} picture;

static void picture_of(int n, picture* p) {
    p->n = n;
    p->bar = (n * 7) % W;
    p->cx = W / 2 + (n * 3) % (W / 4);
    p->cy = H / 2;
}

static void picture_pixel(const picture* p, int x, int y, int rgb[3]) {
    const int dx = x - p->cx, dy = y - p->cy;
    const int ring = (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);
    const int d = x - p->bar;
    rgb[0] = (x * 255) / W;
    rgb[1] = (ring & 16) ? 230 : (y * 200) / H;
    rgb[2] = (d < 12 && d > -12) ? 250 : 40 + p->n % 64;
}

/* --- one frame ------------------------------------------------------------------------------- */

/* One column's blocks of BS -> MDEC codes in `out`, padded with FE00h to whole DMA0 blocks;
   returns the words, 0 when the bitstream is damaged. */
static uint32_t column_codes(bs_reader* r, uint16_t* out) {
    uint32_t k = 0;
    for (int b = 0; b < COLUMN_BLOCKS; ++b) {
        const int got_codes = bs_block(r, out + k);
        if (got_codes <= 0) return 0;
        k += (uint32_t)got_codes;
        if ((b & 3) == 3) pump();
    }
    while (k % 64)
        out[k++] = BS_END_OF_BLOCK;
    return k / 2;
}

/* MDEC(1) 15-bit: DMA0 feeds `words` words of codes, DMA1 takes the 16 x H column out. */
static void start_mdec(const uint16_t* in, uint32_t words) {
    MDEC0 = 0x38000000u | words; /* decode, 15-bit, unsigned, bit 15 clear */
    MADR(1) = (uint32_t)pixels & 0xffffff;
    BCR(1) = ((uint32_t)(16 * H / 2 / 32) << 16) | 32;
    CHCR(1) = 0x01000200;
    MADR(0) = (uint32_t)in & 0xffffff;
    BCR(0) = ((words / 32) << 16) | 32;
    CHCR(0) = 0x01000201;
}

/* BS -> MDEC codes -> MDEC -> VRAM, a column at a time, into the buffer at VRAM y = `y0`;
   while the MDEC decodes a column, the CPU decodes the next column's bitstream (as players
   overlap them). Adds the error against the picture (in 5-bit steps) of every pixel it checks
   to *err and their count to *checked. Returns 0 when the frame is not BS v2 or its bitstream
   is damaged (an undefined code, a missing End of Frame, data past its end). */
static int decode_frame(int n, const uint8_t* data, uint32_t size, uint32_t y0, int* err,
                        int* checked) {
    bs_reader r;
    picture pic;
    picture_of(n, &pic);
    if (!bs_begin(&r, data, size)) return 0;
    uint32_t words = column_codes(&r, codes[0]);
    for (int mx = 0; mx < COLUMNS; ++mx) {
        if (!words) return 0;
        start_mdec(codes[mx & 1], words);
        words = mx + 1 < COLUMNS ? column_codes(&r, codes[(mx + 1) & 1]) : 1;
        wait_dma_pumping(0);
        wait_dma_pumping(1);
        /* Upload the 16 x H column. */
        while (!(GPUSTAT & (1u << 26)))
            pump();
        GP0 = 0xa0000000;
        GP0 = (y0 << 16) | (uint32_t)(mx * 16);
        GP0 = ((uint32_t)H << 16) | 16;
        for (int row = 0; row < H; ++row) {
            for (int i = 0; i < 8; ++i)
                GP0 = pixels[row * 8 + i];
            if ((row & 15) == 15) pump();
        }
        /* Every 7th pixel of every 4th row: 5-bit value against the picture's 8-bit value
           rounded to 5 bits. */
        const uint16_t* px = (const uint16_t*)pixels;
        for (int y = mx % 4; y < H; y += 4) {
            for (int x = (y + mx) % 7; x < 16; x += 7) {
                const uint16_t p = px[y * 16 + x];
                int want[3];
                picture_pixel(&pic, mx * 16 + x, y, want);
                for (int c = 0; c < 3; ++c) {
                    int w5 = (want[c] + 4) >> 3;
                    if (w5 > 31) w5 = 31;
                    int d = (int)((p >> (5 * c)) & 31) - w5;
                    *err += d < 0 ? -d : d;
                }
                *checked += 3;
            }
            if (y % 32 == 0) pump();
        }
    }
    /* The End of Frame code follows the last block, and nothing was read past the data. */
    uint16_t tail[65];
    return bs_block(&r, tail) == 0 && !bs_overrun(&r);
}

int main(void) {
    test_begin("movie_player");
    bios_enter_critical_section();
    const uint32_t old_mask = I_MASK;
    I_MASK = 0;
    cd_drain();
    DPCR |= 0x8888; /* DMA0, DMA1, DMA3 */
    MDEC1 = 0x80000000u;
    MDEC1 = 0x60000000u;
    /* MDEC(2): the encoder's tables (assets/tools/mdec_encoder.cpp defaultTables()). */
    MDEC0 = 0x40000001;
    for (int t = 0; t < 2; ++t)
        for (int k = 0; k < 64; k += 4) {
            uint32_t w = 0;
            for (int b = 0; b < 4; ++b)
                w |= (uint32_t)(k + b == 0 ? 2 : (t ? 20 : 16) + (k + b) / 2) << (8 * b);
            MDEC0 = w;
        }
    /* MDEC(3): the reference's standard scale table. */
    static const uint16_t scale[64] = {
        0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x5A82, 0x7D8A, 0x6A6D, 0x471C,
        0x18F8, 0xE707, 0xB8E3, 0x9592, 0x8275, 0x7641, 0x30FB, 0xCF04, 0x89BE, 0x89BE, 0xCF04,
        0x30FB, 0x7641, 0x6A6D, 0xE707, 0x8275, 0xB8E3, 0x471C, 0x7D8A, 0x18F8, 0x9592, 0x5A82,
        0xA57D, 0xA57D, 0x5A82, 0x5A82, 0xA57D, 0xA57D, 0x5A82, 0x471C, 0x8275, 0x18F8, 0x6A6D,
        0x9592, 0xE707, 0x7D8A, 0xB8E3, 0x30FB, 0x89BE, 0x7641, 0xCF04, 0xCF04, 0x7641, 0x89BE,
        0x30FB, 0x18F8, 0xB8E3, 0x6A6D, 0x8275, 0x7D8A, 0x9592, 0x471C, 0xE707};
    MDEC0 = 0x60000000;
    for (int i = 0; i < 32; ++i)
        MDEC0 = scale[2 * i] | ((uint32_t)scale[2 * i + 1] << 16);
    check_eq("MDEC tables loaded (not busy)", MDEC1 & 0x20000000u, 0);
    /* Display: 320x240 15-bit, showing VRAM (0,0). */
    GP1 = 0x00000000;
    GP1 = 0x08000001;
    GP1 = 0x05000000;
    GP1 = 0x03000000;

    check_eq("Init", cd_simple(0x0a, 0, 0), 3);
    check_eq("Init: second response", cd_wait_int(), 2);
    const uint8_t mode = 0x80; /* double speed, 800h-byte sectors */
    check_eq("SetMode", cd_simple(0x0e, &mode, 1), 3);
    /* Audio on: SPU enabled and unmuted with CD audio (SPUCNT bits 15, 14, 0), main volume
       and CD input volume; the drive's matrix L->L and R->R at 80h (100%), applied. */
    SPU16(0x180) = 0x3fff;
    SPU16(0x182) = 0x3fff;
    SPU16(0x1b0) = 0x7fff;
    SPU16(0x1b2) = 0x7fff;
    SPUCNT = 0xc001;
    CD_ADDR = 2;
    CD_REG2 = 0x80; /* ATV0 L->L */
    CD_REG3 = 0x00; /* ATV1 L->R */
    CD_ADDR = 3;
    CD_REG1 = 0x80; /* ATV2 R->R */
    CD_REG2 = 0x00; /* ATV3 R->L */
    CD_REG3 = 0x20; /* ADPCTL: CHNGATV, ADPCM not muted */
    check_eq("Demute", cd_simple(0x0c, 0, 0), 3);
    check_true("the volume descriptor", read_sector(16, pvd));
    check_true("the root directory", read_sector(le32(pvd + 156 + 2), dir));
    uint32_t lba = 0, size = 0;
    for (uint32_t off = 0; off < 2048 && dir[off] != 0; off += dir[off])
        if (dir[off + 32] >= 9 && same(dir + off + 33, "MOVIE.STR", 9)) {
            lba = le32(dir + off + 2);
            size = le32(dir + off + 10);
        }
    check_true("MOVIE.STR in the root directory", lba != 0 && size >= 2048);

    const uint8_t filter[2] = {XA_FILE, XA_CHANNEL};
    check_eq("Setfilter", cd_simple(0x0d, filter, 2), 3);
    const uint8_t stream_mode = 0xc8; /* double speed, XA-ADPCM, XA-Filter */
    check_eq("SetMode XA-ADPCM", cd_simple(0x0e, &stream_mode, 1), 3);
    check_eq("Setloc MOVIE.STR", cd_setloc(lba), 3);
    check_eq("ReadS", cd_simple(0x1b, 0, 0), 3);
    int frames = 0, bad_frames = 0, worst = 0, adpcm_busy = 0;
    uint32_t want = 1, idle = 0;
    while (frames < FRAMES && idle < 4000000) {
        const int before = sectors_taken;
        pump();
        adpcm_busy |= (CD_ADDR & CD_HSTS_ADPBUSY) != 0;
        idle = sectors_taken == before ? idle + 1 : 0;
        const int slot = (int)(want % SLOTS);
        if (slot_frame[slot] != want || slot_have[slot] != slot_count[slot]) continue;
        /* Frame `want` is whole: decode it into the back buffer, then show it. */
        const uint32_t y0 = (want & 1) ? 256 : 0;
        int err = 0, checked = 0;
        if (!decode_frame((int)want - 1, frame_buf[slot], slot_size[slot], y0, &err, &checked))
            ++bad_frames;
        else if (checked && err * 100 / checked > worst)
            worst = err * 100 / checked;
        while (!(GPUSTAT & (1u << 26)))
            pump();
        GP1 = 0x05000000u | (y0 << 10);                     /* display start X 0, Y y0 */
        if (slot_frame[slot] == want) slot_frame[slot] = 0; /* else overrun (counted) */
        ++frames;
        ++want;
    }
    pause_drive();
    /* The last audio sector's samples are still playing: wait for ADPBUSY to clear so the
       tone sequence ends whole (at most ~0.1 s here; bounded). */
    int audio_done = 0;
    for (int i = 0; i < 4000000 && !audio_done; ++i)
        audio_done = (CD_ADDR & CD_HSTS_ADPBUSY) == 0;
    check_true("the XA audio played out (ADPBUSY clear)", audio_done);
    check_eq("every frame arrived and was decoded", (uint32_t)frames, FRAMES);
    check_eq("no bad STR headers", (uint32_t)bad_headers, 0);
    check_eq("every frame's BS v2 bitstream decoded whole", (uint32_t)bad_frames, 0);
    check_eq("no sector overran a frame still decoding", (uint32_t)overruns, 0);
    check_eq("only INT1 while streaming", (uint32_t)stray_ints, 0);
    check_true("the drive played XA-ADPCM (ADPBUSY) while streaming", adpcm_busy);
    check_true("each frame matches its picture (mean error < 1.5 5-bit steps: lossy, 2x2 chroma)",
               worst < 150);
    tprintf("movie: %d frames (%d sectors, %d read past its end before the pause), worst mean "
            "error %d/100\n",
            frames, sectors_taken, sectors_after, worst);

    /* The last frame stays on screen for a second (60 vblanks: I_STAT bit 0, acknowledged by
       writing 0), so the frames the tests look at end well before the program does. */
    for (int v = 0; v < 60; ++v) {
        I_STAT = ~1u;
        for (int i = 0; i < 2000000 && !(I_STAT & 1); ++i) {
        }
    }
    DPCR &= ~0x8888u;
    I_STAT = ~(1u << 2);
    I_MASK = old_mask;
    bios_exit_critical_section();
    return test_done();
}
