#include "core/system.h"

#include <cstring>

#include "core/bus.h"
#include "core/cdrom.h"
#include "core/cdrom/image_disc.h"
#include "core/cpu/cpu.h"
#include "core/cpu/gte.h"
#include "core/disc/open_disc.h"
#include "core/dma.h"
#include "core/gpu_device.h"
#include "core/hle_bios.h"
#include "core/irq.h"
#include "core/mdec/mdec.h"
#include "core/memory_card.h"
#include "core/ps_exe.h"
#include "core/sio0.h"
#include "core/snapshots/game_id.h"
#include "core/snapshots/snapshot_manager.h"
#include "core/spu.h"
#include "core/timers.h"
#include "core/tty_capture.h"
#include "core/video_timing.h"

namespace core {

namespace {
// The drive hands its audio (CD-DA, XA-ADPCM) to the SPU's CD input.
class SpuCdInput final : public CdAudioSink {
  public:
    explicit SpuCdInput(Spu& spu) : spu_(spu) {}
    void cdAudio(const int16_t* frames, size_t count) override { spu_.cdAudio(frames, count); }

  private:
    Spu& spu_;
};

constexpr uint32_t kShellEntry = 0x80030000;     // kernelbios.md: the BIOS starts the shell here
constexpr uint64_t kBootStepLimit = 400'000'000; // instructions; a BIOS that never gets there
} // namespace

System::System()
    : bus_(std::make_unique<Bus>()), irq_(std::make_unique<Irq>()), gte_(std::make_unique<Gte>()) {
    cpu_ = std::make_unique<Cpu>(*bus_, scheduler_, *irq_, *gte_);
    dma_ = std::make_unique<Dma>(*bus_, scheduler_, *irq_);
    timers_ = std::make_unique<Timers>(scheduler_, *irq_);
    sio0_ = std::make_unique<Sio0>(scheduler_, *irq_);
    spu_ = std::make_unique<Spu>(scheduler_, *irq_);
    cdrom_ = std::make_unique<Cdrom>(scheduler_, *irq_);
    spuCdInput_ = std::make_unique<SpuCdInput>(*spu_);
    cdrom_->setAudioSink(spuCdInput_.get());
    mdec_ = std::make_unique<Mdec>(scheduler_);
    gpu_ = std::make_unique<GpuDevice>(scheduler_, *irq_);
    video_ = std::make_unique<VideoTiming>(scheduler_, *irq_, *timers_, gpu_->gpu());
    sio0_->setBeamSource(&System::beamPosition, this);
    hleBios_ = std::make_unique<HleBios>(*cpu_, *bus_, *irq_, *sio0_, scheduler_);
    hleBios_->setDrive(cdrom_.get()); // CdGetStatus
    ttyCapture_ = std::make_unique<TtyCapture>(*cpu_, *bus_);
    for (unsigned port = 0; port < 2; ++port)
        for (unsigned slot = 0; slot < 4; ++slot) {
            cards_[port][slot] = std::make_unique<MemoryCard>(scheduler_);
            sio0_->setMemoryCard(port, slot, cards_[port][slot].get());
        }

    // One line per device, in the order of the state sections (and of the power-on reset).
    // The CPU, the GTE and the HLE BIOS have no ports: only their state is registered.
    devices_.add(bus_->describe());
    devices_.add(irq_->describe());
    devices_.add(DeviceInfo("cpu", cpu_.get()).state<&Cpu::reset, &Cpu::serialize>());
    devices_.add(DeviceInfo("gte", gte_.get()).state<&Gte::reset, &Gte::serialize>());
    devices_.add(dma_->describe());
    devices_.add(timers_->describe());
    devices_.add(sio0_->describe());
    devices_.add(cards_[0][0]->describe());
    devices_.add(cards_[1][0]->describe());
    devices_.add(spu_->describe());
    devices_.add(cdrom_->describe());
    devices_.add(mdec_->describe());
    devices_.add(gpu_->describe());
    devices_.add(video_->describe());
    devices_.add(DeviceInfo("hlebios", hleBios_.get()).stateOnly<&HleBios::serialize>());
    devices_.connect(*bus_, *dma_);
    setHost(nullptr);
    // A frame ends at vblank: runFrame() returns once the CPU stops.
    video_->setVblankHandler(
        [](void* self) {
            auto& s = *static_cast<System*>(self);
            s.frameDone_ = true;
            s.cpu_->stop();
        },
        this);
    cpu_->setHleTrap(
        [this](uint32_t pc, uint32_t instr) { return hle_ && hleBios_->trap(pc, instr); });
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
        .add("vram", const_cast<uint16_t*>(gpu().vram()),
             size_t(gpu::kVramWidth) * gpu::kVramHeight * 2, gpu::VramPages::layout(),
             gpu().vramPages(), Placement::kEmbedded)
        .writePage = [this](uint32_t page, const uint8_t* data) {
        gpu().writeVramPage(page, data);
    };
    regions_.add("spuram", spu_->ram(), Spu::kRamSize, savestate::PageLayout::linear(),
                 spu_->pages(), Placement::kEmbedded);
}

System::~System() = default;

gpu::Gpu& System::gpu() {
    return gpu_->gpu();
}

void System::setHost(Host* host) {
    host_ = host ? host : &silentHost_;
    bus_->setHost(host_);
    hleBios_->setHost(host_);
    ttyCapture_->setHost(host_);
    spu_->setHost(host_);
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

void System::setTtyCapture(bool on) {
    ttyCaptureOn_ = on;
    updateTtyWatch();
}

void System::updateTtyWatch() {
    if (ttyCaptureOn_ && !hle_)
        cpu_->setVectorWatch(&TtyCapture::onVector, ttyCapture_.get());
    else
        cpu_->setVectorWatch(nullptr, nullptr);
}

void System::reset() {
    updateTtyWatch();
    memoryAboutToChange();
    scheduler_.reset();
    devices_.reset();
    for (auto& port : cards_) // the multitap slots' cards are not registered devices
        for (unsigned slot = 1; slot < 4; ++slot)
            port[slot]->reset();
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
    if (!hle_ && !runBiosToShell(error)) return false;
    placeExe(exe);
    gameId_ = exeGameId(file);
    return true;
}

// Lets the real BIOS initialise its kernel (A0h/B0h/C0h tables, exception vector, devices)
// up to where it starts the shell, whose intro and boot menu are then skipped.
bool System::runBiosToShell(std::string& error) {
    uint64_t steps = 0;
    while (cpu_->pc() != kShellEntry) {
        cpu_->step();
        scheduler_.runDue();
        if (++steps > kBootStepLimit) {
            error = "the BIOS did not reach the shell entry point (80030000h); is it a PS1 BIOS?";
            return false;
        }
    }
    return true;
}

// What the kernel's Exec does with a loaded PS-EXE (kernelbios.md "A(43h) DoExecute"): the
// text in place, BSS cleared, GP and the stack from the header, then the entry point.
void System::placeExe(const PsExe& exe) {
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
}

void System::runFrame() {
    if (snapshots_) snapshots_->frameStart(); // VRAM copies done, restore pages pumped
    // Input changes at frame boundaries only (core/host.h).
    for (unsigned port = 0; port < 2; ++port) {
        if (sio0_->padType(port) != Sio0::PadType::Multitap) {
            sio0_->setPad(port, host_->pad(port));
            continue;
        }
        for (unsigned slot = 0; slot < Multitap::kSlots; ++slot)
            sio0_->setPad(port, slot, host_->tapPad(port, slot));
    }
    // A GunCon senses the point it is aimed at as the beam draws this frame's picture.
    sio0_->latchGuns(gpu().displaySettings());
    frameDone_ = false;
    while (!frameDone_ && !bus_->exitRequested()) {
        cpu_->run();
        scheduler_.runDue();
        if (bus_->exitRequested()) break;
    }
    spu_->flushAudio(); // the frame's samples, up to this cycle, before the frame is done
    if (frameDone_) host_->frameDone(FrameInfo{video_->frameCount(), gpu().framePresented()});
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
    // Version 3: the cards of multitap slots B-D after the disc; version 2: the "disc"
    // section after the devices (the disc in the drive).
    const uint32_t version = io.beginSection("system", 3);
    uint8_t hle = hle_ ? 1 : 0;
    io.value(hle);
    hle_ = hle != 0;
    updateTtyWatch();
    scheduler_.serialize(io);
    devices_.serialize(io);
    serializeDiscIdentity(io, version);
    serializeTapCards(io, version);
    io.endSection();
}

// The multitap slots' cards B-D of port 1, then of port 2: one "memcard" section each.
// Older states had none: those cards go back to power-on (their journals stay where they are).
void System::serializeTapCards(savestate::StateIO& io, uint32_t version) {
    for (auto& port : cards_)
        for (unsigned slot = 1; slot < 4; ++slot) {
            if (version >= 3)
                port[slot]->serialize(io);
            else if (io.reading())
                port[slot]->reset();
        }
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
        if (!acceptsStateDisc(probe.stateDiscIdentity(), error)) return false;
        if (!acceptsStatePads(probe.sio0(), error)) return false;
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

// The beam now (for a GunCon read): the video timing's scanline since VSYNC and the video
// clocks since this line's HSYNC, from its exact line start (core/video_timing.h).
GunCon::Beam System::beamPosition(void* context) {
    const System& sys = *static_cast<System*>(context);
    const VideoTiming::State& v = sys.video_->state();
    const Cycles now = sys.scheduler_.now();
    uint64_t clock = 0;
    if (now > v.lineStart && v.videoNum) {
        const uint64_t pos = (now - v.lineStart) * v.videoNum;
        if (pos > v.lineFrac) clock = (pos - v.lineFrac) / VideoTiming::kCpuPerVideoDen;
    }
    return {v.line, static_cast<uint32_t>(clock)};
}

bool System::acceptsStatePads(const Sio0& stateSio0, std::string& error) const {
    const std::string have = sio0_->describePads(), saved = stateSio0.describePads();
    if (have == saved) return true;
    error = "the savestate was made with other controllers (" + saved + "); this machine has " +
            have + ": plug in the same ones (skipjack-cli --pad1/--pad2) to load it";
    return false;
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
    for (auto& port : cards_)
        for (auto& card : port)
            card->beginSpeculation();
    spu_->setHost(nullptr); // speculative frames are taken back: their sound is never heard
}

void System::endSpeculation() {
    for (auto& port : cards_)
        for (auto& card : port)
            card->endSpeculation();
    spu_->setHost(host_);
}

// RAM is about to be rewritten behind the page table (reset, loadExe, a full load): snapshots
// in progress must finish capturing first, and no page can be shared with the old contents.
void System::memoryAboutToChange() {
    if (snapshots_) snapshots_->memoryAboutToChange();
}

} // namespace core
