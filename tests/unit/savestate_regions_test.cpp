// Memory regions register with the snapshot machinery (core/snapshots/memory_region.h), and a
// page table serves several observers (savestate/page_observers.h): the snapshot manager next to
// others (code invalidation, watchpoints), each with its own intercept bits.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "assets/embedded.h"
#include "core/bus.h"
#include "core/page_table.h"
#include "core/savestates.h"
#include "core/spu.h"
#include "core/system.h"
#include "gpu/vram_pages.h"

using namespace core;
using savestate::PageBits;

TEST_CASE(
    "System registers RAM - VRAM and sound RAM - and a snapshot holds every registered region",
    "[savestate][snapshot][regions]") {
    System sys;
    MemoryRegions& regions = sys.memoryRegions();
    REQUIRE(regions.size() == 3);
    CHECK(regions[Snapshot::kRam].name == "ram");
    CHECK(regions[Snapshot::kRam].size == Bus::kRamSize);
    CHECK(regions[Snapshot::kRam].placement == MemoryRegion::Placement::kOwnSection);
    CHECK(regions[Snapshot::kVram].name == "vram");
    CHECK(regions[Snapshot::kVram].placement == MemoryRegion::Placement::kEmbedded);
    CHECK(regions[Snapshot::kSpuRam].name == "spuram");
    CHECK(regions[Snapshot::kSpuRam].size == Spu::kRamSize);
    CHECK(regions.find("vram") == Snapshot::kVram);
    CHECK(regions.find("nothing") == regions.size());
    SnapshotRef snap = sys.snapshots().capture();
    CHECK(snap->regionCount() == 3);
    CHECK(snap->stateBytes() == sys.saveState());
}

TEST_CASE("a memory registered with one call is captured copy-on-write and shared between "
          "snapshots",
          "[savestate][snapshot][regions]") {
    constexpr uint32_t kPages = 8;
    PageTable<kPages> table;
    std::vector<uint8_t> memory(kPages * savestate::kSnapshotPageSize, 0x11);
    System sys;
    // The owner's one line (a device would put it in System's constructor).
    sys.memoryRegions().add("extra", memory.data(), memory.size(), savestate::PageLayout::linear(),
                            table, MemoryRegion::Placement::kEmbedded);
    const size_t extra = sys.memoryRegions().find("extra");
    REQUIRE(extra == 3);
    // The owner's write path: the flag byte test, the slow path only when a bit is set.
    auto write = [&](uint32_t page, uint8_t value) {
        if (table.flags(page)) table.touched(page, true);
        memory[size_t(page) * savestate::kSnapshotPageSize] = value;
    };

    SnapshotManager& mgr = sys.snapshots();
    SnapshotRef a = mgr.capture();
    write(3, 0x22); // before the worker may have copied it: the snapshot keeps 0x11
    a->finishCapture();
    CHECK(a->region(extra).pages[3]->data()[0] == 0x11);
    CHECK(table.dirty(3));
    CHECK_FALSE(table.dirty(4));

    uint64_t shared = mgr.stats().regions[extra].shared;
    SnapshotRef b = mgr.capture(); // only page 3 changed since `a`
    b->finishCapture();
    CHECK(mgr.stats().regions[extra].shared - shared == kPages - 1);
    CHECK(b->region(extra).pages[3]->data()[0] == 0x22);
    CHECK(b->region(extra).pagesNotIn(a->region(extra)) == 1);
    mgr.settle();
}

