#pragma once
// Opening what a user points at: a disc image picked by its extension (.cue, .iso, .bin,
// .img, .chd), with LibCrypt patches (.sbi or .lsd with the same base name) applied, or an
// .m3u playlist of such images for multi-disc games.
#include <memory>
#include <string>
#include <vector>

#include "core/disc/disc.h"

namespace core::disc {

// True for the extensions openDisc/DiscSet accept (case-insensitive), .m3u included.
bool isDiscImagePath(const std::string& path);

// One image (not a playlist). nullptr with a message naming the file on error.
std::unique_ptr<Disc> openDisc(const std::string& path, std::string& error);

// The discs of a game: one image, or every entry of an .m3u (all opened and checked up
// front, so a bad entry is reported before the game starts). The front end switches the
// current disc; the drive only ever sees current().
class DiscSet {
  public:
    bool open(const std::string& path, std::string& error);
    size_t size() const { return discs_.size(); }
    size_t currentIndex() const { return current_; }
    Disc& current() { return *discs_[current_]; }
    Disc& at(size_t i) { return *discs_.at(i); }
    // False (and no change) when `i` is not a disc of the set.
    bool select(size_t i);

  private:
    std::vector<std::unique_ptr<Disc>> discs_;
    size_t current_ = 0;
};

} // namespace core::disc
