# Instruction sequences whose exact ordering matters (delay slots), kept in assembly so the
# compiler cannot reorder them. Each returns its observation in v0 and, when there is a
# second one, in v1, which is also stored to g_second.
    .set noreorder
    .set noat
    .text

# Load delay (cpuspecifications.md "Caution - Load Delay"): v0 = value seen by the next
# instruction, v1 = value seen by the one after. a0 = address, a1 = old register value.
    .global ld_delay
ld_delay:
    move  $t0, $a1
    lw    $t0, 0($a0)
    move  $v0, $t0
    move  $v1, $t0
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $ra
    nop

# A write by the load-delay instruction wins: returns the final register.
    .global ld_overwrite
ld_overwrite:
    lw    $t0, 0($a0)
    li    $t0, 0x55
    nop
    jr    $ra
    move  $v0, $t0

# Two loads to one register back to back: v0 = seen after the second load, v1 = final.
    .global ld_twice
ld_twice:
    move  $t0, $a1
    lw    $t0, 0($a0)
    lw    $t0, 4($a0)
    move  $v0, $t0
    move  $v1, $t0
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $ra
    nop

# LWL/LWR pair with no delay between them ("Unaligned Load/Store"): a0 = unaligned address.
    .global ld_unaligned
ld_unaligned:
    li    $v0, 0
    lwl   $v0, 3($a0)
    lwr   $v0, 0($a0)
    nop
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $ra
    nop

# LWL alone and LWR alone with a1 as the old register value: v0 = lwl, v1 = lwr.
    .global ld_lwl_lwr
ld_lwl_lwr:
    move  $v0, $a1
    move  $v1, $a1
    lwl   $v0, 0($a0)
    lwr   $v1, 0($a0)
    nop
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $ra
    nop

# SWL / SWR of a1 at a0.
    .global st_swl
st_swl:
    jr    $ra
    swl   $a1, 0($a0)
    .global st_swr
st_swr:
    jr    $ra
    swr   $a1, 0($a0)

# The branch delay slot always executes: returns 2 (1 from the slot + 1 at the target).
    .global br_delay
br_delay:
    li    $v0, 0
    b     1f
    addiu $v0, $v0, 1
    addiu $v0, $v0, 100
1:  jr    $ra
    addiu $v0, $v0, 1

# A jump in a delay slot: one instruction at the first target, then the second target.
# Returns 0x11: 1 from the first target's instruction, 0x10 at the second target.
    .global br_jump_in_slot
br_jump_in_slot:
    li    $v0, 0
    j     2f
    j     3f
    addiu $v0, $v0, 0x100     # skipped
2:  addiu $v0, $v0, 1         # runs once (delay slot of "j 3f")
    addiu $v0, $v0, 0x200     # skipped
3:  jr    $ra
    addiu $v0, $v0, 0x10

# BGEZAL with rs = ra: compares the old ra (negative here), links anyway. v0 = ra after,
# v1 = 1 if the branch was taken.
    .global br_bgezal_ra
br_bgezal_ra:
    move  $t9, $ra
    lui   $ra, 0x8000
    li    $v1, 0
    .word 0x07f10004          # bgezal $ra, 1f (assemblers refuse rs = ra)
    nop
    move  $v0, $ra
    b     2f
    nop
1:  li    $v1, 1
    move  $v0, $ra
2:  la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $t9
    nop
    .global br_bgezal_link_expected
br_bgezal_link_expected:
    la    $v0, br_bgezal_ra
    jr    $ra
    addiu $v0, $v0, 20

# BLTZAL taken: v0 = 1 if taken, v1 = ra - (address of the bltzal).
    .global br_bltzal
br_bltzal:
    move  $t9, $ra
    li    $v0, 0
    li    $t0, -1
    la    $t1, 5f
5:  bltzal $t0, 1f
    nop
    b     2f
    nop
1:  li    $v0, 1
2:  subu  $v1, $ra, $t1
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $t9
    nop

# JALR rd: links into a chosen register. Returns the link minus the jalr address.
    .global br_jalr
br_jalr:
    move  $t9, $ra
    la    $t0, 1f
    la    $t1, 2f
2:  jalr  $t3, $t0
    nop
1:  subu  $v0, $t3, $t1
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $t9
    nop

# MFHI/MFLO after MULT/DIV: a0, a1 operands; v0 = hi, v1 = lo. Selector in a2.
    .global muldiv
muldiv:
    beq   $a2, $zero, 1f
    li    $t0, 1
    beq   $a2, $t0, 2f
    li    $t0, 2
    beq   $a2, $t0, 3f
    nop
    divu  $zero, $a0, $a1
    b     9f
    nop
1:  mult  $a0, $a1
    b     9f
    nop
2:  multu $a0, $a1
    b     9f
    nop
3:  div   $zero, $a0, $a1
9:  mfhi  $v0
    mflo  $v1
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $ra
    nop

# MTHI/MTLO round trip.
    .global mthilo
mthilo:
    mthi  $a0
    mtlo  $a1
    mfhi  $v0
    mflo  $v1
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $ra
    nop

# MFC0 has a one-instruction delay: v0 = seen by the next instruction, v1 = after.
    .global cop0_delay
cop0_delay:
    li    $t0, 0x77
    mfc0  $t0, $15
    move  $v0, $t0
    move  $v1, $t0
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $ra
    nop

# Cycle counter-free timing check: a MULT with a small rs followed directly by MFLO must
# still produce the right product (the CPU waits).
    .global mult_wait
mult_wait:
    multu $a0, $a1
    mflo  $v0
    la    $t8, g_second
    sw    $v1, 0($t8)
    jr    $ra
    nop
