# demo.exes_match_committed: fails naming every program whose built exe differs from (or is
# missing next to) the committed assets/bin/<name>.exe.
string(REPLACE "," ";" PROGRAMS "${PROGRAMS}")
set(bad)
foreach(name ${PROGRAMS})
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${BUILD_DIR}/${name}.exe
                  ${BIN_DIR}/${name}.exe RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    list(APPEND bad ${name})
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "built exes differ from assets/bin: ${bad} "
                      "(cmake --build build --target demo_update_bin, then commit)")
endif()
message("all ${PROGRAMS} match assets/bin")
