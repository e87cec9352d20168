# The render worker changes nothing observable (issue 16 item 1, DESIGN.md §2): runs one
# program with --render-thread off and on, each under no pacing, --frameskip off and
# --frameskip fixed:2, and requires for every pair
#   - identical output with --frame-hashes: every frame's display hash (or "-" for a frame
#     fixed:2 does not present) and VRAM hash, the console output (the programs print what they
#     read back) and the whole machine state hash and audio hash at the end (--state-hash);
#   - identical console output, state hash and final VRAM without --frame-hashes, where nothing
#     waits for the worker between frames, so rendering overlaps emulation as in a real run.
# Usage: cmake -DCLI=skipjack-cli -DPROGRAM=file.exe|"" -DFRAMES=N -DWORK=dir
#              -P check_threads.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var CLI FRAMES WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_threads.cmake: ${var} not set")
  endif()
endforeach()
file(MAKE_DIRECTORY ${WORK})

set(ARGS_none)
set(ARGS_off --frameskip off)
set(ARGS_fixed2 --frameskip fixed:2)
foreach(mode none off fixed2)
  foreach(hashes frames end)
    foreach(thread off on)
      set(cmd ${CLI} run)
      if(PROGRAM)
        list(APPEND cmd ${PROGRAM})
      endif()
      set(tag ${mode}_${hashes}_${thread})
      list(APPEND cmd --frames ${FRAMES} --tty --state-hash --dump-vram ${WORK}/vram_${tag}.png
           --render-thread ${thread} ${ARGS_${mode}})
      if(hashes STREQUAL frames)
        list(APPEND cmd --frame-hashes)
      endif()
      execute_process(COMMAND ${cmd} OUTPUT_FILE ${WORK}/out_${tag}.txt ERROR_VARIABLE err
                      RESULT_VARIABLE rc)
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR "${tag}: exit code ${rc}\n${err}")
      endif()
      file(READ ${WORK}/out_${tag}.txt out_${tag})
      file(SHA256 ${WORK}/vram_${tag}.png vram_${tag})
    endforeach()
    set(a ${mode}_${hashes}_off)
    set(b ${mode}_${hashes}_on)
    if(NOT out_${a} MATCHES "\nstate [0-9a-f]+\n")
      message(FATAL_ERROR "${a}: no state hash line (${WORK}/out_${a}.txt)")
    endif()
    if(hashes STREQUAL frames)
      string(REGEX MATCHALL "\nframe [0-9]+ display=" lines "\n${out_${a}}")
      list(LENGTH lines n)
      if(NOT n EQUAL FRAMES)
        message(FATAL_ERROR "${a}: ${n} frame lines for ${FRAMES} frames")
      endif()
    endif()
    if(NOT "${out_${a}}" STREQUAL "${out_${b}}")
      message(FATAL_ERROR "${mode}, ${hashes}: the render worker's output differs "
                          "(compare ${WORK}/out_${a}.txt with ${WORK}/out_${b}.txt)")
    endif()
    if(NOT vram_${a} STREQUAL vram_${b})
      message(FATAL_ERROR "${mode}, ${hashes}: final VRAM differs (${WORK}/vram_${b}.png)")
    endif()
    message(STATUS "${mode}, ${hashes}: render thread on = off")
  endforeach()
endforeach()
