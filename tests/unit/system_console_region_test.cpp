// The console region for discs (System::setConsoleRegion): the drive answers Test 22h and runs
// the SCEx check (cdromdrive.md "Test 22h", "SCEx") as a console of that region. Auto takes
// the region from the licence text in sector 4 (cdromformat.md "Licence string"); a fixed
// region overrides it, and a disc licensed for another region then reads as on a modchipped
// console.
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/cdrom/controller.h"
#include "core/system.h"

namespace {

const std::string kDir = SKIPJACK_TEST_DISC_DIR;

// Our test ISO with "...Sony Computer Entertainment Euro pe" written into sector 4's data, as
// on a disc licensed by SCEE.
std::string europeanCopy() {
    std::ifstream in(kDir + "/disc.iso", std::ios::binary);
    std::vector<char> iso{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    REQUIRE(iso.size() > 5 * 2048);
    const char text[] = "          Licensed  by          Sony Computer Entertainment Euro pe   ";
    std::memcpy(iso.data() + 4 * 2048, text, sizeof text - 1);
    const auto path = std::filesystem::temp_directory_path() / "skipjack_region_europe.iso";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(iso.data(), static_cast<std::streamsize>(iso.size()));
    return path.string();
}

} // namespace

TEST_CASE("console region: Auto follows the licence sector and a fixed region overrides it",
          "[cdrom][disc]") {
    const std::string licensed = europeanCopy();
    std::string error;
    {
        core::System s;
        REQUIRE(s.bootDisc(licensed, error));
        CHECK(s.cdrom().region() == core::Cdrom::Region::Europe);
        CHECK_FALSE(s.cdrom().modchip()); // a PAL console reads an SCEE disc as it is
    }
    {
        core::System s;
        s.setConsoleRegion(core::System::ConsoleRegion::NtscU);
        REQUIRE(s.bootDisc(licensed, error));
        CHECK(s.cdrom().region() == core::Cdrom::Region::America);
        CHECK(s.cdrom().modchip()); // an SCEE disc on an NTSC-U console needs the modchip
    }
    {
        core::System s;
        s.setConsoleRegion(core::System::ConsoleRegion::Pal);
        REQUIRE(s.bootDisc(licensed, error));
        CHECK(s.cdrom().region() == core::Cdrom::Region::Europe);
        CHECK_FALSE(s.cdrom().modchip());
    }
    {
        // A home-made disc (no licence text): any region, always as with a modchip.
        core::System s;
        s.setConsoleRegion(core::System::ConsoleRegion::NtscJ);
        REQUIRE(s.bootDisc(kDir + "/mode2.cue", error));
        CHECK(s.cdrom().region() == core::Cdrom::Region::Japan);
        CHECK(s.cdrom().modchip());
    }
    std::filesystem::remove(licensed);
}
