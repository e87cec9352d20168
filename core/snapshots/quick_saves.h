#pragma once
// Ten quick-save slots per game, with undo-load and undo-save (DESIGN.md §4). Files are
// `<directory>/<gameId>.slot<N>.sjstate`; a slot saved in this session loads from memory.
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/snapshots/snapshot.h"

namespace core {

class System;
class SnapshotManager;

class QuickSaves {
  public:
    static constexpr int kSlots = 10;
    QuickSaves(System& system, std::string directory);
    ~QuickSaves() { flush(); }
    std::string slotPath(int slot) const;
    // Captures now (stall: the quiesce point only) and writes the file on the worker.
    bool save(int slot, std::string& error);
    bool load(int slot, std::string& error);
    // Goes back to the state before the last load (once; a second call redoes the load).
    bool undoLoad(std::string& error);
    // Puts back the slot's previous contents (file and memory) before the last save.
    bool undoSave(std::string& error);
    void flush();
    // The error of the last failed background write since the previous call ("" when none):
    // each failure is reported once, and a later successful save does not hide it.
    std::string takeWriteError();

  private:
    struct PreviousFile {
        bool existed = false;
        std::vector<uint8_t> bytes;
    };
    SnapshotManager& manager();
    System& system_;
    std::string dir_;
    SnapshotRef slots_[kSlots];
    SnapshotRef beforeLoad_;
    int lastSaveSlot_ = -1;
    SnapshotRef undoSaveSnapshot_;
    std::shared_ptr<PreviousFile> undoSaveFile_; // filled by the worker before the write
    std::mutex errorMutex_;
    std::string lastWriteError_;
};

} // namespace core
