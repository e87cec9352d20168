// Frame pacing for skipjack-cli (--frameskip, --stats, --host-slowdown).
#include "app/cli/pacing.h"

#include <chrono>
#include <cstdio>

#include "gpu/gpu.h"

namespace cli {

double hostMicros() {
    using namespace std::chrono;
    return duration<double, std::micro>(steady_clock::now().time_since_epoch()).count();
}

void writeFrameStatsJson(std::FILE* f, const gpu::FrameStats& s) {
    std::fprintf(f,
                 "{\"frame\":%llu,\"emulation_us\":%.1f,\"predicted_render_us\":%.1f,"
                 "\"predicted_saving_us\":%.1f,\"render_us\":%.1f,\"debt_us\":%.1f,"
                 "\"decision\":\"%s\",\"reason\":\"%s\",\"presented\":%s,"
                 "\"records_executed\":%u,\"records_deferred\":%u,\"records_executed_late\":%u,"
                 "\"records_died\":%u,\"pixels_drawn\":%llu,\"pixels_saved\":%llu,"
                 "\"uploads_deferred\":%u,\"uploads_executed_late\":%u,\"uploads_died\":%u,"
                 "\"late_us\":%.1f}",
                 static_cast<unsigned long long>(s.frame), s.emulationUs, s.predictedRenderUs,
                 s.predictedSavingUs, s.renderUs, s.debtUs, gpu::decisionName(s.decision),
                 gpu::reasonKey(s.reason), s.presented ? "true" : "false", s.recordsExecuted,
                 s.recordsDeferred, s.recordsExecutedLate, s.recordsDied,
                 static_cast<unsigned long long>(s.pixelsDrawn),
                 static_cast<unsigned long long>(s.pixelsSaved), s.uploadsDeferred,
                 s.uploadsExecutedLate, s.uploadsDied, s.lateUs);
}

PacingSession::~PacingSession() {
    if (gpu_) gpu_->setPacing(nullptr, nullptr);
    if (stats_) {
        std::fclose(stats_);
        std::remove(tempPath_.c_str());
    }
}

bool PacingSession::start(gpu::Gpu& gpu, const std::string& mode, double hostSlowdown,
                          const std::string& statsFile, std::string& error) {
    gpu::PacingSettings settings;
    if (!settings.parseMode(mode.empty() ? "off" : mode, error)) return false;
    // `run` is unthrottled: fixed:N shows exactly its schedule (bench frameskip's simulated
    // host, which has a real frame budget, turns judging back on).
    settings.judgeFixed = false;
    evaluator_.setSettings(settings);
    if (!statsFile.empty()) {
        // Written to a temporary file and renamed at the end: never a half-written file.
        statsPath_ = statsFile;
        tempPath_ = statsFile + ".tmp";
        stats_ = std::fopen(tempPath_.c_str(), "w");
        if (!stats_) {
            error = "cannot write " + tempPath_;
            return false;
        }
        std::fputs("[\n", stats_);
    }
    gpu_ = &gpu;
    gpu.setHostSlowdown(hostSlowdown);
    gpu.setPacing(&evaluator_, hostMicros);
    return true;
}

void PacingSession::frameDone(const gpu::FrameStats& s) {
    if (!stats_) return;
    if (!first_) std::fputs(",\n", stats_);
    first_ = false;
    writeFrameStatsJson(stats_, s);
}

bool PacingSession::finish(std::string& error) {
    // Detaching executes any deferred drawing: VRAM is then exactly the FULL render's.
    if (gpu_) gpu_->setPacing(nullptr, nullptr);
    gpu_ = nullptr;
    if (!stats_) return true;
    std::fputs("\n]\n", stats_);
    bool ok = std::fflush(stats_) == 0;
    ok = std::fclose(stats_) == 0 && ok;
    stats_ = nullptr;
    if (!ok || std::rename(tempPath_.c_str(), statsPath_.c_str()) != 0) {
        std::remove(tempPath_.c_str());
        error = "cannot write " + statsPath_;
        return false;
    }
    return true;
}

} // namespace cli
