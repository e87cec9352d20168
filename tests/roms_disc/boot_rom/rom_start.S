# Our test boot ROM's machine-level parts (tests/roms_disc/boot_rom): the reset entry, and the
# exception vector at 80000080h, one of the two services a booted PS-EXE needs from a kernel
# here (kernelbios.md); the other, the A0h/B0h/C0h function vectors, is console_dummy.S or
# console_duart.S
# (SYSCALL(01h) EnterCriticalSection / SYSCALL(02h) ExitCriticalSection; anything else returns
# to EPC untouched). The RAM stubs jump into this ROM, where the handlers live.
    .set noreorder
    .set noat

    .section .text.reset, "ax"
    .global _reset
_reset:
    mtc0  $zero, $12            # SR: BEV=0 (vectors in RAM), interrupts off
    mtc0  $zero, $13
    li    $sp, 0x801FF000
    la    $t0, boot_main
    jr    $t0
    nop

    .text
# Where the exception vector's RAM stub (written by boot_rom.c) jumps. The function vectors'
# handlers are in console_dummy.S or console_duart.S.
    .global exception_handler

exception_handler:
    mfc0  $k0, $13              # CAUSE
    nop
    andi  $k0, $k0, 0x7C
    li    $k1, 0x20             # excode 8: SYSCALL
    bne   $k0, $k1, 9f
    nop
    mfc0  $k0, $12              # SR: after RFE, IEp/KUp (bits 2,3) become IEc/KUc
    li    $k1, 1
    beq   $a0, $k1, 2f
    li    $k1, 2
    bne   $a0, $k1, 8f
    nop
    ori   $k0, $k0, 0x0404      # ExitCriticalSection: IEp and IM2 (IRQ) on
    b     7f
    nop
2:  andi  $k1, $k0, 0x0404      # EnterCriticalSection: v0 = 1 if IEp and IM2 were both on
    xori  $k1, $k1, 0x0404
    sltiu $v0, $k1, 1
    li    $k1, 0xFFFFFBFB       # then both off
    and   $k0, $k0, $k1
7:  mtc0  $k0, $12
8:  mfc0  $k0, $14              # EPC: continue after the SYSCALL
    nop
    addiu $k0, $k0, 4
    jr    $k0
    rfe
9:  mfc0  $k0, $14
    nop
    jr    $k0
    rfe

# Clears every i-cache tag with the cache isolated (memorycontrol.md BCC 1FFE0130h: tag test
# mode + I-cache; SR.IsC), as a BIOS does before running code it loaded with CPU stores. Runs
# from the ROM, uncached.
    .global flush_icache
flush_icache:
    mfc0  $t0, $12
    lui   $t1, 0xFFFE
    lw    $t2, 0x130($t1)
    mtc0  $zero, $12
    li    $t3, 0x804
    sw    $t3, 0x130($t1)
    lui   $t3, 0x0001           # SR.IsC
    mtc0  $t3, $12
    move  $t4, $zero
    li    $t3, 0x1000
1:  sw    $zero, 0($t4)
    addiu $t4, $t4, 16
    bne   $t4, $t3, 1b
    nop
    mtc0  $zero, $12
    sw    $t2, 0x130($t1)
    mtc0  $t0, $12
    jr    $ra
    nop
