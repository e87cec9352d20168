# The console capture under a BIOS image never changes the machine (issue 20 item 6,
# DESIGN.md §2): the same run with and without --tty gives the same frame hashes and the same
# whole-machine state hash at the end.
# Usage: cmake -DCLI=skipjack-cli "-DARGS=run;disc.cue;--bios;rom.exe;--frames;N" -P ...
cmake_minimum_required(VERSION 3.25)
set(results)
foreach(tty "" "--tty")
  execute_process(COMMAND ${CLI} ${ARGS} --frame-hashes --state-hash ${tty}
                  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  if(NOT rc STREQUAL "0")
    message(FATAL_ERROR "exit code ${rc} (${tty}): ${out}")
  endif()
  string(REGEX MATCHALL "(frame [0-9]+ display=[0-9a-f]+ vram=[0-9a-f]+|state [0-9a-f]+)" lines
         "${out}")
  list(LENGTH lines n)
  if(n LESS 2)
    message(FATAL_ERROR "no frame or state hashes in the output (${tty}): ${out}")
  endif()
  list(APPEND results "${lines}")
  if(tty STREQUAL "--tty" AND NOT out MATCHES "tty: puts A3E")
    message(FATAL_ERROR "--tty printed nothing of the program: ${out}")
  endif()
  set(last "${lines}")
  if(DEFINED first)
    if(NOT first STREQUAL last)
      message(FATAL_ERROR "the hashes differ with --tty:\n${first}\n---\n${last}")
    endif()
  else()
    set(first "${lines}")
  endif()
endforeach()
message("same frame and state hashes with and without --tty")
