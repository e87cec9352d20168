/* The movie player (issue 15 item 2): streams MOVIE.STR from the disc it booted from through
   the CD-ROM drive (cdromdrive.md: Setloc, SetMode double speed, ReadS, INT1 per sector, DMA3),
   gathers each frame's sectors by their STR headers (cdromfileformats.md "CDROM File Video
   Streaming STR (Sony)"), decodes the frame through the MDEC (DMA0 in, DMA1 out, 15-bit) and
   shows it (GP0 A0h per 16-pixel column of macroblocks). The movie is made at build time by
   skipjack-strenc: its frames are generated pictures, and the player computes the same
   pictures to check every decoded frame (lossy: a small mean error). Sectors are polled;
   frames are small enough to decode between two sectors.
   XA audio plays as games play it: every 8th sector of the stream is a real-time XA-ADPCM
   audio sector of file/channel 1/1 (cdromformat.md "Audio/Video Interleave"); Setfilter 1,1
   and Setmode XA-ADPCM + XA-Filter send them to the drive's ADPCM decoder, not to the data
   buffer (cdromdrive.md "Setmode"), and the decoded audio reaches the SPU's CD input, which
   SPUCNT.0 enables with the CD volume 1F801DB0h (soundprocessingunitspu.md); the drive's own
   volume matrix (ATV0-ATV3, applied by ADPCTL.5) is set to plain stereo. */
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

/* The movie skipjack-strenc makes for this disc (assets/movie/CMakeLists.txt). */
#define W 48
#define H 32
#define FRAMES 8
#define MAX_SECTORS 8

static uint8_t pvd[2048], dir[2048];
static uint32_t sector[512];
static uint32_t frame_data[MAX_SECTORS * 0x7e0 / 4];
static uint32_t pixels[W * H / 2];
static uint8_t got[MAX_SECTORS];

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

/* --- the pictures skipjack-strenc encoded (assets/tools/strenc.cpp frame()) ---------------------
 */

static void picture_pixel(int n, int x, int y, int rgb[3]) {
    const int bar = (n * 7) % W, cx = W / 2 + (n * 3) % (W / 4), cy = H / 2;
    const int dx = x - cx, dy = y - cy, ring = (dx * dx + dy * dy) / 64;
    const int d = x - bar;
    rgb[0] = (x * 255) / W;
    rgb[1] = (ring & 4) ? 230 : (y * 200) / H;
    rgb[2] = (d < 12 && d > -12) ? 250 : 40 + n % 64;
}

/* --- one frame ------------------------------------------------------------------------------- */

/* MDEC(1) 15-bit by DMA0/DMA1, shown; returns the mean error against the picture (x100, in
   5-bit steps). */
static int decode_and_check(int n, uint32_t frame_size) {
    const uint32_t words = (frame_size - 8) / 4; /* after the BS-style header */
    MDEC0 = 0x38000000u | words;                 /* decode, 15-bit, unsigned, bit 15 clear */
    MADR(1) = (uint32_t)pixels & 0xffffff;
    BCR(1) = ((uint32_t)(W * H / 2 / 32) << 16) | 32;
    CHCR(1) = 0x01000200;
    MADR(0) = ((uint32_t)frame_data + 8) & 0xffffff;
    BCR(0) = ((words / 32) << 16) | 32;
    CHCR(0) = 0x01000201;
    wait_dma(0);
    wait_dma(1);
    /* Show it: the macroblocks come in columns, each column a 16 x H picture. */
    const uint16_t* px = (const uint16_t*)pixels;
    for (int mx = 0; mx < W / 16; ++mx) {
        while (!(GPUSTAT & (1u << 26))) {
        }
        GP0 = 0xa0000000;
        GP0 = (uint32_t)(mx * 16);
        GP0 = ((uint32_t)H << 16) | 16;
        const uint32_t* col = pixels + mx * 16 * H / 2;
        for (int i = 0; i < 16 * H / 2; ++i)
            GP0 = col[i];
    }
    /* Every third pixel (the check must finish before the next sector comes): 5-bit value
       against the picture's 8-bit value rounded to 5 bits. */
    int err = 0, checked = 0;
    for (int mx = 0; mx < W / 16; ++mx)
        for (int y = 0; y < H; ++y)
            for (int x = (y + mx) % 3; x < 16; x += 3) {
                const uint16_t p = px[(mx * H + y) * 16 + x];
                int want[3];
                picture_pixel(n, mx * 16 + x, y, want);
                for (int c = 0; c < 3; ++c) {
                    int w5 = (want[c] + 4) >> 3;
                    if (w5 > 31) w5 = 31;
                    int d = (int)((p >> (5 * c)) & 31) - w5;
                    err += d < 0 ? -d : d;
                }
                checked += 3;
            }
    return err * 100 / checked;
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
    int frames = 0, bad_headers = 0, in_order = 1, worst = 0, adpcm_busy = 0;
    uint32_t want_frame = 1, frame_no = 0, count = 0, frame_size = 0;
    for (uint32_t i = 0; i < MAX_SECTORS; ++i)
        got[i] = 0;
    for (uint32_t s = 0; s < size / 2048 && frames < FRAMES; ++s) {
        const int got_int = cd_poll_int(CD_POLL_LIMIT);
        adpcm_busy |= (CD_ADDR & CD_HSTS_ADPBUSY) != 0;
        if (got_int != 1 || !take_sector(sector)) {
            cd_ack();
            break;
        }
        const uint8_t* h = (const uint8_t*)sector;
        const uint32_t offset = le16(h + 4), n = le16(h + 6), no = le32(h + 8),
                       fsize = le32(h + 12);
        /* A header that is not MDEC STR or contradicts itself is skipped. */
        if (le16(h) != 0x0160 || le16(h + 2) != 0x8001 || n == 0 || n > MAX_SECTORS ||
            offset >= n || no == 0 || fsize > n * 0x7e0 || fsize < 8 || le16(h + 16) != W ||
            le16(h + 18) != H) {
            ++bad_headers;
            continue;
        }
        if (no != frame_no) { /* a new frame begins */
            frame_no = no;
            count = n;
            frame_size = fsize;
            for (uint32_t i = 0; i < MAX_SECTORS; ++i)
                got[i] = 0;
        }
        memcpy((uint8_t*)frame_data + offset * 0x7e0, h + 0x20, 0x7e0);
        got[offset] = 1;
        uint32_t have = 0;
        for (uint32_t i = 0; i < count; ++i)
            have += got[i];
        if (have == count) {
            in_order &= frame_no == want_frame;
            want_frame = frame_no + 1;
            const int err = decode_and_check((int)frame_no - 1, frame_size);
            if (err > worst) worst = err;
            ++frames;
            frame_no = 0;
        }
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
    check_true("frames in order", in_order);
    check_true("the drive played XA-ADPCM (ADPBUSY) while streaming", adpcm_busy);
    check_true("each frame matches its picture (mean error < 1.5 5-bit steps: lossy, 2x2 chroma)",
               worst < 150);
    tprintf("movie: %d frames, worst mean error %d/100\n", frames, worst);

    DPCR &= ~0x8888u;
    I_STAT = ~(1u << 2);
    I_MASK = old_mask;
    bios_exit_critical_section();
    return test_done();
}
