/* Self-checking test programs: each check prints a line on failure; test_done() prints
   "N passed, M failed" through the BIOS console and returns the exit code (0 = all passed). */
#ifndef SKIPJACK_TEST_H
#define SKIPJACK_TEST_H
#include "ps1.h"

void test_begin(const char* program);
/* `rule` names the reference rule the check proves. */
void check_eq(const char* rule, uint32_t got, uint32_t expected);
void check_true(const char* rule, int cond);
int test_done(void);

#endif
