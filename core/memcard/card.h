#pragma once
// A memory card's file system (controllersandmemorycards.md "Memory Card Data Format"): 16
// blocks of 8 KiB, each 64 frames of 128 bytes. Block 0 holds the header frame, 15 directory
// frames (one per file block 1..15), the broken sector list and the write test frame; a file
// takes one or more of blocks 1..15, linked through the directory's next-block pointers, and
// its first block starts with the title frame and 1..3 icon frames.
//
// A Card is a plain 128 KiB image plus the operations a card manager needs; it never touches
// a file (formats.h reads and writes files) and never the emulated machine (the desktop app
// hands the changed frames to the card's journal on the emulation thread).
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/memcard/title.h"

namespace memcard {

constexpr size_t kFrameSize = 128;
constexpr size_t kFramesPerBlock = 64;
constexpr size_t kBlockSize = kFrameSize * kFramesPerBlock; // 8 KiB
constexpr size_t kBlocks = 16;
constexpr size_t kCardSize = kBlockSize * kBlocks; // 128 KiB
constexpr int kFileBlocks = 15;                    // blocks 1..15
constexpr size_t kFilenameMax = 20;                // "max 20 chars, plus ending 00h"

// Directory frame byte 00h-03h, "Block Allocation State".
enum BlockState : uint32_t {
    kInUseFirst = 0x51,  // first-or-only block of a file
    kInUseMiddle = 0x52, // middle block (3 or more blocks)
    kInUseLast = 0x53,   // last block (2 or more blocks)
    kFreeFormatted = 0xa0,
    kFreeDeletedFirst = 0xa1,
    kFreeDeletedMiddle = 0xa2,
    kFreeDeletedLast = 0xa3,
};
constexpr uint16_t kNoNextBlock = 0xffff;

// XOR of bytes 00h..7Eh: the checksum stored at 7Fh of header, directory and broken sector
// list frames.
uint8_t frameChecksum(const uint8_t* frame);

// One save as single-save formats carry it: the directory's filename and the file's blocks in
// link order (the first starting with the title frame).
struct SaveFile {
    std::string filename;      // ASCII, at most 20 characters
    std::vector<uint8_t> data; // a whole number of 8 KiB blocks, 1..15 of them
    int blockCount() const { return int(data.size() / kBlockSize); }
};

// Checks what every single-save format needs: a filename of 1..20 characters 20h..7Fh, 1..15
// whole blocks, and a title frame ("SC") at the start. Returns "" or the reason.
std::string validateSave(const SaveFile& save);

// A save as the card's directory lists it.
struct SaveInfo {
    int firstBlock = 0;      // 1..15
    std::vector<int> blocks; // in link order, starting with firstBlock
    std::string filename;
    uint32_t size = 0; // directory's file size in bytes
    Title title;       // from the title frame (title.h)
    // Why the save cannot be copied or exported ("" when it can): a link chain that loops,
    // leaves the file's blocks or disagrees with the file size, a bad checksum.
    std::string damage;
};

class Card {
  public:
    // A freshly formatted card (the same bytes as savestate::MemoryCardJournal::formattedCard):
    // header "MC", 15 free directory frames, an empty broken sector list, the write test frame.
    static Card formatted();
    // Wraps a 128 KiB image; refuses (nullopt, `error` says why) one of the wrong size or
    // without the "MC" header frame and its checksum (an unformatted or damaged card).
    static std::optional<Card> fromImage(std::span<const uint8_t> image, std::string& error);

    std::span<const uint8_t> bytes() const { return image_; }
    const uint8_t* frame(size_t index) const { return &image_[index * kFrameSize]; }
    const uint8_t* block(int index) const { return &image_[size_t(index) * kBlockSize]; }
    uint32_t blockState(int block) const; // directory frame `block` (1..15), bytes 00h-03h

    // Every file whose first block is in use, ordered by first block; damaged ones included
    // (SaveInfo::damage says why).
    std::vector<SaveInfo> saves() const;
    std::optional<SaveInfo> save(int firstBlock) const;
    int freeBlocks() const;

    // The save starting at `firstBlock` as a SaveFile; refused when damaged or absent.
    std::optional<SaveFile> exportSave(int firstBlock, std::string& error) const;
    // Writes `save` into the lowest free blocks, linked in rising order, as the BIOS's file
    // create does: first block 51h with the file size and filename, middle blocks 52h, last
    // 53h, next pointers (block - 1) and FFFFh at the end, each frame's checksum. Refused,
    // with the card unchanged, when the save is invalid, too big for the free blocks, or a
    // file of that name is on the card already.
    bool importSave(const SaveFile& save, std::string& error);
    // Deletes a file as the BIOS does: its directory frames become 51h->A1h, 52h->A2h,
    // 53h->A3h (free, deleted), the data stays. Refused when no file starts there.
    bool deleteSave(int firstBlock, std::string& error);

  private:
    Card() : image_(kCardSize, 0) {}
    uint8_t* mutableFrame(size_t index) { return &image_[index * kFrameSize]; }
    std::vector<uint8_t> image_;
};

// Copies (and with `move` also deletes) a save from one card to another; refused with both
// cards unchanged when the export or the import is.
bool copySave(Card& from, int firstBlock, Card& to, bool move, std::string& error);

// The 128-byte frames in which two images differ (index 0..1023): what a card's journal must
// write to turn `before` into `after`.
std::vector<uint32_t> changedFrames(std::span<const uint8_t> before,
                                    std::span<const uint8_t> after);

} // namespace memcard
