// Card and save file formats (see formats.h). Layouts:
// - .gme, .mcs, .psx: controllersandmemorycards.md "Memory Card Images";
// - .vmp (PSP) and .psv (PS3) are not in the reference; their layout is the one the PSP/PS3
//   save tools document (signature.h for the signature):
//   .vmp: 00h "\0PMV", 04h u32 80h (header size), 0Ch 20-byte seed, 20h 20-byte signature,
//         80h the 128 KiB card.
//   .psv: 00h "\0VSP", 08h 20-byte seed, 1Ch 20-byte signature, 38h u32 14h (PS1 header
//         size), 3Ch u32 1 (PS1 save), 40h u32 save size, 44h u32 84h (data offset),
//         48h u32 200h, 5Ch u32 save size, 60h u32 9003h, 64h 20-byte filename,
//         84h the save's blocks.
#include "core/memcard/formats.h"

#include <algorithm>
#include <cstring>

#include "core/memcard/signature.h"
#include "savestate/state_file.h"

namespace memcard {

namespace {

constexpr char kGmeMagic[] = "123-456-STD";
constexpr uint8_t kVmpMagic[4] = {0x00, 'P', 'M', 'V'};
constexpr uint8_t kPsvMagic[4] = {0x00, 'V', 'S', 'P'};
// Any 20 bytes do as a seed; ours is fixed so the same card always gives the same file.
constexpr uint8_t kSeed[20] = {'S', 'k', 'i', 'p', 'j', 'a', 'c', 'k', ' ', 'm',
                               'e', 'm', 'c', 'a', 'r', 'd', 0,   0,   0,   0};
constexpr size_t kMaxFileSize = 1 << 20; // no card or save file is larger

uint32_t read32(const uint8_t* p) {
    return uint32_t(p[0] | p[1] << 8 | p[2] << 16 | p[3] << 24);
}
void write32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = uint8_t(v >> (8 * i));
}

std::string lowerExtension(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = path.substr(dot + 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return char(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return ext;
}

// Bytes [offset, offset + max) up to the first 00h, as a string.
std::string cString(std::span<const uint8_t> bytes, size_t offset, size_t max) {
    std::string s;
    for (size_t i = offset; i < offset + max && i < bytes.size() && bytes[i] != 0; ++i)
        s.push_back(char(bytes[i]));
    return s;
}

bool checkSignature(std::span<const uint8_t> bytes, size_t seedOffset, size_t signatureOffset,
                    const char* what, std::string& error) {
    const Signature expected = psSaveSignature(bytes, seedOffset, signatureOffset);
    if (std::memcmp(expected.data(), bytes.data() + signatureOffset, expected.size()) != 0) {
        error = std::string("the ") + what +
                " file's signature does not match its contents (the file is damaged or was "
                "edited)";
        return false;
    }
    return true;
}

void sign(std::vector<uint8_t>& bytes, size_t seedOffset, size_t signatureOffset) {
    std::memcpy(&bytes[seedOffset], kSeed, sizeof(kSeed));
    const Signature s = psSaveSignature(bytes, seedOffset, signatureOffset);
    std::memcpy(&bytes[signatureOffset], s.data(), s.size());
}

std::optional<SaveFile> checkedSave(SaveFile save, const char* what, std::string& error) {
    if (std::string why = validateSave(save); !why.empty()) {
        error = std::string("the ") + what + " file is damaged: " + why;
        return std::nullopt;
    }
    return save;
}

// The directory frame of a save's first block as a fresh card would have it (block 1, the
// rest following in order): what .mcs files carry.
std::array<uint8_t, kFrameSize> firstDirectoryFrame(const SaveFile& save) {
    std::array<uint8_t, kFrameSize> f{};
    write32(f.data(), kInUseFirst);
    write32(f.data() + 4, uint32_t(save.data.size()));
    const uint16_t next = save.blockCount() > 1 ? 1 : kNoNextBlock; // block 2, minus 1
    f[8] = uint8_t(next), f[9] = uint8_t(next >> 8);
    std::memcpy(f.data() + 0x0a, save.filename.data(),
                std::min(save.filename.size(), kFilenameMax));
    f[127] = frameChecksum(f.data());
    return f;
}

} // namespace

std::optional<CardFormat> cardFormatForPath(const std::string& path) {
    const std::string ext = lowerExtension(path);
    if (ext == "mcd" || ext == "mcr") return CardFormat::Raw;
    if (ext == "gme") return CardFormat::Gme;
    if (ext == "vmp") return CardFormat::Vmp;
    return std::nullopt;
}

std::optional<SaveFormat> saveFormatForPath(const std::string& path) {
    const std::string ext = lowerExtension(path);
    if (ext == "mcs") return SaveFormat::Mcs;
    if (ext == "psx") return SaveFormat::Psx;
    if (ext == "psv") return SaveFormat::Psv;
    return std::nullopt;
}

std::optional<CardFormat> detectCardFormat(std::span<const uint8_t> bytes) {
    if (bytes.size() >= sizeof(kGmeMagic) && std::memcmp(bytes.data(), kGmeMagic, 12) == 0)
        return CardFormat::Gme;
    if (bytes.size() >= 4 && std::memcmp(bytes.data(), kVmpMagic, 4) == 0) return CardFormat::Vmp;
    if (bytes.size() == kCardSize) return CardFormat::Raw;
    return std::nullopt;
}

std::optional<SaveFormat> detectSaveFormat(std::span<const uint8_t> bytes) {
    if (bytes.size() >= 4 && std::memcmp(bytes.data(), kPsvMagic, 4) == 0) return SaveFormat::Psv;
    if (bytes.size() >= kFrameSize && read32(bytes.data()) == kInUseFirst &&
        (bytes.size() - kFrameSize) % kBlockSize == 0)
        return SaveFormat::Mcs;
    if (bytes.size() >= kPsxHeaderSize && (bytes.size() - kPsxHeaderSize) % kBlockSize == 0)
        return SaveFormat::Psx;
    return std::nullopt;
}

std::optional<Card> decodeCard(std::span<const uint8_t> bytes, CardFormat format,
                               std::string& error) {
    std::string why;
    std::optional<Card> card;
    switch (format) {
    case CardFormat::Raw: card = Card::fromImage(bytes, why); break;
    case CardFormat::Gme:
        // 000h "123-456-STD",00h ... F40h the 128 KiB image (some files carry more after it).
        if (bytes.size() < kGmeHeaderSize + kCardSize) {
            error = "the .gme file is too short (" + std::to_string(bytes.size()) +
                    " bytes; a header of 3904 bytes and a 131072-byte card are needed)";
            return std::nullopt;
        }
        if (std::memcmp(bytes.data(), kGmeMagic, sizeof(kGmeMagic)) != 0) {
            error = "the .gme file does not start with \"123-456-STD\"";
            return std::nullopt;
        }
        card = Card::fromImage(bytes.subspan(kGmeHeaderSize, kCardSize), why);
        break;
    case CardFormat::Vmp:
        if (bytes.size() != kVmpHeaderSize + kCardSize) {
            error = "a .vmp file has 131200 bytes, this one " + std::to_string(bytes.size());
            return std::nullopt;
        }
        if (std::memcmp(bytes.data(), kVmpMagic, 4) != 0 || read32(&bytes[4]) != kVmpHeaderSize) {
            error = "the .vmp file does not start with the PSP header (\"\\0PMV\", 80h)";
            return std::nullopt;
        }
        if (!checkSignature(bytes, kVmpSeedOffset, kVmpSignatureOffset, ".vmp", error))
            return std::nullopt;
        card = Card::fromImage(bytes.subspan(kVmpHeaderSize), why);
        break;
    }
    if (!card) error = "the card is damaged: " + why;
    return card;
}

std::vector<uint8_t> encodeCard(const Card& card, CardFormat format) {
    const auto image = card.bytes();
    std::vector<uint8_t> out;
    switch (format) {
    case CardFormat::Raw: out.assign(image.begin(), image.end()); break;
    case CardFormat::Gme: {
        out.assign(kGmeHeaderSize, 0);
        std::memcpy(out.data(), kGmeMagic, sizeof(kGmeMagic));
        const uint8_t fixed[5] = {0x00, 0x00, 0x01, 0x00, 0x01}; // 010h "Always"
        std::memcpy(&out[0x10], fixed, sizeof(fixed));
        for (size_t i = 0; i < 16; ++i) {
            out[0x15 + i] = card.frame(i)[0x00]; // "M", then the allocation states
            out[0x25 + i] = card.frame(i)[0x08]; // 00h, then the next block values
        }
        out.insert(out.end(), image.begin(), image.end());
        break;
    }
    case CardFormat::Vmp:
        out.assign(kVmpHeaderSize, 0);
        std::memcpy(out.data(), kVmpMagic, 4);
        write32(&out[4], kVmpHeaderSize);
        out.insert(out.end(), image.begin(), image.end());
        sign(out, kVmpSeedOffset, kVmpSignatureOffset);
        break;
    }
    return out;
}

std::optional<SaveFile> decodeSave(std::span<const uint8_t> bytes, SaveFormat format,
                                   std::string& error) {
    SaveFile save;
    switch (format) {
    case SaveFormat::Mcs: {
        // The first block's directory frame, then the blocks in link order; only the filename
        // and the size count ("other fields should be ignored").
        if (bytes.size() < kFrameSize + kBlockSize ||
            (bytes.size() - kFrameSize) % kBlockSize != 0) {
            error = "the .mcs file's size (" + std::to_string(bytes.size()) +
                    " bytes) is not a 128-byte directory frame and whole 8192-byte blocks";
            return std::nullopt;
        }
        const uint32_t size = read32(&bytes[4]);
        if (size != bytes.size() - kFrameSize) {
            error = "the .mcs file's directory frame gives " + std::to_string(size) +
                    " bytes, the file holds " + std::to_string(bytes.size() - kFrameSize);
            return std::nullopt;
        }
        save.filename = cString(bytes, 0x0a, kFilenameMax);
        save.data.assign(bytes.begin() + kFrameSize, bytes.end());
        return checkedSave(std::move(save), ".mcs", error);
    }
    case SaveFormat::Psx:
        // 00h-14h filename, 15h-35h title (ASCII), 36h the blocks.
        if (bytes.size() < kPsxHeaderSize + kBlockSize ||
            (bytes.size() - kPsxHeaderSize) % kBlockSize != 0) {
            error = "the .psx file's size (" + std::to_string(bytes.size()) +
                    " bytes) is not a 54-byte header and whole 8192-byte blocks";
            return std::nullopt;
        }
        save.filename = cString(bytes, 0, kFilenameMax);
        save.data.assign(bytes.begin() + kPsxHeaderSize, bytes.end());
        return checkedSave(std::move(save), ".psx", error);
    case SaveFormat::Psv: {
        if (bytes.size() < kPsvHeaderSize + kBlockSize ||
            std::memcmp(bytes.data(), kPsvMagic, 4) != 0) {
            error = "the .psv file does not start with the PS3 header (\"\\0VSP\")";
            return std::nullopt;
        }
        if (read32(&bytes[0x3c]) != 1) {
            error = "the .psv file holds a PS2 save, not a PS1 one";
            return std::nullopt;
        }
        const uint32_t size = read32(&bytes[0x40]);
        if (read32(&bytes[0x44]) != kPsvHeaderSize || size != bytes.size() - kPsvHeaderSize) {
            error = "the .psv file's header gives " + std::to_string(size) +
                    " bytes of save at 84h, the file holds " +
                    std::to_string(bytes.size() - kPsvHeaderSize);
            return std::nullopt;
        }
        if (!checkSignature(bytes, kPsvSeedOffset, kPsvSignatureOffset, ".psv", error))
            return std::nullopt;
        save.filename = cString(bytes, 0x64, kFilenameMax);
        save.data.assign(bytes.begin() + kPsvHeaderSize, bytes.end());
        return checkedSave(std::move(save), ".psv", error);
    }
    }
    return std::nullopt;
}

std::vector<uint8_t> encodeSave(const SaveFile& save, SaveFormat format) {
    std::vector<uint8_t> out;
    switch (format) {
    case SaveFormat::Mcs: {
        const auto dir = firstDirectoryFrame(save);
        out.assign(dir.begin(), dir.end());
        break;
    }
    case SaveFormat::Psx: {
        out.assign(kPsxHeaderSize, 0);
        std::memcpy(out.data(), save.filename.data(), std::min(save.filename.size(), kFilenameMax));
        // "The title is more or less don't care": the title's ASCII characters.
        const Title title = parseTitle(save.data);
        size_t n = 0;
        for (char c : title.text)
            if (uint8_t(c) >= 0x20 && uint8_t(c) < 0x7f && n < 32) out[0x15 + n++] = uint8_t(c);
        break;
    }
    case SaveFormat::Psv:
        out.assign(kPsvHeaderSize, 0);
        std::memcpy(out.data(), kPsvMagic, 4);
        write32(&out[0x38], 0x14); // PS1 header size
        write32(&out[0x3c], 1);    // PS1 save
        write32(&out[0x40], uint32_t(save.data.size()));
        write32(&out[0x44], kPsvHeaderSize);
        write32(&out[0x48], 0x200);
        write32(&out[0x5c], uint32_t(save.data.size()));
        write32(&out[0x60], 0x9003);
        std::memcpy(&out[0x64], save.filename.data(), std::min(save.filename.size(), kFilenameMax));
        break;
    }
    out.insert(out.end(), save.data.begin(), save.data.end());
    if (format == SaveFormat::Psv) sign(out, kPsvSeedOffset, kPsvSignatureOffset);
    return out;
}

namespace {
bool readBounded(const std::string& path, std::vector<uint8_t>& bytes, std::string& error) {
    std::string why;
    if (!savestate::readWholeFile(path, bytes, why)) {
        error = path + ": " + why;
        return false;
    }
    if (bytes.size() > kMaxFileSize) {
        error = path + ": too large for a memory card or save file";
        return false;
    }
    return true;
}
} // namespace

std::optional<Card> readCardFile(const std::string& path, std::string& error) {
    std::vector<uint8_t> bytes;
    if (!readBounded(path, bytes, error)) return std::nullopt;
    auto format = cardFormatForPath(path);
    if (!format) format = detectCardFormat(bytes);
    if (!format) {
        error = path + ": not a memory card file (.mcd, .mcr, .gme or .vmp)";
        return std::nullopt;
    }
    std::string why;
    auto card = decodeCard(bytes, *format, why);
    if (!card) error = path + ": " + why;
    return card;
}

bool writeCardFile(const std::string& path, const Card& card, std::string& error) {
    const auto format = cardFormatForPath(path);
    if (!format) {
        error = path + ": name a card file .mcd, .mcr, .gme or .vmp";
        return false;
    }
    return savestate::writeFileAtomic(path, encodeCard(card, *format), error);
}

std::optional<SaveFile> readSaveFile(const std::string& path, std::string& error) {
    std::vector<uint8_t> bytes;
    if (!readBounded(path, bytes, error)) return std::nullopt;
    auto format = saveFormatForPath(path);
    if (!format) format = detectSaveFormat(bytes);
    if (!format) {
        error = path + ": not a single-save file (.mcs, .psx or .psv)";
        return std::nullopt;
    }
    std::string why;
    auto save = decodeSave(bytes, *format, why);
    if (!save) error = path + ": " + why;
    return save;
}

bool writeSaveFile(const std::string& path, const SaveFile& save, std::string& error) {
    const auto format = saveFormatForPath(path);
    if (!format) {
        error = path + ": name a save file .mcs, .psx or .psv";
        return false;
    }
    if (std::string why = validateSave(save); !why.empty()) {
        error = path + ": " + why;
        return false;
    }
    return savestate::writeFileAtomic(path, encodeSave(save, *format), error);
}

} // namespace memcard
