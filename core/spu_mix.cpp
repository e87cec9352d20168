// The SPU's sample clock: one tick per 768 CPU cycles runs the voices, the noise generator,
// the capture buffers, the CD input and the mixer (class Spu, core/spu.h).
#include <algorithm>
#include <cstring>

#include "core/host.h"
#include "core/irq.h"
#include "core/spu.h"

// Hardware notes (soundprocessingunitspu.md) the code relies on:
// - "Pitch Counter": Counter.Bit12 and up is the sample within the block, bits 4-11 the
//   Gaussian index; PMON (1F801D90h) bits 1-23 modulate voice x by VxOUTX(x-1), bit 0 unused.
// - "Flag Bits": at the end of a block, Loop End sets ENDX and continues at the repeat
//   address (1F801C0Eh+N*10h); with Loop Repeat clear it also forces Release with the ADSR
//   level at 0000h. Loop Start (read with the block's header) copies the block's address to
//   the repeat address register.
// - "Voice Interrupt": voices always read sound RAM (also when silent, in noise mode or after
//   the release); per tick a voice reads its block's header and the data halfword of the
//   current sample ("SPU Internal State Machine": two reads per voice). Either at the IRQ
//   address raises the IRQ. An IRQ address inside a block is only seen while the counter is
//   on that halfword, so high pitches can skip it ("doesn't seem to trigger always").
// - "SPU Noise Generator": Timer -= 4+step; parity = bit15^bit12^bit11^bit10^1; when the timer
//   goes negative the level shifts the parity in and the timer is reloaded with 20000h SHR
//   shift (twice if needed). Noise voices (NON, 1F801D94h) play the level instead of ADPCM and
//   still read and advance through their ADPCM data.
// - "SPU Memory layout": capture buffers at 000h (CD left), 400h (CD right), 800h (voice 1),
//   C00h (voice 3), 200h halfwords each, written every tick; CD capture is "before Volume
//   processing", voices "after ADSR processing". Capture IRQs need 1F801DACh bit 2 or 3.
// - SPUCNT: bit 0 CD audio enable, bit 2 CD audio reverb, bit 1/3 external audio (nothing is
//   connected: zero), bit 7 reverb master enable, bit 14 unmute, bit 15 enable; both are
//   "Don't care for CD Audio": the CD input passes while the SPU is muted or off.
// - Not documented, chosen here: voices sum in 32 bits and are clamped to 16 bits before the
//   main volume; the CD input (times its volume 1F801DB0h/B2h) joins that sum; the reverb
//   output times vLOUT/vROUT (1F801D84h/86h) is added after the main volume; the reverb input
//   is the clamped sum of the EON voices (and the CD input with SPUCNT.2). A voice's output
//   and volume use the envelope and the current volume of before this tick's step.

