#pragma once
// Where the desktop app keeps savestates and memory cards, under the Qt AppDataLocation:
//   <appData>/savestates/<game>/<game>.slot<N>.sjstate   (core::QuickSaves names the file)
//   <appData>/memcards/card1.mcd, card2.mcd
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
// Memory card image for port 0 or 1.
std::string memoryCardPath(const std::string& appData, int port);
// The slot `delta` steps away, wrapping within 0..kQuickSaveSlots-1.
int stepSlot(int slot, int delta);

} // namespace app
