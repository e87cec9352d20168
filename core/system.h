#pragma once
// The whole machine (DESIGN.md §1). Owns every device; front ends own a System and never reach
// into devices except through the accessors below. Everything else that crosses between the
// machine and its front end goes through the core::Host it is given (core/host.h).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/device_registry.h"
#include "core/host.h"
#include "core/pads/guncon.h"
#include "core/scheduler.h"
#include "core/snapshots/memory_region.h"
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
class CdAudioSink;
struct PsExe;
class Mdec;
class VideoTiming;
class HleBios;
class TtyCapture;
class GpuDevice;
class SnapshotManager;
class MemoryCard;
namespace disc {
class DiscSet;
}
namespace cdrom {
class ImageDisc;
}

class System {
  public:
    System();
    ~System();
    System(const System&) = delete;
    System& operator=(const System&) = delete;

    // BIOS: a user-supplied 512 KiB image, or (the default) the built-in HLE BIOS.
    bool loadBios(std::span<const uint8_t> image, std::string& error);
    void useHleBios();
    bool hleBios() const { return hle_; }
    // The console under a BIOS image: when on, what programs print through the BIOS
    // (putchar/puts/printf/write to fd 1, taken as they call A0h/B0h) reaches
    // Host::consoleText, as the HLE BIOS's console and the DUART always do. Off by default:
    // watching costs a loop exit per BIOS call. Never changes emulated state or timing.
    void setTtyCapture(bool on);

    // Power-on reset: every device reset; with a BIOS image the CPU starts at BFC00000h.
    void reset();
    // Loads a PS-EXE and starts it: under the HLE BIOS at once; with a BIOS image once the
    // kernel is initialised (the BIOS jumps to the shell at 80030000h).
    bool loadExe(std::span<const uint8_t> file, std::string& error);
    // Opens a disc image (.cue, .iso, .bin, .img, .chd) or an .m3u playlist of them, puts its
    // first disc in the drive and starts it. Under the HLE BIOS the boot file SYSTEM.CNF names
    // (PSX.EXE without one) is loaded from the disc's ISO9660 file system and started, with
    // SYSTEM.CNF's stack; with a BIOS image the machine resets and the BIOS boots the disc
    // through the drive (with fast boot on, the BIOS initialises its kernel and the boot file
    // is started where the BIOS would start its intro, at 80030000h). The game id becomes
    // the disc's serial ("SLUS-01234"), or
    // "disc:<volume id>" for a disc without one. False with a message naming the file (and
    // nothing changed) for a bad image, an audio disc or a disc with no boot file.
    bool bootDisc(const std::string& path, std::string& error);
    // The console's region for discs (the drive's Test 22h answer and SCEx licence check):
    // Auto follows each disc's licence sector (a disc without one plays as on a console with
    // a modchip); a fixed region is the player's override, and a disc licensed for another
    // region then plays as on a modchipped console of that region. The region also picks the
    // console's video clock (VideoTiming::Clock): NTSC for NtscU/NtscJ, PAL for Pal; under
    // Auto, the booted disc's licence region, or the selected video mode for a disc without a
    // licence or a PS-EXE. Set before bootDisc.
    enum class ConsoleRegion : uint8_t { Auto, NtscU, NtscJ, Pal };
    // Fast boot with a BIOS image: skip the BIOS's intro and licence screens for discs (as a
    // PS-EXE is started). Set before bootDisc; no effect under the HLE BIOS.
    void setFastBoot(bool on) { fastBoot_ = on; }
    void setConsoleRegion(ConsoleRegion region);
    // The discs of the game booted by bootDisc (null before); changeDisc(i) opens the lid,
    // swaps to disc i of an .m3u and closes the lid, as a player would.
    disc::DiscSet* discs() { return discs_.get(); }
    bool changeDisc(size_t index);
    // Opens the lid and puts another image (or .m3u set) in the drive, as a player swapping
    // discs would; the game id stays. False with the reader's message, and nothing changed,
    // for an image that cannot be opened.
    bool insertDisc(const std::string& path, std::string& error);
    // The two halves of a change that takes emulated time (skipjack-cli --disc-swap-at):
    // openLid() opens the lid and takes the disc out; closeLid(i) puts disc i of the set in
    // and closes the lid (the drive spins up and reads the TOC). False when there is no such
    // disc or the lid is not in the needed position.
    bool openLid();
    bool closeLid(size_t index);
    // The identity of the disc in the drive (core/disc/disc_identity.h; "" for none). Every
    // state carries it; stateDiscIdentity() is the one the last state read named ("" for none
    // or a state from before discs were recorded).
    const std::string& discIdentity() const { return discId_; }
    const std::string& stateDiscIdentity() const { return stateDiscId_; }
    // Whether a state made with disc `id` may be loaded: yes for the disc in the drive, for
    // another disc of the same .m3u set (loading switches to it, with no lid events: the
    // state's drive saw that disc), and when either side has no disc; otherwise false with a
    // message naming both discs.
    bool acceptsStateDisc(const std::string& id, std::string& error) const;
    // Whether a state whose SIO0 (read on a scratch machine) has `stateSio0`'s controllers
    // may be loaded: only with the same controllers plugged in (port types and multitap slot
    // types), else false with a message naming both. Refused rather than adopted so a
    // game never sees its controllers change under it in the middle of a frame, and the
    // front end's input mapping always matches what the game reads.
    bool acceptsStatePads(const Sio0& stateSio0, std::string& error) const;
    Cdrom& cdrom() { return *cdrom_; }

    // The front end (not owned; null: a host that drops everything and holds no buttons).
    void setHost(Host* host);
    Host& host() { return *host_; }

