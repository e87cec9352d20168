#include "memcard_manager.h"

#include <filesystem>

#include "savestate_paths.h"

namespace app {

namespace {
std::optional<memcard::Card> cardFromImage(const std::vector<uint8_t>& image, std::string& error) {
    return memcard::Card::fromImage(image, error);
}
} // namespace

CardSlot CardSlot::console(int port, ConsoleAccess access) {
    CardSlot slot;
    slot.port_ = port;
    slot.access_ = std::move(access);
    return slot;
}

CardSlot CardSlot::file(const std::string& path, std::function<bool()> gameRunning) {
    CardSlot slot;
    slot.path_ = path;
    slot.access_.gameRunning = std::move(gameRunning);
    return slot;
}

bool CardSlot::journalFileUsable(std::string& error) const {
    if (access_.gameRunning && access_.gameRunning()) {
        error = name() + " has a journal (an emulator card) and a game is running: use Memory "
                         "card 1 or 2, or stop the game";
        return false;
    }
    return true;
}

std::string CardSlot::name() const {
    if (isConsole()) return "Memory card " + cardName(port_);
    return std::filesystem::path(path_).filename().string();
}

bool CardSlot::load(std::string& error) {
    card_.reset();
    std::vector<uint8_t> image;
    if (isConsole()) {
        if (access_.gameRunning && access_.gameRunning()) {
            CardAccessResult r = access_.running(port_, {}, {});
            if (!r.ok) {
                error = r.error;
                return false;
            }
            image = std::move(r.image);
        } else if (!readCardThroughJournal(access_.path(port_), image, error)) {
            return false;
        }
        card_ = cardFromImage(image, error);
        return card_.has_value();
    }
    if (std::filesystem::exists(path_ + ".journal")) {
        if (!journalFileUsable(error) || !readCardThroughJournal(path_, image, error)) return false;
        card_ = cardFromImage(image, error);
        return card_.has_value();
    }
    card_ = memcard::readCardFile(path_, error);
    return card_.has_value();
}

bool CardSlot::write(const memcard::Card& base, const memcard::Card& edited, std::string& error) {
    const std::vector<uint8_t> before(base.bytes().begin(), base.bytes().end());
    const std::vector<uint8_t> after(edited.bytes().begin(), edited.bytes().end());
    if (isConsole()) {
        if (access_.gameRunning && access_.gameRunning()) {
            CardAccessResult r = access_.running(port_, before, after);
            if (!r.ok) error = r.error;
            return r.ok;
        }
        return editCardThroughJournal(access_.path(port_), before, after, error);
    }
    // The emulator's own card files keep a journal beside them: an edit goes through it.
    if (std::filesystem::exists(path_ + ".journal"))
        return journalFileUsable(error) && editCardThroughJournal(path_, before, after, error);
    return memcard::writeCardFile(path_, edited, error);
}

bool CardSlot::commit(const memcard::Card& edited, std::string& error) {
    if (!card_) {
        error = "no card";
        return false;
    }
    const memcard::Card base = *card_;
    if (!write(base, edited, error)) {
        std::string ignored;
        load(ignored); // show the card as it is now
        return false;
    }
    undo_.push_back(base);
    card_ = edited;
    return true;
}

bool CardSlot::undo(std::string& error) {
    if (undo_.empty() || !card_) {
        error = "nothing to undo";
        return false;
    }
    if (!write(*card_, undo_.back(), error)) {
        std::string ignored;
        load(ignored);
        return false;
    }
    card_ = undo_.back();
    undo_.pop_back();
    return true;
}

bool copyBetween(CardSlot& from, int firstBlock, CardSlot& to, bool move, std::string& error) {
    if (!from.loaded() || !to.loaded()) {
        error = "both sides need a card";
        return false;
    }
    if (&from == &to) {
        error = "a save cannot be copied onto its own card";
        return false;
    }
    const auto save = from.card().exportSave(firstBlock, error);
    if (!save) return false;
    memcard::Card target = to.card();
    if (!target.importSave(*save, error)) return false;
    if (move) {
        memcard::Card source = from.card();
        if (!source.deleteSave(firstBlock, error)) return false;
        // The copy first: a move that fails half way leaves the save on both cards, never on
        // neither.
        if (!to.commit(target, error)) return false;
        return from.commit(source, error);
    }
    return to.commit(target, error);
}

bool deleteFrom(CardSlot& slot, int firstBlock, std::string& error) {
    if (!slot.loaded()) {
        error = "no card";
        return false;
    }
    memcard::Card edited = slot.card();
    return edited.deleteSave(firstBlock, error) && slot.commit(edited, error);
}

bool importInto(CardSlot& slot, const std::string& saveFilePath, std::string& error) {
    if (!slot.loaded()) {
        error = "no card";
        return false;
    }
    const auto save = memcard::readSaveFile(saveFilePath, error);
    if (!save) return false;
    memcard::Card edited = slot.card();
    return edited.importSave(*save, error) && slot.commit(edited, error);
}

bool exportFrom(const CardSlot& slot, int firstBlock, const std::string& saveFilePath,
                std::string& error) {
    if (!slot.loaded()) {
        error = "no card";
        return false;
    }
    const auto save = slot.card().exportSave(firstBlock, error);
    return save && memcard::writeSaveFile(saveFilePath, *save, error);
}

} // namespace app
