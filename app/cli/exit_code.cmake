# Runs COMMAND (a ;-list) and fails unless it exits with EXPECTED.
#   cmake -DCOMMAND="a;b" -DEXPECTED=2 -P exit_code.cmake
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
if(NOT rc STREQUAL EXPECTED)
  message(FATAL_ERROR "exit code ${rc}, expected ${EXPECTED}: ${err}")
endif()
