// The render worker: a bounded ring of jobs, one thread, two condition variables (work to do,
// work done). The emulation thread fills a free slot outside the lock (the worker never looks
// at slots past the submitted ones) and publishes it under the lock.
#include "gpu/render_worker.h"

namespace gpu {

void RenderWorker::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { loop(); });
}

void RenderWorker::stop() {
    if (!thread_.joinable()) return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    work_.notify_one();
    thread_.join();
}

RenderJob& RenderWorker::prepare(bool inlineRun) {
    if (inlineRun || !thread_.joinable()) {
        sync();
        preparedInline_ = true;
        return inline_;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return count_ < kSlots; });
    preparedInline_ = false;
    return slots_[(head_ + count_) % kSlots];
}

void RenderWorker::submit() {
    if (preparedInline_) {
        runner_(inline_);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ++count_;
    }
    work_.notify_one();
}

void RenderWorker::sync() {
    if (!thread_.joinable()) return;
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [this] { return count_ == 0; });
}

void RenderWorker::loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        work_.wait(lock, [this] { return stopping_ || count_ > 0; });
        if (count_ == 0) return; // stopping, nothing left
        RenderJob& job = slots_[head_];
        lock.unlock();
        runner_(job);
        lock.lock();
        head_ = (head_ + 1) % kSlots;
        --count_;
        done_.notify_all();
    }
}

} // namespace gpu
