/* BIOS qsort, lsearch and bsearch (kernelbios.md "A(31h) - qsort", "A(35h) - lsearch",
   "A(36h) - bsearch"): the program's comparison function gets pointers to two elements (for
   the searches: the key and an element) and every result lands as it should. Distinct keys
   have one sorted order whatever the algorithm; the two tie cases were worked out by hand from
   the three-way quicksort the BIOS uses (hle_bios_sort.cpp's notes): the middle element is
   the pivot, equal elements join its run. */
#include "bios_call.h"
#include "test.h"

BIOS_CALL_IMPL

static int32_t g_ints[10] = {5, -3, 9, 0, 12, 7, -8, 4, 100, 1};
static const int32_t k_sorted[10] = {-8, -3, 0, 1, 4, 5, 7, 9, 12, 100};
struct pair {
    int32_t key;
    uint32_t tag;
};
static struct pair g_pairs[3];
static volatile uint32_t g_calls, g_bad_pointer;
static uint32_t g_lo, g_hi; /* where the comparison's pointers must point */

static void expect_in(const void* p) {
    if ((uint32_t)p < g_lo || (uint32_t)p >= g_hi) g_bad_pointer = 1;
}
static int cmp_int(const int32_t* a, const int32_t* b) {
    ++g_calls;
    expect_in(a);
    expect_in(b);
    return *a - *b;
}
static int cmp_key(const struct pair* a, const struct pair* b) {
    ++g_calls;
    expect_in(a);
    expect_in(b);
    return a->key - b->key;
}
static int cmp_search(const int32_t* key, const int32_t* elem) {
    ++g_calls;
    expect_in(elem);
    return *key - *elem;
}

int main(void) {
    test_begin("bios_qsort");
    g_lo = (uint32_t)g_ints;
    g_hi = (uint32_t)(g_ints + 10);
    /* lsearch on the unsorted array: the first element comparing equal. */
    int32_t key = 12;
    check_eq("A(35h) lsearch finds 12 at index 4",
             A(0x35, P(&key), P(g_ints), 10, 4, P(cmp_search)), P(&g_ints[4]));
    key = 2;
    check_eq("A(35h) lsearch returns 0 when absent",
             A(0x35, P(&key), P(g_ints), 10, 4, P(cmp_search)), 0);
    A(0x31, P(g_ints), 10, 4, P(cmp_int));
    int sorted = 1;
    for (int i = 0; i < 10; ++i)
        sorted &= g_ints[i] == k_sorted[i];
    check_true("A(31h) qsort sorts ten distinct ints ascending", sorted);
    check_eq("every comparison got pointers into the array", g_bad_pointer, 0);
    key = 7;
    check_eq("A(36h) bsearch finds 7", A(0x36, P(&key), P(g_ints), 10, 4, P(cmp_search)),
             P(&g_ints[6]));
    key = -8;
    check_eq("A(36h) bsearch finds the first element",
             A(0x36, P(&key), P(g_ints), 10, 4, P(cmp_search)), P(&g_ints[0]));
    key = 100;
    check_eq("A(36h) bsearch finds the last element",
             A(0x36, P(&key), P(g_ints), 10, 4, P(cmp_search)), P(&g_ints[9]));
    key = 2;
    check_eq("A(36h) bsearch returns 0 when absent",
             A(0x36, P(&key), P(g_ints), 10, 4, P(cmp_search)), 0);
    key = -100;
    check_eq("A(36h) bsearch returns 0 below the first element",
             A(0x36, P(&key), P(g_ints), 10, 4, P(cmp_search)), 0);

    /* Ties. Three equal keys: pivot = element 1; element 0 joins the run, then element 2:
       two comparisons, nothing moves. */
    g_lo = (uint32_t)g_pairs;
    g_hi = (uint32_t)(g_pairs + 3);
    for (int i = 0; i < 3; ++i)
        g_pairs[i] = (struct pair){5, (uint32_t)i};
    g_calls = 0;
    A(0x31, P(g_pairs), 3, 8, P(cmp_key));
    check_eq("qsort of three equal keys: two comparisons", g_calls, 2);
    check_eq("... order kept (tag 0)", g_pairs[0].tag, 0);
    check_eq("... order kept (tag 1)", g_pairs[1].tag, 1);
    check_eq("... order kept (tag 2)", g_pairs[2].tag, 2);
    /* {1,a} {0,b} {1,c}: pivot {0,b}; {1,a} > pivot, {1,c} > pivot, so the pivot rotates down
       to the front; then {1,a} vs {1,c} compare equal: {0,b} {1,a} {1,c}, three comparisons. */
    g_pairs[0] = (struct pair){1, 'a'};
    g_pairs[1] = (struct pair){0, 'b'};
    g_pairs[2] = (struct pair){1, 'c'};
    g_calls = 0;
    A(0x31, P(g_pairs), 3, 8, P(cmp_key));
    check_eq("qsort {1a,0b,1c}: three comparisons", g_calls, 3);
    check_eq("... first {0,b}", g_pairs[0].tag, 'b');
    check_eq("... then {1,a}", g_pairs[1].tag, 'a');
    check_eq("... then {1,c}", g_pairs[2].tag, 'c');
    /* Nothing to sort: no comparison. */
    g_calls = 0;
    A(0x31, P(g_pairs), 1, 8, P(cmp_key));
    A(0x31, P(g_pairs), 0, 8, P(cmp_key));
    check_eq("qsort of 0 or 1 element calls no comparison", g_calls, 0);
    check_eq("no comparison got a pointer outside the array", g_bad_pointer, 0);
    return test_done();
}
