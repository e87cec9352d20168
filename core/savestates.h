#pragma once
// Savestate sessions (DESIGN.md §4): every class lives in core/snapshots/, one file pair each.
// This header gathers them for callers that use several.
#include "core/snapshots/buffer_pool.h"
#include "core/snapshots/game_id.h"
#include "core/snapshots/memory_region.h"
#include "core/snapshots/quick_saves.h"
#include "core/snapshots/rewind.h"
#include "core/snapshots/run_ahead.h"
#include "core/snapshots/snapshot.h"
#include "core/snapshots/snapshot_manager.h"
