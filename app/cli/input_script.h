#pragma once
// `skipjack-cli run --input-script F`: controller input from a text file, so a run (and its
// --state-hash) is reproducible for tests and bug reports. One event a line:
//
//     FRAME PORT STATE...        e.g.  120 1 buttons=cross,start lx=ff
//
// FRAME: the frame (counted from 0) at whose start the state takes effect; it stays until the
// next line for that PORT. PORT: 1 or 2, or 1a..1d / 2a..2d for the slots of a multitap
// (1 = 1a). STATE: the whole state of that controller, as key=value words (anything not
// named: released, sticks centred, no motion, gun off the picture, plugged in):
//     buttons=B,B,...  select l3 r3 start up right down left l2 r2 l1 r1 triangle circle
//                      cross square; mouse-left mouse-right; trigger a b (GunCon)
//     lx= ly= rx= ry=  stick axes, two hex digits (00 left/up, 80 centre, ff right/down)
//     analog=1         the DualShock's Analog button held
//     dx= dy=          mouse motion in this frame only (decimal, -32768..32767)
//     x= y=            GunCon aim in picture pixels (decimal; negative: off the picture)
//     connected=0      nothing plugged in (1: plugged, the default)
//     none             (alone) everything released
// Blank lines and lines starting with # are skipped. A bad line is refused with its number.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/pad_state.h"

namespace cli {

class InputScript {
  public:
    static constexpr unsigned kSockets = 8; // port * 4 + multitap slot

    // Reads the file (false with a message naming the file and line).
    bool load(const std::string& path, std::string& error);
    // Parses the text (false with "line N: ..." on the first bad line).
    bool parse(std::string_view text, std::string& error);
    // Applies the events of `frame` (call once per frame, frames in increasing order).
    void startFrame(long frame);
    // The state of port 0/1, multitap slot 0..3 (slot 0 = the port's own controller).
    const core::PadState& pad(unsigned port, unsigned slot) const {
        return current_[((port & 1) * 4 + (slot & 3))];
    }
    bool empty() const { return events_.empty(); }
    size_t size() const { return events_.size(); }

    struct Event {
        long frame;
        unsigned socket; // port * 4 + slot
        core::PadState state;
    };
    const std::vector<Event>& events() const { return events_; }

  private:
    std::vector<Event> events_; // sorted by frame, file order within a frame
    size_t next_ = 0;
    core::PadState current_[kSockets];
};

} // namespace cli
