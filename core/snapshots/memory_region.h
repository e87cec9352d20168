#pragma once
// The memories a snapshot captures page by page (DESIGN.md §4): main RAM, VRAM, sound RAM and
// whatever comes next. The code that owns a memory registers it once (System's constructor)
// with its page table; the snapshot manager, state files and the rewind ring then handle every
// registered region alike.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "savestate/page_observers.h"
#include "savestate/page_snapshot.h"
#include "savestate/state_io.h"

namespace core {

// A memory's page table as the snapshot manager uses it. TablePages adapts any table with the
// interface of core::PageTable / gpu::VramPages.
class RegionPages {
  public:
    virtual ~RegionPages() = default;
    virtual uint8_t flags(uint32_t page) const = 0;
    virtual void setFlags(uint32_t page, uint8_t flags) = 0;
    virtual bool dirty(uint32_t page) const = 0;
    virtual const bool* dirtyPages() const = 0; // one flag per page
    // Clears the dirty bits; every page is tracked from now on.
    virtual void trackDirty() = 0;
    virtual savestate::PageObservers& observers() = 0;
    virtual void clearBits(uint8_t bits) = 0;
};

template <class Table> class TablePages final : public RegionPages {
  public:
    explicit TablePages(Table& table) : table_(table) {}
    uint8_t flags(uint32_t page) const override { return table_.flags(page); }
    void setFlags(uint32_t page, uint8_t flags) override { table_.setFlags(page, flags); }
    bool dirty(uint32_t page) const override { return table_.dirty(page); }
    const bool* dirtyPages() const override { return table_.dirtyPages(); }
    void trackDirty() override { table_.trackDirty(); }
    savestate::PageObservers& observers() override { return table_.observers(); }
    void clearBits(uint8_t bits) override { table_.clearBits(bits); }

  private:
    Table& table_;
};

struct MemoryRegion {
    enum class Placement {
        // Inside its owner's state section (the owner writes it as one field of `size` bytes
        // at `data`). A snapshot leaves it out of the device state and, on restore, writes the
        // pages that differ at once (through writePage).
        kEmbedded,
        // A section of its own after the devices (serializeSection). A restore brings its pages
        // back lazily: on first touch (read and write intercepts) or through pump(). One region
        // (main RAM) at most.
        kOwnSection,
    };
    std::string name;
    uint8_t* data = nullptr;
    size_t size = 0;
    savestate::PageLayout layout;
    Placement placement = Placement::kEmbedded;
    std::unique_ptr<RegionPages> pages;
    // Writes one page of a restore; by default the page is copied into `data`. An owner that
    // keeps caches of its memory (the GPU) gives its own write path.
    std::function<void(uint32_t page, const uint8_t* bytes)> writePage;
    // kOwnSection: reads or writes the region's section (the owner's serialisation).
    std::function<void(savestate::StateIO&)> serializeSection;

    size_t pageCount() const {
        return (size + savestate::kSnapshotPageSize - 1) / savestate::kSnapshotPageSize;
    }
    void restorePage(uint32_t page, const uint8_t* bytes) const {
        if (writePage)
            writePage(page, bytes);
        else
            layout.scatter(bytes, page, data, size);
    }
};

class MemoryRegions {
  public:
    // Registers a memory; returns it so the caller can set writePage / serializeSection.
    // Regions keep their registration order (the snapshot's region index).
    template <class Table>
    MemoryRegion& add(std::string name, void* data, size_t size, savestate::PageLayout layout,
                      Table& pages, MemoryRegion::Placement placement) {
        MemoryRegion& r = regions_.emplace_back();
        r.name = std::move(name);
        r.data = static_cast<uint8_t*>(data);
        r.size = size;
        r.layout = layout;
        r.placement = placement;
        r.pages = std::make_unique<TablePages<Table>>(pages);
        return r;
    }
    size_t size() const { return regions_.size(); }
    MemoryRegion& operator[](size_t i) { return regions_[i]; }
    const MemoryRegion& operator[](size_t i) const { return regions_[i]; }
    // The region's index, or size() when none has that name.
    size_t find(std::string_view name) const {
        for (size_t i = 0; i < regions_.size(); ++i)
            if (regions_[i].name == name) return i;
        return regions_.size();
    }
    // Writes or reads the sections of the kOwnSection regions, in registration order (after
    // the device state).
    void serializeOwnSections(savestate::StateIO& io) {
        for (auto& r : regions_)
            if (r.placement == MemoryRegion::Placement::kOwnSection) r.serializeSection(io);
    }

  private:
    std::vector<MemoryRegion> regions_;
};

} // namespace core
