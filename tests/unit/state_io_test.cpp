#include <catch2/catch.hpp>

#include "savestate/state_io.h"

using savestate::StateIO;

namespace {
struct Device {
    uint32_t a = 1;
    uint16_t b = 2;
    uint8_t added = 7; // field added in version 2
    void serialize(StateIO& io, uint32_t version = 2) {
        uint32_t v = io.beginSection("dev", version);
        io.value(a);
        io.value(b);
        if (v >= 2) io.value(added);
        io.endSection();
    }
};
} // namespace

TEST_CASE("StateIO round trip restores every field", "[savestate]") {
    Device d{0xdeadbeef, 0x1234, 9};
    StateIO w = StateIO::writer();
    d.serialize(w);
    REQUIRE(w.ok());
    Device e;
    StateIO r = StateIO::reader(w.buffer());
    e.serialize(r);
    REQUIRE(r.ok());
    CHECK(e.a == 0xdeadbeef);
    CHECK(e.b == 0x1234);
    CHECK(e.added == 9);
}

TEST_CASE("StateIO keeps the default of a field an older section lacks", "[savestate]") {
    Device old{5, 6, 99};
    StateIO w = StateIO::writer();
    old.serialize(w, 1);
    Device e;
    StateIO r = StateIO::reader(w.buffer());
    e.serialize(r, 2);
    REQUIRE(r.ok());
    CHECK(e.a == 5);
    CHECK(e.added == 7);
}

TEST_CASE("StateIO refuses a newer section - a wrong marker and truncated data", "[savestate]") {
    Device d;
    StateIO w = StateIO::writer();
    d.serialize(w, 3);
    StateIO r = StateIO::reader(w.buffer());
    d.serialize(r, 2);
    CHECK_FALSE(r.ok());

    StateIO w2 = StateIO::writer();
    w2.beginSection("other", 1);
    w2.endSection();
    StateIO r2 = StateIO::reader(w2.buffer());
    d.serialize(r2);
    CHECK_FALSE(r2.ok());

    StateIO w3 = StateIO::writer();
    d.serialize(w3);
    auto buf = w3.buffer();
    buf.resize(buf.size() - 1);
    StateIO r3 = StateIO::reader(buf);
    d.serialize(r3);
    CHECK_FALSE(r3.ok());
}

TEST_CASE("StateIO verify mode finds the first difference", "[savestate]") {
    Device d;
    StateIO w = StateIO::writer();
    d.serialize(w);
    StateIO same = StateIO::verifier(w.buffer());
    d.serialize(same);
    CHECK(same.ok());
    d.b = 77;
    StateIO diff = StateIO::verifier(w.buffer());
    d.serialize(diff);
    CHECK_FALSE(diff.ok());
    CHECK(diff.error().find("dev") != std::string::npos);
}
