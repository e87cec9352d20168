/* Tiny PS1 runtime for Skipjack's test programs and demos: BIOS calls, MMIO access, console. */
#ifndef SKIPJACK_PS1_H
#define SKIPJACK_PS1_H

typedef unsigned char uint8_t;
typedef signed char int8_t;
typedef unsigned short uint16_t;
typedef short int16_t;
typedef unsigned int uint32_t;
typedef int int32_t;
typedef unsigned long long uint64_t;
typedef long long int64_t;
typedef unsigned int size_t;
#define NULL ((void*)0)

#define MMIO32(a) (*(volatile uint32_t*)(a))
#define MMIO16(a) (*(volatile uint16_t*)(a))
#define MMIO8(a) (*(volatile uint8_t*)(a))

/* BIOS functions (kernelbios.md). */
void bios_putchar(int c);
void bios_puts(const char* s);
int bios_printf(const char* fmt, ...);
void bios_flush_cache(void);
int bios_open_event(uint32_t cls, uint32_t spec, uint32_t mode, void* func);
int bios_close_event(int ev);
int bios_wait_event(int ev);
int bios_test_event(int ev);
int bios_enable_event(int ev);
int bios_disable_event(int ev);
int bios_deliver_event(uint32_t cls, uint32_t spec);
void bios_init_pad(void* buf1, uint32_t size1, void* buf2, uint32_t size2);
void bios_start_pad(void);
void bios_stop_pad(void);
void bios_return_from_exception(void);
void bios_set_default_exit_from_exception(void);
void bios_set_custom_exit_from_exception(void* jmpbuf);
void bios_sys_enq_int_rp(int priority, void* entry);
void bios_sys_deq_int_rp(int priority, void* entry);
int bios_enter_critical_section(void);
void bios_exit_critical_section(void);

/* Ends the run: the value becomes skipjack-cli's exit code (debug register 1F802082h). */
void ps1_exit(int code) __attribute__((noreturn));

/* Console output through BIOS putchar; supports %d %u %x %X %08x-style width/zero, %s %c %%. */
void tprintf(const char* fmt, ...);

void* memset(void* d, int c, size_t n);
void* memcpy(void* d, const void* s, size_t n);

#endif
