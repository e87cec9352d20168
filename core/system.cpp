#include "core/system.h"

#include <cstring>

#include "core/bus.h"
#include "core/cdrom.h"
#include "core/cpu/cpu.h"
#include "core/cpu/gte.h"
#include "core/dma.h"
#include "core/hle_bios.h"
#include "core/irq.h"
#include "core/mdec.h"
#include "core/memory_card.h"
#include "core/ps_exe.h"
#include "core/sio0.h"
#include "core/snapshots/game_id.h"
#include "core/snapshots/snapshot_manager.h"
#include "core/spu.h"
#include "core/timers.h"
#include "core/video_timing.h"

namespace core {

namespace {
constexpr uint32_t kShellEntry = 0x80030000;     // kernelbios.md: the BIOS starts the shell here
constexpr uint64_t kBootStepLimit = 400'000'000; // instructions; a BIOS that never gets there

// DMA channel 2: RAM <-> GP0 / GPUREAD.
class GpuDmaPort : public DmaPort {
  public:
    GpuDmaPort(gpu::Gpu& gpu, Scheduler& s) : gpu_(gpu), s_(s) {}
    bool request() override { return gpu_.dmaRequest(s_.now()); }
    void write(uint32_t word) override { gpu_.dmaWrite(word, s_.now()); }
    uint32_t read() override { return gpu_.dmaRead(s_.now()); }

  private:
    gpu::Gpu& gpu_;
    Scheduler& s_;
};

// DMA channel 4: RAM <-> the SPU's transfer FIFO / sound RAM.
class SpuDmaPort : public DmaPort {
  public:
    explicit SpuDmaPort(Spu& spu) : spu_(spu) {}
    bool request() override { return spu_.dmaRequest(); }
    void write(uint32_t word) override { spu_.dmaWrite(word); }
    uint32_t read() override { return spu_.dmaRead(); }

