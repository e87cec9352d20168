/* Smoke test: the runtime, the BIOS console and the exit register work end to end. */
#include "test.h"

static volatile uint32_t g_data[4] = {1, 2, 3, 4};

int main(void) {
    test_begin("smoke");
    check_eq("initialised data is loaded with the text", g_data[0] + g_data[3], 5);
    uint32_t sum = 0;
    for (uint32_t i = 1; i <= 100; ++i) sum += i;
    check_eq("a loop sums 1..100", sum, 5050);
    static uint32_t zeroed[8];
    check_eq(".bss is cleared", zeroed[7], 0);
    return test_done();
}
