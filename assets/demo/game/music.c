#include "music.h"

#include "spu.h"

/* The instrument bank, made at build time by skipjack-mkadpcm from assets/demo/sound/. */
extern const unsigned char spu_bank[];
extern const unsigned int spu_bank_size;
extern const unsigned int lead_offset, bass_offset, kick_offset, snare_offset;

/* Voices. */
enum { V_LEAD, V_BASS, V_KICK, V_SNARE, V_HAT, V_PAD0, V_PAD1, V_PAD2, V_RING, V_BOOST };
#define BIT(v) (1u << (v))

/* Pitch of MIDI notes 36 (C2) .. 91 (G6) for lead.wav and bass.wav, whose cycle is 112
   samples at 44100 Hz (393.75 Hz at pitch 1000h; "SPU ADPCM Pitch": 1000h = 44100 Hz):
   round(4096 * 440 * 2^((n - 69) / 12) / 393.75). 91 is the highest note under 4000h. */
#define NOTE_LOW 36
static const uint16_t k_pitch[] = {
    0x02A8, 0x02D1, 0x02FC, 0x0329, 0x0359, 0x038C, 0x03C2, 0x03FB, 0x0438, 0x0478, 0x04BC, 0x0504,
    0x0551, 0x05A2, 0x05F7, 0x0652, 0x06B2, 0x0718, 0x0784, 0x07F7, 0x0870, 0x08F1, 0x0979, 0x0A09,
    0x0AA2, 0x0B43, 0x0BEF, 0x0CA5, 0x0D65, 0x0E31, 0x0F09, 0x0FEE, 0x10E0, 0x11E1, 0x12F1, 0x1412,
    0x1543, 0x1687, 0x17DE, 0x1949, 0x1ACA, 0x1C62, 0x1E12, 0x1FDB, 0x21C0, 0x23C2, 0x25E3, 0x2823,
    0x2A86, 0x2D0E, 0x2FBB, 0x3292, 0x3594, 0x38C3, 0x3C24, 0x3FB7};
#define NOTE_HIGH (NOTE_LOW + (int)(sizeof k_pitch / sizeof k_pitch[0]) - 1)
/* The drums were made at 22050 Hz: pitch 0800h plays them at their own rate. */
#define PITCH_22K 0x0800

static uint16_t pitch_of(int note) {
    if (note < NOTE_LOW) note = NOTE_LOW;
    if (note > NOTE_HIGH) note = NOTE_HIGH;
    return k_pitch[note - NOTE_LOW];
}

/* ADSR words ("SPU Volume and ADSR Generator", 1F801C08h: attack mode/shift/step, decay shift,
   sustain level; 1F801C0Ah: sustain mode/direction/shift/step, release mode/shift). The
   times below follow "Envelope Operation": a linear step of (7 - step) << (11 - shift) per
   sample for shifts up to 11. */
/* lead: attack linear shift 7 (+64/sample: 12 ms), decay shift 8 to level 0Ah (5800h);
   sustain exponential decrease shift 13; release exponential shift 8. */
#define ADSR_LEAD 0x1F8Au, 0xCD28u
/* bass: attack shift 5 (3 ms), decay shift 9 to level 8; sustain exp. decrease shift 14;
   release exp. shift 9. */
#define ADSR_BASS 0x1798u, 0xCE29u
/* pad: attack linear shift 12 (+4 every 2nd sample: 0.37 s swell), no decay (level 0Fh);
   sustain held (shift 1Fh step 3 never steps); release exp. shift 11. */
#define ADSR_PAD 0x33FFu, 0x1FEBu
/* drums: the sample has the envelope; attack at once, held; release exp. shift 6. */
#define ADSR_DRUM 0x03FFu, 0x1FE6u
/* hat (noise): attack at once, exp. decay shift 8 to level 0, then linear decrease. */
#define ADSR_HAT 0x0380u, 0x4A26u
/* ring chime: attack at once, decay shift 10 to level 6, exp. sustain decrease shift 14. */
#define ADSR_RING 0x03A6u, 0xCE2Au
/* boost: attack linear shift 8 (23 ms), held; release exp. shift 11. */
#define ADSR_BOOST 0x23FFu, 0x1FEBu

