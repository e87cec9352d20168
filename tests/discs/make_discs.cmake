# Builds the small disc images the disc tests read (run by CMake at build time):
# an ISO 9660 image with SYSTEM.CNF and a PS-EXE (genisoimage), cue/bin images of it with
# audio tracks (skipjack-mkdisc), and CHDs of those (chdman, one per codec choice).
# Inputs: GENISOIMAGE, CHDMAN, MKDISC, EXE, OUT.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARGN} failed (${rc}): ${err}")
  endif()
endfunction()

file(REMOVE_RECURSE ${OUT}/root ${OUT}/root-nocnf)
file(MAKE_DIRECTORY ${OUT}/root/DATA ${OUT}/root-nocnf)
file(WRITE ${OUT}/root/SYSTEM.CNF "BOOT = cdrom:\\SLUS_012.34;1\r\nTCB = 4\r\nEVENT = 10\r\nSTACK = 801FFF00\r\n")
file(COPY_FILE ${EXE} ${OUT}/root/SLUS_012.34)
# A file of several sectors with known contents: line N reads "line N".
set(text "")
foreach(i RANGE 1 1000)
  string(APPEND text "line ${i}\n")
endforeach()
file(WRITE ${OUT}/root/DATA/LINES.TXT "${text}")
file(COPY_FILE ${EXE} ${OUT}/root-nocnf/PSX.EXE)

run(${GENISOIMAGE} -quiet -o ${OUT}/disc.iso -V SKIPJACK_TEST -sysid PLAYSTATION ${OUT}/root)
run(${GENISOIMAGE} -quiet -o ${OUT}/nocnf.iso -V NOCNF ${OUT}/root-nocnf)
run(${MKDISC} ${OUT}/disc.iso ${OUT}/mode1)
run(${MKDISC} ${OUT}/disc.iso ${OUT}/mode2 --mode2)
run(${MKDISC} ${OUT}/disc.iso ${OUT}/motorola --motorola)
run(${CHDMAN} createcd -f -i ${OUT}/mode1.cue -o ${OUT}/mode1.chd)
foreach(codec cdzl cdlz cdfl none zlib lzma flac)
  run(${CHDMAN} createcd -f -c ${codec} -i ${OUT}/mode1.cue -o ${OUT}/mode1_${codec}.chd)
endforeach()
run(${CHDMAN} createcd -f -i ${OUT}/mode2.cue -o ${OUT}/mode2.chd)
run(${CHDMAN} createcd -f -i ${OUT}/mode2_2336.cue -o ${OUT}/mode2_2336.chd)
# The ISO itself as a MODE1/2048 track: sectors whose sync, header, EDC and ECC are rebuilt.
file(WRITE ${OUT}/iso2048.cue "FILE \"disc.iso\" BINARY\n  TRACK 01 MODE1/2048\n    INDEX 01 00:00:00\n")
run(${CHDMAN} createcd -f -i ${OUT}/iso2048.cue -o ${OUT}/iso2048.chd)
# A playlist of two discs for the m3u tests.
file(WRITE ${OUT}/game.m3u "# two discs\nmode1.cue\n\nMODE2.CUE\n")
file(TOUCH ${OUT}/discs.stamp)
