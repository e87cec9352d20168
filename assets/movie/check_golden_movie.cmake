# Golden hashes of the movie: runs the movie disc with --frame-hashes until the player exits
# (at most FRAMES frames) and compares the last frame's "display=... vram=..." (the movie's
# last frame on screen, the one before it in the other buffer) with the line
# "movie display=... vram=..." of EXPECTED; with UPDATE=1 it writes that line instead.
# RECORDED, not derived from a rule: the player itself checks every frame against its picture.
# Usage: cmake -DCLI=skipjack-cli -DDISC=movie.cue -DFRAMES=N -DEXPECTED=file [-DUPDATE=1]
#              -P check_golden_movie.cmake
cmake_minimum_required(VERSION 3.25)
execute_process(COMMAND ${CLI} run ${DISC} --frames ${FRAMES} --frame-hashes
                OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "movie: the run failed with exit code ${rc}")
endif()
string(REGEX MATCHALL "display=[0-9a-f]+ vram=[0-9a-f]+" frames "${out}")
list(LENGTH frames n)
if(n EQUAL 0 OR NOT n LESS FRAMES)
  message(FATAL_ERROR "movie: the player did not exit within ${FRAMES} frames (${n} frames)")
endif()
list(GET frames -1 last)
set(got "movie ${last}")
if(UPDATE)
  file(WRITE ${EXPECTED} "# assets/movie/check_golden_movie.cmake: recorded with UPDATE=1\n${got}\n")
  message(STATUS "wrote ${got}")
  return()
endif()
file(STRINGS ${EXPECTED} want REGEX "^movie ")
if(NOT want STREQUAL got)
  message(FATAL_ERROR "movie: got '${got}', expected '${want}' (after ${n} frames)")
endif()
message(STATUS "movie: ${got} after ${n} frames")
