// States written before devices stored named fields (every section's version as it was then:
// the packed `struct State` of each device) must still load. The fixture
// (fixtures/demo_frame150_v1.sjstate) is the built-in demo at frame 150, saved by
// `skipjack-cli run --frames 200 --save-state F --at-frame 150` with that build. After loading
// it, each device's State must hold the bytes the old packed image stored (compared over the
// size State had then, so members appended later do not matter), and RAM, VRAM and sound RAM
// the stored memories.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/bus.h"
#include "core/cpu/cpu.h"
#include "core/cpu/gte.h"
#include "core/dma.h"
#include "core/irq.h"
#include "core/memory_card.h"
#include "core/sio0.h"
#include "core/spu.h"
#include "core/system.h"
#include "core/timers.h"
#include "core/video_timing.h"
#include "savestate/state_file.h"

using namespace core;

namespace {

// One section of the stored stream: its version and payload (nested sections are parsed from
// the payload of "system").
struct Section {
    uint32_t version = 0;
    std::vector<uint8_t> payload;
};

struct Cursor {
    const std::vector<uint8_t>& data;
    size_t pos;
    uint32_t u32() {
        uint32_t v = 0;
        REQUIRE(pos + 4 <= data.size());
        std::memcpy(&v, data.data() + pos, 4);
        pos += 4;
        return v;
    }
    Section section(std::string& name) {
        uint32_t n = u32();
        REQUIRE(pos + n <= data.size());
        name.assign(reinterpret_cast<const char*>(data.data() + pos), n);
        pos += n;
        Section s;
        s.version = u32();
        uint32_t length = u32();
        REQUIRE(pos + length <= data.size());
        s.payload.assign(data.begin() + long(pos), data.begin() + long(pos + length));
        pos += length;
        return s;
    }
};

std::vector<uint8_t> fixtureState() {
    std::vector<uint8_t> file, state;
    std::string error;
    REQUIRE(
        savestate::readWholeFile(SKIPJACK_TEST_FIXTURES "/demo_frame150_v1.sjstate", file, error));
    savestate::StateFileInfo info;
    REQUIRE(savestate::decodeStateFile(file, "", info, state, error));
    CHECK(info.frame == 150);
    return state;
}

template <class S>
bool samePrefix(const S& live, const std::vector<uint8_t>& payload, size_t at, size_t oldSize) {
    REQUIRE(at + oldSize <= payload.size());
    REQUIRE(oldSize <= sizeof(S));
    return std::memcmp(&live, payload.data() + at, oldSize) == 0;
}

} // namespace

TEST_CASE("a state saved before named fields (the packed State of every device) still loads",
          "[savestate][state]") {
    std::vector<uint8_t> state = fixtureState();

    // The stored stream: "system" { hle flag, device sections } then "ram".
    std::map<std::string, std::vector<Section>> sections;
    Cursor top{state, 0};
    std::string name;
    Section system = top.section(name);
    REQUIRE(name == "system");
    Section ram = top.section(name);
    REQUIRE(name == "ram");
    Cursor inner{system.payload, 1}; // after the HLE flag byte
    while (inner.pos < system.payload.size()) {
        Section s = inner.section(name);
        sections[name].push_back(std::move(s));
    }
    for (const char* device :
         {"bus", "cpu", "gte", "irq", "dma", "timers", "sio0", "spu", "gpu", "video", "hlebios"})
        REQUIRE(sections[device].size() == 1);
    REQUIRE(sections["memcard"].size() == 2);
    CHECK(sections["bus"][0].version == 2);
    CHECK(sections["spu"][0].version == 2);
    CHECK(sections["gpu"][0].version == 3);

    System sys;
    std::string error;
    REQUIRE(sys.loadState(state, error));
    CHECK(sys.frameCount() == 150);

    // sizeof(State) when these versions were written.
    CHECK(samePrefix(sys.bus().state(), sections["bus"][0].payload, 0, 52));
    CHECK(samePrefix(sys.cpu().state(), sections["cpu"][0].payload, 0, 5392));
    CHECK(samePrefix(sys.gte().state(), sections["gte"][0].payload, 0, 208));
    CHECK(samePrefix(sys.irq().state(), sections["irq"][0].payload, 0, 8));
    CHECK(samePrefix(sys.dma().state(), sections["dma"][0].payload, 0, 296));
    CHECK(samePrefix(sys.timers().state(), sections["timers"][0].payload, 0, 88));
    CHECK(samePrefix(sys.sio0().state(), sections["sio0"][0].payload, 0, 40));
    CHECK(samePrefix(sys.memoryCard(0).state(), sections["memcard"][0].payload, 0, 138));
    CHECK(samePrefix(sys.memoryCard(1).state(), sections["memcard"][1].payload, 0, 138));
    CHECK(samePrefix(sys.video().state(), sections["video"][0].payload, 0, 64));
    // "spu": 512 register halfwords, the State, then the nested "spuram" section.
    const auto& spu = sections["spu"][0].payload;
    CHECK(samePrefix(sys.spu().state(), spu, 1024, 80));
    REQUIRE(spu.size() >= Spu::kRamSize);
    CHECK(std::memcmp(sys.spu().ram(), spu.data() + spu.size() - Spu::kRamSize, Spu::kRamSize) ==
          0);
    // "gpu": the State (696 bytes), then VRAM.
    const auto& gpuSection = sections["gpu"][0].payload;
    const size_t vramBytes = size_t(gpu::kVramWidth) * gpu::kVramHeight * 2;
    REQUIRE(gpuSection.size() >= 696 + vramBytes);
    CHECK(std::memcmp(sys.gpu().vram(), gpuSection.data() + 696, vramBytes) == 0);
    REQUIRE(ram.payload.size() == Bus::kRamSize);
    CHECK(std::memcmp(sys.bus().ram(), ram.payload.data(), Bus::kRamSize) == 0);

    // The loaded machine runs on, and a state it saves now (named fields) loads back to the
    // same state.
    for (int i = 0; i < 30; ++i)
        sys.runFrame();
    CHECK_FALSE(sys.exited());
    std::vector<uint8_t> now = sys.saveState();
    System again;
    REQUIRE(again.loadState(now, error));
    CHECK(again.stateHash() == sys.stateHash());
}

TEST_CASE("a state written now: every device section is named fields with distinct tags",
          "[savestate][state]") {
    System sys;
    std::string error;
    REQUIRE(sys.loadState(fixtureState(), error));
    sys.runFrame();
    std::vector<uint8_t> state = sys.saveState();
    Cursor top{state, 0};
    std::string name;
    Section system = top.section(name);
    REQUIRE(name == "system");
    Cursor inner{system.payload, 1};
    int devices = 0;
    while (inner.pos < system.payload.size()) {
        Section s = inner.section(name);
        INFO("section " << name);
        if (name == "scheduler") continue; // named events of its own
        ++devices;
        std::vector<uint32_t> tags;
        Cursor fields{s.payload, 0};
        while (fields.pos < s.payload.size()) {
            tags.push_back(fields.u32());
            uint32_t length = fields.u32();
            REQUIRE(fields.pos + length <= s.payload.size());
            fields.pos += length;
        }
        CHECK(fields.pos == s.payload.size());
        CHECK(!tags.empty());
        std::sort(tags.begin(), tags.end());
        CHECK(std::adjacent_find(tags.begin(), tags.end()) == tags.end());
    }
    // 15 devices, since "system" version 2 the "disc" section (the drive's disc), since
    // version 3 the six cards of multitap slots B-D.
    CHECK(devices == 22);
}
