# `skipjack-cli bench frameskip` measures input latency for real (docs/frameskip.md, "Input
# latency"): runs it for FRAMES frames and checks bench-rtt's figures against the latency the
# schedules give, computed here from the input plan alone. Cross changes at the start of frames
# 40, 51, 87, 98, ... (held 11 of every 47 from 40); bench-rtt reads the pad during frame F and
# shows it from the next vblank, so frame F+1 is the first that can show it. `off` presents
# every frame: latency 1. `fixed:N` presents the frames whose index is a multiple of N+1:
# latency = the first such index >= F+1, minus F; a change whose first such frame lies past the
# run is not shown.
# Usage: cmake -DCLI=skipjack-cli -DFRAMES=N -P check_bench_latency.cmake
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/schedule_period.cmake)
execute_process(COMMAND ${CLI} bench frameskip --frames ${FRAMES} OUTPUT_VARIABLE json
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "bench frameskip: exit code ${rc}\n${err}")
endif()

# The input plan's changes within the run.
set(changes)
foreach(start RANGE 40 ${FRAMES} 47)
  if(start LESS FRAMES)
    list(APPEND changes ${start})
  endif()
  math(EXPR release "${start} + 11")
  if(release LESS FRAMES)
    list(APPEND changes ${release})
  endif()
endforeach()
list(LENGTH changes changeCount)

string(JSON count LENGTH "${json}" results)
math(EXPR last "${count} - 1")
set(checked 0)
foreach(i RANGE ${last})
  string(JSON workload GET "${json}" results ${i} workload)
  if(NOT workload STREQUAL "bench-rtt")
    continue()
  endif()
  string(JSON mode GET "${json}" results ${i} mode)
  string(JSON slowdown GET "${json}" results ${i} host_slowdown)
  string(JSON gotChanges GET "${json}" results ${i} input_changes)
  string(JSON gotShown GET "${json}" results ${i} input_changes_shown)
  string(JSON gotMax GET "${json}" results ${i} input_latency_max_frames)
  string(JSON gotMean GET "${json}" results ${i} input_latency_mean_frames)
  schedule_period(${mode} period)
  if(NOT period)
    continue() # auto: its choice follows the host, no schedule to compute
  endif()
  set(shown 0)
  set(sum 0)
  set(max 0)
  foreach(f IN LISTS changes)
    # first multiple of `period` at or after f + 1
    math(EXPR p "((${f} + ${period}) / ${period}) * ${period}")
    if(p LESS FRAMES)
      math(EXPR lat "${p} - ${f}")
      math(EXPR shown "${shown} + 1")
      math(EXPR sum "${sum} + ${lat}")
      if(lat GREATER max)
        set(max ${lat})
      endif()
    endif()
  endforeach()
  # mean with two decimals, as the bench prints it
  math(EXPR mean100 "(${sum} * 100 + ${shown} / 2) / ${shown}")
  math(EXPR meanInt "${mean100} / 100")
  math(EXPR meanFrac "${mean100} % 100")
  if(meanFrac LESS 10)
    set(meanFrac "0${meanFrac}")
  endif()
  set(what "bench-rtt ${slowdown}x ${mode}")
  if(NOT gotChanges EQUAL changeCount OR NOT gotShown EQUAL shown OR NOT gotMax EQUAL max)
    message(FATAL_ERROR "${what}: changes ${gotChanges} shown ${gotShown} max ${gotMax}, "
                        "expected ${changeCount} ${shown} ${max}")
  endif()
  # the bench prints the mean with two decimals; compare in hundredths
  string(REGEX MATCH "^([0-9]+)\\.?([0-9]*)" _ "${gotMean}")
  set(frac "${CMAKE_MATCH_2}00")
  string(SUBSTRING "${frac}" 0 2 frac)
  math(EXPR gotMean100 "${CMAKE_MATCH_1} * 100 + 1${frac} - 100")
  math(EXPR diff "${gotMean100} - ${mean100}")
  if(diff GREATER 1 OR diff LESS -1)
    message(FATAL_ERROR "${what}: mean latency ${gotMean}, expected ${meanInt}.${meanFrac}")
  endif()
  math(EXPR checked "${checked} + 1")
endforeach()
if(checked EQUAL 0)
  message(FATAL_ERROR "no bench-rtt cell in the output")
endif()
message(STATUS "${checked} bench-rtt cells: input latency as the schedules give it")
