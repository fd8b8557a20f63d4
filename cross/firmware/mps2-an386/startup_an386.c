/*
 * startup_an386.c: bare-metal start-up for the Cortex-M4 (with FPU) of the Arm MPS2
 * AN386 FPGA image, as QEMU's `-M mps2-an386` models it, and the golden runner's
 * console through Arm semihosting.
 *
 *   - the vector table (section .vectors, placed at 0x00000000 by an386.ld): initial
 *     stack pointer and the reset, NMI and fault handlers;
 *   - Reset_Handler: enables the FPU (CPACR CP10/CP11; the image is built for the
 *     hard-float ABI), copies .data from its load address, zeroes .bss, runs
 *     golden_run() and ends the program with semihosting SYS_EXIT;
 *   - golden_write: semihosting SYS_WRITE0 (the text goes to QEMU's semihosting console,
 *     its stdout with `-semihosting-config enable=on,target=native`);
 *   - fault handlers that print the fault status registers and the stacked PC, then
 *     exit with a failure.
 *
 * No newlib start-up code and no newlib system calls: the program links newlib only for
 * memcpy/memset/memmove/memcmp (libspikert.a and libcbor.a need them).
 *
 * SYS_EXIT on 32-bit Arm takes a reason code only: ADP_Stopped_ApplicationExit makes QEMU
 * exit with status 0, any other reason with status 1, so status 0 means every check
 * passed.
 */
#include <stdint.h>

#include "golden_runner.h"

#define SYS_WRITE0 0x04
#define SYS_EXIT   0x18
#define ADP_Stopped_ApplicationExit   0x20026u
#define ADP_Stopped_RunTimeErrorUnknown 0x20023u

extern uint32_t __data_load__, __data_start__, __data_end__, __bss_start__, __bss_end__;
extern uint32_t __stack_top__;

static uint32_t semihost(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void golden_write(const char *text)
{
    semihost(SYS_WRITE0, text);
}

static void __attribute__((noreturn)) semihost_exit(int status)
{
    semihost(SYS_EXIT, (const void *)(uintptr_t)(status == 0 ? ADP_Stopped_ApplicationExit
                                                             : ADP_Stopped_RunTimeErrorUnknown));
    for (;;) {
    }
}

static void write_hex32(const char *label, uint32_t v)
{
    static const char digits[] = "0123456789abcdef";
    char buf[40];
    int n = 0, k;
    while (*label && n < 24) buf[n++] = *label++;
    buf[n++] = '0';
    buf[n++] = 'x';
    for (k = 28; k >= 0; k -= 4) buf[n++] = digits[(v >> k) & 15u];
    buf[n++] = '\n';
    buf[n] = '\0';
    golden_write(buf);
}

/* Called by the fault entry below with the stacked exception frame. */
void fault_report(const uint32_t *frame, uint32_t exc_return)
{
    golden_write("golden: FAULT\n");
    write_hex32("  ICSR  ", *(volatile uint32_t *)0xE000ED04u);
    write_hex32("  CFSR  ", *(volatile uint32_t *)0xE000ED28u);
    write_hex32("  HFSR  ", *(volatile uint32_t *)0xE000ED2Cu);
    write_hex32("  MMFAR ", *(volatile uint32_t *)0xE000ED34u);
    write_hex32("  BFAR  ", *(volatile uint32_t *)0xE000ED38u);
    write_hex32("  LR    ", exc_return);
    write_hex32("  PC    ", frame[6]);
    write_hex32("  xPSR  ", frame[7]);
    semihost_exit(3);
}

/* Every fault comes here: pass the active stack (MSP or PSP) to fault_report. */
__attribute__((naked)) void Fault_Handler(void)
{
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mov r1, lr\n"
        "b fault_report\n");
}

void Reset_Handler(void)
{
    uint32_t *src, *dst;
    /* Full access to CP10 and CP11 (the FPU) before any floating-point instruction. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    for (src = &__data_load__, dst = &__data_start__; dst < &__data_end__;) *dst++ = *src++;
    for (dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
    semihost_exit(golden_run());
}

typedef void (*vector_fn)(void);

/* Cortex-M4: 16 system exceptions; the runner uses no interrupt. */
__attribute__((section(".vectors"), used)) const vector_fn vector_table[16] = {
    (vector_fn)(uintptr_t)&__stack_top__, /* initial main stack pointer */
    Reset_Handler,
    Fault_Handler, /* NMI */
    Fault_Handler, /* HardFault */
    Fault_Handler, /* MemManage */
    Fault_Handler, /* BusFault */
    Fault_Handler, /* UsageFault */
    0, 0, 0, 0,
    Fault_Handler, /* SVCall */
    Fault_Handler, /* DebugMonitor */
    0,
    Fault_Handler, /* PendSV */
    Fault_Handler, /* SysTick */
};
