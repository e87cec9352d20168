# Runs COMMAND (a ;-list) and passes only when it exits with code 0 and its output meets every
# rule given; a program that crashes or stops early after printing what a rule looks for fails.
#   -DMATCH=regex      the standard output must match (a CMake regex; a newline in it is literal)
#   -DNO_MATCH=regex   the standard output must not match
#   -DTEST_SUMMARY=1   the output must hold exactly one summary line of a self-checking test
#                      program, "NAME: N passed, M failed" (test_done() in tests/roms/runtime),
#                      with N > 0 (checks did run) and M = 0
# Usage: cmake "-DCOMMAND=prog;arg;..." [-DMATCH=...] [-DNO_MATCH=...] [-DTEST_SUMMARY=1]
#        -P check_output.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT DEFINED COMMAND)
  message(FATAL_ERROR "check_output.cmake: COMMAND not set")
endif()
execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
# ctest shows this with --output-on-failure.
message("${out}${err}")
if(NOT rc STREQUAL "0")
  message(FATAL_ERROR "exit code ${rc}, expected 0")
endif()
if(DEFINED MATCH AND NOT out MATCHES "${MATCH}")
  message(FATAL_ERROR "the output does not match: ${MATCH}")
endif()
if(DEFINED NO_MATCH AND out MATCHES "${NO_MATCH}")
  message(FATAL_ERROR "the output matches what it must not: ${NO_MATCH}")
endif()
if(TEST_SUMMARY)
  string(REGEX MATCHALL "[0-9]+ passed, [0-9]+ failed" summaries "${out}")
  list(LENGTH summaries count)
  if(NOT count EQUAL 1)
    message(FATAL_ERROR "expected one \"N passed, M failed\" line, found ${count}")
  endif()
  string(REGEX MATCH "^([0-9]+) passed, ([0-9]+) failed$" _ "${summaries}")
  if(CMAKE_MATCH_1 EQUAL 0)
    message(FATAL_ERROR "no check ran (0 passed)")
  endif()
  if(NOT CMAKE_MATCH_2 EQUAL 0)
    message(FATAL_ERROR "${CMAKE_MATCH_2} checks failed")
  endif()
endif()
