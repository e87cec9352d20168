// The console region for discs (System::setConsoleRegion): the drive answers Test 22h and runs
// the SCEx check (cdromdrive.md "Test 22h", "SCEx") as a console of that region. Auto takes
// the region from the licence text in sector 4 (cdromformat.md "Licence string"); a fixed
// region overrides it, and a disc licensed for another region then reads as on a modchipped
// console.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "assets/embedded.h"
#include "core/cdrom/controller.h"
#include "core/system.h"
#include "core/video_timing.h"

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
    // One file per process: ctest runs the cases of this file side by side.
    const auto path = std::filesystem::temp_directory_path() /
                      ("skipjack_region_europe_" + std::to_string(::getpid()) + ".iso");
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

namespace {
// Fields per second measured over 120 fields, against the console's crystal
// (graphicsprocessingunitgpu.md "Nominal Video Clock": 53.693175 MHz NTSC, 53.203425 MHz PAL)
// over the lines of the selected mode ("Vertical Video Timings": 263/262.5 NTSC, 314/312.5
// PAL) and the video cycles per line ("Horizontal Timings": 3413 NTSC, 3406 PAL). The
// reference's "Vertical Refresh Rates" table was derived from slightly shorter lines
// (59.826 Hz NTSC where 3413 cycles give 59.817), so it cannot be matched at once with the
// horizontal timings that the timers' dot clock needs; the ratio between the two crystals is
// what this checks.
void checkRefreshRate(core::System& s, bool palClock) {
    s.runFrame();
    const core::Cycles start = s.scheduler().now();
    for (int i = 0; i < 120; ++i)
        s.runFrame();
    const double hz = 33868800.0 * 120 / double(s.scheduler().now() - start);
    const auto& v = s.video().state();
    const double clock = palClock ? 53203425.0 : 53693175.0;
    const double lines = v.pal ? (v.interlace ? 312.5 : 314) : (v.interlace ? 262.5 : 263);
    const double expected = clock / (lines * (v.pal ? 3406 : 3413));
    INFO("pal mode " << int(v.pal) << ", interlace " << int(v.interlace) << ", pal clock "
                     << palClock << ": " << hz << " Hz");
    CHECK(hz == Approx(expected).margin(0.0005));
}
} // namespace

TEST_CASE("gpu Nominal Video Clock: a console runs on its region's clock whatever the video mode",
          "[disc][video]") {
    const std::string licensed = europeanCopy();
    std::string error;
    {
        core::System s; // Auto: an SCEE disc makes it a PAL console
        REQUIRE(s.bootDisc(licensed, error));
        CHECK(s.video().clock() == core::VideoTiming::Clock::Pal);
    }
    {
        core::System s; // fixed NTSC-J: the same disc on a Japanese console (modchip)
        s.setConsoleRegion(core::System::ConsoleRegion::NtscJ);
        REQUIRE(s.bootDisc(licensed, error));
        CHECK(s.video().clock() == core::VideoTiming::Clock::Ntsc);
    }
    {
        core::System s; // Auto and no licence: the clock of the selected mode
        REQUIRE(s.bootDisc(kDir + "/mode2.cue", error));
        CHECK(s.video().clock() == core::VideoTiming::Clock::FollowMode);
    }
    std::filesystem::remove(licensed);

    // The demo (an NTSC program) on consoles of each region: the field rate follows the
    // console's crystal.
    const auto demo = assets::embeddedProgram("skipjack-demo");
    REQUIRE(!demo.empty());
    for (auto region : {core::System::ConsoleRegion::Auto, core::System::ConsoleRegion::NtscU,
                        core::System::ConsoleRegion::Pal}) {
        core::System s;
        s.setConsoleRegion(region);
        REQUIRE(s.loadExe(demo, error));
        for (int i = 0; i < 10; ++i)
            s.runFrame();
        const bool palClock =
            region == core::System::ConsoleRegion::Pal ||
            (region == core::System::ConsoleRegion::Auto && s.video().state().pal);
        checkRefreshRate(s, palClock);
    }
}
