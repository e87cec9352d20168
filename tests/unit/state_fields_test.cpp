// Named fields inside a state section (savestate/state_io.h): a reader takes the fields it
// knows in any order, gives a field the stored state lacks its default, skips a field it does
// not know, detects a damaged length, and verify mode names the field that differs. Sections
// written before fields existed (a packed struct) read through the same field list.
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "savestate/state_io.h"

using savestate::StateIO;

namespace {

struct Regs {
    uint32_t a = 1;
    uint16_t b = 2;
    uint8_t c = 3;
    uint8_t pad = 0;
    uint64_t added = 77; // a register a later build added
};

// The field lists of three builds: an older one (no `added`), today's, and a newer one that
// stores one more field this build does not know.
enum class Build { kOlder, kToday, kNewer };

void serialize(StateIO& io, Regs& r, Build build, uint32_t* extra = nullptr) {
    uint32_t version = io.beginSection("regs", 2);
    io.record(r, version, 2, 8, [&] {
        io.field("a", r.a);
        io.field("b", r.b);
        io.field("c", r.c);
        if (build != Build::kOlder) io.field("added", r.added);
        if (build == Build::kNewer && extra) io.field("fromTheFuture", *extra);
    });
    io.endSection();
}

// A section after "regs", to check the reader lands on it whatever "regs" held.
void trailer(StateIO& io, uint32_t& v) {
    io.beginSection("next", 1);
    io.field("v", v);
    io.endSection();
}

std::vector<uint8_t> write(Regs r, Build build, uint32_t extra = 0x5555) {
    StateIO w = StateIO::writer();
    serialize(w, r, build, &extra);
    uint32_t t = 0xfeedf00d;
    trailer(w, t);
    REQUIRE(w.ok());
    return w.take();
}

} // namespace

TEST_CASE("named fields: a field the stored state lacks gets the struct's default",
          "[savestate][state]") {
    Regs old{10, 20, 30, 0, 999};
    std::vector<uint8_t> data = write(old, Build::kOlder);
    Regs r{5, 5, 5, 0, 5}; // live values that must not leak into the loaded state
    StateIO io = StateIO::reader(data);
    serialize(io, r, Build::kToday);
    uint32_t t = 0;
    trailer(io, t);
    REQUIRE(io.ok());
    CHECK(r.a == 10);
    CHECK(r.b == 20);
    CHECK(r.c == 30);
    CHECK(r.added == 77); // Regs{}'s value, not the live 5
    CHECK(t == 0xfeedf00d);
}

TEST_CASE("named fields: a field this build does not know is skipped", "[savestate][state]") {
    Regs newer{10, 20, 30, 0, 40};
    std::vector<uint8_t> data = write(newer, Build::kNewer);
    Regs r;
    StateIO io = StateIO::reader(data);
    serialize(io, r, Build::kToday);
    uint32_t t = 0;
    trailer(io, t);
    REQUIRE(io.ok());
    CHECK(r.added == 40);
    CHECK(t == 0xfeedf00d);
}

TEST_CASE("named fields: the stored order does not matter", "[savestate][state]") {
    StateIO w = StateIO::writer();
    Regs src{10, 20, 30, 0, 40};
    w.beginSection("regs", 2);
    w.field("added", src.added);
    w.field("c", src.c);
    w.field("a", src.a);
    w.field("b", src.b);
    w.endSection();
    Regs r;
    StateIO io = StateIO::reader(w.buffer());
    serialize(io, r, Build::kToday);
    REQUIRE(io.ok());
    CHECK(r.a == 10);
    CHECK(r.b == 20);
    CHECK(r.c == 30);
    CHECK(r.added == 40);
}

TEST_CASE("named fields: repeated fields are told apart by their index", "[savestate][state]") {
    uint32_t ch[3] = {7, 8, 9};
    StateIO w = StateIO::writer();
    w.beginSection("dma", 1);
    for (uint32_t i = 0; i < 3; ++i)
        w.field("ch.madr", i, ch[i]);
    w.endSection();
    uint32_t back[3] = {};
    StateIO io = StateIO::reader(w.buffer());
    io.beginSection("dma", 1);
    for (uint32_t i = 3; i-- > 0;) // read in the other order
        CHECK(io.field("ch.madr", i, back[i]));
    io.endSection();
    REQUIRE(io.ok());
    CHECK(back[0] == 7);
    CHECK(back[1] == 8);
    CHECK(back[2] == 9);
}

