# Frame skipping defers the movie's frames (issue 15 item 3): the player uploads each decoded
# frame into a display buffer (GP0 A0h), and on a PARTIAL frame those uploads are deferred like
# draws and die when the next frame's uploads cover them (DESIGN.md §3). Runs the movie disc
# under each MODES entry with --stats and sums the per-frame upload counters; prints them, and
# requires uploads to have been deferred under each mode in MUST_DEFER, and some to have died
# under each mode in MUST_DIE (the lockstep test frameskip.modes.movie proves the same runs
# change nothing observable).
# Usage: cmake -DCLI=skipjack-cli -DDISC=movie.cue -DFRAMES=N -DWORK=dir
#              -DMODES="fixed:2;auto" [-DMUST_DEFER=...] [-DMUST_DIE=...] [-DAUTO_SLOWDOWN=X]
#              -P check_upload_deferral.cmake
cmake_minimum_required(VERSION 3.25)
file(MAKE_DIRECTORY ${WORK})
if(NOT AUTO_SLOWDOWN)
  set(AUTO_SLOWDOWN 4)
endif()
foreach(mode IN LISTS MODES)
  string(REPLACE ":" "_" tag ${mode})
  set(args --frameskip ${mode})
  if(mode STREQUAL "auto")
    list(APPEND args --host-slowdown ${AUTO_SLOWDOWN})
  endif()
  set(json ${WORK}/stats_${tag}.json)
  file(REMOVE ${json})
  execute_process(COMMAND ${CLI} run ${DISC} --frames ${FRAMES} ${args} --stats ${json}
                  OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT EXISTS ${json})
    message(FATAL_ERROR "${mode}: run failed (${rc}): ${err}")
  endif()
  file(READ ${json} text)
  set(line "${mode}:")
  foreach(field uploads_deferred uploads_executed_late uploads_died)
    string(REGEX MATCHALL "\"${field}\":[0-9]+" hits "${text}")
    set(sum 0)
    foreach(hit IN LISTS hits)
      string(REGEX REPLACE ".*:" "" n "${hit}")
      math(EXPR sum "${sum} + ${n}")
    endforeach()
    set(${field} ${sum})
    string(APPEND line " ${field}=${sum}")
  endforeach()
  string(REGEX MATCHALL "\"presented\":false" skipped "${text}")
  list(LENGTH skipped skippedCount)
  message(STATUS "${line} frames_skipped=${skippedCount}")
  if(mode IN_LIST MUST_DEFER AND uploads_deferred EQUAL 0)
    message(FATAL_ERROR "${mode}: the movie's uploads were not deferred")
  endif()
  if(mode IN_LIST MUST_DIE AND uploads_died EQUAL 0)
    message(FATAL_ERROR "${mode}: none of the movie's deferred uploads died")
  endif()
endforeach()
