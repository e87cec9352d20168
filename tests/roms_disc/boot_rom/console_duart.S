# The boot ROM's A0h/B0h/C0h function vectors (kernelbios.md) as a development BIOS has them:
# putchar, A(3Ch) and B(3Dh), writes its character to the DUART's TTY channel at 1F802023h
# (expansionportpio.md "DTL-H2000"), so an emulator that shows DUART output but captures no
# BIOS calls (e.g. a peer run for `scripts/bench_peer.sh`) shows what the program prints.
# Every other function returns 0. Not for Skipjack's tests: there the capture of A0h/B0h
# calls would print each character a second time.
    .set noreorder
    .text
    .global function_handler_a0
    .global function_handler_b0
    .global function_handler_c0
function_handler_a0:
    li    $k0, 0x3C
    beq   $t1, $k0, putchar
    nop
    jr    $ra
    move  $v0, $zero
function_handler_b0:
    li    $k0, 0x3D
    beq   $t1, $k0, putchar
    nop
function_handler_c0:
    jr    $ra
    move  $v0, $zero
putchar:
    lui   $k1, 0x1F80
    sb    $a0, 0x2023($k1)
    jr    $ra
    move  $v0, $a0
