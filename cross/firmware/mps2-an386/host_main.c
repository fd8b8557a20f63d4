/*
 * host_main.c: the golden runner as a Linux program, the host counterpart of the
 * Cortex-M4 image. Same runner, same tables; output on stdout, exit status 0 only when
 * every check passed.
 */
#include <stdio.h>

#include "golden_runner.h"

void golden_write(const char *text)
{
    fputs(text, stdout);
}

int main(void)
{
    int status = golden_run();
    if (fflush(stdout) != 0 || ferror(stdout)) return 2;
    return status;
}
