#pragma once
// The signature PSP (.vmp) and PS3 (.psv) files of PS1 saves carry: HMAC-SHA1 over the whole
// file (with the signature field zeroed) under a 64-byte key derived from a 20-byte seed
// stored in the file. The reference (psx-spx) does not describe these formats; the layout and
// the derivation are the ones the PS1 save tools of the PSP/PS3 community document:
//   key[00h-0Fh] = AES-128-ECB-decrypt(K, seed[00h-0Fh]) XOR IV
//   key[10h-13h] = AES-128-ECB-encrypt(K, seed[00h-0Fh])[00h-03h] XOR seed[10h-13h]
//   key[14h-3Fh] = 0
// with the fixed PS1 key K and IV below.
#include <array>
#include <cstdint>
#include <span>

namespace memcard {

using Signature = std::array<uint8_t, 20>;

// The signature of `file` whose 20-byte seed is at `seedOffset` and whose 20-byte signature
// field (treated as zero) is at `signatureOffset`. `file` must hold both fields.
Signature psSaveSignature(std::span<const uint8_t> file, size_t seedOffset, size_t signatureOffset);

// Building blocks, exposed for their tests (FIPS-197 and RFC 2202 vectors).
std::array<uint8_t, 16> aes128EcbEncrypt(const std::array<uint8_t, 16>& key,
                                         const std::array<uint8_t, 16>& block);
std::array<uint8_t, 16> aes128EcbDecrypt(const std::array<uint8_t, 16>& key,
                                         const std::array<uint8_t, 16>& block);
Signature hmacSha1(std::span<const uint8_t> key, std::span<const uint8_t> message);

} // namespace memcard