TEST_CASE("a page table calls each observer for its own intercepts only", "[savestate][page]") {
    PageTable<4> table;
    std::vector<int> calls; // slot * 10 + page
    int a = table.observers().add([&](uint32_t page, bool) {
        calls.push_back(0 + int(page));
        table.setFlags(page, table.flags(page) & uint8_t(~PageBits::slotBits(0)));
    });
    int b = table.observers().add([&](uint32_t page, bool) {
        calls.push_back(10 + int(page));
        table.setFlags(page, table.flags(page) & uint8_t(~PageBits::slotBits(1)));
    });
    REQUIRE(a == 0);
    REQUIRE(b == 1);
    CHECK(table.observers().add([](uint32_t, bool) {}) == 2);
    CHECK(table.observers().add([](uint32_t, bool) {}) == -1); // every slot taken
    table.observers().remove(2);

    table.setFlags(1, PageBits::write(a) | PageBits::write(b));
    table.setFlags(2, PageBits::read(b));
    table.setFlags(3, PageBits::write(2)); // a slot whose observer left
    table.touched(1, false);               // a read: no write intercept applies
    CHECK(calls.empty());
    table.touched(1, true);
    REQUIRE(calls.size() == 2);
    CHECK(calls[0] == 1);  // slot order
    CHECK(calls[1] == 11); // b's bit survived a's clearing its own
    CHECK(table.flags(1) == 0);
    table.touched(1, true); // both cleared their bits: nobody is called again
    CHECK(calls.size() == 2);
    table.touched(2, false); // reads reach the observer that intercepts them
    REQUIRE(calls.size() == 3);
    CHECK(calls[2] == 12);
    table.touched(3, true); // an orphaned bit is cleared, nothing called
    CHECK(calls.size() == 3);
    CHECK(table.flags(3) == 0);
    // The fast paths' tests: a write checks the byte against zero, a read against kAnyRead.
    table.setFlags(0, PageBits::write(b));
    CHECK(table.flags(0) != 0);
    CHECK((table.flags(0) & PageFlag::kAnyRead) == 0);
}

TEST_CASE("VRAM pages call each write observer for its own intercepts", "[savestate][page][vram]") {
    gpu::VramPages pages;
    std::vector<int> calls;
    int a = pages.observers().add([&](uint32_t page, bool write) {
        CHECK(write);
        calls.push_back(int(page));
        pages.setFlags(page, pages.flags(page) & uint8_t(~PageBits::slotBits(0)));
    });
    int b = pages.observers().add([&](uint32_t page, bool) {
        calls.push_back(1000 + int(page));
        pages.setFlags(page, pages.flags(page) & uint8_t(~PageBits::slotBits(1)));
    });
    pages.setFlags(5, PageBits::write(a) | PageBits::write(b));
    pages.setFlags(6, PageBits::write(b));
    gpu::Rect r;
    r.x0 = 5 * 64, r.y0 = 0, r.x1 = 7 * 64, r.y1 = 1; // tiles 5 and 6
    pages.beforeWrite(&r, 1);
    REQUIRE(calls.size() == 3);
    CHECK(calls[0] == 5);
    CHECK(calls[1] == 1005);
    CHECK(calls[2] == 1006);
    pages.beforeWrite(&r, 1);
    CHECK(calls.size() == 3);
}

TEST_CASE("the snapshot manager shares RAM's page table with another observer",
          "[savestate][snapshot][page]") {
    System sys;
    std::string error;
    REQUIRE(sys.loadExe(assets::embeddedProgram("skipjack-demo"), error));
    for (int i = 0; i < 20; ++i)
        sys.runFrame();
    // Another observer (a recompiler's code invalidation would do this): intercept every
    // write to RAM and count the pages written.
    Bus::Pages& pages = sys.bus().pages();
    std::vector<uint8_t> written(Bus::kRamPages, 0);
    int slot = pages.observers().add([&](uint32_t page, bool write) {
        if (write) written[page] = 1;
        pages.setFlags(page, pages.flags(page) & uint8_t(~PageBits::slotBits(slot)));
    });
    REQUIRE(slot >= 0);
    SnapshotManager& mgr = sys.snapshots(); // takes a slot of its own
    std::vector<uint8_t> atCapture = sys.saveState();
    SnapshotRef snap = mgr.capture();
    for (uint32_t p = 0; p < Bus::kRamPages; ++p)
        pages.setFlags(p, pages.flags(p) | PageBits::write(slot));
    for (int i = 0; i < 10; ++i)
        sys.runFrame();
    size_t count = 0;
    for (uint8_t w : written)
        count += w;
    CHECK(count > 0);
    CHECK((snap->stateBytes() == atCapture)); // the snapshot's copy-on-write still held
    mgr.restore(snap);
    mgr.finishRestore();
    CHECK((sys.saveState() == atCapture));
    pages.observers().remove(slot);
    pages.clearBits(PageBits::slotBits(slot));
}
