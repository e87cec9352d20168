#pragma once
// The whole machine (DESIGN.md §1). Owns every device; front ends own a System and never reach
// into devices except through the accessors below.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/pad_state.h"
#include "core/scheduler.h"
#include "gpu/gpu.h"
#include "savestate/state_io.h"

namespace core {

class Bus;
class Cpu;
class Gte;
class Irq;
class Dma;
class Timers;
class Sio0;
class Spu;
class Cdrom;
class Mdec;
class VideoTiming;
class HleBios;
class DmaPort;

class System : private gpu::GpuHost {
  public:
    System();
    ~System() override;
    System(const System&) = delete;
    System& operator=(const System&) = delete;

    // BIOS: a user-supplied 512 KiB image, or (the default) the built-in HLE BIOS.
    bool loadBios(std::span<const uint8_t> image, std::string& error);
    void useHleBios();
    bool hleBios() const { return hle_; }

    // Power-on reset: every device reset; with a BIOS image the CPU starts at BFC00000h.
    void reset();
    // Loads a PS-EXE and starts it: under the HLE BIOS at once; with a BIOS image once the
    // kernel is initialised (the BIOS jumps to the shell at 80030000h).
    bool loadExe(std::span<const uint8_t> file, std::string& error);

    // Runs until the next vblank (one frame) or until the program exits / stops.
    void runFrame();
    bool exited() const;
    int exitCode() const;
    uint64_t frameCount() const;

    void setPad(unsigned port, const PadState& pad);
    // BIOS console output (putchar/puts/printf and the DUART TTY).
    std::function<void(char)> ttyOut;
    void setTrace(std::FILE* out);

    // Whole-machine state (DESIGN.md §5).
    void serialize(savestate::StateIO& io);
    std::vector<uint8_t> saveState();
    bool loadState(std::span<const uint8_t> data, std::string& error);
    // Hash of RAM, scratchpad, CPU and every device's state (determinism tests).
    uint64_t stateHash();

    Scheduler& scheduler() { return scheduler_; }
    Bus& bus() { return *bus_; }
    Cpu& cpu() { return *cpu_; }
    Gte& gte() { return *gte_; }
    Irq& irq() { return *irq_; }
    Dma& dma() { return *dma_; }
    Timers& timers() { return *timers_; }
    Sio0& sio0() { return *sio0_; }
    gpu::Gpu& gpu() { return *gpu_; }
    VideoTiming& video() { return *video_; }

  private:
    void gpuInterrupt() override;
    void connectDma();
    void ttyChar(char c);

    Scheduler scheduler_;
    std::unique_ptr<Bus> bus_;
    std::unique_ptr<Irq> irq_;
    std::unique_ptr<Gte> gte_;
    std::unique_ptr<Cpu> cpu_;
    std::unique_ptr<Dma> dma_;
    std::unique_ptr<Timers> timers_;
    std::unique_ptr<Sio0> sio0_;
    std::unique_ptr<Spu> spu_;
    std::unique_ptr<Cdrom> cdrom_;
    std::unique_ptr<Mdec> mdec_;
    std::unique_ptr<gpu::Gpu> gpu_;
    std::unique_ptr<VideoTiming> video_;
    std::unique_ptr<HleBios> hleBios_;
    std::vector<std::unique_ptr<DmaPort>> dmaPorts_;
    bool hle_ = true;
    bool frameDone_ = false;
};

} // namespace core
