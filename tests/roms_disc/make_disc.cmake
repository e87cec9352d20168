# Makes the boot disc of one test program (run by CMake at build time): an ISO 9660 image with
# SYSTEM.CNF and the program as PSXTEST.EXE (genisoimage), then OUT/NAME.cue/.bin with
# skipjack-mkdisc --mode2 (PlayStation discs hold Mode 2 Form 1 data sectors).
# Inputs: GENISOIMAGE, MKDISC, EXE, OUT, NAME.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARGN} failed (${rc}): ${err}")
  endif()
endfunction()

file(REMOVE_RECURSE ${OUT}/root)
file(MAKE_DIRECTORY ${OUT}/root)
# The program checks that SYSTEM.CNF starts with this BOOT line.
file(WRITE ${OUT}/root/SYSTEM.CNF "BOOT = cdrom:\\PSXTEST.EXE;1\r\nTCB = 4\r\nEVENT = 10\r\nSTACK = 801FFF00\r\n")
file(COPY_FILE ${EXE} ${OUT}/root/PSXTEST.EXE)
run(${GENISOIMAGE} -quiet -o ${OUT}/${NAME}.iso -V SKIPJACK_ROMDISC -sysid PLAYSTATION ${OUT}/root)
run(${MKDISC} ${OUT}/${NAME}.iso ${OUT}/${NAME} --mode2)
