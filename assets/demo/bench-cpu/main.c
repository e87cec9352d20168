/* bench-cpu: game-logic CPU load with no GPU work, for `skipjack-cli bench cpu`.
   It first proves the emulated CPU computes the workload right (a fixed number of steps must
   give the checksum the host build of sim.c gives), then steps the world as fast as it can
   forever. Every 60 vblanks it prints "tick N checksum XXXXXXXX steps S": S (steps done so far)
   measures emulated CPU throughput, and the checksum depends only on S, so two runs agree
   whenever they did the same amount of work. */
#include "sim.h"
#include "sys.h"

/* sim_checksum() after SELF_CHECK_STEPS steps from SELF_CHECK_SEED, from the host build of
   sim.c (see the comment in assets/demo/CMakeLists.txt). */
#define SELF_CHECK_SEED 0x5EEDC0DEu
#define SELF_CHECK_STEPS 64
#define SELF_CHECK_EXPECTED 0x6703A5D6u

int main(void) {
    sys_init();
    sim_reset(SELF_CHECK_SEED);
    for (int i = 0; i < SELF_CHECK_STEPS; ++i)
        sim_step();
    uint32_t sum = sim_checksum();
    int bad = sim_verify();
    if (sum == SELF_CHECK_EXPECTED && !bad)
        tprintf("bench-cpu self-check PASS checksum %08X\n", sum);
    else
        tprintf("bench-cpu self-check FAIL checksum %08X expected %08X verify %d\n", sum,
                SELF_CHECK_EXPECTED, bad);

    char extra[32];
    for (;;) {
        sim_step();
        if (!sys_poll_vblank()) continue;
        uint32_t steps = sim_steps();
        char* p = extra;
        const char* label = "steps ";
        while (*label)
            *p++ = *label++;
        /* decimal without tprintf, since sys_tick prints the line */
        char digits[10];
        int n = 0;
        do {
            digits[n++] = (char)('0' + steps % 10);
            steps /= 10;
        } while (steps);
        while (n)
            *p++ = digits[--n];
        if (sim_verify()) {
            label = " VERIFY-FAIL";
            while (*label)
                *p++ = *label++;
        }
        *p = 0;
        sys_tick(sim_checksum(), extra);
    }
}
