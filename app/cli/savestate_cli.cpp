// Savestate options of `skipjack-cli run` and `skipjack-cli bench savestate` (JSON).
#include "app/cli/savestate_cli.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>
#include <time.h>
#include <vector>

#include "app/cli/common.h"
#include "core/bus.h"
#include "core/memory_card.h"
#include "core/savestates.h"
#include "core/system.h"

namespace cli {

namespace {
std::unique_ptr<savestate::MemoryCardJournal> gCards[2][4]; // [port][multitap slot]
std::mutex gSaveMutex;
bool gSaveQueued = false, gSaveOk = true;
std::string gSaveError;

using Clock = std::chrono::steady_clock;
double ms(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}
// CPU time of the calling thread (excludes time the host gave to other processes).
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}
double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}
} // namespace

bool loadStateOption(core::System& system, const Options& o) {
    std::string error;
    for (unsigned port = 0; port < 2; ++port)
        for (unsigned slot = 0; slot < 4; ++slot) {
            const std::string& path = o.memcard[port][slot];
            if (path.empty()) continue;
            auto& journal = gCards[port][slot];
            journal = std::make_unique<savestate::MemoryCardJournal>();
            if (!journal->open(path, error)) {
                std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
                return false;
            }
            journal->setSyncEachWrite(false); // the game never waits for the disk
            system.memoryCard(port, slot).insert(journal.get());
        }
    if (o.loadState.empty()) return true;
    if (!system.snapshots().loadFile(o.loadState, error)) {
        std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
        return false;
    }
    return true;
}

void saveStateOption(core::System& system, const Options& o, long framesRun, bool last) {
    if (o.saveState.empty() || gSaveQueued) return;
    if (o.atFrame >= 0 ? framesRun != o.atFrame : !last) return;
    gSaveQueued = true;
    auto& mgr = system.snapshots();
    mgr.saveFileAsync(mgr.capture(), o.saveState, [](bool ok, const std::string& error) {
        std::lock_guard<std::mutex> lock(gSaveMutex);
        gSaveOk = ok;
        gSaveError = error;
    });
}

bool finishSaveStateOption(core::System& system, const Options& o) {
    bool ok = true;
    for (unsigned port = 0; port < 2; ++port)
        for (unsigned slot = 0; slot < 4; ++slot) {
            auto& journal = gCards[port][slot];
            if (!journal) continue;
            std::string error;
            system.memoryCard(port, slot).insert(nullptr);
            if (!journal->close(error)) { // a clean close merges the journal into the image
                std::fprintf(stderr, "skipjack-cli: %s\n", error.c_str());
                ok = false;
            }
            journal.reset();
        }
    if (o.saveState.empty()) return ok;
    system.snapshots().waitForWorker();
    std::lock_guard<std::mutex> lock(gSaveMutex);
    if (!gSaveQueued) {
        std::fprintf(stderr, "skipjack-cli: --save-state: frame %ld was never reached\n",
                     o.atFrame);
        return false;
    }
    if (!gSaveOk) {
        std::fprintf(stderr, "skipjack-cli: %s\n", gSaveError.c_str());
        return false;
    }
    return ok;
}

int describeStateFile(const std::string& path, const std::vector<uint8_t>& file) {
    savestate::StateFileInfo info;
    std::vector<uint8_t> state;
    std::string error;
    if (!savestate::readStateFileInfo(file, info, error)) {
        std::printf("%s: Skipjack savestate, %zu bytes\n  INVALID: %s\n", path.c_str(), file.size(),
                    error.c_str());
        return kExitBadInput;
    }
    std::printf("%s: Skipjack savestate, %zu bytes\n", path.c_str(), file.size());
    std::printf("  format version:  %u\n", info.formatVersion);
    std::printf("  written by:      %s\n", info.emulatorVersion.c_str());
    std::printf("  game:            %s\n", info.gameId.c_str());
    std::printf("  BIOS:            %s\n", info.biosId.c_str());
    std::printf("  frame:           %llu\n", static_cast<unsigned long long>(info.frame));
    std::printf("  thumbnail:       %ux%u\n", info.thumbWidth, info.thumbHeight);
    if (!savestate::decodeStateFile(file, "", info, state, error)) {
        std::printf("  INVALID: %s\n", error.c_str());
        return kExitBadInput;
    }
    std::printf("  machine state:   %zu bytes (checksum good)\n", state.size());
    return kExitOk;
}

