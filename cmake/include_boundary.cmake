# The build enforces the map of DESIGN.md §1: a target sees only the folders it may include.
#   skipjack_expose_folders(TARGET PUBLIC|PRIVATE folder...)
# makes ${PROJECT_BINARY_DIR}/include/TARGET/ hold one symbolic link per folder (e.g.
# include/skipjack_gpu/gpu -> <source>/gpu) and puts that directory, not the source root, on
# the target's include path. "gpu/x.h" then resolves, while "core/x.h" from a gpu/ file finds
# nothing unless skipjack_core's own directory reaches the compiler through a link dependency,
# which only the libraries allowed to use core/ have. Links to folders (not copies of headers)
# keep edits and new files visible without re-running CMake.
function(skipjack_expose_folders target scope)
  set(dir ${PROJECT_BINARY_DIR}/include/${target})
  foreach(folder ${ARGN})
    get_filename_component(parent ${dir}/${folder} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${dir}/${folder} SYMBOLIC)
  endforeach()
  target_include_directories(${target} ${scope} ${dir})
endfunction()