  private:
    Spu& spu_;
};
} // namespace

System::System()
    : bus_(std::make_unique<Bus>()), irq_(std::make_unique<Irq>()), gte_(std::make_unique<Gte>()) {
    cpu_ = std::make_unique<Cpu>(*bus_, scheduler_, *irq_, *gte_);
    dma_ = std::make_unique<Dma>(*bus_, scheduler_, *irq_);
    timers_ = std::make_unique<Timers>(scheduler_, *irq_);
    sio0_ = std::make_unique<Sio0>(scheduler_, *irq_);
    spu_ = std::make_unique<Spu>(scheduler_, *irq_);
    cdrom_ = std::make_unique<Cdrom>();
    mdec_ = std::make_unique<Mdec>();
    gpu_ = std::make_unique<gpu::Gpu>(static_cast<gpu::GpuHost&>(*this));
    video_ = std::make_unique<VideoTiming>(scheduler_, *irq_, *timers_, *gpu_);
    hleBios_ = std::make_unique<HleBios>(*cpu_, *bus_, *irq_, *sio0_, scheduler_);
    for (unsigned slot = 0; slot < 2; ++slot) {
        cards_[slot] = std::make_unique<MemoryCard>(scheduler_);
        sio0_->setMemoryCard(slot, cards_[slot].get());
    }

    Bus::Devices d;
    d.irq = irq_.get();
    d.dma = dma_.get();
    d.timers = timers_.get();
    d.sio0 = sio0_.get();
    d.spu = spu_.get();
    d.cdrom = cdrom_.get();
    d.mdec = mdec_.get();
    d.gpu = gpu_.get();
    d.scheduler = &scheduler_;
    bus_->connect(d);
    bus_->ttyOut = [this](char c) { ttyChar(c); };
    hleBios_->ttyOut = [this](char c) { ttyChar(c); };
    video_->onVblank = [this] {
        frameDone_ = true;
        cpu_->stop();
    };
    cpu_->setHleTrap(
        [this](uint32_t pc, uint32_t instr) { return hle_ && hleBios_->trap(pc, instr); });
    connectDma();
    registerMemoryRegions();
    reset();
}

// Every memory a snapshot captures page by page: one line per memory (its owner's page table
// tracks dirty pages and takes the snapshot manager's intercepts). Snapshot::Region names the
// first three by index.
void System::registerMemoryRegions() {
    using Placement = MemoryRegion::Placement;
    regions_
        .add("ram", bus_->ram(), Bus::kRamSize, savestate::PageLayout::linear(), bus_->pages(),
             Placement::kOwnSection)
        .serializeSection = [this](savestate::StateIO& io) { bus_->serializeRam(io); };
    // VRAM is only written through the GPU (writePage keeps its caches right).
    regions_
        .add("vram", const_cast<uint16_t*>(gpu_->vram()),
             size_t(gpu::kVramWidth) * gpu::kVramHeight * 2, gpu::VramPages::layout(),
             gpu_->vramPages(), Placement::kEmbedded)
        .writePage = [this](uint32_t page, const uint8_t* data) {
        gpu_->writeVramPage(page, data);
    };
    regions_.add("spuram", spu_->ram(), Spu::kRamSize, savestate::PageLayout::linear(),
                 spu_->pages(), Placement::kEmbedded);
}

System::~System() = default;

void System::connectDma() {
    for (unsigned ch = 0; ch < 7; ++ch) {
        if (ch == 2)
            dmaPorts_.push_back(std::make_unique<GpuDmaPort>(*gpu_, scheduler_));
        else if (ch == 4)
            dmaPorts_.push_back(std::make_unique<SpuDmaPort>(*spu_));
        else
            dmaPorts_.push_back(std::make_unique<DmaPort>()); // filled in by later issues
        dma_->connect(ch, dmaPorts_.back().get());
    }
    spu_->dmaRequestChanged = [this] { dma_->requestChanged(4); };
}

void System::ttyChar(char c) {
    if (ttyOut) ttyOut(c);
}

void System::gpuInterrupt() {
    irq_->raise(IrqSource::Gpu);
}

bool System::loadBios(std::span<const uint8_t> image, std::string& error) {
    if (image.size() != Bus::kBiosSize) {
        error = "the BIOS image must be exactly 524288 bytes (512 KiB); this one is " +
                std::to_string(image.size()) + " bytes";
        return false;
    }
    // A blank or erased image (every byte the same in the reset code at BFC00000h) cannot
    // boot; say so now rather than after emulating seconds of nothing.
    bool blank = true;
    for (size_t i = 1; i < 256 && blank; ++i)
        blank = image[i] == image[0];
    if (blank) {
        error = "the BIOS image is blank (its reset code is all " +
                std::string(image[0] == 0 ? "zero" : "the same byte") + "); is it a PS1 BIOS?";
        return false;
    }
    memoryAboutToChange();
    std::memcpy(bus_->bios(), image.data(), image.size());
    biosHash_ = savestate::hash64(image.data(), image.size());
    hle_ = false;
    reset();
    return true;
}

void System::useHleBios() {
    hle_ = true;
    reset();
}

void System::reset() {
    memoryAboutToChange();
    scheduler_.reset();
    bus_->reset();
    irq_->reset();
    gte_->reset();
    cpu_->reset();
    dma_->reset();
    timers_->reset();
    sio0_->reset();
    cards_[0]->reset();
    cards_[1]->reset();
    spu_->reset();
    cdrom_->reset();
    mdec_->reset();
    gpu_->reset();
    video_->reset();
    if (hle_) {
        std::memset(bus_->bios(), 0, Bus::kBiosSize);
        hleBios_->install();
    }
    frameDone_ = false;
}

bool System::loadExe(std::span<const uint8_t> file, std::string& error) {
    PsExe exe;
    if (!parsePsExe(file, exe, error)) return false;
    reset();
    if (!hle_) {
        // Let the real BIOS initialise its kernel, then take over where it starts the shell.
        uint64_t steps = 0;
        while (cpu_->pc() != kShellEntry) {
            cpu_->step();
            scheduler_.runDue();
            if (++steps > kBootStepLimit) {
                error =
                    "the BIOS did not reach the shell entry point (80030000h); is it a PS1 BIOS?";
                return false;
            }
        }
    }
    uint8_t* ram = bus_->ram();
    std::memcpy(ram + (exe.loadAddress & 0x1fffff), exe.text.data(), exe.loadSize);
    if (exe.bssSize) std::memset(ram + (exe.bssAddress & 0x1fffff), 0, exe.bssSize);
    cpu_->setReg(28, exe.gp);
    if (exe.stackBase != 0) {
        cpu_->setReg(29, exe.stackBase + exe.stackOffset);
        cpu_->setReg(30, exe.stackBase + exe.stackOffset);
    } else if (hle_) {
        cpu_->setReg(29, 0x801ffff0);
        cpu_->setReg(30, 0x801ffff0);
    }
    cpu_->setPc(exe.pc);
    gameId_ = exeGameId(file);
    return true;
}

void System::runFrame() {
    if (snapshots_) snapshots_->frameStart(); // VRAM copies done, restore pages pumped
    frameDone_ = false;
    while (!frameDone_ && !bus_->exitRequested()) {
        cpu_->run();
        scheduler_.runDue();
        if (bus_->exitRequested()) break;
    }
}

bool System::exited() const {
    return bus_->exitRequested();
}
int System::exitCode() const {
    return static_cast<int>(bus_->exitCode());
}
uint64_t System::frameCount() const {
    return video_->frameCount();
}

void System::setPad(unsigned port, const PadState& pad) {
    sio0_->setPad(port, pad);
}
void System::setTrace(std::FILE* out) {
    cpu_->setTrace(out);
}

void System::serialize(savestate::StateIO& io) {
    // RAM is read and written raw below: no page may still be pending in a snapshot.
    if (snapshots_ && io.reading()) snapshots_->memoryAboutToChange();
    if (snapshots_ && !io.reading()) snapshots_->beforeEmulation(), snapshots_->finishRestore();
    serializeDevices(io);
    regions_.serializeOwnSections(io);
}

void System::serializeDevices(savestate::StateIO& io) {
    io.beginSection("system", 1);
    uint8_t hle = hle_ ? 1 : 0;
    io.value(hle);
    hle_ = hle != 0;
    scheduler_.serialize(io);
    bus_->serialize(io);
    irq_->serialize(io);
    cpu_->serialize(io);
    gte_->serialize(io);
    dma_->serialize(io);
    timers_->serialize(io);
    sio0_->serialize(io);
    cards_[0]->serialize(io);
    cards_[1]->serialize(io);
    spu_->serialize(io);
    cdrom_->serialize(io);
    mdec_->serialize(io);
    gpu_->serialize(io);
    video_->serialize(io);
    hleBios_->serialize(io);
    io.endSection();
}

std::vector<uint8_t> System::saveState() {
    savestate::StateIO io = savestate::StateIO::writer();
    serialize(io);
    return io.take();
}

bool System::loadState(std::span<const uint8_t> data, std::string& error) {
    // Check the whole state on a scratch machine first so a damaged state changes nothing.
    {
        System probe;
        savestate::StateIO check = savestate::StateIO::reader(data);
        probe.serialize(check);
        if (!check.ok()) {
            error = check.error();
            return false;
        }
    }
    memoryAboutToChange();
    savestate::StateIO io = savestate::StateIO::reader(data);
    serialize(io);
    return io.ok();
}

uint64_t System::stateHash() {
    std::vector<uint8_t> s = saveState();
    return savestate::hash64(s.data(), s.size());
}

// --- Savestate hooks ---------------------------------------------------------------------------

std::string System::biosId() const {
    if (hle_) return "HLE";
    char buf[32];
    std::snprintf(buf, sizeof buf, "bios:%016llx", static_cast<unsigned long long>(biosHash_));
    return buf;
}

SnapshotManager& System::snapshots() {
    if (!snapshots_) snapshots_ = std::make_unique<SnapshotManager>(*this);
    return *snapshots_;
}

void System::beginSpeculation() {
    for (auto& card : cards_)
        card->beginSpeculation();
}

void System::endSpeculation() {
    for (auto& card : cards_)
        card->endSpeculation();
}

// RAM is about to be rewritten behind the page table (reset, loadExe, a full load): snapshots
// in progress must finish capturing first, and no page can be shared with the old contents.
void System::memoryAboutToChange() {
    if (snapshots_) snapshots_->memoryAboutToChange();
}

} // namespace core