TEST_CASE("named fields: a damaged length is detected with a clear error", "[savestate][state]") {
    std::vector<uint8_t> data = write(Regs{}, Build::kNewer);
    // The section: name (4 + 4 bytes), version, length; then the first field "a": tag, length.
    const size_t firstField = 4 + 4 + 4 + 4;
    uint32_t tag = 0;
    std::memcpy(&tag, data.data() + firstField, 4);
    CHECK(tag == savestate::FieldName("a").tag);

    SECTION("a length past the section's end") {
        uint32_t huge = 1000;
        std::memcpy(data.data() + firstField + 4, &huge, 4);
        Regs r;
        StateIO io = StateIO::reader(data);
        serialize(io, r, Build::kToday);
        CHECK_FALSE(io.ok());
        CHECK(io.error().find("'regs'") != std::string::npos);
        CHECK(io.error().find("runs past the end") != std::string::npos);
    }
    SECTION("a length that does not fit the field") {
        uint32_t two = 2; // "a" is 4 bytes
        std::memcpy(data.data() + firstField + 4, &two, 4);
        Regs r;
        StateIO io = StateIO::reader(data);
        serialize(io, r, Build::kToday);
        CHECK_FALSE(io.ok());
        CHECK(io.error().find("field 'a'") != std::string::npos);
    }
}

TEST_CASE("named fields: verify mode reports the field that differs", "[savestate][state]") {
    Regs r{1, 2, 3, 0, 4};
    std::vector<uint8_t> data = write(r, Build::kToday);
    {
        StateIO same = StateIO::verifier(data);
        serialize(same, r, Build::kToday);
        uint32_t t = 0xfeedf00d;
        trailer(same, t);
        CHECK(same.ok());
    }
    r.c = 99;
    StateIO diff = StateIO::verifier(data);
    serialize(diff, r, Build::kToday);
    CHECK_FALSE(diff.ok());
    CHECK(diff.error().find("'regs'") != std::string::npos);
    CHECK(diff.error().find("field 'c'") != std::string::npos);
}

TEST_CASE("named fields: a section version that stored the packed struct reads through the "
          "field list",
          "[savestate][state]") {
    // Version 1 stored the first 8 bytes of Regs (a, b, c, pad) as one block.
    struct V1 {
        uint32_t a;
        uint16_t b;
        uint8_t c, pad;
    } v1{0x11223344, 0x5566, 0x77, 0};
    StateIO w = StateIO::writer();
    w.beginSection("regs", 1);
    w.value(v1);
    w.endSection();
    uint32_t t = 0xfeedf00d;
    trailer(w, t);
    Regs r{5, 5, 5, 0, 5};
    StateIO io = StateIO::reader(w.buffer());
    serialize(io, r, Build::kToday);
    uint32_t back = 0;
    trailer(io, back);
    REQUIRE(io.ok());
    CHECK(r.a == 0x11223344);
    CHECK(r.b == 0x5566);
    CHECK(r.c == 0x77);
    CHECK(r.added == 77); // past the packed image: the default
    CHECK(back == 0xfeedf00d);
}

TEST_CASE("named fields: a field whose bytes a snapshot leaves out reads back around them",
          "[savestate][state]") {
    std::vector<uint8_t> memory(4096, 0xab);
    uint32_t before = 1, after = 2;
    StateIO w = StateIO::writer();
    w.omitBlock(memory.data(), memory.size());
    w.beginSection("dev", 1);
    w.field("before", before);
    w.field("memory", memory.data(), memory.size());
    w.field("after", after);
    w.endSection();
    REQUIRE(w.ok());
    CHECK(w.size() < memory.size()); // the memory is not in the stream

    std::vector<uint8_t> live(4096, 0);
    uint32_t b = 0, a = 0;
    StateIO io = StateIO::reader(w.buffer());
    io.omitBlock(live.data(), live.size());
    io.beginSection("dev", 1);
    io.field("before", b);
    CHECK(io.field("memory", live.data(), live.size()));
    io.field("after", a);
    io.endSection();
    REQUIRE(io.ok());
    CHECK(b == 1);
    CHECK(a == 2);
    CHECK(live[0] == 0); // left to the caller
}
