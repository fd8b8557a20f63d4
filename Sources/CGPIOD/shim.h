// libgpiod 1.6 (Debian 12, Raspberry Pi OS bookworm), as SpikeGPIO's backend uses it.
// Nothing else belongs here.
#include <gpiod.h>