/* "SPU Reverb Examples": Studio Small (size 1F40h), 1F801DC0h..1F801DFEh in order. */
static const uint16_t k_reverb_studio_small[32] = {
    0x0033, 0x0025, 0x70F0, 0x4FA8, 0xBCE0, 0x4410, 0xC0F0, 0x9C00, 0x5280, 0x4EC0, 0x03E4,
    0x031B, 0x03A4, 0x02AF, 0x0372, 0x0266, 0x031C, 0x025D, 0x025C, 0x018E, 0x022F, 0x0135,
    0x01D2, 0x00B7, 0x018F, 0x00B5, 0x00B4, 0x0080, 0x004C, 0x0026, 0x8000, 0x8000};
#define REVERB_SIZE 0x1F40u

/* SPUCNT ("SPU Control Register"): enable (15), unmute (14), noise clock shift 14 (13-10)
   and step 7 (9-8: 3) for a bright hi-hat, reverb master enable (7). */
#define SPUCNT_PLAY (0x8000u | 0x4000u | (14u << 10) | (3u << 8) | 0x0080u)

/* The tune: 4 bars of 16 steps (Am F C G), a step every STEP_FRAMES vblanks (about 128 bpm
   in sixteenths). Melody: 0 holds, 1 releases, otherwise a MIDI note. */
#define STEPS 64
#define STEP_FRAMES 7
#define HOLD 0
#define REST 1
static const uint8_t k_melody[STEPS] = {
    76, 0, 0, 72, 0, 0, 69, 0, 72, 0, 76,   0,    81, 0, 79, 0, /* Am */
    77, 0, 0, 76, 0, 0, 72, 0, 69, 0, 0,    REST, 72, 0, 76, 0, /* F */
    79, 0, 0, 76, 0, 0, 72, 0, 76, 0, 79,   0,    84, 0, 83, 0, /* C */
    83, 0, 0, 79, 0, 0, 74, 0, 79, 0, REST, 0,    74, 0, 76, 0, /* G */
};
static const uint8_t k_roots[4] = {45, 41, 48, 43}; /* A2 F2 C3 G2 */
static const uint8_t k_chords[4][3] = {{57, 60, 64}, {57, 60, 65}, {55, 60, 64}, {55, 59, 62}};
/* Per step of a bar: bass interval above the root (0xFF: none), drums (bit 0 kick, 1 snare,
   2 hat). */
static const uint8_t k_bass[16] = {0, 0xFF, 12, 0xFF, 0, 0xFF, 12, 0xFF,
                                   0, 0xFF, 12, 0xFF, 7, 0xFF, 12, 0xFF};
static const uint8_t k_drums[16] = {5, 0, 4, 0, 6, 0, 4, 0, 5, 0, 5, 0, 6, 0, 4, 4};

typedef struct {
    uint32_t frame_in_step, step;
    uint32_t rings_seen;
    int boosting;
    int ring_t, boost_t; /* frames since the effect started, -1: idle */
    uint16_t boost_pitch;
} Music;

static Music g_music;

static void voice(int v, uint32_t offset, uint16_t pitch, uint16_t vol_l, uint16_t vol_r,
                  uint16_t adsr_lo, uint16_t adsr_hi) {
    SpuVoice sv;
    sv.vol_left = vol_l;
    sv.vol_right = vol_r;
    sv.pitch = pitch;
    sv.addr = SPU_SAMPLE_BASE + offset;
    sv.adsr_lo = adsr_lo;
    sv.adsr_hi = adsr_hi;
    spu_voice_setup(v, &sv);
}

void music_init(void) {
    spu_init();
    spu_dma_write(SPU_SAMPLE_BASE, spu_bank, spu_bank_size);
    spu_reverb_setup(k_reverb_studio_small, REVERB_SIZE, 0x2400, 0x2400);
    spu_noise_voices(BIT(V_HAT));
    spu_reverb_voices(BIT(V_LEAD) | BIT(V_SNARE) | BIT(V_PAD0) | BIT(V_PAD1) | BIT(V_PAD2) |
                      BIT(V_RING) | BIT(V_BOOST));
    spu_set_main_volume(0x3FFF, 0x3FFF);
    spu_set_control(SPUCNT_PLAY);
    g_music.ring_t = g_music.boost_t = -1;
}

