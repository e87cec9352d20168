#pragma once
// Where the desktop app keeps savestates and memory cards, under the Qt AppDataLocation:
//   <appData>/savestates/<game>/<game>.slot<N>.sjstate   (core::QuickSaves names the file)
//   <appData>/memcards/card1.mcd, card2.mcd (or <game>_1.mcd, <game>_2.mcd per game)
// Plain std::string logic so it can be tested against core::QuickSaves without Qt.
#include <string>

namespace app {

constexpr int kQuickSaveSlots = 10;

// A game id as one path component: ':' (in "exe:<hash>") and any other character that is not
// a letter, digit, '.', '_' or '-' becomes '-'; "" becomes "nogame".
std::string gameDirectoryName(const std::string& gameId);
// The directory handed to core::QuickSaves for this game.
std::string savestateDirectory(const std::string& appData, const std::string& gameId);
// The file core::QuickSaves::slotPath() gives for `slot` in savestateDirectory().
std::string slotFilePath(const std::string& appData, const std::string& gameId, int slot);
// Memory card image for port 0 or 1 shared by every game.
std::string memoryCardPath(const std::string& appData, int port);
// With "Memory cards per game": the game's own card for port 0 or 1,
//   <appData>/memcards/<game>_1.mcd, <game>_2.mcd   (game as in gameDirectoryName)
// else the shared card above.
std::string memoryCardPath(const std::string& appData, int port, const std::string& gameId,
                           bool perGame);
// The slot `delta` steps away, wrapping within 0..kQuickSaveSlots-1.
int stepSlot(int slot, int delta);

} // namespace app
