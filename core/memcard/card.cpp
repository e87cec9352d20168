// The memory card file system (controllersandmemorycards.md "Memory Card Data Format").
// Notes the code relies on:
// - directory frame N (1..15) describes block N; bytes 04h-07h (file size) and 0Ah-1Eh
//   (filename) are only stored in the first block's frame (state 51h or A1h), the other
//   frames have them zero-filled;
// - 08h-09h point to the next block minus 1 (0..14), FFFFh on the last block;
// - every directory frame ends with the XOR checksum of bytes 00h-7Eh at 7Fh;
// - a deleted file keeps its data and links, its states become A1h/A2h/A3h.
#include "core/memcard/card.h"

#include <algorithm>
#include <cstring>

namespace memcard {

namespace {

uint32_t read32(const uint8_t* p) {
    return uint32_t(p[0] | p[1] << 8 | p[2] << 16 | p[3] << 24);
}
void write32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i)
        p[i] = uint8_t(v >> (8 * i));
}

std::string frameFilename(const uint8_t* frame) {
    std::string name;
    for (size_t i = 0; i < kFilenameMax + 1 && frame[0x0a + i] != 0; ++i)
        name.push_back(char(frame[0x0a + i]));
    return name;
}

bool isFree(uint32_t state) {
    return (state & 0xf0) == 0xa0;
}

} // namespace

uint8_t frameChecksum(const uint8_t* frame) {
    uint8_t x = 0;
    for (size_t i = 0; i < kFrameSize - 1; ++i)
        x ^= frame[i];
    return x;
}

std::string validateSave(const SaveFile& save) {
    if (save.filename.empty() || save.filename.size() > kFilenameMax)
        return "the save's filename must have 1 to 20 characters (it has " +
               std::to_string(save.filename.size()) + ")";
    for (char c : save.filename)
        if (uint8_t(c) < 0x20 || uint8_t(c) > 0x7f)
            return "the save's filename has a character outside 20h..7Fh";
    if (save.data.empty() || save.data.size() % kBlockSize != 0 ||
        save.data.size() > size_t(kFileBlocks) * kBlockSize)
        return "the save's size (" + std::to_string(save.data.size()) +
               " bytes) is not 1 to 15 whole blocks of 8192 bytes";
    if (save.data[0] != 'S' || save.data[1] != 'C')
        return "the save's first block does not start with a title frame (\"SC\")";
    return {};
}

Card Card::formatted() {
    Card card;
    uint8_t* header = card.mutableFrame(0);
    header[0] = 'M', header[1] = 'C';
    header[127] = frameChecksum(header);
    for (size_t i = 1; i <= 15; ++i) { // directory: free, freshly formatted
        uint8_t* f = card.mutableFrame(i);
        write32(f, kFreeFormatted);
        f[8] = 0xff, f[9] = 0xff;
        f[127] = frameChecksum(f);
    }
    for (size_t i = 16; i <= 35; ++i) { // broken sector list: FFFFFFFFh = none
        uint8_t* f = card.mutableFrame(i);
        std::memset(f, 0xff, 4);
        f[127] = frameChecksum(f);
    }
    for (size_t i = 36; i <= 62; ++i)
        std::memset(card.mutableFrame(i), 0xff, kFrameSize);
    std::memcpy(card.mutableFrame(63), header, kFrameSize); // write test frame
    return card;
}

std::optional<Card> Card::fromImage(std::span<const uint8_t> image, std::string& error) {
    if (image.size() != kCardSize) {
        error = "a memory card image has 131072 bytes, this one " + std::to_string(image.size());
        return std::nullopt;
    }
    if (image[0] != 'M' || image[1] != 'C') {
        error = "the card has no \"MC\" header frame (not formatted, or not a memory card)";
        return std::nullopt;
    }
    if (frameChecksum(image.data()) != image[127]) {
        error = "the card's header frame has a bad checksum (the image is damaged)";
        return std::nullopt;
    }
    Card card;
    std::memcpy(card.image_.data(), image.data(), kCardSize);
    return card;
}

uint32_t Card::blockState(int block) const {
    return read32(frame(size_t(block)));
}

std::optional<SaveInfo> Card::save(int firstBlock) const {
    if (firstBlock < 1 || firstBlock > kFileBlocks || blockState(firstBlock) != kInUseFirst)
        return std::nullopt;
    SaveInfo info;
    info.firstBlock = firstBlock;
    const uint8_t* dir = frame(size_t(firstBlock));
    info.filename = frameFilename(dir);
    info.size = read32(dir + 4);
    info.title = parseTitle(std::span(block(firstBlock), kBlockSize));
    // Walk the links; a chain that loops, leaves 1..15 or enters a block that is not a middle
    // or last block of a file is damage.
    bool seen[kBlocks] = {};
    int b = firstBlock;
    for (;;) {
        if (seen[b]) {
            info.damage = "its block links loop";
            break;
        }
        seen[b] = true;
        info.blocks.push_back(b);
        const uint8_t* f = frame(size_t(b));
        if (frameChecksum(f) != f[127]) {
            info.damage = "directory frame " + std::to_string(b) + " has a bad checksum";
            break;
        }
        const uint16_t next = uint16_t(f[8] | f[9] << 8);
        if (next == kNoNextBlock) {
            const uint32_t expectLast = info.blocks.size() == 1 ? kInUseFirst : kInUseLast;
            if (read32(f) != expectLast)
                info.damage = "block " + std::to_string(b) +
                              " ends the file but is not marked "
                              "as its last block";
            break;
        }
        if (next >= kFileBlocks) {
            info.damage = "block " + std::to_string(b) + " links to a block outside 1..15";
            break;
        }
        b = next + 1;
        const uint32_t state = blockState(b);
        if (state != kInUseMiddle && state != kInUseLast) {
            info.damage = "block " + std::to_string(b) + " is linked but not in use";
            break;
        }
    }
    if (info.damage.empty() && info.size != info.blocks.size() * kBlockSize)
        info.damage = "its size (" + std::to_string(info.size) + " bytes) is not its " +
                      std::to_string(info.blocks.size()) + " blocks";
    if (info.damage.empty() && !info.title.valid) info.damage = "it has no title frame";
    return info;
}

