# A savestate taken while the drive is busy resumes exactly (issue 13 item 6): runs DISC for
# FRAMES frames straight, then again saving a state at frame AT and loading it into a fresh
# run for the remaining frames; the two final whole-machine state hashes must be equal.
# Usage: cmake -DCLI=skipjack-cli -DDISC=x.cue -DFRAMES=N -DAT=M -DWORK=dir -P check_resume.cmake
cmake_minimum_required(VERSION 3.25)
file(MAKE_DIRECTORY ${WORK})
function(run out)
  execute_process(COMMAND ${CLI} run ${DISC} ${ARGN} OUTPUT_VARIABLE text RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${CLI} run ${DISC} ${ARGN}: exit code ${rc}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()
run(straight --frames ${FRAMES} --state-hash)
run(saved --frames ${AT} --save-state ${WORK}/mid.sjstate)
math(EXPR rest "${FRAMES} - ${AT}")
run(resumed --load-state ${WORK}/mid.sjstate --frames ${rest} --state-hash)
string(REGEX MATCH "state [0-9a-f]+" a "${straight}")
string(REGEX MATCH "state [0-9a-f]+" b "${resumed}")
if(NOT a OR NOT a STREQUAL b)
  message(FATAL_ERROR "straight run '${a}', resumed from frame ${AT} '${b}'")
endif()
message(STATUS "resumed from frame ${AT}: ${b} as the straight run")
