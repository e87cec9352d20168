#pragma once
// A disc's identity for savestates: which disc (not just which game) a state was made with.
// "<volume id>/<16 hex digits>": the ISO9660 volume id (readable in messages) and a 64-bit
// FNV-1a hash of the TOC (tracks, types, starts, lead-out) and of the primary volume
// descriptor's sector (16), so two discs of one game (same serial) still differ.
#include <string>

#include "core/disc/disc.h"

namespace core::disc {

std::string discIdentity(Disc& disc);

} // namespace core::disc
