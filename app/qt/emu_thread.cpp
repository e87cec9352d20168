#include "emu_thread.h"

#include <cstdio>
#include <utility>

#include "audio_output.h"
#include "core/cpu/cpu.h"
#include "core/pads/dualshock.h"
#include "core/savestates.h"
#include "core/sio0.h"
#include "core/system.h"
#include "gpu/gpu.h"
#include "pad_devices.h"

namespace app {

namespace {
double hostMicros() {
    return static_cast<double>(hostNowNs()) / 1000.0;
}
} // namespace

EmuThread::EmuThread(FrameMailbox& mailbox, FrameTimeline& timeline, AudioOutput* audio)
    : mailbox_(mailbox), timeline_(timeline), audio_(audio), host_(audio) {
    host_.setConsoleLog(&consoleLog_);
}

EmuThread::~EmuThread() {
    stop();
}

bool EmuThread::start(const std::vector<uint8_t>& program, const std::vector<uint8_t>* bios,
                      std::string& error, bool startPaused, const std::string& discPath) {
    // Load into a new machine first: a file that fails to load leaves the running one alone.
    auto system = std::make_unique<core::System>();
    if (bios) {
        if (!system->loadBios(*bios, error)) return false;
    } else {
        system->useHleBios();
    }
    system->reset();
    system->setConsoleRegion(consoleRegion_);
    system->setFastBoot(fastBoot_);
    if (cpuRecompiler_) system->cpu().setEngine(core::Cpu::Engine::kRecompiler); // else: none
    if (!discPath.empty() ? !system->bootDisc(discPath, error) : !system->loadExe(program, error))
        return false;
    for (unsigned port = 0; port < 2; ++port) {
        system->sio0().setPadType(port, padTypes_[port]);
        if (padTypes_[port] == core::Sio0::PadType::Multitap)
            for (unsigned slot = 0; slot < 4; ++slot)
                system->sio0().setTapPadType(port, slot, tapTypes_[port][slot]);
    }
    stop();
    system->setHost(&host_);
    system->setTtyCapture(true); // the console under a BIOS image too
    system_ = std::move(system);
    gameId_ = system_->gameId();
    {
        std::lock_guard lock(discMutex_);
        discs_ = discList(*system_);
    }
    requests_.clear();
    rewinding_ = false;
    saves_ = std::make_unique<SavestateSession>(*system_, saveConfig_);
    std::string cardError;
    if (!saves_->openMemoryCards(cardError)) {
        std::fprintf(stderr, "skipjack: memory cards: %s\n", cardError.c_str());
        if (!cardFileError_.empty()) cardFileError_ += '\n';
        cardFileError_ += cardError;
    }
    // A fresh program: nothing learned about the last one carries over.
    {
        std::lock_guard lock(m_);
        evaluator_.setSettings(pendingPacing_);
    }
    pacingChanged_ = false;
    evaluator_.reset();
    system_->gpu().setPacing(&evaluator_, hostMicros);
    quit_ = false;
    advance_ = 0;
    framesRun_ = 0;
    fellBehind_ = 0;
    paused_ = startPaused;
    ++session_;
    timeline_.clear();
    mailbox_.clear();
    thread_ = std::thread([this] { run(); });
    return true;
}

void EmuThread::stop() {
    if (thread_.joinable()) {
        {
            std::lock_guard lock(m_);
            quit_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    if (saves_) {
        // A clean close: the memory card journals are merged into their images.
        std::string error;
        if (!saves_->closeMemoryCards(error)) {
            std::fprintf(stderr, "skipjack: memory cards: %s\n", error.c_str());
            if (!cardFileError_.empty()) cardFileError_ += '\n';
            cardFileError_ += error;
        }
        saves_.reset();
    }
    system_.reset();
}

DiscList EmuThread::discs() const {
    std::lock_guard lock(discMutex_);
    return discs_;
}

void EmuThread::setScriptedDiscChange(uint64_t at, int index) {
    scriptDiscAt_ = at;
    scriptDiscIndex_ = index;
}

std::string EmuThread::takeMemoryCardFileError() {
    return std::exchange(cardFileError_, std::string());
}

void EmuThread::request(const EmuRequest& request) {
    {
        std::lock_guard lock(m_);
        requests_.push(request);
    }
    cv_.notify_all();
}

CardAccessResult EmuThread::accessMemoryCard(int port, std::vector<uint8_t> base,
                                             std::vector<uint8_t> edited, int timeoutMs) {
    CardAccessResult result;
    if (!active()) {
        result.error = "no game is running";
        return result;
    }
    auto access = std::make_shared<CardAccessRequest>();
    access->port = port;
    access->base = std::move(base);
    access->edited = std::move(edited);
    std::future<CardAccessResult> done = access->done.get_future();
    request(EmuRequest{EmuRequestKind::MemoryCard, port, {}, access});
    access.reset(); // the queue holds it; a stop drops it and breaks the promise
    if (done.wait_for(std::chrono::milliseconds(timeoutMs)) != std::future_status::ready) {
        result.error = "the emulation did not answer in time";
        return result;
    }
    try {
        return done.get();
    } catch (const std::future_error&) {
        result.error = "the game stopped before the card was reached";
        return result;
    }
}

void EmuThread::setRewinding(bool on) {
    {
        std::lock_guard lock(m_);
        rewinding_ = on;
    }
    cv_.notify_all();
}

void EmuThread::setScriptedSaves(uint64_t saveAt, uint64_t loadAt, int slot, uint64_t undoLoadAt) {
    scriptSaveAt_ = saveAt;
    scriptLoadAt_ = loadAt;
    scriptUndoLoadAt_ = undoLoadAt;
    scriptSlot_ = slot;
}

bool EmuThread::serviceRequests() {
    bool changed = false;
    for (const EmuRequest& r : requests_.takeAll()) {
        if (r.kind == EmuRequestKind::MemoryCard) {
            if (r.card) saves_->handleCardAccess(*r.card);
            continue;
        }
        const EmuRequestResult result = saves_->handle(r);
        if (isDiscRequest(r)) {
            {
                std::lock_guard lock(discMutex_);
                discs_ = discList(*system_);
            }
            Q_EMIT discChanged(QString::fromStdString(result.message), result.ok, session_.load());
            continue;
        }
        changed = changed || result.stateChanged;
        Q_EMIT savestateMessage(QString::fromStdString(result.message), result.ok,
                                result.stateChanged, session_.load());
        if (!result.memoryCardWarning.empty())
            Q_EMIT savestateAlert(
                "Memory card not rolled back",
                QString::fromStdString(result.memoryCardWarning) +
                    "\n\nThe state was loaded, but the game now sees the card as it is, not as "
                    "it was when the state was saved (a card is merged into its image when a "
                    "program closes). Check the game's saves before saving in the game.",
                session_.load());
    }
    return changed;
}

void EmuThread::reportBackgroundErrors() {
    // Each read once and kept: the core may clear them on read.
    if (const std::string error = saves_->takeWriteError(); !error.empty()) {
        const QString text = QString::fromStdString("Save failed: " + error);
        Q_EMIT savestateMessage(text, false, false, session_.load());
        Q_EMIT savestateAlert("Savestate not written", text, session_.load());
    }
    if (const std::string error = saves_->takeMemoryCardError(); !error.empty()) {
        const QString text = QString::fromStdString(error);
        Q_EMIT savestateMessage(text, false, false, session_.load());
        Q_EMIT savestateAlert("Memory card", text, session_.load());
    }
}

void EmuThread::publishCurrent(DisplayFrame& frame) {
    // Host code reading the GPU between frames (core/savestates.h).
    system_->snapshots().beforeEmulation();
    frame.displayOn = system_->gpu().scanout(frame.rgba, frame.width, frame.height);
    if (!frame.displayOn) frame.width = frame.height = 0;
    frame.frame = system_->frameCount();
    mailbox_.publish(frame);
    Q_EMIT frameReady();
}

void EmuThread::setPaused(bool paused) {
    {
        std::lock_guard lock(m_);
        paused_ = paused;
    }
    cv_.notify_all();
}

void EmuThread::setPacing(const gpu::PacingSettings& settings) {
    {
        std::lock_guard lock(m_);
        pendingPacing_ = settings;
    }
    pacingChanged_.store(true);
}

void EmuThread::frameAdvance() {
    {
        std::lock_guard lock(m_);
        paused_ = true;
        ++advance_;
    }
    cv_.notify_all();
}

namespace {
// Host nanoseconds for a frame that took `cycles` CPU cycles (33.8688 MHz); a step that ran
// no whole frame (a pause, a loaded state) counts as one NTSC frame.
int64_t emulatedFrameNs(core::Cycles cycles) {
    constexpr core::Cycles kCpuHz = 33'868'800, kMin = kCpuHz / 100, kMax = kCpuHz / 20;
    if (cycles < kMin || cycles > kMax) return kNtscFrameNs;
    return static_cast<int64_t>(cycles * 1'000'000'000ULL / kCpuHz);
}
} // namespace

void EmuThread::run() {
    DisplayFrame frame;
    int64_t deadline = hostNowNs();
    int64_t lastFrameEnd = deadline;
    RunAheadFrame runAhead(*system_);
    bool rewound = false; // stepped back since the rewind key went down
    for (;;) {
        bool step = true;
        {
            std::unique_lock lock(m_);
            if (paused_ && advance_ == 0 && !rewinding_ && !requests_.pending()) {
                auto wake = [&] {
                    return quit_ || !paused_ || advance_ > 0 || rewinding_ || requests_.pending();
                };
                // A quick-save written while paused can still fail on the worker: look now
                // and then.
                while (!cv_.wait_for(lock, std::chrono::milliseconds(250), wake)) {
                    lock.unlock();
                    reportBackgroundErrors();
                    lock.lock();
                }
                deadline = hostNowNs(); // no catch-up burst after a pause
            }
            if (quit_) break;
            step = !paused_ || advance_ > 0;
            if (paused_ && advance_ > 0 && !rewinding_) --advance_;
        }
        // Savestate requests and rewind run here, between frames, on this thread only.
        const bool loaded = serviceRequests();
        if (loaded) host_.audioDiscontinuity(); // a jump in the sound: crossfade, no click
        if (rewinding_.load()) {
            if (saves_->rewindStep()) {
                publishCurrent(frame);
                rewound = true;
            }
            reportBackgroundErrors();
            // Played back at about 4x: one snapshot step per interval/4 frame periods.
            deadline += kNtscFrameNs * std::max<int64_t>(1, saveConfig_.rewindInterval / 4);
            const int64_t now = hostNowNs();
            if (now - deadline > 4 * kNtscFrameNs) deadline = now;
            std::unique_lock lock(m_);
            cv_.wait_for(lock, std::chrono::nanoseconds(std::max<int64_t>(deadline - now, 0)),
                         [&] { return quit_ || !rewinding_; });
            continue;
        }
        if (rewound) {
            rewound = false;
            host_.audioDiscontinuity();
            Q_EMIT savestateMessage(QString("Rewound to frame %1").arg(system_->frameCount()), true,
                                    true, session_.load());
        }
        if (!step) {
            if (loaded) publishCurrent(frame); // paused: show the loaded state
            continue;
        }
        gpu::Gpu& gpu = system_->gpu();
        if (gpu.renderThread() != renderThread_.load()) gpu.setRenderThread(renderThread_.load());
        if (pacingChanged_.exchange(false)) {
            gpu.syncRender(); // the render worker reads the settings at vblank
            std::lock_guard lock(m_);
            evaluator_.setSettings(pendingPacing_);
        }
        gpu.setHostSlowdown(hostSlowdown_.load());
        // The wait for the frame deadline is not emulation time.
        gpu.markEmulationStart();
        const uint64_t before = system_->frameCount();
        const core::Cycles cyclesBefore = system_->scheduler().now();
        const unsigned ahead = runAhead_.load();
        bool presented = true;
        host_.setRunAhead(ahead > 0);
        if (ahead == 0) {
            system_->runFrame(); // reads the pads from host_ and reports the frame to it
            const bool ended = system_->frameCount() != before;
            presented = ended ? host_.lastFrame().presented : gpu.framePresented();
        } else {
            // Run-ahead shows the frame `ahead` frames on; its scanout completes any deferred
            // drawing in the display area, so there is always a picture.
            frame.displayOn = runAhead.run(ahead, frame.rgba, frame.width, frame.height);
        }
        saves_->afterFrame();
        reportBackgroundErrors();
        const bool newFrame = system_->frameCount() != before;
        const gpu::FrameStats stats = gpu.lastFrameStats();
        const int64_t t1 = hostNowNs();
        // Only a presented frame is scanned out: a PARTIAL frame has no image of its own, and
        // the presenter keeps showing the last one (never a stale or half-drawn buffer).
        if (presented) {
            if (ahead == 0) frame.displayOn = gpu.scanout(frame.rgba, frame.width, frame.height);
            if (!frame.displayOn) frame.width = frame.height = 0;
            frame.frame = system_->frameCount();
            mailbox_.publish(frame);
        }
        const int64_t t2 = hostNowNs();
        if (newFrame) timeline_.recordPacing(stats, evaluator_.dieRatio());
        timeline_.recordEmulated(
            system_->frameCount(), static_cast<float>(stats.emulationUs / 1000.0),
            static_cast<float>(stats.renderUs / 1000.0) + static_cast<float>(t2 - t1) / 1e6f,
            presented ? FrameDecision::Full : FrameDecision::Partial, t2);
        // The emulation speed the audio must be stretched by: fast-forward runs unpaced, so its
        // speed is measured (host time per frame, smoothed over about 10 frames).
        const int64_t frameEnd = hostNowNs();
        double speed = 1.0;
        if (fastForward_.load()) {
            const double ns = static_cast<double>(std::max<int64_t>(frameEnd - lastFrameEnd, 1));
            ffFrameNs_ = ffFrameNs_ > 0 ? ffFrameNs_ * 0.9 + ns * 0.1 : ns;
            speed = std::clamp(static_cast<double>(kNtscFrameNs) / ffFrameNs_, 1.0, 16.0);
        } else {
            ffFrameNs_ = 0;
            if (slowMotion_.load()) speed = kSlowMotionSpeed;
        }
        lastFrameEnd = frameEnd;
        host_.finishAudioFrame(speed, speedAudio_.load());
        // The motors of every DualShock, per socket (InputManager sends each controller its
        // socket's).
        const core::Sio0& sio = system_->sio0();
        for (unsigned socket = 0; socket < 8; ++socket) {
            const unsigned port = socket / 4, slot = socket % 4;
            const bool tap = sio.padType(port) == core::Sio0::PadType::Multitap;
            const core::Controller* c = tap         ? &sio.multitap(port).slot(slot)
                                        : slot == 0 ? &sio.controller(port)
                                                    : nullptr;
            uint16_t motors = 0;
            if (c && c->type() == core::Controller::Type::DualShock) {
                const core::DualShock::Motors m = c->dualShock().motors();
                motors = uint16_t(m.large << 8 | (m.small ? 1 : 0));
            }
            motors_[socket].store(motors);
        }
        const uint64_t run = ++framesRun_;
        if (run == scriptSaveAt_.load()) requests_.push({EmuRequestKind::QuickSave, scriptSlot_});
        if (run == scriptLoadAt_.load()) requests_.push({EmuRequestKind::QuickLoad, scriptSlot_});
        if (run == scriptUndoLoadAt_.load())
            requests_.push({EmuRequestKind::UndoLoad, scriptSlot_});
        if (run == scriptDiscAt_.load())
            requests_.push({EmuRequestKind::ChangeDisc, scriptDiscIndex_.load(), {}});
        Q_EMIT frameReady();

        if (system_->exited()) {
            Q_EMIT programExited(system_->exitCode(), session_.load());
            break;
        }
        const uint64_t stopAfter = stopAfter_.load();
        if (stopAfter != 0 && run == stopAfter) {
            setPaused(true);
            Q_EMIT stopAfterReached(run, session_.load());
        }

        // Pacing on host time: each frame takes as long as it took on the console (its
        // emulated cycles: 59.94/59.83 Hz NTSC, 50/49.76 Hz PAL, or NTSC content on a PAL
        // console's clock); after falling more than a few frames behind, restart the
        // schedule instead of running a burst to catch up.
        const int64_t now = hostNowNs();
        if (fastForward_.load()) {
            deadline = now;
            continue;
        }
        const int64_t frameNs = emulatedFrameNs(system_->scheduler().now() - cyclesBefore);
        const int64_t period =
            slowMotion_.load() ? static_cast<int64_t>(double(frameNs) / kSlowMotionSpeed) : frameNs;
        deadline += period;
        if (now - deadline > 4 * period) {
            deadline = now;
            fellBehind_.fetch_add(1);
        }
        std::unique_lock lock(m_);
        cv_.wait_for(lock, std::chrono::nanoseconds(std::max<int64_t>(deadline - now, 0)),
                     [&] { return quit_ || fastForward_.load(); });
    }
}

} // namespace app
