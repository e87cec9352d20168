# `skipjack-cli bench frameskip` measures the demo's input latency by branching (docs/frameskip.md,
# "Input latency"): checked here against plain `skipjack-cli run --input-script --frame-hashes`
# runs, without the bench's code. The bench holds d-pad Left 11 frames every 47 from frame 40
# (changes at 40, 51, 87, 98, 134, 145, ...; the first press takes control from the autopilot).
# For change k at frame F_k, one run follows the plan and one "branch" run repeats the plan's
# input before F_k and keeps the pad as it was (the change does not happen); D_k is the first
# frame >= F_k whose displayed image differs between them, looked for up to the next change
# (at most 16 frames, the bench's window). The demo's loop (assets/demo/game/main.c) reads the
# pad during frame F, has the GPU draw that picture during F + 1 while it builds the next one,
# and shows it from the vblank that ends F + 1: so D_k >= F_k + 2, the floor checked here.
# `off` presents every frame: latency D_k - F_k. `fixed:N` presents the frames whose index is a
# multiple of N + 1 (as check_bench_latency.cmake): latency P - F_k for the first such P >= D_k,
# whose image must differ too; a change whose P falls at or after the next change, the end of
# the run or the window is not shown (-1 in input_latency_frames).
# Usage: cmake -DCLI=skipjack-cli -DFRAMES=N -DWORK=dir -P check_bench_latency_demo.cmake
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/schedule_period.cmake)
set(window 16)
file(MAKE_DIRECTORY ${WORK})

# The input plan's changes within the run, and the input-script line of each.
set(changes)
set(lines)
foreach(start RANGE 40 ${FRAMES} 47)
  math(EXPR release "${start} + 11")
  if(start LESS FRAMES)
    list(APPEND changes ${start})
    list(APPEND lines "${start} 1 buttons=left")
  endif()
  if(release LESS FRAMES)
    list(APPEND changes ${release})
    list(APPEND lines "${release} 1 none")
  endif()
endforeach()
list(LENGTH changes changeCount)
math(EXPR lastChange "${changeCount} - 1")

# Runs the demo for `frames` frames with the first `count` lines of the plan; sets `out` to the
# list of displayed-image hashes, one per frame.
function(run_hashes count frames out)
  set(text "")
  if(count GREATER 0)
    math(EXPR lastLine "${count} - 1")
    foreach(i RANGE ${lastLine})
      list(GET lines ${i} line)
      string(APPEND text "${line}\n")
    endforeach()
  endif()
  file(WRITE ${WORK}/input-${count}.txt "${text}")
  execute_process(COMMAND ${CLI} run --input-script ${WORK}/input-${count}.txt
                          --frames ${frames} --frame-hashes
                  OUTPUT_VARIABLE output RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run with ${count} input lines: exit code ${rc}\n${err}")
  endif()
  string(REGEX MATCHALL "display=[0-9a-f-]+" hashes "${output}")
  list(LENGTH hashes n)
  if(NOT n EQUAL frames)
    message(FATAL_ERROR "run with ${count} input lines: ${n} frame hashes, expected ${frames}")
  endif()
  set(${out} "${hashes}" PARENT_SCOPE)
endfunction()

run_hashes(${changeCount} ${FRAMES} main)

# Per change: its frame, the end of its window (exclusive), and the branch's first differing
# frame D_k.
set(ends)
set(firstDiffs)
foreach(k RANGE ${lastChange})
  list(GET changes ${k} f)
  math(EXPR end "${f} + ${window}")
  math(EXPR next "${k} + 1")
  if(next LESS changeCount)
    list(GET changes ${next} nextFrame)
    if(nextFrame LESS end)
      set(end ${nextFrame})
    endif()
  endif()
  if(end GREATER FRAMES)
    set(end ${FRAMES})
  endif()
  list(APPEND ends ${end})
  run_hashes(${k} ${end} branch_${k})
  set(d -1)
  math(EXPR last "${end} - 1")
  foreach(p RANGE ${f} ${last})
    list(GET main ${p} a)
    list(GET branch_${k} ${p} b)
    if(NOT a STREQUAL b)
      set(d ${p})
      break()
    endif()
  endforeach()
  math(EXPR floor "${f} + 2")
  if(d EQUAL -1 OR d LESS floor)
    message(FATAL_ERROR "change ${k} at frame ${f}: first differing frame ${d}, expected one "
                        "in ${floor}..${last} (the demo shows its input two frames later)")
  endif()
  list(APPEND firstDiffs ${d})
endforeach()
message(STATUS "changes ${changes}: first differing frames ${firstDiffs}")

execute_process(COMMAND ${CLI} bench frameskip --workload skipjack-demo --slowdown 4
                        --mode off --mode fixed:1 --mode fixed:2 --frames ${FRAMES}
                OUTPUT_VARIABLE json RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "bench frameskip: exit code ${rc}\n${err}")
endif()

string(JSON count LENGTH "${json}" results)
if(NOT count EQUAL 3)
  message(FATAL_ERROR "bench frameskip: ${count} cells, expected 3\n${json}")
endif()
math(EXPR lastCell "${count} - 1")
foreach(i RANGE ${lastCell})
  string(JSON mode GET "${json}" results ${i} mode)
  schedule_period(${mode} period)
  if(NOT period)
    message(FATAL_ERROR "unexpected mode ${mode}")
  endif()
  set(expected)
  set(shown 0)
  set(max 0)
  foreach(k RANGE ${lastChange})
    list(GET changes ${k} f)
    list(GET ends ${k} end)
    list(GET firstDiffs ${k} d)
    # the first multiple of `period` at or after d
    math(EXPR p "((${d} + ${period} - 1) / ${period}) * ${period}")
    if(p LESS end)
      list(GET main ${p} a)
      list(GET branch_${k} ${p} b)
      if(a STREQUAL b)
        message(FATAL_ERROR "${mode}: change ${k}: frame ${p} shows it in no run")
      endif()
      math(EXPR lat "${p} - ${f}")
      math(EXPR shown "${shown} + 1")
      if(lat GREATER max)
        set(max ${lat})
      endif()
    else()
      set(lat -1)
    endif()
    list(APPEND expected ${lat})
  endforeach()
  string(JSON gotChanges GET "${json}" results ${i} input_changes)
  string(JSON gotShown GET "${json}" results ${i} input_changes_shown)
  string(JSON gotMax GET "${json}" results ${i} input_latency_max_frames)
  string(JSON n LENGTH "${json}" results ${i} input_latency_frames)
  set(got)
  if(n GREATER 0)
    math(EXPR lastGot "${n} - 1")
    foreach(j RANGE ${lastGot})
      string(JSON v GET "${json}" results ${i} input_latency_frames ${j})
      list(APPEND got ${v})
    endforeach()
  endif()
  if(NOT gotChanges EQUAL changeCount OR NOT gotShown EQUAL shown OR NOT gotMax EQUAL max
     OR NOT got STREQUAL expected)
    message(FATAL_ERROR "skipjack-demo 4x ${mode}: changes ${gotChanges} shown ${gotShown} "
                        "max ${gotMax} latencies ${got}; expected ${changeCount} ${shown} "
                        "${max} ${expected}")
  endif()
  message(STATUS "skipjack-demo 4x ${mode}: latencies ${got} frames, as expected")
endforeach()
