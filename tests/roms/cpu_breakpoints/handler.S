# Debug-exception handler for the COP0 breakpoint test (cpuspecifications.md "COP0 - Debug
# Registers": a breakpoint hit with DCIC.TR jumps to 80000040h with Cause.ExcCode 09h).
    .set noreorder
    .set noat
    .text

# Reads DCIC and disables every breakpoint before its first data access (the reference: "one
# of the first things to be done in the exception handler is to disable breakpoints"), then
# records Cause, EPC, DCIC in g_dbg[0..2], counts hits in g_dbg[3] and returns to
# EPC + g_dbg[4] (0: re-execute the instruction, 4: skip it).
    .global dbg_handler
dbg_handler:
    mfc0  $k0, $7
    nop
    mtc0  $zero, $7
    la    $k1, g_dbg
    sw    $k0, 8($k1)
    mfc0  $k0, $13
    nop
    sw    $k0, 0($k1)
    mfc0  $k0, $14
    nop
    sw    $k0, 4($k1)
    lw    $k0, 12($k1)
    nop
    addiu $k0, $k0, 1
    sw    $k0, 12($k1)
    lw    $k1, 16($k1)
    mfc0  $k0, $14
    nop
    addu  $k0, $k0, $k1
    jr    $k0
    rfe

# Code the breakpoints watch. Each block is 16-byte aligned so a BPCM of FFFFFFF0h covers it.
    .balign 16
    .global bp_exec
bp_exec:
    li    $v0, 0x11                 # +0
    jr    $ra                       # +4
    addiu $v0, $v0, 1               # +8: delay slot

    .balign 16
    .global bp_lw
bp_lw:
    lw    $v0, 0($a0)
    jr    $ra
    nop

    .global bp_lh
bp_lh:
    li    $v0, 0x55
    lh    $v0, 0($a0)
    jr    $ra
    nop

    .global bp_lb
bp_lb:
    lbu   $v0, 0($a0)
    jr    $ra
    nop

    .global bp_lwl
bp_lwl:
    li    $v0, 0
    lwl   $v0, 0($a0)
    jr    $ra
    nop

    .global bp_sw
bp_sw:
    sw    $a1, 0($a0)
    jr    $ra
    nop

    .global bp_sh
bp_sh:
    sh    $a1, 0($a0)
    jr    $ra
    nop

    .global bp_swr
bp_swr:
    swr   $a1, 0($a0)
    jr    $ra
    nop

    .global set_dcic
set_dcic:
    mtc0  $a0, $7
    nop
    jr    $ra
    nop

    .global get_dcic
get_dcic:
    mfc0  $v0, $7
    nop
    jr    $ra
    nop

# set_bp(bpc, bpcm, bda, bdam)
    .global set_bp
set_bp:
    mtc0  $a0, $3
    mtc0  $a1, $11
    mtc0  $a2, $5
    mtc0  $a3, $9
    jr    $ra
    nop
