#include "core/snapshots/quick_saves.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include "core/snapshots/snapshot_manager.h"
#include "core/system.h"

namespace core {

QuickSaves::QuickSaves(System& system, std::string directory)
    : system_(system), dir_(std::move(directory)) {}

SnapshotManager& QuickSaves::manager() {
    return system_.snapshots();
}

void QuickSaves::flush() {
    manager().waitForWorker();
}

std::string QuickSaves::slotPath(int slot) const {
    std::string game = system_.gameId().empty() ? "nogame" : system_.gameId();
    std::replace(game.begin(), game.end(), ':', '-');
    return dir_ + "/" + game + ".slot" + std::to_string(slot) + ".sjstate";
}

bool QuickSaves::save(int slot, std::string& error) {
    if (slot < 0 || slot >= kSlots) {
        error = "quick-save slot " + std::to_string(slot) + " does not exist (0-9)";
        return false;
    }
    SnapshotRef snap = manager().capture();
    undoSaveSnapshot_ = slots_[slot];
    lastSaveSlot_ = slot;
    auto previous = std::make_shared<PreviousFile>();
    undoSaveFile_ = previous;
    std::string path = slotPath(slot);
    slots_[slot] = snap;
    manager().saveFileAsync(
        snap, path,
        [this](bool ok, const std::string& err) {
            std::lock_guard<std::mutex> lock(errorMutex_);
            if (!ok) lastWriteError_ = err;
        },
        [previous, path] { // keep what the slot held, for undoSave()
            std::string ignored;
            previous->existed = std::filesystem::exists(path) &&
                                savestate::readWholeFile(path, previous->bytes, ignored);
        });
    return true;
}

bool QuickSaves::load(int slot, std::string& error) {
    if (slot < 0 || slot >= kSlots) {
        error = "quick-save slot " + std::to_string(slot) + " does not exist (0-9)";
        return false;
    }
    SnapshotRef snap = slots_[slot];
    if (!snap) {
        std::vector<uint8_t> file;
        std::string path = slotPath(slot);
        if (!savestate::readWholeFile(path, file, error)) {
            error = "quick-save slot " + std::to_string(slot) + " is empty";
            return false;
        }
        snap = manager().decodeFile(file, error);
        if (!snap) {
            error = path + ": " + error;
            return false;
        }
        slots_[slot] = snap;
    }
    beforeLoad_ = manager().capture();
    manager().restore(snap);
    return true;
}

bool QuickSaves::undoLoad(std::string& error) {
    if (!beforeLoad_) {
        error = "there is no load to undo";
        return false;
    }
    SnapshotRef now = manager().capture();
    manager().restore(beforeLoad_);
    beforeLoad_ = now; // undoing again redoes the load
    return true;
}

bool QuickSaves::undoSave(std::string& error) {
    if (lastSaveSlot_ < 0) {
        error = "there is no save to undo";
        return false;
    }
    flush();
    std::string path = slotPath(lastSaveSlot_);
    if (undoSaveFile_->existed) {
        if (!savestate::writeFileAtomic(path, undoSaveFile_->bytes, error)) return false;
    } else {
        std::error_code ec;
        std::filesystem::remove(path, ec);
    }
    slots_[lastSaveSlot_] = undoSaveSnapshot_;
    lastSaveSlot_ = -1;
    undoSaveSnapshot_.reset();
    return true;
}

std::string QuickSaves::takeWriteError() {
    std::lock_guard<std::mutex> lock(errorMutex_);
    return std::exchange(lastWriteError_, std::string());
}

} // namespace core
