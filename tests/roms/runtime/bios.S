# Trampolines to the BIOS function tables (kernelbios.md): the function number goes in t1,
# then a jump to A0h, B0h or C0h; arguments and the result use the normal calling convention.
    .set noreorder
    .text
.macro BIOSCALL table, num, name
    .global \name
    .type \name, @function
\name:
    li    $t2, \table
    jr    $t2
    li    $t1, \num
.endm

    BIOSCALL 0xA0, 0x3C, bios_putchar
    BIOSCALL 0xA0, 0x3E, bios_puts
    BIOSCALL 0xA0, 0x3F, bios_printf
    BIOSCALL 0xA0, 0x44, bios_flush_cache
    BIOSCALL 0xB0, 0x07, bios_deliver_event
    BIOSCALL 0xB0, 0x08, bios_open_event
    BIOSCALL 0xB0, 0x09, bios_close_event
    BIOSCALL 0xB0, 0x0A, bios_wait_event
    BIOSCALL 0xB0, 0x0B, bios_test_event
    BIOSCALL 0xB0, 0x0C, bios_enable_event
    BIOSCALL 0xB0, 0x0D, bios_disable_event
    BIOSCALL 0xB0, 0x12, bios_init_pad
    BIOSCALL 0xB0, 0x13, bios_start_pad
    BIOSCALL 0xB0, 0x14, bios_stop_pad
    BIOSCALL 0xB0, 0x17, bios_return_from_exception
    BIOSCALL 0xB0, 0x18, bios_set_default_exit_from_exception
    BIOSCALL 0xB0, 0x19, bios_set_custom_exit_from_exception
    BIOSCALL 0xC0, 0x02, bios_sys_enq_int_rp
    BIOSCALL 0xC0, 0x03, bios_sys_deq_int_rp

# Enter/ExitCriticalSection are SYSCALL(01h)/SYSCALL(02h) with the number in a0.
    .global bios_enter_critical_section
bios_enter_critical_section:
    li    $a0, 1
    syscall 0
    jr    $ra
    nop
    .global bios_exit_critical_section
bios_exit_critical_section:
    li    $a0, 2
    syscall 0
    jr    $ra
    nop
