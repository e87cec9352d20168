#include "emu_requests.h"

#include <filesystem>

#include "core/disc/open_disc.h"
#include "core/memory_card.h"
#include "core/savestates.h"
#include "core/system.h"
#include "memcard_access.h"
#include "savestate/memcard_journal.h"
#include "savestate_paths.h"

namespace app {

namespace {
void appendLine(std::string& text, const std::string& line) {
    if (!text.empty()) text += '\n';
    text += line;
}
} // namespace

void EmuRequestQueue::push(const EmuRequest& request) {
    std::lock_guard lock(mutex_);
    queue_.push_back(request);
}

std::vector<EmuRequest> EmuRequestQueue::takeAll() {
    std::lock_guard lock(mutex_);
    std::vector<EmuRequest> out(queue_.begin(), queue_.end());
    queue_.clear();
    return out;
}

bool EmuRequestQueue::pending() const {
    std::lock_guard lock(mutex_);
    return !queue_.empty();
}

void EmuRequestQueue::clear() {
    std::lock_guard lock(mutex_);
    queue_.clear();
}

DiscList discList(core::System& system) {
    DiscList out;
    core::disc::DiscSet* set = system.discs();
    if (!set) return out;
    for (size_t i = 0; i < set->size(); ++i)
        out.paths.push_back(set->at(i).path());
    out.current = set->currentIndex();
    return out;
}

bool isDiscRequest(const EmuRequest& request) {
    return request.kind == EmuRequestKind::ChangeDisc || request.kind == EmuRequestKind::InsertDisc;
}

EmuRequestResult handleDiscRequest(core::System& system, const EmuRequest& request) {
    EmuRequestResult r;
    std::string error;
    if (request.kind == EmuRequestKind::InsertDisc) {
        r.ok = system.insertDisc(request.path, error);
        r.message = r.ok ? "Disc changed to " + request.path : "Disc not changed: " + error;
    } else if (request.kind == EmuRequestKind::ChangeDisc) {
        const DiscList list = discList(system);
        const size_t index = size_t(request.slot);
        r.ok = request.slot >= 0 && index < list.paths.size() && system.changeDisc(index);
        r.message =
            r.ok ? "Disc " + std::to_string(index + 1) + " of " +
                       std::to_string(list.paths.size()) + " inserted: " + list.paths[index]
                 : "Disc not changed: the game has no disc " + std::to_string(request.slot + 1);
    } else {
        r.ok = false;
        r.message = "not a disc request";
    }
    return r;
}

RunAheadFrame::RunAheadFrame(core::System& system)
    : system_(system), runAhead_(std::make_unique<core::RunAhead>(system)) {}

RunAheadFrame::~RunAheadFrame() = default;

bool RunAheadFrame::run(unsigned ahead, std::vector<uint8_t>& rgba, uint32_t& width,
                        uint32_t& height) {
    if (ahead == 0) {
        system_.runFrame();
        return system_.gpu().scanout(rgba, width, height);
    }
    // core::RunAhead shows the frame `ahead` frames on and returns to the real one; whether the
    // display is on is taken from the real frame (the registers are back at once).
    runAhead_->runFrame(ahead, rgba, width, height);
    return !system_.gpu().displaySettings().disabled;
}

SavestateSession::SavestateSession(core::System& system, const SavestateConfig& config)
    : system_(system), config_(config) {
    if (!config_.appData.empty()) {
        const std::string dir = savestateDirectory(config_.appData, system_.gameId());
        quick_ = std::make_unique<core::QuickSaves>(system_, dir);
    }
    if (config_.rewind)
        rewind_ = std::make_unique<core::Rewind>(system_, config_.rewindInterval,
                                                 config_.rewindBudgetBytes);
}

SavestateSession::~SavestateSession() {
    // Queued file writes and rewind packing refer to these objects: finish them first.
    quick_.reset();
    rewind_.reset();
    std::string ignored;
    closeMemoryCards(ignored);
}

core::MemoryCard& SavestateSession::machineCard(int card) {
    return system_.memoryCard(unsigned(card & 1), unsigned((card & 7) >> 1));
}

bool SavestateSession::openMemoryCards(std::string& error) {
    if (config_.appData.empty() || !config_.memoryCards) return true;
    bool ok = true;
    for (int port = 0; port < kConsoleCards; ++port) {
        const int slot = port >> 1;
        if (slot > 0 && !config_.tapCards[size_t(port & 1)][size_t(slot - 1)]) continue;
        const std::string path =
            memoryCardPath(config_.appData, port, system_.gameId(), config_.memoryCardsPerGame);
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
        auto card = std::make_unique<savestate::MemoryCardJournal>();
        std::string why;
        if (!card->open(path, why)) {
            error += (error.empty() ? "" : "; ") + why;
            ok = false;
            continue;
        }
        card->setSyncEachWrite(false); // the game never waits for the disk
        machineCard(port).insert(card.get());
        cards_[port] = std::move(card);
    }
    return ok;
}

bool SavestateSession::closeMemoryCards(std::string& error) {
    bool ok = true;
    for (int port = 0; port < kConsoleCards; ++port) {
        if (!cards_[port]) continue;
        machineCard(port).insert(nullptr);
        std::string why;
        if (!cards_[port]->close(why)) {
            error += (error.empty() ? "" : "; ") + why;
            ok = false;
        }
        cards_[port].reset();
    }
    return ok;
}

EmuRequestResult SavestateSession::handle(const EmuRequest& request) {
    if (isDiscRequest(request)) return handleDiscRequest(system_, request);
    EmuRequestResult r;
    if (!quick_) {
        r.ok = false;
        r.message = "savestates are unavailable (no data directory)";
        return r;
    }
    std::string error;
    const std::string slot = std::to_string(request.slot);
    switch (request.kind) {
    case EmuRequestKind::QuickSave: {
        std::error_code ec;
        std::filesystem::create_directories(savestateDirectory(config_.appData, system_.gameId()),
                                            ec);
        r.ok = quick_->save(request.slot, error);
        r.message = r.ok ? "Saved state to slot " + slot : "Save failed: " + error;
        break;
    }
    case EmuRequestKind::QuickLoad:
        r.ok = quick_->load(request.slot, error);
        r.stateChanged = r.ok;
        r.message = r.ok ? "Loaded state from slot " + slot : "Load failed: " + error;
        break;
    case EmuRequestKind::UndoLoad:
        r.ok = quick_->undoLoad(error);
        r.stateChanged = r.ok;
        r.message = r.ok ? std::string("Load undone") : "Undo load: " + error;
        break;
    case EmuRequestKind::UndoSave:
        r.ok = quick_->undoSave(error);
        r.message = r.ok ? std::string("Save undone") : "Undo save: " + error;
        break;
    case EmuRequestKind::ChangeDisc:
    case EmuRequestKind::InsertDisc: break; // handled above
    case EmuRequestKind::MemoryCard:
        r.ok = false;
        r.message = "memory card requests go to handleCardAccess";
        break;
    }
    bool rolledBack = true;
    if (r.stateChanged) {
        // The machine's memory card positions came back with the state (core/memory_card.h);
        // a card that could not follow keeps its contents and says why.
        for (int port = 0; port < kConsoleCards; ++port) {
            if (!cards_[port]) continue;
            core::MemoryCard& card = machineCard(port);
            if (card.lastError().empty()) continue;
            appendLine(r.memoryCardWarning,
                       "Memory card " + cardName(port) + " kept its contents: " + card.lastError());
            card.clearError();
            rolledBack = false;
        }
        if (!rolledBack)
            r.message += " (memory card not rolled back: the game may see other saves than it "
                         "expects)";
        rewinding_ = false;
        // The ring holds another timeline now (possibly frames after the loaded one):
        // rewinding starts afresh from the loaded state.
        if (rewind_)
            rewind_ = std::make_unique<core::Rewind>(system_, config_.rewindInterval,
                                                     config_.rewindBudgetBytes);
    }
    return r;
}

void SavestateSession::handleCardAccess(CardAccessRequest& request) {
    CardAccessResult result;
    savestate::MemoryCardJournal* journal =
        request.port >= 0 && request.port < kConsoleCards ? cards_[request.port].get() : nullptr;
    if (!journal) {
        result.error = "no memory card is open in slot " + cardName(request.port);
    } else if (request.edited.empty()) {
        result.ok = true;
    } else {
        result.ok = applyCardEdit(*journal, request.base, request.edited, system_.frameCount(),
                                  result.error);
        // Like taking the card out and putting it back: the game reads its directory again.
        machineCard(request.port).insert(journal);
    }
    if (journal) result.image.assign(journal->image().begin(), journal->image().end());
    request.done.set_value(std::move(result));
}

bool SavestateSession::rewindStep() {
    if (!rewind_) return false;
    // The first step goes to the newest snapshot; each further one drops it and goes to the
    // one before (Rewind::rewind(2)).
    const bool ok = rewind_->rewind(rewinding_ ? 2 : 1);
    if (ok) rewinding_ = true;
    if (ok) system_.snapshots().beforeEmulation(); // the caller reads the GPU next
    return ok;
}

void SavestateSession::afterFrame() {
    rewinding_ = false;
    if (rewind_) rewind_->frame();
}

std::string SavestateSession::takeMemoryCardError() {
    std::string out;
    for (int port = 0; port < kConsoleCards; ++port) {
        if (!cards_[port]) continue;
        core::MemoryCard& card = machineCard(port);
        if (card.lastError().empty()) continue;
        appendLine(out, "Memory card " + cardName(port) + ": " + card.lastError());
        card.clearError();
    }
    return out;
}

std::string SavestateSession::takeWriteError() {
    if (!quick_) return {};
    return quick_->takeWriteError(); // each failure once (QuickSaves clears it on read)
}

} // namespace app