/* The notes of one step: voices set up now, keyed on by the caller in the same frame. */
static void step(uint32_t s, uint32_t* kon, uint32_t* koff) {
    const uint32_t bar = s / 16, in_bar = s % 16;
    const uint8_t m = k_melody[s];
    if (m == REST) {
        *koff |= BIT(V_LEAD);
    } else if (m != HOLD) {
        voice(V_LEAD, lead_offset, pitch_of(m), 0x1400, 0x1200, ADSR_LEAD);
        *kon |= BIT(V_LEAD);
    }
    if (k_bass[in_bar] != 0xFF) {
        voice(V_BASS, bass_offset, pitch_of(k_roots[bar] + k_bass[in_bar]), 0x1C00, 0x1C00,
              ADSR_BASS);
        *kon |= BIT(V_BASS);
    }
    if (in_bar == 0) {
        for (int i = 0; i < 3; ++i)
            voice(V_PAD0 + i, lead_offset, pitch_of(k_chords[bar][i]), i == 0 ? 0x0900 : 0x0500,
                  i == 2 ? 0x0900 : 0x0500, ADSR_PAD);
        *kon |= BIT(V_PAD0) | BIT(V_PAD1) | BIT(V_PAD2);
    } else if (in_bar == 15) {
        *koff |= BIT(V_PAD0) | BIT(V_PAD1) | BIT(V_PAD2);
    }
    const uint8_t d = k_drums[in_bar];
    if (d & 1) {
        voice(V_KICK, kick_offset, PITCH_22K, 0x2800, 0x2800, ADSR_DRUM);
        *kon |= BIT(V_KICK);
    }
    if (d & 2) {
        voice(V_SNARE, snare_offset, PITCH_22K, 0x1800, 0x1800, ADSR_DRUM);
        *kon |= BIT(V_SNARE);
    }
    if (d & 4) {
        /* a noise voice still walks its sample: point it at one that ends in a silent loop */
        voice(V_HAT, kick_offset, PITCH_22K, 0x0A00, 0x0600, ADSR_HAT);
        *kon |= BIT(V_HAT);
    }
}

static void effects(const Game* g, uint32_t* kon, uint32_t* koff) {
    /* Ring collected: a two-note chime (E6 then G6). A new game resets the count: no chime. */
    if (g->rings_taken > g_music.rings_seen) {
        voice(V_RING, lead_offset, pitch_of(88), 0x1C00, 0x1C00, ADSR_RING);
        *kon |= BIT(V_RING);
        g_music.ring_t = 0;
    } else if (g_music.ring_t >= 0) {
        ++g_music.ring_t;
        if (g_music.ring_t == 5) spu_voice_pitch(V_RING, pitch_of(91));
        if (g_music.ring_t == 24) {
            *koff |= BIT(V_RING);
            g_music.ring_t = -1;
        }
    }
    /* Boost begun: a rising sweep on the bass sample, an octave and a half in half a second. */
    if (g->boosting && !g_music.boosting && g_music.boost_t < 0) {
        g_music.boost_pitch = pitch_of(40);
        voice(V_BOOST, bass_offset, g_music.boost_pitch, 0x1400, 0x1400, ADSR_BOOST);
        *kon |= BIT(V_BOOST);
        g_music.boost_t = 0;
    } else if (g_music.boost_t >= 0) {
        ++g_music.boost_t;
        g_music.boost_pitch = (uint16_t)(g_music.boost_pitch + (g_music.boost_pitch >> 5));
        spu_voice_pitch(V_BOOST, g_music.boost_pitch);
        if (g_music.boost_t == 30) {
            *koff |= BIT(V_BOOST);
            g_music.boost_t = -1;
        }
    }
    g_music.boosting = g->boosting;
    g_music.rings_seen = g->rings_taken;
}

void music_frame(const Game* g) {
    uint32_t kon = 0, koff = 0;
    if (g_music.frame_in_step == 0) {
        step(g_music.step, &kon, &koff);
        g_music.step = (g_music.step + 1) % STEPS;
    }
    g_music.frame_in_step = (g_music.frame_in_step + 1) % STEP_FRAMES;
    effects(g, &kon, &koff);
    /* KON restarts a voice by itself; a voice is never keyed on and off in the same write
       window ("SPU Voice Flags", "Unstable and Delayed I/O": one value per 44.1 kHz tick). */
    spu_key_off(koff & ~kon);
    spu_key_on(kon);
}
