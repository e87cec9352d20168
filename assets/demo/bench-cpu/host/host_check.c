/* Prints the checksum bench-cpu's self-check expects (SELF_CHECK_* in ../main.c), computed by
   the same sim.c built for the host. */
#include <stdio.h>

#include "sim.h"

int main(void) {
    sim_reset(0x5EEDC0DEu);
    for (int i = 0; i < 64; ++i)
        sim_step();
    printf("checksum %08X verify %d\n", (unsigned)sim_checksum(), sim_verify());
    return 0;
}
