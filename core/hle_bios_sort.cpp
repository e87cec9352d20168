// The HLE kernel's A(31h) qsort, A(35h) lsearch and A(36h) bsearch (kernelbios.md "A(31h) -
// qsort", "A(35h) - lsearch", "A(36h) - bsearch"). They call the program's comparison function
// for every comparison, so each runs as a frame of the kernel's frame machine (kFrSort): the
// state in State::sort says where to resume when the comparison returns (through the return
// trampoline, result in lastResult_).
#include "core/hle_bios.h"

#include "core/cpu/cpu.h"
#include "core/hle_bios_layout.h"

// Kernel notes this file relies on (kernelbios.md unless named):
// - qsort(base, nel, width, callback): callback(a, b) gets pointers to two elements and returns
//   <0, 0 or >0. The reference calls it a "super-slow implementation of the quick sort" and
//   documents no return value. psx-spx does not give the algorithm; the peers that match the
//   real BIOS's element order use the classic three-way quicksort: the middle element is the
//   pivot, elements equal to it gather in a run lp..hp around it, the smaller side is sorted
//   first by recursion and the larger one by iteration. Equal keys end up in that algorithm's
//   order (qsort is not stable), so that is what a program sees here too.
// - lsearch/bsearch(key, base, nel, width, callback): callback(key, element); the result is the
//   element's address or 0. bsearch halves the candidates: the probe is the middle one (lower
//   middle of an even count), a positive result continues above it, a negative one below.
// - The real qsort keeps one element on the heap while exchanging (it needs InitHeap and
//   width free bytes); here elements are exchanged in place: the sorted result is the same.

