#pragma once
// Savestate work for the emulation thread. The GUI thread only queues requests
// (EmuRequestQueue, thread-safe); SavestateSession owns the core's QuickSaves, Rewind and the
// memory card journals and runs every request on the emulation thread at a frame boundary,
// so no other thread ever touches the core::System.
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace core {
class MemoryCard;
class System;
class QuickSaves;
class Rewind;
class RunAhead;
} // namespace core
namespace savestate {
class MemoryCardJournal;
}

namespace app {

struct CardAccessRequest;

// ChangeDisc: disc `slot` of the running game's set (an .m3u); InsertDisc: the image at `path`.
// MemoryCard: the card manager reads or edits a card (memcard_access.h).
enum class EmuRequestKind {
    QuickSave,
    QuickLoad,
    UndoLoad,
    UndoSave,
    ChangeDisc,
    InsertDisc,
    MemoryCard
};

struct EmuRequest {
    EmuRequestKind kind = EmuRequestKind::QuickSave;
    int slot = 0;
    std::string path{}; // InsertDisc ({} keeps {kind, slot} initializers warning-free)
    std::shared_ptr<CardAccessRequest> card{}; // MemoryCard
};

class EmuRequestQueue {
  public:
    void push(const EmuRequest& request);
    std::vector<EmuRequest> takeAll();
    bool pending() const;
    void clear();

  private:
    mutable std::mutex mutex_;
    std::deque<EmuRequest> queue_;
};

struct SavestateConfig {
    std::string appData; // "" = no quick-save files and no memory cards
    bool memoryCards = true;
    bool memoryCardsPerGame = false; // cards named by the game id (savestate_paths.h)
    // Cards in multitap slots B-D, [port][slot - 1] (used while the port holds a multitap).
    std::array<std::array<bool, 3>, 2> tapCards{};
    bool rewind = true;
    unsigned rewindInterval = 10; // frames between rewind snapshots
    size_t rewindBudgetBytes = size_t(64) << 20;
};

struct EmuRequestResult {
    bool ok = true;
    bool stateChanged = false; // the machine state was replaced (a load or an undo of one)
    std::string message;
    // A load that succeeded but left a memory card as it was (the savestate's card position is
    // gone: the card was merged since): the game's RAM and its card may disagree. Shown to the
    // user as a warning ("" when the cards came back with the state).
    std::string memoryCardWarning;
};

// The discs of the running game as the menu shows them: each image's path and which one is in
// the drive (empty when the game is no disc).
struct DiscList {
    std::vector<std::string> paths;
    size_t current = 0;
};
DiscList discList(core::System& system);
bool isDiscRequest(const EmuRequest& request);
// Runs a ChangeDisc or InsertDisc request (the lid opens, the disc is swapped, the lid closes:
// core::System::changeDisc / insertDisc). On the emulation thread, between frames. A disc
// that cannot be opened changes nothing and gives the reader's message.
EmuRequestResult handleDiscRequest(core::System& system, const EmuRequest& request);

// One emulated frame and its picture, with `ahead` frames of run-ahead (core::RunAhead; 0-4).
// Returns whether the display is on.
class RunAheadFrame {
  public:
    explicit RunAheadFrame(core::System& system);
    ~RunAheadFrame();
    bool run(unsigned ahead, std::vector<uint8_t>& rgba, uint32_t& width, uint32_t& height);

  private:
    core::System& system_;
    std::unique_ptr<core::RunAhead> runAhead_;
};

// Lives on the emulation thread, built after the System and destroyed before it.
class SavestateSession {
  public:
    SavestateSession(core::System& system, const SavestateConfig& config);
    ~SavestateSession();
    SavestateSession(const SavestateSession&) = delete;
    SavestateSession& operator=(const SavestateSession&) = delete;

    // Opens card1.mcd/card2.mcd, or the game's own cards with memoryCardsPerGame (created
    // formatted when missing), and inserts them; likewise card1b.mcd.. for the multitap slots
    // config.tapCards names. Before the thread starts. Errors are reported
    // in `error`; the cards that fail stay empty.
    bool openMemoryCards(std::string& error);
    // Takes the cards out and closes them cleanly (the journal is merged into the image).
    bool closeMemoryCards(std::string& error);

    EmuRequestResult handle(const EmuRequest& request);
    // A MemoryCard request: reads the card request.port names (savestate_paths.h cardOf) or applies
    // the edit through its journal (applyCardEdit), then re-inserts the card so the game sees a new
    // card (FLAG bit 3, controllersandmemorycards.md "FLAG Byte") and reads its directory again.
    // Fulfils the request's promise.
    void handleCardAccess(CardAccessRequest& request);
    // One step back through the rewind snapshots; false when there is none left.
    bool rewindStep();
    // After every emulated frame (not while rewinding).
    void afterFrame();
    // A memory card write the journal could not keep (the game saw a write error), or a
    // rewind the card could not follow, since the last call ("" when none). Called after every
    // frame and rewind step, so a request's own card errors are its memoryCardWarning.
    std::string takeMemoryCardError();
    // A quick-save file write that failed on the worker since the last call ("" when none).
    // Reads QuickSaves::lastWriteError() once per call, whether the core clears it on read or
    // keeps the last failure.
    std::string takeWriteError();
    // The memory card journal of `card` (savestate_paths.h cardOf: 0, 1 the ports' own);
    // null when none is open. For tests.
    const savestate::MemoryCardJournal* memoryCard(int card) const {
        return card >= 0 && card < 8 ? cards_[card].get() : nullptr;
    }

  private:
    core::System& system_;
    SavestateConfig config_;
    std::unique_ptr<core::QuickSaves> quick_;
    std::unique_ptr<core::Rewind> rewind_;
    std::unique_ptr<savestate::MemoryCardJournal> cards_[8]; // by cardOf(port, slot)
    core::MemoryCard& machineCard(int card);
    bool rewinding_ = false;
};

} // namespace app
