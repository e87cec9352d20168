// The drive reading a disc image (core/cdrom/image_disc.h): the image layer counts sectors
// from 00:02:00, the drive from 00:00:00 (cdromformat.md: track 1's INDEX 01 at 00:02:00).
#include <catch2/catch.hpp>

#include <string>

#include "cdrom_test_util.h"
#include "core/cdrom/image_disc.h"
#include "core/disc/open_disc.h"

using core::cdrom::ImageDisc;
using namespace cdtest;

namespace {
std::unique_ptr<core::disc::Disc> openTestDisc(const std::string& name) {
    std::string error;
    auto disc = core::disc::openDisc(std::string(SKIPJACK_TEST_DISC_DIR) + "/" + name, error);
    INFO(error);
    REQUIRE(disc);
    return disc;
}
} // namespace

TEST_CASE("image disc: the drive's sector numbers are the image's plus the 150-sector pregap",
          "[cdrom][disc]") {
    auto image = openTestDisc("mode2.cue");
    ImageDisc disc(*image);
    const auto& toc = image->toc();
    REQUIRE(disc.trackCount() == toc.tracks.size());
    CHECK(disc.trackStart(1) == 150); // 00:02:00
    for (unsigned t = 1; t <= disc.trackCount(); ++t) {
        CHECK(disc.trackStart(t) == uint32_t(toc.tracks[t - 1].start + 150));
        CHECK((disc.trackType(t) == core::cdrom::TrackType::Audio) == !toc.tracks[t - 1].isData());
    }
    CHECK(disc.leadOut() == uint32_t(toc.leadOut + 150));
    // Subchannel Q at 00:02:00: track 01 index 01, relative 00:00:00, absolute 00:02:00 (BCD).
    core::cdrom::SubQ q = disc.subchannelQ(150);
    CHECK(q.controlAdr == 0x41); // data track, ADR 1
    CHECK(q.track == 0x01);
    CHECK(q.index == 0x01);
    CHECK(q.relative[0] == 0x00);
    CHECK(q.relative[1] == 0x00);
    CHECK(q.relative[2] == 0x00);
    CHECK(q.absolute[1] == 0x02);
    // The header of the raw sector the drive reads at 00:02:16 names 00:02:16 (BCD).
    uint8_t raw[2352];
    REQUIRE(disc.readRaw(166, raw));
    CHECK(raw[12] == 0x00);
    CHECK(raw[13] == 0x02);
    CHECK(raw[14] == 0x16);
    CHECK(raw[15] == 0x02); // Mode 2
    // Our test disc is home-made: no "Licensed by Sony Computer Entertainment" text.
    CHECK(disc.licenceRegion() == 0);
}

TEST_CASE("image disc: ReadN through the drive delivers the ISO9660 volume descriptor",
          "[cdrom][disc]") {
    auto image = openTestDisc("mode2.cue");
    ImageDisc disc(*image);
    Rig rig(false);
    rig.cd.insertDisc(&disc);
    rig.cd.setModchip(true); // an unlicensed disc reads on a console with a modchip
    rig.cd.reset();
    rig.cd.write(0x1f801800, 1, 1);
    rig.cd.write(0x1f801802, 0x1f, 1); // HINTMSK: every INT
    // Setloc 00:02:16 (sector 16 of the data track: the primary volume descriptor), ReadN.
    CHECK(rig.run(0x02, {0x00, 0x02, 0x16}).type == 3);
    CHECK(rig.run(0x06).type == 3);
    rig.waitInt();
    REQUIRE(rig.intType() == 1);
    rig.response();
    rig.bfrd(false);
    rig.bfrd(true);
    rig.ack();
    std::string head;
    for (int i = 0; i < 6; ++i)
        head.push_back(char(rig.cd.read(0x1f801802, 1)));
    CHECK(head == std::string("\x01"
                              "CD001",
                              6)); // cdromformat.md: volume descriptor type 1
}
