/*
 * platform.h: everything firmware.c needs from the board, and nothing else.
 *
 * firmware.c talks to the outside world only through these functions, so porting the
 * example to a board means writing one new platform_<board>.c and leaving firmware.c
 * as it is. platform_hosted.c implements them for a Linux process (also under
 * qemu-user): the sensor is a recording compiled in, output spikes go to stdout as
 * CSV and the log to stderr.
 */
#ifndef FIRMWARE_PLATFORM_H
#define FIRMWARE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* What platform_read_inputs found. */
enum platform_input {
    PLATFORM_INPUT_OK,       /* *count channels fired in this tick (maybe none) */
    PLATFORM_INPUT_END,      /* no more input: the run is over (a recording ended;
                                a board's sensors never end) */
    PLATFORM_INPUT_OVERFLOW  /* more than `capacity` channels fired; *count says how
                                many, nothing was written */
};

/* Called once before anything else: clocks, pins, console. */
void platform_init(void);

/* The input channels (the model's input neurons, 0-based) that fired during tick
 * `tick`, written to channels[0 .. *count-1]. On a board this waits for the tick
 * timer and collects the sensor events latched since the previous tick; `tick` is
 * then only a sequence number. The hosted replay can serve a past tick again, which
 * firmware.c's checkpoint self-test uses. */
enum platform_input platform_read_inputs(uint32_t tick, uint32_t *channels,
                                         size_t capacity, size_t *count);

/* One output spike: output channel `channel` fired in tick `tick`. */
void platform_output_spike(uint32_t tick, uint32_t channel);

/* The diagnostic log, one line built from pieces (firmware.c has no printf): text,
 * unsigned decimals and 64-bit hex values, then platform_log_end() ends the line. */
void platform_log(const char *text);
void platform_log_u64(uint64_t value);
void platform_log_hex64(uint64_t value);
void platform_log_end(void);

/* The firmware is done (the hosted run ended, or a fatal error: status 1). Hosted:
 * flushes the outputs and returns the process exit status; a board would halt,
 * blink an error code or reset. */
int platform_exit(int status);

#endif /* FIRMWARE_PLATFORM_H */
