#include <catch2/catch.hpp>

#include <vector>

#include "core/system.h"

TEST_CASE("a BIOS image of the wrong size is refused and changes nothing", "[system]") {
    core::System s;
    std::string error;
    std::vector<uint8_t> small(1000, 0x55);
    CHECK_FALSE(s.loadBios(small, error));
    CHECK(error.find("524288") != std::string::npos);
    CHECK(s.hleBios());
}

TEST_CASE("a blank BIOS image is refused at once", "[system]") {
    core::System s;
    std::string error;
    std::vector<uint8_t> zero(512 * 1024, 0), erased(512 * 1024, 0xff);
    CHECK_FALSE(s.loadBios(zero, error));
    CHECK(error.find("blank") != std::string::npos);
    CHECK_FALSE(s.loadBios(erased, error));
    CHECK(s.hleBios());
}
