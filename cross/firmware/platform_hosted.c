/*
 * platform_hosted.c: platform.h for a Linux process (x86_64, or aarch64/armv7 under
 * qemu-user), the part of the example a board port replaces.
 *
 *   sensor   the recording replay_table.h holds: cross/firmware/build.sh turns a spike
 *            file (docs/demo/motion-events.csv) into a table at build time, so the
 *            program reads no files and the replay can serve any tick again
 *   outputs  "tick,channel" CSV lines on stdout, after a "tick,channel" header: the
 *            form `spikert run --output` writes, so the two compare byte for byte
 *   log      stderr
 */
#include <stdio.h>

#include "platform.h"
#include "replay_table.h" /* generated: REPLAY_TICKS, replay_first[], replay_channel[] */

void platform_init(void)
{
    fputs("tick,channel\n", stdout);
}

enum platform_input platform_read_inputs(uint32_t tick, uint32_t *channels,
                                         size_t capacity, size_t *count)
{
    uint32_t first, end, k;

    if (tick >= REPLAY_TICKS) {
        return PLATFORM_INPUT_END;
    }
    first = replay_first[tick];
    end = replay_first[tick + 1u];
    *count = end - first;
    if (*count > capacity) {
        return PLATFORM_INPUT_OVERFLOW;
    }
    for (k = first; k < end; k++) {
        channels[k - first] = replay_channel[k];
    }
    return PLATFORM_INPUT_OK;
}

void platform_output_spike(uint32_t tick, uint32_t channel)
{
    printf("%lu,%lu\n", (unsigned long)tick, (unsigned long)channel);
}

void platform_log(const char *text)
{
    fputs(text, stderr);
}

void platform_log_u64(uint64_t value)
{
    fprintf(stderr, "%llu", (unsigned long long)value);
}

void platform_log_hex64(uint64_t value)
{
    fprintf(stderr, "0x%016llx", (unsigned long long)value);
}

void platform_log_end(void)
{
    fputc('\n', stderr);
}

int platform_exit(int status)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("platform: cannot write the output spikes\n", stderr);
        return 1;
    }
    return status;
}
