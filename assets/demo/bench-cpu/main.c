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

static void count_vblank(void) {
    (void)sys_poll_vblank();
}

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

    char extra[40];
    sim_set_poll(count_vblank);
    for (;;) {
        sim_step();
        count_vblank();
        if (!sys_tick_due()) continue;
        /* the checks and the line are made between steps, so the checksum depends only on
           the number of steps done */
        char* p = fmt_str(extra, "steps ");
        p = fmt_uint(p, sim_steps(), 1);
        if (sim_verify()) fmt_str(p, " VERIFY-FAIL");
        sys_tick(sim_checksum(), extra);
    }
}
