#include "savestate_paths.h"

namespace app {

std::string gameDirectoryName(const std::string& gameId) {
    if (gameId.empty()) return "nogame";
    std::string out = gameId;
    for (char& c : out) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
        if (!keep) c = '-';
    }
    // "." and ".." would name the parent directories.
    if (out == "." || out == "..") out = "nogame";
    return out;
}

std::string savestateDirectory(const std::string& appData, const std::string& gameId) {
    return appData + "/savestates/" + gameDirectoryName(gameId);
}

std::string slotFilePath(const std::string& appData, const std::string& gameId, int slot) {
    // core::QuickSaves names slot files "<gameId with ':' as '-'>.slot<N>.sjstate".
    std::string game = gameId.empty() ? "nogame" : gameId;
    for (char& c : game)
        if (c == ':') c = '-';
    return savestateDirectory(appData, gameId) + "/" + game + ".slot" + std::to_string(slot) +
           ".sjstate";
}

std::string cardName(int card) {
    std::string name(1, char('1' + (card & 1)));
    if ((card & 7) >= 2) name.push_back(char('A' + ((card & 7) >> 1)));
    return name;
}

namespace {
// "1", "2", "1b" .. "2d" in file names (the A slot keeps the single-card name).
std::string cardSuffix(int card) {
    std::string s = cardName(card);
    if (s.size() > 1) s[1] = char(s[1] - 'A' + 'a');
    return s;
}
} // namespace

std::string memoryCardPath(const std::string& appData, int port) {
    return appData + "/memcards/card" + cardSuffix(port) + ".mcd";
}

std::string memoryCardPath(const std::string& appData, int port, const std::string& gameId,
                           bool perGame) {
    if (!perGame) return memoryCardPath(appData, port);
    return appData + "/memcards/" + gameDirectoryName(gameId) + "_" + cardSuffix(port) + ".mcd";
}

int stepSlot(int slot, int delta) {
    const int n = kQuickSaveSlots;
    return (((slot + delta) % n) + n) % n;
}

} // namespace app
