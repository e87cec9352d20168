#pragma once
// What a device declares about itself, in one place (its describe()): the I/O window it
// answers on the bus, the DMA channel it sits on, and its state section with its reset. System
// registers each device once (core/device_registry.h); the bus and the DMA controller then
// dispatch through these plain function pointers with the device as context: no virtual call
// and no hand-written adapter between a register access or a DMA block and the device.
//
// A device's scheduler events are created in its constructor (their registration order is
// the order a state lists pending events in, so it stays put); describe() lists their
// handles, so the registry knows every event's owner.
#include <cstdint>
#include <span>

#include "core/scheduler.h"
#include "savestate/state_io.h"

namespace core {

// --- I/O ports (iomap.md: 1F801000h..1F801FFFh) ----------------------------------------------

// `addr` is the CPU address of the access (devices decode the low bits themselves); `size` is
// 1, 2 or 4. Writes pass the whole source register, as the bus does (core/bus.h).
using IoReadFn = uint32_t (*)(void* device, uint32_t addr, unsigned size);
using IoWriteFn = void (*)(void* device, uint32_t addr, uint32_t value, unsigned size);

// Whose access time a read of the range takes: on-die registers answer in a fixed time; the
// SPU and the CD-ROM sit on the SBUS behind their delay/size registers (memorycontrol.md,
// 1F801014h and 1F801018h).
enum class IoTiming : uint8_t { OnDie, Spu, Cdrom };

struct IoRange {
    uint32_t begin = 0, end = 0; // physical addresses, [begin, end), multiples of 4
    IoReadFn read = nullptr;
    IoWriteFn write = nullptr;
    IoTiming timing = IoTiming::OnDie;
};

// --- DMA (dmachannels.md) ---------------------------------------------------------------------

// When each word of a DMA block moves. The controller stalls the CPU and spends the channel's
// cost per word in 1/256 cycles, carrying the fraction from word to word ("DMA Transfer
// Rates"), so word i of a block moves at start + ((frac + i * cost) >> 8): exactly the cycle
// the scheduler showed when the controller moved words one at a time.
struct DmaClock {
    Cycles start = 0;  // scheduler time of the block's first word
    uint32_t frac = 0; // fraction (1/256 cycle) carried in from the words before the block
    uint32_t cost = 0; // cost of a word (1/256 cycle)
    Cycles at(uint32_t i) const { return start + ((uint64_t(frac) + uint64_t(cost) * i) >> 8); }
};

// The device end of one DMA channel: its DRQ line and one call per block each way. A null
// function is a channel with nothing attached: DRQ always high, writes dropped, reads give
// FFFFFFFFh.
struct DmaPort {
    void* device = nullptr;
    bool (*request)(void* device, Cycles now) = nullptr;
    void (*write)(void* device, std::span<const uint32_t> words, const DmaClock& clock) = nullptr;
    void (*read)(void* device, std::span<uint32_t> words, const DmaClock& clock) = nullptr;
};

// The device side of "my DRQ may have gone high": the DMA controller connects it when the
// device is registered, so the device never names the controller (DESIGN.md §1).
class DmaRequestLine {
  public:
    using Notify = void (*)(void* dma, unsigned channel);
    void connect(void* dma, Notify notify, unsigned channel) {
        dma_ = dma;
        notify_ = notify;
        channel_ = channel;
    }
    void changed() const {
        if (notify_) notify_(dma_, channel_);
    }

  private:
    void* dma_ = nullptr;
    Notify notify_ = nullptr;
    unsigned channel_ = 0;
};

// --- The declaration ---------------------------------------------------------------------------

namespace detail {
template <class M> struct ClassOf;
template <class C, class R, class... A> struct ClassOf<R (C::*)(A...)> { using type = C; };
template <class C, class R, class... A> struct ClassOf<R (C::*)(A...) const> { using type = C; };
template <auto M> using ClassOfT = typename ClassOf<decltype(M)>::type;
} // namespace detail

// Plain functions calling a member (the device is the context): ioRead<&Timers::read> etc.
template <auto M> uint32_t ioRead(void* device, uint32_t addr, unsigned size) {
    return (static_cast<detail::ClassOfT<M>*>(device)->*M)(addr, size);
}
template <auto M> void ioWrite(void* device, uint32_t addr, uint32_t value, unsigned size) {
    (static_cast<detail::ClassOfT<M>*>(device)->*M)(addr, value, size);
}
template <auto M> void memberCall(void* device) {
    (static_cast<detail::ClassOfT<M>*>(device)->*M)();
}
template <auto M> void memberSerialize(void* device, savestate::StateIO& io) {
    (static_cast<detail::ClassOfT<M>*>(device)->*M)(io);
}

struct DeviceInfo {
    static constexpr unsigned kMaxIoRanges = 2;
    static constexpr unsigned kMaxEvents = 8;

    const char* name = ""; // for diagnostics; the state section names are the device's own
    void* self = nullptr;
    IoRange io[kMaxIoRanges] = {};
    unsigned ioCount = 0;
    Scheduler::Handle events[kMaxEvents] = {};
    unsigned eventCount = 0;
    int dmaChannel = -1; // -1: none
    DmaPort dma = {};
    DmaRequestLine* dmaLine = nullptr; // connected to the controller when registered
    // A second channel, for the one device on two (the MDEC: DMA0 in, DMA1 out).
    int dmaChannel2 = -1;
    DmaPort dma2 = {};
    DmaRequestLine* dmaLine2 = nullptr;
    void (*reset)(void* self) = nullptr;
    void (*serialize)(void* self, savestate::StateIO& io) = nullptr;

    DeviceInfo() = default;
    template <class T>
    DeviceInfo(const char* deviceName, T* device) : name(deviceName), self(device) {}

    // The device answers [begin, end) through its read/write members.
    template <auto Read, auto Write>
    DeviceInfo& ioRange(uint32_t begin, uint32_t end, IoTiming timing = IoTiming::OnDie) {
        io[ioCount++] = IoRange{begin, end, &ioRead<Read>, &ioWrite<Write>, timing};
        return *this;
    }
    // A scheduler event the device created (Scheduler::add) and owns.
    DeviceInfo& event(Scheduler::Handle handle) {
        events[eventCount++] = handle;
        return *this;
    }
    // Its state: reset() at power-on, serialize() as one section of the machine's state.
    template <auto Reset, auto Serialize> DeviceInfo& state() {
        reset = &memberCall<Reset>;
        serialize = &memberSerialize<Serialize>;
        return *this;
    }
    // A state section without a power-on reset of its own (reset elsewhere, or not at all).
    template <auto Serialize> DeviceInfo& stateOnly() {
        serialize = &memberSerialize<Serialize>;
        return *this;
    }
    // The first call declares dmaChannel, a second one dmaChannel2.
    DeviceInfo& dmaChannelPort(unsigned channel, const DmaPort& port,
                               DmaRequestLine* line = nullptr) {
        const bool first = dmaChannel < 0;
        (first ? dmaChannel : dmaChannel2) = int(channel);
        DmaPort& p = first ? dma : dma2;
        p = port;
        p.device = self;
        (first ? dmaLine : dmaLine2) = line;
        return *this;
    }
};

} // namespace core
