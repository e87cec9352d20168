/* Memory-mapped registers the demo programs use (iomap.md), with the reference section named
   next to each group. Only addresses and bit names live here; the helpers are in the .c files. */
#ifndef DEMO_HW_H
#define DEMO_HW_H
#include "ps1.h"

/* interrupts.md: I_STAT bits are set by the source whatever I_MASK says, and cleared by
   writing 0 to them, so a program with I_MASK = 0 can poll them without any BIOS handler. */
#define I_STAT MMIO32(0x1F801070)
#define I_MASK MMIO32(0x1F801074)
#define IRQ_VBLANK (1u << 0)
#define IRQ_GPU (1u << 1)
#define IRQ_DMA (1u << 3)

/* graphicsprocessingunitgpu.md: GP0 (commands, VRAM data), GP1 (display control), GPUREAD,
   GPUSTAT. */
#define GP0 MMIO32(0x1F801810)
#define GP1 MMIO32(0x1F801814)
#define GPUREAD MMIO32(0x1F801810)
#define GPUSTAT MMIO32(0x1F801814)
#define GPUSTAT_READY_CMD (1u << 26)  /* ready to receive a command word */
#define GPUSTAT_READY_VRAM (1u << 27) /* ready to send VRAM to the CPU */
#define GPUSTAT_READY_DMA (1u << 28)  /* ready to receive a DMA block */
#define GPUSTAT_ODD_LINE (1u << 31)

/* dmachannels.md: channel n registers at 1F801080h + n*10h, DPCR at 1F8010F0h. */
#define DMA_MADR(n) MMIO32(0x1F801080 + (n)*0x10)
#define DMA_BCR(n) MMIO32(0x1F801084 + (n)*0x10)
#define DMA_CHCR(n) MMIO32(0x1F801088 + (n)*0x10)
#define DMA_DPCR MMIO32(0x1F8010F0)
#define DMA_DICR MMIO32(0x1F8010F4)
#define DMA_GPU 2
#define DMA_OTC 6
#define CHCR_START_BUSY (1u << 24)
#define CHCR_START_TRIGGER (1u << 28)

/* serialinterfacessio.md: SIO0 talks to the pads; RX_DATA is read as a byte. */
#define SIO0_DATA MMIO8(0x1F801040)
#define SIO0_STAT MMIO32(0x1F801044)
#define SIO0_MODE MMIO16(0x1F801048)
#define SIO0_CTRL MMIO16(0x1F80104A)
#define SIO0_BAUD MMIO16(0x1F80104E)

#endif
