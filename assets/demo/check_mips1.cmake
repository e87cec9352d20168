# demo.mips1_only: disassembles every demo program and fails on any instruction outside the
# R3000A's MIPS I set (DESIGN.md §6), e.g. a mul, teq, ll/sc or branch-likely that a wrong
# compiler flag or a libgcc routine would bring in.
string(REPLACE "," ";" PROGRAMS "${PROGRAMS}")
set(allowed
  add addi addiu addu and andi b bal beq beqz bgez bgezal bgtz blez bltz bltzal bne bnez break
  div divu j jal jalr jr lb lbu lh lhu li lui lw lwl lwr mfhi mflo mthi mtlo move mult multu neg
  negu nop nor not or ori sb sh sll sllv slt slti sltiu sltu sra srav srl srlv sub subu sw swl
  swr syscall xor xori mfc0 mtc0 rfe mfc2 mtc2 cfc2 ctc2 lwc2 swc2 c2 .word)
set(bad)
foreach(name ${PROGRAMS})
  execute_process(COMMAND ${OBJDUMP} -d ${BUILD_DIR}/${name}.objs/${name}.elf
                  OUTPUT_VARIABLE dis RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cannot disassemble ${name}")
  endif()
  string(REGEX MATCHALL "\n *[0-9a-f]+:\t[0-9a-f]+ \t[^ \t\n]+" lines "${dis}")
  foreach(line ${lines})
    string(REGEX REPLACE ".*\t" "" mnemonic "${line}")
    list(FIND allowed ${mnemonic} found)
    if(found EQUAL -1)
      list(APPEND bad "${name}:${mnemonic}")
    endif()
  endforeach()
endforeach()
if(bad)
  list(REMOVE_DUPLICATES bad)
  message(FATAL_ERROR "non-MIPS I instructions: ${bad}")
endif()
message("only MIPS I instructions in ${PROGRAMS}")