// Figures for the savestate targets (DESIGN.md §4): the emulation thread's stall per
// quick-save, time to resume after a quick-load and to full restore, state size, rewind memory.
int benchSavestateCommand(const Options& o) {
    core::System system;
    if (!prepareSystem(system, o, o.program, "skipjack-demo")) return kExitBadInput;
    const long frames = o.frames < 0 ? 600 : o.frames;
    for (int i = 0; i < 120 && !system.exited(); ++i) // past the boot
        system.runFrame();
    auto& mgr = system.snapshots();
    namespace fs = std::filesystem;
    fs::path dir = fs::temp_directory_path() / ("skipjack-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);

    // 1. Quick-save every frame: the stall is capture() (quiesce + device state + page tables)
    // plus whatever the next frameStart() does for snapshots (nothing left for VRAM: it is
    // copy-on-write like RAM; the game's first writes to captured pages are counted apart, as
    // cow_copy_ms_per_save). Wall time, and the emulation thread's CPU time (which a busy
    // host's preemption does not inflate).
    std::vector<double> stall, stallCpu, frameWithSave;
    uint64_t cowBefore = mgr.stats().pagesCowCopied + mgr.stats().vramPagesCowCopied;
    uint64_t cowNanosBefore = mgr.stats().cowCopyNanos;
    uint64_t vramSharedBefore = mgr.stats().vramPagesShared;
    core::SnapshotRef last;
    for (long f = 0; f < frames && !system.exited(); ++f) {
        auto t0 = Clock::now();
        double c0 = threadCpuMs();
        last = mgr.capture();
        mgr.frameStart();
        double c1 = threadCpuMs();
        auto t1 = Clock::now();
        stall.push_back(ms(t0, t1));
        stallCpu.push_back(c1 - c0);
        system.runFrame();
        frameWithSave.push_back(ms(t0, Clock::now()));
    }
    double saves = double(std::max<size_t>(1, stall.size()));
    double cowPerSave =
        double(mgr.stats().pagesCowCopied + mgr.stats().vramPagesCowCopied - cowBefore) / saves;
    double cowMsPerSave = double(mgr.stats().cowCopyNanos - cowNanosBefore) / 1e6 / saves;
    double vramSharedPerSave = double(mgr.stats().vramPagesShared - vramSharedBefore) / saves;
    mgr.settle();
    // The same frames without saves, for the cost the game's first writes add.
    std::vector<double> framePlain;
    for (long f = 0; f < std::min(frames, 120L) && !system.exited(); ++f) {
        auto t0 = Clock::now();
        system.runFrame();
        framePlain.push_back(ms(t0, Clock::now()));
    }

    // 2. State file size (zstd) and write time on the worker.
    core::SnapshotRef snap = mgr.capture();
    std::string path = (dir / "bench.sjstate").string();
    auto w0 = Clock::now();
    mgr.saveFileAsync(snap, path);
    mgr.waitForWorker();
    double writeMs = ms(w0, Clock::now());
    uintmax_t fileSize = fs::file_size(path);

    // 3. Quick-load from a slot in memory: time until emulation can resume, then to full restore
    // (all at once, and as pumped between frames).
    for (int i = 0; i < 30; ++i)
        system.runFrame();
    std::vector<double> resume, full;
    for (int round = 0; round < 20; ++round) {
        for (int i = 0; i < 5; ++i)
            system.runFrame();
        auto t0 = Clock::now();
        mgr.restore(snap);
        auto t1 = Clock::now();
        mgr.finishRestore();
        auto t2 = Clock::now();
        resume.push_back(ms(t0, t1));
        full.push_back(ms(t0, t2));
    }
    size_t pendingAfterLoad = 0;
    int framesToRestore = 0;
    {
        for (int i = 0; i < 30; ++i)
            system.runFrame();
        mgr.restore(snap);
        pendingAfterLoad = mgr.pendingPages();
        while (mgr.restorePending()) {
            system.runFrame();
            mgr.pump();
            ++framesToRestore;
        }
    }
    auto l0 = Clock::now();
    std::string error;
    bool fileLoaded = mgr.loadFile(path, error);
    double fileLoadMs = ms(l0, Clock::now());

    // A state none of whose pages the live machine shares (decoded from the file): every RAM
    // page is pending, so this is the worst case for resume and full restore.
    std::vector<double> coldResume, coldFull;
    size_t coldPending = 0;
    {
        std::vector<uint8_t> file;
        savestate::readWholeFile(path, file, error);
        for (int round = 0; round < 10; ++round) {
            core::SnapshotRef cold = mgr.decodeFile(file, error);
            if (!cold) break;
            system.runFrame();
            auto t0 = Clock::now();
            mgr.restore(cold);
            auto t1 = Clock::now();
            coldPending = mgr.pendingPages();
            mgr.finishRestore();
            auto t2 = Clock::now();
            coldResume.push_back(ms(t0, t1));
            coldFull.push_back(ms(t0, t2));
        }
    }

    // 4. Rewind at one snapshot per frame: packed memory per emulated minute.
    size_t rewindBytes = 0, rewindRam = 0, rewindVram = 0, rewindOther = 0;
    long rewindFrames = std::min(frames, 600L);
    double rewindFrameMs = 0;
    {
        core::Rewind rewind(system, 1, size_t(1) << 40);
        auto r0 = Clock::now();
        for (long f = 0; f < rewindFrames && !system.exited(); ++f) {
            system.runFrame();
            rewind.frame();
        }
        rewindFrameMs = ms(r0, Clock::now()) / double(rewindFrames);
        rewindBytes = rewind.memoryBytes();
        rewind.memoryBreakdown(rewindRam, rewindVram, rewindOther);
    }
    double perMinute = double(rewindBytes) * (60.0 * 60.0 / double(rewindFrames));
    fs::remove_all(dir);

    std::printf("{\"benchmark\":\"savestate\",\"quick_saves\":%zu,"
                "\"stall_ms\":{\"p50\":%.4f,\"p99\":%.4f,\"max\":%.4f},"
                "\"stall_thread_cpu_ms\":{\"p50\":%.4f,\"p99\":%.4f,\"max\":%.4f},"
                "\"cow_pages_copied_by_game_per_save\":%.1f,\"cow_copy_ms_per_save\":%.4f,"
                "\"vram_pages_shared_per_save\":%.1f,"
                "\"frame_ms_with_save\":{\"p50\":%.4f},\"frame_ms_without\":{\"p50\":%.4f},"
                "\"state_file_bytes\":%ju,\"file_write_ms_on_worker\":%.3f,"
                "\"quick_load_resume_ms\":{\"p50\":%.4f,\"p99\":%.4f},"
                "\"quick_load_full_restore_ms\":{\"p50\":%.4f,\"p99\":%.4f},"
                "\"pages_pending_after_load\":%zu,\"frames_until_restored_by_pump\":%d,"
                "\"file_load_ms\":%.3f,\"file_load_ok\":%s,"
                "\"cold_load_pages_pending\":%zu,\"cold_load_resume_ms\":{\"p50\":%.4f},"
                "\"cold_load_full_restore_ms\":{\"p50\":%.4f},"
                "\"rewind_frames\":%ld,\"rewind_bytes\":%zu,\"rewind_mb_per_minute\":%.2f,"
                "\"rewind_frame_ms\":%.3f,\"rewind_ram_bytes\":%zu,\"rewind_vram_bytes\":%zu,"
                "\"rewind_other_device_bytes\":%zu}\n",
                stall.size(), percentile(stall, 0.5), percentile(stall, 0.99),
                percentile(stall, 1.0), percentile(stallCpu, 0.5), percentile(stallCpu, 0.99),
                percentile(stallCpu, 1.0), cowPerSave, cowMsPerSave, vramSharedPerSave,
                percentile(frameWithSave, 0.5), percentile(framePlain, 0.5), fileSize, writeMs,
                percentile(resume, 0.5), percentile(resume, 0.99), percentile(full, 0.5),
                percentile(full, 0.99), pendingAfterLoad, framesToRestore, fileLoadMs,
                fileLoaded ? "true" : "false", coldPending, percentile(coldResume, 0.5),
                percentile(coldFull, 0.5), rewindFrames, rewindBytes, perMinute / (1024.0 * 1024.0),
                rewindFrameMs, rewindRam, rewindVram, rewindOther);
    return kExitOk;
}

} // namespace cli
