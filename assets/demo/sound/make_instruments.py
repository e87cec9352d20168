#!/usr/bin/env python3
"""Writes the demo's instrument sources (16-bit mono PCM WAV files) next to this script.

Run once; the WAV files are committed and skipjack-mkadpcm turns them into SPU-ADPCM at build
time. Everything is synthesized from the formulas below (no recordings), with a fixed seed for
the noise, so running it again gives the same files.

  lead.wav, bass.wav  one cycle of 112 samples at 44100 Hz (393.75 Hz at pitch 1000h), looped
                      whole: a 112-sample cycle is exactly four 28-sample ADPCM blocks.
  kick.wav, snare.wav one-shot drums at 22050 Hz (played at pitch 0800h).
"""
import math
import os
import random
import struct
import wave

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, rate, samples):
    with wave.open(os.path.join(HERE, name), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        data = b"".join(struct.pack("<h", max(-32768, min(32767, int(round(s))))) for s in samples)
        w.writeframes(data)


def cycle(harmonics, length=112, peak=20000.0):
    raw = [sum(a * math.sin(2 * math.pi * k * i / length) for k, a in harmonics)
           for i in range(length)]
    scale = peak / max(abs(v) for v in raw)
    return [v * scale for v in raw]


# Lead: a soft square (odd harmonics, 1/k) with a touch of the second harmonic.
write("lead.wav", 44100, cycle([(1, 1.0), (2, 0.15), (3, 1 / 3), (5, 1 / 5), (7, 1 / 7),
                                (9, 1 / 9), (11, 1 / 14)]))
# Bass: a band-limited sawtooth (all harmonics, 1/k), brighter low end.
write("bass.wav", 44100, cycle([(k, 1.0 / k) for k in range(1, 13)], peak=24000.0))

# Kick: a sine whose pitch falls from 160 Hz to 45 Hz, with a fast exponential decay.
rate = 22050
kick, phase = [], 0.0
for i in range(int(rate * 0.20)):
    t = i / rate
    f = 45 + 115 * math.exp(-t * 30)
    phase += 2 * math.pi * f / rate
    kick.append(30000 * math.exp(-t * 14) * math.sin(phase))
write("kick.wav", rate, kick)

# Snare: white noise (fixed seed) with a short 190 Hz body, both decaying.
rng = random.Random(1995)
snare = []
for i in range(int(rate * 0.16)):
    t = i / rate
    noise = rng.uniform(-1, 1) * 22000 * math.exp(-t * 22)
    body = 12000 * math.exp(-t * 40) * math.sin(2 * math.pi * 190 * t)
    snare.append(noise + body)
write("snare.wav", rate, snare)
