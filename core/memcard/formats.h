#pragma once
// Memory card and single-save files (controllersandmemorycards.md "Memory Card Images"):
//   whole cards:  .mcd/.mcr (raw 128 KiB), .gme (DexDrive, F40h-byte header),
//                 .vmp (PSP, 80h-byte signed header)
//   single saves: .mcs (directory frame + blocks), .psx (Xploder/Action Replay, 54-byte
//                 header), .psv (PS3, 84h-byte signed header)
// Reading checks everything a format fixes (sizes, magic strings, the card's header frame,
// signatures) and refuses a damaged file with a message saying what is wrong; writing goes
// through a temporary file and a rename, so a failed write leaves the old file as it was.
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/memcard/card.h"

namespace memcard {

enum class CardFormat { Raw, Gme, Vmp };
enum class SaveFormat { Mcs, Psx, Psv };

// By the file's extension (case-insensitive); nullopt when it names no such format.
std::optional<CardFormat> cardFormatForPath(const std::string& path);
std::optional<SaveFormat> saveFormatForPath(const std::string& path);
// By the file's first bytes and size; nullopt when it looks like none.
std::optional<CardFormat> detectCardFormat(std::span<const uint8_t> bytes);
std::optional<SaveFormat> detectSaveFormat(std::span<const uint8_t> bytes);

std::optional<Card> decodeCard(std::span<const uint8_t> bytes, CardFormat format,
                               std::string& error);
std::vector<uint8_t> encodeCard(const Card& card, CardFormat format);
std::optional<SaveFile> decodeSave(std::span<const uint8_t> bytes, SaveFormat format,
                                   std::string& error);
std::vector<uint8_t> encodeSave(const SaveFile& save, SaveFormat format);

// Files: the format comes from the extension, else (reading) from the contents. Errors name
// the file.
std::optional<Card> readCardFile(const std::string& path, std::string& error);
bool writeCardFile(const std::string& path, const Card& card, std::string& error);
std::optional<SaveFile> readSaveFile(const std::string& path, std::string& error);
bool writeSaveFile(const std::string& path, const SaveFile& save, std::string& error);

// Layout constants the tests check against.
constexpr size_t kGmeHeaderSize = 0xf40;
constexpr size_t kVmpHeaderSize = 0x80;
constexpr size_t kVmpSeedOffset = 0x0c, kVmpSignatureOffset = 0x20;
constexpr size_t kPsvHeaderSize = 0x84;
constexpr size_t kPsvSeedOffset = 0x08, kPsvSignatureOffset = 0x1c;
constexpr size_t kPsxHeaderSize = 0x36;

} // namespace memcard
