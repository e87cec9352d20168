#pragma once
// The memory card manager's edits reach a card only through its journal (DESIGN.md §4,
// savestate/memcard_journal.h): each changed 128-byte frame becomes a journal write, so a
// savestate load rolls an edit back like a game's own write, "undo load" brings it back, and
// the card image is only rewritten when the journal is merged. No widgets here (tested
// without a window).
#include <cstdint>
#include <future>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace savestate {
class MemoryCardJournal;
}

namespace app {

// What the manager asks of a card in the running machine (an EmuRequest of kind MemoryCard,
// run on the emulation thread between frames).
struct CardAccessResult {
    bool ok = false;
    std::string error;
    std::vector<uint8_t> image; // the card after the request (128 KiB) when ok
};
struct CardAccessRequest {
    int port = 0;
    // The image the edit was made on and the edited image; `edited` empty = only read.
    std::vector<uint8_t> base, edited;
    std::promise<CardAccessResult> done;
};

// Writes the frames in which `edited` differs from `base` into the journal (made at emulated
// frame `frame`). Refused, with nothing written, when the card is no longer `base` (the game
// wrote to it since the manager read it) or either image is not 128 KiB.
bool applyCardEdit(savestate::MemoryCardJournal& journal, std::span<const uint8_t> base,
                   std::span<const uint8_t> edited, uint64_t frame, std::string& error);

// A card of the app's own (card1.mcd, ...) while no machine runs: opened through its journal
// (replaying what a crash left), edited as above and closed cleanly (merged).
bool readCardThroughJournal(const std::string& path, std::vector<uint8_t>& image,
                            std::string& error);
bool editCardThroughJournal(const std::string& path, std::span<const uint8_t> base,
                            std::span<const uint8_t> edited, std::string& error);

} // namespace app