namespace core {

using namespace hle;
using namespace mips;

namespace {
enum SortKind : uint32_t { kSortNone, kSortQsort, kSortBsearch, kSortLsearch };
// Resume points (Sort::phase).
enum SortPhase : uint32_t {
    kQStart,      // sort [a, l) (or take the next waiting part)
    kQTop,        // move i up towards lp
    kQCmpLow,     // callback(i, lp) returned
    kQLoop,       // move j down towards hp
    kQCmpHigh,    // callback(hp, j) returned
    kSearchProbe, // compare the next candidate
    kSearchCmp,   // callback(key, i) returned
};
} // namespace

bool HleBios::sortFunctionA(uint32_t n) {
    if (n != 0x31 && n != 0x35 && n != 0x36) return false;
    Sort& q = state_.sort;
    if (q.kind != kSortNone ||
        state_.depth >=
            State::kMaxFrames) { // a comparison function that sorts again: not supported
        warnOnce(0xa0, n, "called from inside a qsort/lsearch/bsearch comparison");
        ret(0);
        return true;
    }
    q = Sort{};
    if (n == 0x31) { // qsort(base, nel, width, callback)
        q.kind = kSortQsort;
        q.a = arg(0);
        q.width = arg(2);
        q.l = q.a + arg(1) * q.width;
        q.cmp = arg(3);
        q.phase = kQStart;
    } else { // lsearch/bsearch(key, base, nel, width, callback)
        q.kind = n == 0x35 ? kSortLsearch : kSortBsearch;
        q.key = arg(0);
        q.a = arg(1);
        q.width = arg(3);
        q.cmp = arg(4);
        q.l = n == 0x35 ? q.a + arg(2) * q.width : arg(2);
        q.i = q.a;
        q.phase = kSearchProbe;
    }
    q.ra = cpu_.reg(kRa);
    cpu_.setReg(kV0, 0);
    if (q.width == 0 || q.cmp == 0) { // nothing to compare
        q.kind = kSortNone;
        cpu_.setPc(q.ra);
        return true;
    }
    pushFrame(kFrSort);
    run();
    return true;
}

void HleBios::sortCompare(uint32_t x, uint32_t y) {
    callMips(state_.sort.cmp, x, y, 0);
}

// Swaps two elements byte by byte.
void HleBios::sortExchange(uint32_t x, uint32_t y) {
    for (uint32_t k = 0; k < state_.sort.width; ++k) {
        uint8_t t = rd8(x + k);
        wr8(x + k, rd8(y + k));
        wr8(y + k, t);
    }
}

// x <- z, z <- y, y <- x (the three-way exchange of the equal run).
void HleBios::sortRotate(uint32_t x, uint32_t y, uint32_t z) {
    for (uint32_t k = 0; k < state_.sort.width; ++k) {
        uint8_t t = rd8(x + k);
        wr8(x + k, rd8(z + k));
        wr8(z + k, rd8(y + k));
        wr8(y + k, t);
    }
}

// Advances the sort or search. Returns true when control has passed to MIPS code (the
// comparison function, or the caller once done).
bool HleBios::sortStep() {
    Sort& q = state_.sort;
    const uint32_t w = q.width;
    auto finish = [&](uint32_t result) {
        q.kind = kSortNone;
        --state_.depth;
        cpu_.setReg(kV0, result);
        cpu_.setPc(q.ra);
        return true;
    };
    const int32_t c = static_cast<int32_t>(lastResult_);
    for (;;) {
        switch (q.phase) {
        case kQStart:
            if (q.l - q.a <= w) {
                if (q.depth == 0) return finish(0);
                --q.depth;
                q.a = q.stackA[q.depth];
                q.l = q.stackL[q.depth];
                continue;
            }
            q.lp = q.hp = q.a + w * ((q.l - q.a) / (2 * w));
            q.i = q.a;
            q.j = q.l - w;
            q.phase = kQTop;
            continue;
        case kQTop:
            if (q.i < q.lp) {
                q.phase = kQCmpLow;
                sortCompare(q.i, q.lp);
                return true;
            }
            q.phase = kQLoop;
            continue;
        case kQCmpLow:
            if (c == 0) { // equal to the pivot: into the run
                q.lp -= w;
                sortExchange(q.i, q.lp);
                q.phase = kQTop;
            } else if (c < 0) {
                q.i += w;
                q.phase = kQTop;
            } else {
                q.phase = kQLoop;
            }
            continue;
        case kQLoop:
            if (q.j > q.hp) {
                q.phase = kQCmpHigh;
                sortCompare(q.hp, q.j);
                return true;
            }
            if (q.i == q.lp) {                 // partitioned: [a, lp) < run <= ... (hp, l)
                if (q.depth >= Sort::kStack) { // cannot happen (the smaller part recurses)
                    systemError("qsort nesting too deep");
                    return true;
                }
                if (q.lp - q.a >= q.l - q.hp) { // the upper part first, then the lower
                    q.stackA[q.depth] = q.a;
                    q.stackL[q.depth] = q.lp;
                    q.a = q.hp + w;
                } else {
                    q.stackA[q.depth] = q.hp + w;
                    q.stackL[q.depth] = q.l;
                    q.l = q.lp;
                }
                ++q.depth;
                q.phase = kQStart;
                continue;
            }
            q.lp -= w;
            sortRotate(q.j, q.lp, q.i);
            q.hp -= w;
            q.j = q.hp;
            q.phase = kQTop;
            continue;
        case kQCmpHigh:
            if (c == 0) {
                q.hp += w;
                sortExchange(q.hp, q.j);
                q.phase = kQLoop;
            } else if (c > 0) {
                if (q.i == q.lp) {
                    q.hp += w;
                    sortRotate(q.i, q.hp, q.j);
                    q.lp += w;
                    q.i = q.lp;
                    q.phase = kQLoop;
                } else {
                    sortExchange(q.i, q.j);
                    q.j -= w;
                    q.i += w;
                    q.phase = kQTop;
                }
            } else {
                q.j -= w;
                q.phase = kQLoop;
            }
            continue;
        case kSearchProbe:
            if (q.kind == kSortLsearch) {
                if (q.i >= q.l) return finish(0);
            } else {
                if (q.l == 0) return finish(0);
                q.i = q.a + (q.l / 2) * w;
            }
            q.phase = kSearchCmp;
            sortCompare(q.key, q.i);
            return true;
        case kSearchCmp:
            if (c == 0) return finish(q.i);
            if (q.kind == kSortLsearch) {
                q.i += w;
            } else if (c > 0) { // above the probe
                q.a = q.i + w;
                q.l -= q.l / 2 + 1;
            } else {
                q.l /= 2;
            }
            q.phase = kSearchProbe;
            continue;
        default: return finish(0);
        }
    }
}

} // namespace core
