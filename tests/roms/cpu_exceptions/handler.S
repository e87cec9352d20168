# Our own general exception handler for the exception tests, and the i-cache flush the BIOS
# uses (memorycontrol.md "FFFE0130h - BCC"), run from uncached KSEG1.
    .set noreorder
    .set noat
    .text

# Records Cause, EPC, BadVaddr, SR and TAR in g_exc[0..4], counts in g_exc[5], clears the
# software interrupt bits, and returns to g_exc[6] when set (then clears it), to EPC for an
# interrupt, else to EPC+4.
    .global exc_handler
exc_handler:
    la    $k1, g_exc
    mfc0  $k0, $13
    nop
    sw    $k0, 0($k1)
    mfc0  $k0, $14
    nop
    sw    $k0, 4($k1)
    mfc0  $k0, $8
    nop
    sw    $k0, 8($k1)
    mfc0  $k0, $12
    nop
    sw    $k0, 12($k1)
    mfc0  $k0, $6
    nop
    sw    $k0, 16($k1)
    lw    $k0, 20($k1)
    nop
    addiu $k0, $k0, 1
    sw    $k0, 20($k1)
    mtc0  $zero, $13
    lw    $k0, 24($k1)
    nop
    bne   $k0, $zero, 2f
    sw    $zero, 24($k1)
    lw    $k0, 0($k1)
    nop
    andi  $k0, $k0, 0x7c
    bne   $k0, $zero, 1f
    mfc0  $k0, $14
    nop                             # interrupt: return to EPC
    jr    $k0
    rfe
1:  nop
    addiu $k0, $k0, 4               # other exceptions: skip the instruction
2:  jr    $k0
    rfe

    .global exc_handler_end
exc_handler_end:

    .global flush_icache
flush_icache:
    mfc0  $t0, $12
    lui   $t1, 0xfffe
    lw    $t2, 0x130($t1)
    li    $t3, 0x804                # TAG | IS1
    sw    $t3, 0x130($t1)
    lui   $t4, 0x0001               # SR.IsC
    mtc0  $t4, $12
    nop
    nop
    li    $t5, 0
    li    $t6, 0x1000
3:  sw    $zero, 0($t5)
    addiu $t5, $t5, 16
    bne   $t5, $t6, 3b
    nop
    mtc0  $zero, $12
    nop
    sw    $t2, 0x130($t1)
    mtc0  $t0, $12
    nop
    jr    $ra
    nop

# Faulting sequences. Each returns after the handler resumes.
    .global do_add_ovf
do_add_ovf:
    li    $v0, 0x55
    lui   $t0, 0x7fff
    ori   $t0, $t0, 0xffff
    add   $v0, $t0, $t0             # faults; v0 stays 0x55
    jr    $ra
    nop

    .global do_addi_ovf
do_addi_ovf:
    li    $v0, 0x66
    lui   $t0, 0x7fff
    ori   $t0, $t0, 0xffff
    addi  $v0, $t0, 1
    jr    $ra
    nop

    .global do_sub_ovf
do_sub_ovf:
    li    $v0, 0x77
    lui   $t0, 0x8000
    li    $t1, 1
    sub   $v0, $t0, $t1
    jr    $ra
    nop

    .global do_syscall
do_syscall:
    syscall 0x123
    jr    $ra
    nop

    .global do_break
do_break:
    break 0x45
    jr    $ra
    nop

    .global do_reserved
do_reserved:
    .word 0x7c000000                # primary opcode 1Fh: N/A
    jr    $ra
    nop

    .global do_lw
do_lw:
    li    $v0, 0x99
    lw    $v0, 0($a0)
    nop
    jr    $ra
    nop

    .global do_lh
do_lh:
    li    $v0, 0x99
    lh    $v0, 0($a0)
    nop
    jr    $ra
    nop

    .global do_sw
do_sw:
    sw    $a1, 0($a0)
    jr    $ra
    nop

    .global do_sh
do_sh:
    sh    $a1, 0($a0)
    jr    $ra
    nop

    .global do_jr
do_jr:                              # the handler resumes at 1f
    la    $t0, g_exc
    la    $t1, 1f
    sw    $t1, 24($t0)
    jr    $a0
    nop
1:  jr    $ra
    nop

# Overflow in the delay slot of a taken jump: EPC = the jump, BD, BT, TAR = target.
    .global do_delay_ovf
    .global do_delay_ovf_jump
    .global do_delay_ovf_target
do_delay_ovf:
    lui   $t0, 0x7fff
    ori   $t0, $t0, 0xffff
do_delay_ovf_jump:
    j     do_delay_ovf_target
    add   $t1, $t0, $t0
    nop
do_delay_ovf_target:
    jr    $ra
    nop

    .global do_cop2
do_cop2:
    mfc2  $v0, $0
    nop
    jr    $ra
    nop

    .global do_lwc0
do_lwc0:
    .word 0xc0000000                # lwc0 $0, 0($zero)
    jr    $ra
    nop

    .global do_mfc0_r0
do_mfc0_r0:
    mfc0  $v0, $0
    nop
    jr    $ra
    nop

# Software interrupt: Cause bit 8 with SR.IM bit 8 and IEc. a0 = SR to use.
    .global do_swint
    .global do_swint_after
do_swint:
    mfc0  $t0, $12
    nop
    mtc0  $a0, $12
    li    $t1, 0x100
    mtc0  $t1, $13
do_swint_after:
    nop
    nop
    mtc0  $t0, $12
    jr    $ra
    nop

# Load completes before the handler runs when an interrupt hits between a load and its
# delay slot ("unless an IRQ occurs between the load and next opcode").
