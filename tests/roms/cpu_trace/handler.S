# Trace breaks (cpuspecifications.md "cop0r7 - DCIC": TE "Break on branch/jump/call/etc.", T
# "set upon Trace break"; a break with TR jumps to 80000040h with ExcCode 09h, and "if 'trace'
# break is enabled, then it must be disabled BEFORE jumping from 80000040h to the actual
# exception handler").
    .set noreorder
    .set noat
    .text

# The code main() copies to 80000040h: saves DCIC in k1 and clears it before its jump.
    .global trace_vector
trace_vector:
    mfc0  $k1, $7
    mtc0  $zero, $7
    lui   $k0, %hi(trace_handler)
    ori   $k0, $k0, %lo(trace_handler)
    jr    $k0
    nop
    .global trace_vector_end
trace_vector_end:

# Records Cause, EPC, DCIC (from k1) in g_dbg[0..2], counts hits in g_dbg[3], returns to EPC.
trace_handler:
    la    $k0, g_dbg
    sw    $k1, 8($k0)
    mfc0  $k1, $13
    nop
    sw    $k1, 0($k0)
    mfc0  $k1, $14
    nop
    sw    $k1, 4($k0)
    lw    $k1, 12($k0)
    nop
    addiu $k1, $k1, 1
    sw    $k1, 12($k0)
    mfc0  $k0, $14
    nop
    jr    $k0
    rfe

# uint32_t trace_branch(uint32_t dcic, uint32_t* dcic_after): a branch not taken, then a taken
# branch (to trace_target1) and a taken JR (to trace_target2); returns 1+2+100h+4 = 107h when
# every instruction that should run ran once, and stores DCIC as it was before clearing it.
    .global trace_branch
trace_branch:
    mtc0  $a0, $7
    nop
    li    $v0, 0
    bne   $zero, $zero, 9f          # not taken
    addiu $v0, $v0, 1
    beq   $zero, $zero, trace_target1
    addiu $v0, $v0, 2               # delay slot: runs before the break
    addiu $v0, $v0, 0x40            # skipped
    .global trace_target1
trace_target1:
    addiu $v0, $v0, 0x100
    lui   $t0, %hi(trace_target2)
    ori   $t0, $t0, %lo(trace_target2)
    jr    $t0
    addiu $v0, $v0, 4               # delay slot
    addiu $v0, $v0, 0x80            # skipped
    .global trace_target2
trace_target2:
    mfc0  $t1, $7
    nop
    mtc0  $zero, $7
    sw    $t1, 0($a1)
    jr    $ra
    nop
9:  jr    $ra
    li    $v0, 0xbad

# uint32_t trace_jal(uint32_t dcic): the first transfer is a JAL (to trace_callee, which
# returns 30h + 5 through JR RA with DCIC cleared).
    .global trace_jal
trace_jal:
    move  $t2, $ra
    mtc0  $a0, $7
    nop
    jal   trace_callee
    li    $v0, 5                    # delay slot
    jr    $t2
    nop
    .global trace_callee
trace_callee:
    addiu $v0, $v0, 0x30
    mtc0  $zero, $7
    nop
    jr    $ra
    nop
