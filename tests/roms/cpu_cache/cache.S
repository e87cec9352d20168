# i-cache helpers (memorymap.md "i-Cache", memorycontrol.md "FFFE0130h - BCC").
    .set noreorder
    .set noat
    .text

# A function whose first instruction the test rewrites; aligned to a cache line.
    .balign 16
    .global patchme
patchme:
    li    $v0, 1
    jr    $ra
    nop
    nop

# The BIOS flush: BCC = TAG|IS1, SR.IsC, zero every line's tag. Run it through KSEG1.
    .global flush_icache
flush_icache:
    mfc0  $t0, $12
    lui   $t1, 0xfffe
    lw    $t2, 0x130($t1)
    li    $t3, 0x804
    sw    $t3, 0x130($t1)
    lui   $t4, 0x0001
    mtc0  $t4, $12
    nop
    nop
    li    $t5, 0
    li    $t6, 0x1000
1:  sw    $zero, 0($t5)
    addiu $t5, $t5, 16
    bne   $t5, $t6, 1b
    nop
    mtc0  $zero, $12
    nop
    sw    $t2, 0x130($t1)
    mtc0  $t0, $12
    nop
    jr    $ra
    nop

# Isolated TAG-mode load of a0: returns valid bits [3:0] and the tag match in bit 4.
    .global read_tag
read_tag:
    mfc0  $t0, $12
    lui   $t1, 0xfffe
    lw    $t2, 0x130($t1)
    li    $t3, 0x804
    sw    $t3, 0x130($t1)
    lui   $t4, 0x0001
    mtc0  $t4, $12
    nop
    nop
    lw    $v0, 0($a0)
    nop
    mtc0  $zero, $12
    nop
    sw    $t2, 0x130($t1)
    mtc0  $t0, $12
    nop
    jr    $ra
    andi  $v0, $v0, 0x1f
