# The boot ROM's A0h/B0h/C0h function vectors (kernelbios.md) as a retail BIOS's dummy console
# has them: every function returns 0 and prints nothing; what a program prints reaches
# skipjack-cli --tty only through its capture of the A0h/B0h calls (issue 20 item 6).
    .set noreorder
    .text
    .global function_handler_a0
    .global function_handler_b0
    .global function_handler_c0
function_handler_a0:
function_handler_b0:
function_handler_c0:
    jr    $ra
    move  $v0, $zero
