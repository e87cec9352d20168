# The presenting period of a fixed frame-skip schedule: 1 for "off", N+1 for "fixed:N" (one
# frame in N+1 presented), empty for a mode without a fixed schedule ("auto").
function(schedule_period mode out)
  if(mode STREQUAL "off")
    set(${out} 1 PARENT_SCOPE)
  elseif(mode MATCHES "^fixed:([0-9]+)$")
    math(EXPR period "${CMAKE_MATCH_1} + 1")
    set(${out} ${period} PARENT_SCOPE)
  else()
    set(${out} "" PARENT_SCOPE)
  endif()
endfunction()