    // Runs until the next vblank (one frame) or until the program exits / stops. Reads the
    // pads from the host first; when a frame ended, tells the host (Host::frameDone) before
    // returning.
    void runFrame();
    bool exited() const;
    int exitCode() const;
    uint64_t frameCount() const;

    void setTrace(std::FILE* out);

    // Whole-machine state (DESIGN.md §5): the "system" section (every device, RAM excluded)
    // followed by the sections of the memory regions that have their own ("ram").
    // serializeDevices() is the first part alone; a copy-on-write snapshot takes it at the
    // quiesce point and carries every memory region as pages.
    void serialize(savestate::StateIO& io);
    void serializeDevices(savestate::StateIO& io);
    std::vector<uint8_t> saveState();
    bool loadState(std::span<const uint8_t> data, std::string& error);
    // Hash of RAM, scratchpad, CPU and every device's state (determinism tests).
    uint64_t stateHash();

    // Identity recorded in state files: "exe:<hash64 of the PS-EXE file>" after loadExe (empty
    // before), and "HLE" or "bios:<hash64 of the image>".
    const std::string& gameId() const { return gameId_; }
    void setGameId(std::string id) { gameId_ = std::move(id); }
    std::string biosId() const;
    // Savestates that never stall the game (core/snapshots/); created on first use.
    SnapshotManager& snapshots();
    // The memories snapshots capture page by page, registered by the constructor.
    MemoryRegions& memoryRegions() { return regions_; }
    // Memory card slots 0/1 (core/memory_card.h); insert a journal-backed card with
    // memoryCard(n).insert(&journal), remove it with insert(nullptr).
    MemoryCard& memoryCard(unsigned slot) { return *cards_[slot & 1][0]; }
    // The card slot of a multitap on port 0/1 (slot 0..3 = A-D; slot A is memoryCard(port)):
    // the card answers address 81h+slot while a multitap is plugged into the port
    // (controllersandmemorycards.md "Multitap Memory Card Access").
    MemoryCard& memoryCard(unsigned port, unsigned slot) { return *cards_[port & 1][slot & 3]; }
    // Frames that will be taken back (core::RunAhead): between these, memory card writes stay
    // in memory and never reach the card's journal file; endSpeculation() drops them and puts
    // both cards back as they were at beginSpeculation() (MemoryCard::beginSpeculation()).
    // Restore a snapshot captured before beginSpeculation() after it.
    // The SPU hands no samples to the host in between (the frames are taken back).
    void beginSpeculation();
    void endSpeculation();

    Scheduler& scheduler() { return scheduler_; }
    Bus& bus() { return *bus_; }
    Cpu& cpu() { return *cpu_; }
    Gte& gte() { return *gte_; }
    Irq& irq() { return *irq_; }
    Dma& dma() { return *dma_; }
    Timers& timers() { return *timers_; }
    Sio0& sio0() { return *sio0_; }
    Spu& spu() { return *spu_; }
    gpu::Gpu& gpu();
    VideoTiming& video() { return *video_; }

    // Every device with its I/O range, DMA port and state section (core/device.h).
    const DeviceRegistry& devices() const { return devices_; }

  private:
    bool runBiosToShell(std::string& error);
    void placeExe(const PsExe& exe);
    // A GunCon's question: where the beam is now (Sio0::setBeamSource).
    static GunCon::Beam beamPosition(void* context);
    Scheduler scheduler_;
    std::unique_ptr<Bus> bus_;
    std::unique_ptr<Irq> irq_;
    std::unique_ptr<Gte> gte_;
    std::unique_ptr<Cpu> cpu_;
    std::unique_ptr<Dma> dma_;
    std::unique_ptr<Timers> timers_;
    std::unique_ptr<Sio0> sio0_;
    std::unique_ptr<Spu> spu_;
    std::unique_ptr<CdAudioSink> spuCdInput_; // the drive's audio into the SPU's CD input
    std::unique_ptr<Cdrom> cdrom_;
    ConsoleRegion consoleRegion_ = ConsoleRegion::Auto;
    bool fastBoot_ = false;
    std::unique_ptr<disc::DiscSet> discs_;        // the game's discs (bootDisc)
    std::unique_ptr<cdrom::ImageDisc> driveDisc_; // the current one, as the drive sees it
    std::vector<std::string> discIds_;            // identity of each disc of discs_
    std::string discId_, stateDiscId_;            // the drive's disc; the last state's
    void putDiscInDrive(size_t index);            // discs_ entry `index` into the drive
    void serializeDiscIdentity(savestate::StateIO& io, uint32_t systemVersion);
    std::unique_ptr<Mdec> mdec_;
    std::unique_ptr<GpuDevice> gpu_;
    std::unique_ptr<VideoTiming> video_;
    std::unique_ptr<HleBios> hleBios_;
    std::unique_ptr<TtyCapture> ttyCapture_;
    bool ttyCaptureOn_ = false;
    void updateTtyWatch(); // the CPU's vector watch: on with a BIOS image and capture on
    DeviceRegistry devices_;
    Host silentHost_;
    Host* host_ = &silentHost_;
    bool hle_ = true;
    bool frameDone_ = false;
    // Savestate hooks (kept apart from the device wiring above).
    void memoryAboutToChange();
    void registerMemoryRegions();
    MemoryRegions regions_; // outlives snapshots_ (an observer of the regions' page tables)
    std::unique_ptr<SnapshotManager> snapshots_;
    std::unique_ptr<MemoryCard> cards_[2][4]; // [port][multitap slot]; [n][0]: slot n's card
    void serializeTapCards(savestate::StateIO& io, uint32_t version);
    std::string gameId_;
    uint64_t biosHash_ = 0;
};

} // namespace core
