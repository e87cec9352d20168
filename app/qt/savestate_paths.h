#pragma once
// Where the desktop app keeps savestates and memory cards, under the Qt AppDataLocation:
//   <appData>/savestates/<game>/<game>.slot<N>.sjstate   (core::QuickSaves names the file)
//   <appData>/memcards/card1.mcd, card2.mcd (or <game>_1.mcd, <game>_2.mcd per game)
//   and for multitap slots B-D card1b.mcd .. card2d.mcd (<game>_1b.mcd .. per game)
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
// A console card: `card` = port + 2 * multitap slot (0, 1: the ports' own cards, slot A;
// 2..7: slots B-D of port 1 and 2 alternately), so a port number is its own card.
constexpr int kConsoleCards = 8;
constexpr int cardOf(int port, int slot) {
    return (port & 1) + 2 * (slot & 3);
}
// "1", "2", "1B", "2B", ... "2D".
std::string cardName(int card);
// Memory card image for card 0..7 shared by every game.
std::string memoryCardPath(const std::string& appData, int port);
// With "Memory cards per game": the game's own card for port 0 or 1,
//   <appData>/memcards/<game>_1.mcd, <game>_2.mcd   (game as in gameDirectoryName)
// else the shared card above.
std::string memoryCardPath(const std::string& appData, int port, const std::string& gameId,
                           bool perGame);
// The slot `delta` steps away, wrapping within 0..kQuickSaveSlots-1.
int stepSlot(int slot, int delta);

} // namespace app
