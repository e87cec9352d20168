// Savestates and the disc in the drive (issue 13 item 6, DESIGN.md §8): a state records the
// disc's identity (core/disc/disc_identity.h); a state of another disc is refused with a
// message naming both; a state of another disc of the same .m3u set switches the drive to
// that disc. The lid halves of a disc change (System::openLid/closeLid) as
// `skipjack-cli run --disc-swap-at` uses them (cdromdrive.md "Status code": ShellOpen).
#include <catch2/catch.hpp>

#include "core/bus.h"
#include "core/cdrom.h"
#include "core/cpu/cpu.h"
#include "core/cpu/encoder.h"
#include "core/disc/disc_identity.h"
#include "core/disc/open_disc.h"
#include "core/system.h"

namespace {
const std::string kDir = SKIPJACK_TEST_DISC_DIR;

std::string identityOf(const std::string& image) {
    std::string error;
    auto d = core::disc::openDisc(kDir + "/" + image, error);
    REQUIRE(d);
    return core::disc::discIdentity(*d);
}
} // namespace

TEST_CASE("Disc identity: volume id and a hash that tells discs of one game apart", "[disc]") {
    const std::string m1 = identityOf("mode1.cue"), m2 = identityOf("mode2.cue");
    // Both hold the same ISO (same volume id, same serial) as Mode 1 and Mode 2 discs.
    CHECK(m1.rfind("SKIPJACK_TEST/", 0) == 0);
    CHECK(m2.rfind("SKIPJACK_TEST/", 0) == 0);
    CHECK(m1.size() == std::string("SKIPJACK_TEST/").size() + 16);
    CHECK(m1 != m2);
    // The same disc from another container is the same disc.
    CHECK(identityOf("mode1.chd") == m1);
    CHECK(identityOf("mode1.cue") == m1);
}

TEST_CASE("Savestate of another disc is refused naming both discs", "[disc][savestate]") {
    std::string error;
    core::System a;
    REQUIRE(a.bootDisc(kDir + "/mode1.cue", error));
    for (int i = 0; i < 3; ++i)
        a.runFrame();
    const auto state = a.saveState();

    core::System b;
    REQUIRE(b.bootDisc(kDir + "/mode2.cue", error));
    CHECK(b.gameId() == a.gameId()); // same serial: the game id alone cannot tell
    const uint64_t before = b.stateHash();
    CHECK_FALSE(b.loadState(state, error));
    CHECK(error.find(a.discIdentity()) != std::string::npos);
    CHECK(error.find(b.discIdentity()) != std::string::npos);
    CHECK(b.stateHash() == before); // nothing changed

    // The same disc loads.
    core::System c;
    REQUIRE(c.bootDisc(kDir + "/mode1.chd", error));
    REQUIRE(c.loadState(state, error));
    CHECK(c.stateHash() == a.stateHash());
}

TEST_CASE("Savestate of disc 2 of an m3u set loads with disc 1 in: the drive switches",
          "[disc][savestate]") {
    std::string error;
    core::System s;
    REQUIRE(s.bootDisc(kDir + "/game.m3u", error));
    REQUIRE(s.discs()->size() == 2);
    const std::string disc1 = s.discIdentity();
    s.runFrame();
    const auto onDisc1 = s.saveState();
    REQUIRE(s.changeDisc(1));
    const std::string disc2 = s.discIdentity();
    CHECK(disc2 == identityOf("mode2.cue"));
    CHECK(disc1 == identityOf("mode1.cue"));
    s.runFrame();
    const auto onDisc2 = s.saveState();
    const uint64_t hash2 = s.stateHash();

    // A fresh machine with disc 1 in loads the disc 2 state: disc 2 goes into the drive.
    core::System t;
    REQUIRE(t.bootDisc(kDir + "/game.m3u", error));
    REQUIRE(t.discIdentity() == disc1);
    REQUIRE(t.loadState(onDisc2, error));
    CHECK(t.discIdentity() == disc2);
    CHECK(t.discs()->currentIndex() == 1);
    CHECK(t.stateDiscIdentity() == disc2);
    CHECK(t.stateHash() == hash2);
    // And back.
    REQUIRE(t.loadState(onDisc1, error));
    CHECK(t.discs()->currentIndex() == 0);
    CHECK(t.discIdentity() == disc1);

    // A lone disc that is in no set of this machine's: refused.
    core::System u;
    REQUIRE(u.bootDisc(kDir + "/mode2_2336.cue", error));
    CHECK_FALSE(u.loadState(onDisc2, error));
    CHECK(error.find(disc2) != std::string::npos);
}

