# Makes the movie player's disc (run by CMake at build time): MOVIE.STR from skipjack-strenc,
# an ISO 9660 image with SYSTEM.CNF, the player as MOVIE.EXE and the movie (genisoimage), then
# OUT/movie.cue/.bin with skipjack-mkdisc --mode2. Inputs: GENISOIMAGE, MKDISC, STRENC, EXE, OUT.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARGN} failed (${rc}): ${err}")
  endif()
endfunction()

file(REMOVE_RECURSE ${OUT}/root)
file(MAKE_DIRECTORY ${OUT}/root)
file(WRITE ${OUT}/root/SYSTEM.CNF "BOOT = cdrom:\\MOVIE.EXE;1\r\nTCB = 4\r\nEVENT = 10\r\nSTACK = 801FFF00\r\n")
file(COPY_FILE ${EXE} ${OUT}/root/MOVIE.EXE)
# The player checks these numbers (assets/movie/player.c W, H, FRAMES).
# With its XA audio interleaved: MOVIE.STR holds the stream's size for the ISO, movie.raw its
# sectors (Form 1 video, Form 2 audio) for skipjack-mkdisc --raw-file.
run(${STRENC} ${OUT}/root/MOVIE.STR --frames 24 --width 320 --height 240 --qscale 4
    --xa ${OUT}/movie.raw)
run(${GENISOIMAGE} -quiet -o ${OUT}/movie.iso -V SKIPJACK_MOVIE -sysid PLAYSTATION ${OUT}/root)
run(${MKDISC} ${OUT}/movie.iso ${OUT}/movie --mode2 --raw-file MOVIE.STR ${OUT}/movie.raw)
