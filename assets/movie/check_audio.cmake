# The movie's XA audio reaches the machine's audio output (issue 15 item 2): runs the movie
# disc with --dump-audio and requires sound, not silence: at least MIN_LOUD samples (of either
# channel) with |value| >= 800h. The movie's tones are 9000 peak, halved by the player's main
# volume (3FFFh); ~2350 stereo frames per audio sector.
# Usage: cmake -DCLI=skipjack-cli -DDISC=movie.cue -DFRAMES=N -DWORK=dir -DMIN_LOUD=N
#        -P check_audio.cmake
cmake_minimum_required(VERSION 3.25)
file(MAKE_DIRECTORY ${WORK})
set(wav ${WORK}/movie_audio.wav)
file(REMOVE ${wav})
execute_process(COMMAND ${CLI} run ${DISC} --frames ${FRAMES} --dump-audio ${wav}
                OUTPUT_QUIET ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT EXISTS ${wav})
  message(FATAL_ERROR "run failed (${rc}): ${err}")
endif()
# 16-bit little-endian PCM after the 44-byte header: each sample is 4 hex digits "LLHH"; keep
# the high bytes, one 2-digit token each; a high byte of 08h..F7h means |value| >= 800h.
file(READ ${wav} hex OFFSET 44 HEX)
string(REGEX REPLACE "(..)(..)" "\\2 " high "${hex}")
string(REGEX MATCHALL "[0-9a-f][0-9a-f] " samples "${high}")
list(LENGTH samples total)
string(REGEX MATCHALL "(0[89a-f]|[1-e][0-9a-f]|f[0-7]) " loud "${high}")
list(LENGTH loud count)
message(STATUS "movie audio: ${count} of ${total} samples at |value| >= 800h")
if(count LESS MIN_LOUD)
  message(FATAL_ERROR "movie audio is silent or too quiet: ${count} loud samples (want >= ${MIN_LOUD})")
endif()