TEST_CASE("cdromdrive.md Status code: a disc swap through the lid sets ShellOpen", "[disc]") {
    std::string error;
    core::System s;
    REQUIRE(s.bootDisc(kDir + "/game.m3u", error));
    s.runFrame();
    CHECK_FALSE(s.closeLid(1)); // the lid is closed
    REQUIRE(s.openLid());
    CHECK(s.cdrom().lidOpen());
    CHECK(s.cdrom().disc() == nullptr);
    CHECK(s.discIdentity().empty());
    // Opening: every bit but ShellOpen (and Error) cleared (cdromdrive.md "Status code").
    CHECK((s.cdrom().state().stat & core::Cdrom::kStatShellOpen) != 0);
    CHECK((s.cdrom().state().stat & core::Cdrom::kStatMotor) == 0);
    CHECK_FALSE(s.openLid());
    CHECK_FALSE(s.closeLid(2)); // no disc 3
    s.runFrame();
    REQUIRE(s.closeLid(1));
    CHECK_FALSE(s.cdrom().lidOpen());
    CHECK(s.cdrom().disc() != nullptr);
    CHECK(s.discIdentity() == identityOf("mode2.cue"));
    // The latch stays until a Getstat reads it; the motor spins up and reads the TOC (the
    // register-level sequence is tests/roms_disc/swap/disc_swap.c).
    CHECK((s.cdrom().state().stat & core::Cdrom::kStatShellOpen) != 0);
    CHECK(s.cdrom().state().op == core::Cdrom::DriveOp::SpinUp);
}

TEST_CASE("Savestate taken with the lid open: the tray is empty and the lid open after loading",
          "[disc][savestate]") {
    std::string error;
    core::System s;
    REQUIRE(s.bootDisc(kDir + "/game.m3u", error));
    s.runFrame();
    const auto closed = s.saveState();
    const uint64_t closedHash = s.stateHash();
    REQUIRE(s.openLid());
    s.runFrame();
    const auto open = s.saveState();
    const uint64_t openHash = s.stateHash();

    // A machine with its lid closed and disc 1 in loads the open-lid state.
    core::System t;
    REQUIRE(t.bootDisc(kDir + "/game.m3u", error));
    REQUIRE(t.loadState(open, error));
    CHECK(t.cdrom().lidOpen());
    CHECK(t.cdrom().disc() == nullptr);
    CHECK(t.discIdentity().empty());
    CHECK(t.stateHash() == openHash);
    // Then a player closing the lid with disc 2 gets the same swap as on the first machine.
    REQUIRE(t.closeLid(1));
    REQUIRE(s.closeLid(1));
    t.runFrame();
    s.runFrame();
    CHECK(t.stateHash() == s.stateHash());
    CHECK(t.discIdentity() == identityOf("mode2.cue"));

    // And the closed-lid state puts disc 1 back into a machine whose tray is empty.
    REQUIRE(t.openLid());
    REQUIRE(t.loadState(closed, error));
    CHECK_FALSE(t.cdrom().lidOpen());
    CHECK(t.discIdentity() == identityOf("mode1.cue"));
    CHECK(t.stateHash() == closedHash);
}

TEST_CASE("A(A6h) CdGetStatus answers the drive's status byte like Getstat", "[disc][hle]") {
    // kernelbios.md "CdGetStatus": the status byte via a GetStat, which acknowledges the
    // door-open flag (cdromdrive.md "Getstat": the shell-open latch clears once the lid is
    // closed). Called as MIPS code would: t1 = A6h, jump to A0h.
    using namespace core::mips;
    using namespace core::mips::enc;
    std::string error;
    core::System s;
    REQUIRE(s.bootDisc(kDir + "/game.m3u", error));
    auto cdGetStatus = [&] {
        constexpr uint32_t kCode = 0x80180000, kLoop = kCode + 4 * 4;
        const uint32_t code[] = {
            addiu(kT1, kZero, 0xa6), jal(0xa0 >> 2), kNop, kNop, beq(kZero, kZero, -1), kNop};
        for (size_t i = 0; i < std::size(code); ++i)
            s.bus().write(kCode + 4 * uint32_t(i), code[i], 4);
        s.cpu().setPc(kCode);
        for (int i = 0; i < 100 && s.cpu().pc() != kLoop; ++i)
            s.cpu().step();
        REQUIRE(s.cpu().pc() == kLoop);
        return s.cpu().reg(kV0);
    };
    CHECK(cdGetStatus() == core::Cdrom::kStatMotor); // spinning, idle
    REQUIRE(s.openLid());
    CHECK(cdGetStatus() == core::Cdrom::kStatShellOpen);
    CHECK(cdGetStatus() == core::Cdrom::kStatShellOpen); // still open: the latch stays
    REQUIRE(s.closeLid(1));
    CHECK((cdGetStatus() & core::Cdrom::kStatShellOpen) != 0); // read once more...
    CHECK((cdGetStatus() & core::Cdrom::kStatShellOpen) == 0); // ...then cleared
}
