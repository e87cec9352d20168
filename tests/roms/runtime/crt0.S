# Program entry: set up GP and the stack, clear .bss, run main(), then end the run by writing
# main's return value to the debug exit register (1F802082h).
    .set noreorder
    .section .text.start, "ax"
    .global _start
_start:
    la    $gp, _gp
    li    $sp, 0x801FFF00
    la    $t0, __bss_start
    la    $t1, __bss_end
1:  beq   $t0, $t1, 2f
    nop
    sw    $zero, 0($t0)
    b     1b
    addiu $t0, $t0, 4
2:  jal   main
    nop
    .global exit
exit:
    move  $a0, $v0
    .global ps1_exit
ps1_exit:
    lui   $t0, 0x1F80
    sb    $a0, 0x2082($t0)
3:  b     3b
    nop