std::vector<SaveInfo> Card::saves() const {
    std::vector<SaveInfo> list;
    for (int b = 1; b <= kFileBlocks; ++b)
        if (auto info = save(b)) list.push_back(std::move(*info));
    return list;
}

int Card::freeBlocks() const {
    int n = 0;
    for (int b = 1; b <= kFileBlocks; ++b)
        n += isFree(blockState(b)) ? 1 : 0;
    return n;
}

std::optional<SaveFile> Card::exportSave(int firstBlock, std::string& error) const {
    const auto info = save(firstBlock);
    if (!info) {
        error = "no save starts in block " + std::to_string(firstBlock);
        return std::nullopt;
    }
    if (!info->damage.empty()) {
        error = "the save \"" + info->filename + "\" is damaged: " + info->damage;
        return std::nullopt;
    }
    SaveFile file;
    file.filename = info->filename;
    for (int b : info->blocks)
        file.data.insert(file.data.end(), block(b), block(b) + kBlockSize);
    return file;
}

bool Card::importSave(const SaveFile& save, std::string& error) {
    if (std::string why = validateSave(save); !why.empty()) {
        error = why;
        return false;
    }
    for (const SaveInfo& existing : saves())
        if (existing.filename == save.filename) {
            error = "the card already has a save named \"" + save.filename + "\"";
            return false;
        }
    std::vector<int> blocks;
    for (int b = 1; b <= kFileBlocks && int(blocks.size()) < save.blockCount(); ++b)
        if (isFree(blockState(b))) blocks.push_back(b);
    if (int(blocks.size()) < save.blockCount()) {
        error = "the save needs " + std::to_string(save.blockCount()) + " blocks, the card has " +
                std::to_string(freeBlocks()) + " free";
        return false;
    }
    for (size_t i = 0; i < blocks.size(); ++i) {
        const int b = blocks[i];
        uint8_t* f = mutableFrame(size_t(b));
        std::memset(f, 0, kFrameSize);
        const bool first = i == 0, last = i + 1 == blocks.size();
        write32(f, first ? kInUseFirst : last ? kInUseLast : kInUseMiddle);
        if (first) {
            write32(f + 4, uint32_t(save.data.size()));
            std::memcpy(f + 0x0a, save.filename.data(), save.filename.size());
        }
        const uint16_t next = last ? kNoNextBlock : uint16_t(blocks[i + 1] - 1);
        f[8] = uint8_t(next), f[9] = uint8_t(next >> 8);
        f[127] = frameChecksum(f);
        std::memcpy(&image_[size_t(b) * kBlockSize], &save.data[i * kBlockSize], kBlockSize);
    }
    return true;
}

bool Card::deleteSave(int firstBlock, std::string& error) {
    const auto info = save(firstBlock);
    if (!info) {
        error = "no save starts in block " + std::to_string(firstBlock);
        return false;
    }
    // A damaged chain is still deleted as far as it is a file's: each linked in-use block.
    for (int b : info->blocks) {
        uint8_t* f = mutableFrame(size_t(b));
        const uint32_t state = read32(f);
        if (state < kInUseFirst || state > kInUseLast) continue;
        write32(f, state - kInUseFirst + kFreeDeletedFirst);
        f[127] = frameChecksum(f);
    }
    return true;
}

bool copySave(Card& from, int firstBlock, Card& to, bool move, std::string& error) {
    const auto file = from.exportSave(firstBlock, error);
    if (!file) return false;
    if (&from == &to) {
        error = "a save cannot be copied onto its own card";
        return false;
    }
    Card staged = to;
    if (!staged.importSave(*file, error)) return false;
    if (move && !from.deleteSave(firstBlock, error)) return false;
    to = std::move(staged);
    return true;
}

std::vector<uint32_t> changedFrames(std::span<const uint8_t> before,
                                    std::span<const uint8_t> after) {
    std::vector<uint32_t> frames;
    const size_t n = std::min(before.size(), after.size()) / kFrameSize;
    for (size_t i = 0; i < n; ++i)
        if (std::memcmp(&before[i * kFrameSize], &after[i * kFrameSize], kFrameSize) != 0)
            frames.push_back(uint32_t(i));
    return frames;
}

} // namespace memcard
