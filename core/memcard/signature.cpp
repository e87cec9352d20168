// PSP/PS3 PS1-save signatures (see signature.h); AES and SHA-1 come from OpenSSL's libcrypto.
#include "core/memcard/signature.h"

#include <cstring>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <vector>

namespace memcard {

namespace {

constexpr std::array<uint8_t, 16> kPs1Key = {0xab, 0x5a, 0xbc, 0x9f, 0xc1, 0xf4, 0x9d, 0xe6,
                                             0xa0, 0x51, 0xdb, 0xae, 0xfa, 0x51, 0x88, 0x59};
constexpr std::array<uint8_t, 16> kPs1Iv = {0xb3, 0x0f, 0xfe, 0xed, 0xb7, 0xdc, 0x5e, 0xb7,
                                            0x13, 0x3d, 0xa6, 0x0d, 0x1b, 0x6b, 0x2c, 0xdc};

std::array<uint8_t, 16> aesBlock(const std::array<uint8_t, 16>& key,
                                 const std::array<uint8_t, 16>& block, bool encrypt) {
    std::array<uint8_t, 16> out{};
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    int len = 0;
    if (ctx && EVP_CipherInit_ex(ctx, EVP_aes_128_ecb(), nullptr, key.data(), nullptr,
                                 encrypt ? 1 : 0) == 1) {
        EVP_CIPHER_CTX_set_padding(ctx, 0);
        EVP_CipherUpdate(ctx, out.data(), &len, block.data(), int(block.size()));
    }
    EVP_CIPHER_CTX_free(ctx);
    return out;
}

} // namespace

std::array<uint8_t, 16> aes128EcbEncrypt(const std::array<uint8_t, 16>& key,
                                         const std::array<uint8_t, 16>& block) {
    return aesBlock(key, block, true);
}

std::array<uint8_t, 16> aes128EcbDecrypt(const std::array<uint8_t, 16>& key,
                                         const std::array<uint8_t, 16>& block) {
    return aesBlock(key, block, false);
}

Signature hmacSha1(std::span<const uint8_t> key, std::span<const uint8_t> message) {
    Signature mac{};
    unsigned len = 0;
    HMAC(EVP_sha1(), key.data(), int(key.size()), message.data(), message.size(), mac.data(), &len);
    return mac;
}

Signature psSaveSignature(std::span<const uint8_t> file, size_t seedOffset,
                          size_t signatureOffset) {
    std::array<uint8_t, 16> seed{};
    std::memcpy(seed.data(), file.data() + seedOffset, 16);
    std::array<uint8_t, 64> key{};
    const auto decrypted = aes128EcbDecrypt(kPs1Key, seed);
    const auto encrypted = aes128EcbEncrypt(kPs1Key, seed);
    for (size_t i = 0; i < 16; ++i)
        key[i] = decrypted[i] ^ kPs1Iv[i];
    for (size_t i = 0; i < 4; ++i)
        key[16 + i] = encrypted[i] ^ file[seedOffset + 16 + i];
    std::vector<uint8_t> message(file.begin(), file.end());
    std::memset(message.data() + signatureOffset, 0, 20);
    return hmacSha1(key, message);
}

} // namespace memcard
