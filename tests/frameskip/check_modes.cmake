# Frame skipping never changes what a program or the viewer can observe (DESIGN.md §3):
# runs one program under --frameskip off, fixed:2 and auto with a host slowdown (AUTO_SLOWDOWN,
# default 4) and requires
#   - identical console output (the programs print checksums of what they read back, and
#     their tick counts),
#   - every frame a mode presents has the display hash of the same frame under off (frames it
#     does not present print display=-; the VRAM hash printed per frame is not compared: deferred
#     display-buffer work legitimately differs between vblanks),
#   - identical VRAM at the end of the run (--dump-vram makes every deferred record current),
#   - an identical hash of the whole machine state at the end (--state-hash: RAM, CPU,
#     devices, GPU; the line is part of the compared output), and of the audio the SPU
#     produced (the 'audio' line --state-hash prints, compared likewise),
#   - that fixed:2 (and each EXTRA_MODES fixed:N) did skip frames, and so did auto when
#     AUTO_SKIPS is set (for a program whose
#     deferred work dies; one that reads back its buffers every frame, like the fs-* programs,
#     saves nothing by skipping, and auto rightly presents every frame).
# EXTRA_MODES adds --frameskip modes (e.g. fixed:9, which lets a movie's frames die unshown)
# checked like fixed:2. INPUT: an --input-script for every run (the same pad input in each mode).
# RENDER_THREAD=on|off adds --render-thread to every run: the checks must hold as well.
# Usage: cmake -DCLI=skipjack-cli -DPROGRAM=file.exe|"" -DFRAMES=N -DWORK=dir
#              [-DAUTO_SLOWDOWN=X] [-DAUTO_SKIPS=1] [-DEXTRA_MODES=fixed:N;...] [-DINPUT=file]
#              [-DRENDER_THREAD=on|off] -P check_modes.cmake
cmake_minimum_required(VERSION 3.25)
foreach(var CLI FRAMES WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_modes.cmake: ${var} not set")
  endif()
endforeach()
file(MAKE_DIRECTORY ${WORK})
set(EXTRA_ARGS)
if(RENDER_THREAD)
  set(EXTRA_ARGS --render-thread ${RENDER_THREAD})
endif()

set(MODES off fixed:2 auto ${EXTRA_MODES})
set(ARGS_off --frameskip off)
set(ARGS_fixed:2 --frameskip fixed:2)
foreach(mode IN LISTS EXTRA_MODES)
  set(ARGS_${mode} --frameskip ${mode})
endforeach()
if(NOT AUTO_SLOWDOWN)
  set(AUTO_SLOWDOWN 4)
endif()
set(ARGS_auto --frameskip auto --host-slowdown ${AUTO_SLOWDOWN})

foreach(mode IN LISTS MODES)
  string(REPLACE ":" "_" tag ${mode})
  set(cmd ${CLI} run)
  if(PROGRAM)
    list(APPEND cmd ${PROGRAM})
  endif()
  list(APPEND cmd --frames ${FRAMES} --tty --frame-hashes --state-hash --dump-vram ${WORK}/vram_${tag}.png
       ${ARGS_${mode}} ${EXTRA_ARGS})
  if(INPUT)
    list(APPEND cmd --input-script ${INPUT})
  endif()
  execute_process(COMMAND ${cmd} OUTPUT_FILE ${WORK}/out_${tag}.txt ERROR_VARIABLE err
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${mode}: exit code ${rc}\n${err}")
  endif()
  file(READ ${WORK}/out_${tag}.txt text)
  string(REGEX REPLACE " vram=[0-9a-f]+" "" text "${text}")
  set(out_${tag} "${text}")
  file(SHA256 ${WORK}/vram_${tag}.png vram_${tag})
endforeach()

string(REGEX MATCHALL "\nframe [0-9]+ display=[0-9a-f]+" presentedOff "\n${out_off}")
list(LENGTH presentedOff framesOff)
if(NOT out_off MATCHES "\nstate [0-9a-f]+\n")
  message(FATAL_ERROR "off: no state hash line")
endif()
if(NOT out_off MATCHES "\naudio [0-9]+ frames [0-9a-f]+\n")
  message(FATAL_ERROR "off: no audio hash line")
endif()
if(framesOff LESS FRAMES)
  message(FATAL_ERROR "off: ${framesOff} frame lines for ${FRAMES} frames")
endif()

foreach(mode fixed:2 auto ${EXTRA_MODES})
  string(REPLACE ":" "_" tag ${mode})
  # The off run's output with this mode's skipped frames blanked the way the mode prints them.
  set(expected "\n${out_off}")
  string(REGEX MATCHALL "\nframe [0-9]+ display=-" skipped "\n${out_${tag}}")
  list(LENGTH skipped skippedCount)
  foreach(line IN LISTS skipped)
    string(REGEX REPLACE "\nframe ([0-9]+) display=-" "\\1" n "${line}")
    string(REGEX REPLACE "\nframe ${n} display=[0-9a-f]+\n" "\nframe ${n} display=-\n" expected
                         "${expected}")
  endforeach()
  if(NOT "${expected}" STREQUAL "\n${out_${tag}}")
    file(WRITE ${WORK}/expected_${tag}.txt "${expected}")
    message(FATAL_ERROR "${mode}: console output or a presented frame differs from off "
                        "(compare ${WORK}/expected_${tag}.txt with ${WORK}/out_${tag}.txt)")
  endif()
  if(NOT vram_${tag} STREQUAL vram_off)
    message(FATAL_ERROR "${mode}: VRAM at the end differs from off (${WORK}/vram_${tag}.png)")
  endif()
  # The comparison above proves something only if the mode did skip frames. fixed:2 always
  # skips two frames in three (its schedule counts emulated frames); auto's choice follows host
  # timing, so with AUTO_SKIPS only "some" is required, under a slowdown large enough for any
  # host to fall behind.
  if(skippedCount EQUAL 0 AND (mode MATCHES "^fixed:" OR AUTO_SKIPS))
    message(FATAL_ERROR "${mode}: no frame was skipped, so nothing was tested "
                        "(${WORK}/out_${tag}.txt)")
  endif()
  message(STATUS "${mode}: ${skippedCount} of ${framesOff} frames not presented; the rest, "
                 "the console output and the final VRAM equal off")
endforeach()
