#pragma once
// The memory card manager's logic without widgets (memcard_dialog.h shows it): a CardSlot is
// one side of the manager — a card in the console (through the running machine's journal, or
// its journal on disk when no game runs) or a card file of any format (core/memcard/formats.h)
// — and every edit (copy, move, delete, import) is computed on a copy of the card, then
// committed as one step that can be undone.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/memcard/card.h"
#include "core/memcard/formats.h"
#include "memcard_access.h"

namespace app {

class CardSlot {
  public:
    // How a console card is reached. `running(port, base, edited)` goes to the emulation
    // thread (EmuThread::accessMemoryCard) and answers ok=false with an error when no game
    // runs; `path(port)` is then the card file to edit through its journal.
    struct ConsoleAccess {
        std::function<CardAccessResult(int port, std::vector<uint8_t> base,
                                       std::vector<uint8_t> edited)>
            running;
        std::function<bool()> gameRunning;
        std::function<std::string(int port)> path;
    };

    static CardSlot console(int port, ConsoleAccess access);
    // A card file. One with a journal beside it (an emulator card, "card1.mcd.journal") is read
    // and edited through the journal, and refused while `gameRunning` says a game runs (the
    // running machine may hold that journal: use the console slot instead).
    static CardSlot file(const std::string& path, std::function<bool()> gameRunning = {});

    // (Re)reads the card; false with the reason (the slot then has no card).
    bool load(std::string& error);
    bool loaded() const { return card_.has_value(); }
    const memcard::Card& card() const { return *card_; }
    std::string name() const;
    bool isConsole() const { return port_ >= 0; }

    // Replaces the card with `edited` (through the journal, or the file's format written via
    // a temporary file); on failure the card is reloaded as it is. Each commit can be undone.
    bool commit(const memcard::Card& edited, std::string& error);
    bool canUndo() const { return !undo_.empty(); }
    bool undo(std::string& error);

  private:
    CardSlot() = default;
    bool write(const memcard::Card& base, const memcard::Card& edited, std::string& error);
    // For a file with a journal: false with the reason while a game runs.
    bool journalFileUsable(std::string& error) const;
    int port_ = -1;
    std::string path_;
    ConsoleAccess access_;
    std::optional<memcard::Card> card_;
    std::vector<memcard::Card> undo_;
};

// The edits the manager offers, each a commit on the slots it changes. Messages name the save.
bool copyBetween(CardSlot& from, int firstBlock, CardSlot& to, bool move, std::string& error);
bool deleteFrom(CardSlot& slot, int firstBlock, std::string& error);
bool importInto(CardSlot& slot, const std::string& saveFilePath, std::string& error);
bool exportFrom(const CardSlot& slot, int firstBlock, const std::string& saveFilePath,
                std::string& error);

} // namespace app