namespace core {

namespace {
constexpr uint32_t kAddrMask = Spu::kRamSize - 1;
constexpr Cycles kTickCycles = Host::kCyclesPerAudioFrame; // 768
constexpr uint32_t kBlockEnd = spu::kBlockSamples << 12;

inline int32_t clamp16(int32_t v) {
    return v < -0x8000 ? -0x8000 : (v > 0x7fff ? 0x7fff : v);
}
} // namespace

bool Spu::irqArmed() const {
    return (reg(kSpucnt) & 0xc040) == 0xc040 && !state_.irqFlag;
}

// While no IRQ can happen a batch of ticks shares one event (the catch-up keeps every access
// exact); while one can, every tick has its event so IRQ9 is raised at its own cycle.
void Spu::scheduleTick() {
    Cycles due = mix_.nextTick + (irqArmed() ? 0 : (kTicksPerBatch - 1) * kTickCycles);
    scheduler_.schedule(tickEvent_, due);
}

void Spu::onTick(Cycles late, uint32_t payload) {
    (void)late;
    (void)payload;
    runTicks();
    scheduleTick();
}

void Spu::runTicks() {
    const Cycles now = scheduler_.now();
    while (mix_.nextTick <= now) {
        tick();
        mix_.nextTick += kTickCycles;
    }
}

void Spu::flushAudio() {
    catchUp();
    deliverAudio();
}

void Spu::deliverAudio() {
    if (audioOut_.empty()) return;
    if (host_) host_->audioSamples(audioOut_);
    audioOut_.clear();
}

void Spu::cdAudio(const int16_t* frames, size_t count) {
    catchUp(); // these frames follow every tick so far
    for (size_t i = 0; i < count && mix_.cdCount < kCdRingFrames; ++i) {
        uint32_t at = (mix_.cdRead + mix_.cdCount) % kCdRingFrames;
        mix_.cdRing[at * 2] = frames[i * 2];
        mix_.cdRing[at * 2 + 1] = frames[i * 2 + 1];
        ++mix_.cdCount;
    }
}

// Reads the 16-byte block at the voice's address (wrapping at the end of sound RAM).
void Spu::decodeBlock(spu::Voice& v, unsigned index) {
    uint8_t block[spu::kBlockBytes];
    for (unsigned half = 0; half < 2; ++half) { // 8-byte aligned: two halves may lie apart
        uint32_t a = (v.addr + half * 8) & kAddrMask;
        uint32_t page = a >> kPageShift;
        if (pages_.flags(page) & PageFlag::kAnyRead) pages_.touched(page, false);
        std::memcpy(block + half * 8, &ram_[a], 8);
    }
    v.flags = block[1];
    if (v.flags & spu::kFlagLoopStart) regs_[(0x0e + 0x10 * index) >> 1] = uint16_t(v.addr >> 3);
    spu::decodeAdpcmBlock(block, v.samples + spu::kHistory, v.old, v.older);
    v.decoded = 1;
}

void Spu::endBlock(spu::Voice& v, unsigned index) {
    if (v.flags & spu::kFlagLoopEnd) {
        regs_[(kEndx >> 1) + (index >> 4)] |= uint16_t(1u << (index & 15));
        v.addr = (uint32_t(regs_[(0x0e + 0x10 * index) >> 1]) << 3) & kAddrMask;
        if (!(v.flags & spu::kFlagLoopRepeat)) {
            v.adsr.phase = spu::kAdsrRelease;
            v.adsr.level = 0;
            v.adsr.counter = 0;
        }
    } else {
        v.addr = (v.addr + spu::kBlockBytes) & kAddrMask;
    }
    for (unsigned i = 0; i < spu::kHistory; ++i)
        v.samples[i] = v.samples[spu::kBlockSamples + i];
    decodeBlock(v, index);
}

// A capture buffer write: through the page table like every sound RAM write; the IRQ
// address check only when 1F801DACh bit 2 or 3 is set.
void Spu::captureWrite(uint32_t addr, int16_t value, bool irq) {
    uint32_t page = addr >> kPageShift;
    if (pages_.flags(page)) pages_.touched(page, true);
    std::memcpy(&ram_[addr], &value, 2);
    if (irq) checkIrq(addr);
}

// The reverb unit (core/spu_reverb.h, class SpuReverb): called once per tick with the summed
// reverb input; returns its output before vLOUT/vROUT.
std::array<int32_t, 2> Spu::reverbStep(int32_t inL, int32_t inR) {
    // The reverb unit (core/spu_reverb.h) works in its area of sound RAM from mBASE on; its
    // accesses go through the page table and the IRQ address check like the voices'.
    SpuRamAccess access{*this};
    return reverb_.step(access, &regs_[kReverbRegs >> 1], reg(kReverbBase),
                        (reg(kSpucnt) & kSpucntReverb) != 0, inL, inR);
}

void Spu::tick() {
    const uint16_t cnt = reg(kSpucnt);
    const bool armed = irqArmed();
    const uint32_t irqAddr = uint32_t(reg(kIrqAddress)) << 3;
    const uint32_t pmon = reg32(0x190), non = reg32(0x194), eon = reg32(0x198);
    const int16_t noise = int16_t(mix_.noiseLevel);
    int32_t sumL = 0, sumR = 0, revL = 0, revR = 0;
    int16_t prevOut = 0;

    // All voices at rest since the last tick and no IRQ armed: the loop would store only what
    // the voices already hold (their IRQ address checks cannot raise anything), so skip it.
    const bool skipVoices = voicesAtRest_ && !armed;
    bool allAtRest = true;
    for (unsigned i = 0; i < (skipVoices ? 0u : spu::kVoiceCount); ++i) {
        spu::Voice& v = mix_.voices[i];
        // The voice's registers, read once (stores into the voice may not alias them).
        const uint16_t* r = &regs_[i * 8];
        const uint16_t volL = r[0], volR = r[1], pitch = r[2];
        const uint32_t adsr = uint32_t(r[4]) | uint32_t(r[5]) << 16;
        if (!v.decoded) decodeBlock(v, i);
        if (pitch == 0 && v.adsr.phase == spu::kAdsrOff && v.adsr.level == 0 &&
            !((volL | volR) & 0x8000)) {
            // A voice at rest (never keyed on since reset, or released with its pitch at 0):
            // the same result as the full path below, which would step nothing. It still reads
            // its block's header and first data halfword (IRQ).
            if (armed && (v.addr == irqAddr ||
                          ((v.addr + 2 + ((v.counter >> 14) * 2)) & kAddrMask) == irqAddr))
                checkIrq(irqAddr);
            v.out = 0;
            v.volume[0] = {int16_t(uint16_t(volL << 1)), 0};
            v.volume[1] = {int16_t(uint16_t(volR << 1)), 0};
            prevOut = 0;
            continue;
        }
        allAtRest = false;
        uint32_t counter = v.counter;
        const uint32_t pos = counter >> 12;
        if (armed) {
            const uint32_t data = (v.addr + 2 + (pos >> 2) * 2) & kAddrMask;
            if (v.addr == irqAddr || data == irqAddr) checkIrq(irqAddr);
        }
        const int32_t level = v.adsr.level;
        int32_t out = 0; // silent whatever the sample when the envelope is at zero
        if (level != 0) {
            int32_t sample = ((non >> i) & 1)
                                 ? noise
                                 : spu::gaussianInterpolate(v.samples + pos, (counter >> 4) & 0xff);
            out = (sample * level) >> 15;
        }
        v.out = int16_t(out);
        const int32_t l = (out * v.volume[0].level) >> 15;
        const int32_t rr = (out * v.volume[1].level) >> 15;
        sumL += l;
        sumR += rr;
        if ((eon >> i) & 1) revL += l, revR += rr;
        spu::adsrTick(v.adsr, adsr);
        spu::sweepTick(v.volume[0], volL);
        spu::sweepTick(v.volume[1], volR);
        counter += spu::pitchStep(pitch, i > 0 && ((pmon >> i) & 1), prevOut);
        prevOut = int16_t(out);
        if (counter >= kBlockEnd) {
            v.counter = counter - kBlockEnd;
            endBlock(v, i);
        } else {
            v.counter = counter;
        }
    }
    voicesAtRest_ = allAtRest;

    // Noise generator (shared by all noise voices; its clock is SPUCNT bits 8-13).
    {
        const int32_t step = 4 + ((cnt >> 8) & 3);
        const int32_t reload = 0x20000 >> ((cnt >> 10) & 0xf);
        const uint32_t n = mix_.noiseLevel;
        const uint32_t parity = ((n >> 15) ^ (n >> 12) ^ (n >> 11) ^ (n >> 10) ^ 1) & 1;
        mix_.noiseTimer -= step;
        if (mix_.noiseTimer < 0) {
            mix_.noiseLevel = uint16_t((n << 1) | parity);
            mix_.noiseTimer += reload;
            if (mix_.noiseTimer < 0) mix_.noiseTimer += reload;
        }
    }

    // CD input: one frame per tick from the ring, silence when it ran dry.
    int16_t cdL = 0, cdR = 0;
    if (mix_.cdCount) {
        cdL = mix_.cdRing[mix_.cdRead * 2];
        cdR = mix_.cdRing[mix_.cdRead * 2 + 1];
        mix_.cdRead = (mix_.cdRead + 1) % kCdRingFrames;
        --mix_.cdCount;
    }

    // Capture buffers.
    {
        const bool captureIrq = armed && (reg(kTransferControl) & 0xc);
        const uint32_t at = uint32_t(mix_.captureIndex) * 2;
        captureWrite(0x000 + at, cdL, captureIrq);
        captureWrite(0x400 + at, cdR, captureIrq);
        captureWrite(0x800 + at, mix_.voices[1].out, captureIrq);
        captureWrite(0xc00 + at, mix_.voices[3].out, captureIrq);
        mix_.captureIndex = uint16_t((mix_.captureIndex + 1) & 0x1ff);
    }

    // Mixer.
    const bool voicesOn = (cnt & 0xc000) == 0xc000; // enabled and not muted
    int32_t cdInL = 0, cdInR = 0;
    if (cnt & 1) {
        cdInL = (cdL * int16_t(reg(0x1b0))) >> 15;
        cdInR = (cdR * int16_t(reg(0x1b2))) >> 15;
    }
    if (cnt & 4) revL += cdInL, revR += cdInR;
    const std::array<int32_t, 2> wet = reverbStep(clamp16(revL), clamp16(revR));
    const int32_t dryL = clamp16((voicesOn ? sumL : 0) + cdInL);
    const int32_t dryR = clamp16((voicesOn ? sumR : 0) + cdInR);
    int32_t outL = (dryL * mix_.mainVolume[0].level) >> 15;
    int32_t outR = (dryR * mix_.mainVolume[1].level) >> 15;
    if (voicesOn) {
        outL += (wet[0] * int16_t(reg(0x184))) >> 15;
        outR += (wet[1] * int16_t(reg(0x186))) >> 15;
    }
    spu::sweepTick(mix_.mainVolume[0], reg(0x180));
    spu::sweepTick(mix_.mainVolume[1], reg(0x182));

    audioOut_.push_back(int16_t(clamp16(outL)));
    audioOut_.push_back(int16_t(clamp16(outR)));
    if (audioOut_.size() >= kAudioChunkFrames * 2) deliverAudio();
}

} // namespace core
