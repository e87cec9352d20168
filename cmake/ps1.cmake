# Builds PS1 programs (PS-EXE) with Debian's mipsel-linux-gnu cross compiler (DESIGN.md §6).
#   add_ps1_program(NAME SOURCES a.c b.S [INCLUDES dir...] [OUTPUT_DIR dir] [LINKER_SCRIPT file])
# produces ${OUTPUT_DIR}/NAME.exe and a target NAME_exe built by ALL.
find_program(PS1_CC mipsel-linux-gnu-gcc REQUIRED)
find_program(PS1_LD mipsel-linux-gnu-ld REQUIRED)
find_program(PS1_OBJCOPY mipsel-linux-gnu-objcopy REQUIRED)
set(PS1_RUNTIME_DIR ${PROJECT_SOURCE_DIR}/tests/roms/runtime)
set(PS1_CFLAGS -march=r3000 -mabi=32 -msoft-float -mno-abicalls -fno-pic -G0 -ffreestanding
    -fno-builtin -nostdlib -fno-stack-protector -mno-check-zero-division -mno-llsc -O2 -Wall
    -Wextra -std=gnu11)
if(SKIPJACK_WERROR)
  list(APPEND PS1_CFLAGS -Werror)
endif()
set(PS1_ASFLAGS -march=r3000 -mabi=32 -msoft-float -mno-abicalls -fno-pic -G0 -Wa,-non_shared)

function(add_ps1_program name)
  cmake_parse_arguments(P "" "OUTPUT_DIR;LINKER_SCRIPT" "SOURCES;INCLUDES" ${ARGN})
  if(NOT P_OUTPUT_DIR)
    set(P_OUTPUT_DIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  if(NOT P_LINKER_SCRIPT)
    set(P_LINKER_SCRIPT ${PS1_RUNTIME_DIR}/ps1.ld)
  endif()
  set(includes -I${PS1_RUNTIME_DIR})
  foreach(inc ${P_INCLUDES})
    list(APPEND includes -I${inc})
  endforeach()
  set(objdir ${CMAKE_CURRENT_BINARY_DIR}/${name}.objs)
  set(objects)
  foreach(src ${P_SOURCES})
    get_filename_component(abs ${src} ABSOLUTE)
    get_filename_component(base ${src} NAME)
    set(obj ${objdir}/${base}.o)
    if(abs MATCHES "\\.S$")
      set(flags ${PS1_ASFLAGS})
    else()
      set(flags ${PS1_CFLAGS})
    endif()
    add_custom_command(OUTPUT ${obj}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${objdir}
      COMMAND ${PS1_CC} ${flags} ${includes} -MD -MF ${obj}.d -c ${abs} -o ${obj}
      DEPENDS ${abs}
      DEPFILE ${obj}.d
      COMMENT "PS1 ${base}"
      VERBATIM)
    list(APPEND objects ${obj})
  endforeach()
  set(elf ${objdir}/${name}.elf)
  set(exe ${P_OUTPUT_DIR}/${name}.exe)
  add_custom_command(OUTPUT ${exe}
    COMMAND ${PS1_LD} -m elf32ltsmip -T ${P_LINKER_SCRIPT} --no-warn-rwx-segments -o ${elf} ${objects}
    COMMAND ${PS1_OBJCOPY} -O binary ${elf} ${exe}
    DEPENDS ${objects} ${P_LINKER_SCRIPT}
    COMMENT "PS-EXE ${name}.exe"
    VERBATIM)
  add_custom_target(${name}_exe ALL DEPENDS ${exe})
endfunction()
