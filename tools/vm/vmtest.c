/*
 * vmtest — spikertd against the kernel's GPIO character device, inside the VM.
 *
 * Runs as the test program of the VM test's initramfs (tools/vm/init.sh starts it once
 * the modules are loaded and configfs is mounted). It creates a simulated GPIO chip
 * with gpio-sim, starts spikertd on its lines, drives the inputs through
 * /sys/devices/platform/gpio-sim.N/gpiochipM/sim_gpioK/pull, reads the outputs back
 * through .../sim_gpioK/value, and checks what spikertd did against what the kernel
 * was given. Static, libc only, so it runs beside whatever libraries spikertd brings.
 *
 * What spikertd reports per edge: nothing in its log (it logs lost edges, not every
 * edge). The model (tools/vm/make_model.py) echoes every input channel to an output
 * channel in the same tick, so the daemon's output spike file (--output) says in which
 * tick it put each edge. The test brackets each edge's kernel timestamp: it reads
 * CLOCK_MONOTONIC (the clock of the kernel's edge timestamps and of spikertd's ticks)
 * just before and just after writing `pull`; gpio-sim raises the interrupt inside that
 * write, where the kernel stamps the edge. The tick clock's epoch is bracketed the same
 * way around the `resume` request of a daemon started --paused. An edge is expected in
 * every tick its two brackets allow — one tick, except for an edge that lands within a
 * bracket's width (tens of microseconds) of a tick boundary. Counts come from the
 * control socket (`counters`: events.applied, events.late), lost-edge reports from the
 * log and from an `events` subscription (`edges_lost`).
 *
 * Failing on purpose: --break shift|drop|dup corrupts the expectations of the first
 * phase (an edge expected one tick late; an edge left out; an edge expected twice),
 * which must make the test fail exactly as a daemon that mis-times, duplicates or
 * misses an edge would.
 *
 *   vmtest --models DIR --work DIR [--report FILE] [--break shift|drop|dup]
 *          [--debounce auto|daemon|kernel] [--flood N] [--latency N]
 *          [--latency-pulse TICKS] [--no-iio]
 *
 * Exit status: 0 every check passed, 1 a check failed, 2 the test could not run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------- */
/* Options and reporting                                                            */
/* ------------------------------------------------------------------------------- */

static const char *models_dir = "/vmtest";
static const char *work_dir = "/tmp/vmtest";
static FILE *report_file;
static const char *break_mode = "";        /* "", "shift", "drop", "dup" */
static const char *debounce_mode = "auto"; /* resolved to "daemon" or "kernel" */
static int flood_edges = 101;              /* odd: the line ends at the other level */
static int latency_edges = 200;
static int latency_pulse = 10;             /* ticks of 1 ms */
static bool want_iio = true;
static int failures, checks;

static void say(const char *fmt, ...) {
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    printf("vmtest: %s\n", line);
    fflush(stdout);
    if (report_file) {
        fprintf(report_file, "vmtest: %s\n", line);
        fflush(report_file);
    }
}

/* Print a block (a log tail) to the report, each line indented. */
static void say_block(const char *text) {
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        int n = nl ? (int)(nl - p) : (int)strlen(p);
        say("  | %.*s", n, p);
        p += n + (nl != NULL);
    }
}

/* Record one check; the message says what was expected and what happened. */
static bool check(bool ok, const char *fmt, ...) {
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    checks++;
    if (!ok) failures++;
    say("%s %s", ok ? "ok:" : "FAILED:", line);
    return ok;
}

static void cannot_run(const char *fmt, ...) {
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    say("ERROR (could not run): %s", line);
    exit(2);
}

/* ------------------------------------------------------------------------------- */
/* Time and files                                                                   */
/* ------------------------------------------------------------------------------- */

typedef long long ns_t;

static ns_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ns_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_until(ns_t when) {
    struct timespec ts = { .tv_sec = when / 1000000000LL, .tv_nsec = when % 1000000000LL };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR) {}
}

static void sleep_ms(int ms) { sleep_until(now_ns() + (ns_t)ms * 1000000LL); }

static bool write_text(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text);
}

/* The whole file (at most size-1 bytes), NUL-terminated; -1 when unreadable. */
static long read_text(const char *path, char *buffer, size_t size) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t used = 0;
    for (;;) {
        ssize_t n = read(fd, buffer + used, size - 1 - used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        used += (size_t)n;
        if (used == size - 1) break;
    }
    close(fd);
    buffer[used] = 0;
    return (long)used;
}

/* A whole file, NUL-terminated (pseudo-files too: read to the end, not st_size). */
static char *read_all(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    size_t size = 65536, used = 0;
    char *text = malloc(size);
    for (;;) {
        if (!text) break;
        if (used + 1 >= size) {
            char *bigger = realloc(text, size * 2);
            if (!bigger) { free(text); text = NULL; break; }
            text = bigger;
            size *= 2;
        }
        ssize_t n = read(fd, text + used, size - 1 - used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        used += (size_t)n;
    }
    close(fd);
    if (text) text[used] = 0;
    return text;
}

static void make_dir(const char *path) {
    if (mkdir(path, 0755) != 0 && errno != EEXIST) cannot_run("mkdir %s: %s", path, strerror(errno));
}

/* The last `lines` lines of a file, for failure reports. */
static void say_tail(const char *path, int lines) {
    char *text = read_all(path);
    if (!text) { say("  (%s is unreadable)", path); return; }
    char *p = text + strlen(text);
    int seen = 0;
    while (p > text && seen <= lines) { p--; if (*p == '\n') seen++; }
    say("  last lines of %s:", path);
    say_block(p == text ? p : p + 1);
    free(text);
}

/* ------------------------------------------------------------------------------- */
/* The simulated chip (gpio-sim through configfs)                                   */
/* ------------------------------------------------------------------------------- */

#define CHIP_LABEL "spikert-vm"
#define CHIP_LINES 8

enum edge_mode { RISING, BOTH };

struct sim_line {
    const char *name;       /* the kernel line name, set through configfs */
    int offset;
    int channel;            /* spikertd's input or output channel */
    enum edge_mode spike_on;
    bool output;
    int level;              /* inputs: the pull the test set last */
    char pull[160], value[160];
};

enum { IN0, IN1, BOUNCE, BUTTON, OUT0, LED, NLINES };

/* Channels as in tools/vm/make_model.py (DETECTOR_OUT = 6). */
static struct sim_line lines[NLINES] = {
    [IN0]    = { "vt-in0",    0, 0, RISING, false, 0, "", "" },
    [IN1]    = { "vt-in1",    1, 1, BOTH,   false, 0, "", "" },
    [BOUNCE] = { "vt-bounce", 2, 2, BOTH,   false, 0, "", "" },
    [BUTTON] = { "vt-button", 3, 3, RISING, false, 0, "", "" },
    [OUT0]   = { "vt-out0",   4, 0, RISING, true,  0, "", "" },
    [LED]    = { "vt-led",    5, 6, RISING, true,  0, "", "" },
};
#define DETECTOR_OUT 6
#define SENSOR_IN 4           /* the delta encoder's input channel (ON 4 / OFF 5 echoed) */
#define LED_PULSE 30          /* ticks */
static int chip_base = -1;    /* the chip's first global GPIO number (trace events) */

static void create_chip(void) {
    const char *dev = "/sys/kernel/config/gpio-sim/vmtest";
    char path[256], text[256];
    make_dir(dev);
    snprintf(path, sizeof path, "%s/bank0", dev);
    make_dir(path);
    snprintf(path, sizeof path, "%s/bank0/label", dev);
    if (!write_text(path, CHIP_LABEL)) cannot_run("cannot set %s", path);
    snprintf(path, sizeof path, "%s/bank0/num_lines", dev);
    snprintf(text, sizeof text, "%d", CHIP_LINES);
    if (!write_text(path, text)) cannot_run("cannot set %s", path);
    for (int k = 0; k < NLINES; k++) {
        snprintf(path, sizeof path, "%s/bank0/line%d", dev, lines[k].offset);
        make_dir(path);
        snprintf(path, sizeof path, "%s/bank0/line%d/name", dev, lines[k].offset);
        if (!write_text(path, lines[k].name)) cannot_run("cannot name line %d", lines[k].offset);
    }
    snprintf(path, sizeof path, "%s/live", dev);
    if (!write_text(path, "1")) cannot_run("gpio-sim refused live=1 (%s)", strerror(errno));

    char dev_name[64], chip_name[64];
    snprintf(path, sizeof path, "%s/dev_name", dev);
    if (read_text(path, dev_name, sizeof dev_name) <= 0) cannot_run("no %s", path);
    snprintf(path, sizeof path, "%s/bank0/chip_name", dev);
    if (read_text(path, chip_name, sizeof chip_name) <= 0) cannot_run("no %s", path);
    dev_name[strcspn(dev_name, "\n")] = 0;
    chip_name[strcspn(chip_name, "\n")] = 0;
    for (int k = 0; k < NLINES; k++) {
        snprintf(lines[k].pull, sizeof lines[k].pull, "/sys/devices/platform/%s/%s/sim_gpio%d/pull",
                 dev_name, chip_name, lines[k].offset);
        snprintf(lines[k].value, sizeof lines[k].value, "/sys/devices/platform/%s/%s/sim_gpio%d/value",
                 dev_name, chip_name, lines[k].offset);
        if (!lines[k].output && !write_text(lines[k].pull, "pull-down"))
            cannot_run("cannot write %s: %s", lines[k].pull, strerror(errno));
    }
    /* The global numbers (for the gpio_value trace events): /sys/class/gpio/gpiochipN. */
    DIR *d = opendir("/sys/class/gpio");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (strncmp(e->d_name, "gpiochip", 8) != 0) continue;
        snprintf(path, sizeof path, "/sys/class/gpio/%s/label", e->d_name);
        if (read_text(path, text, sizeof text) > 0 && strncmp(text, CHIP_LABEL "\n", strlen(CHIP_LABEL) + 1) == 0)
            chip_base = atoi(e->d_name + 8);
    }
    if (d) closedir(d);
    say("gpio-sim: %s/%s labelled %s, %d lines (%s), global numbers from %d",
        dev_name, chip_name, CHIP_LABEL, CHIP_LINES,
        "vt-in0 vt-in1 vt-bounce vt-button vt-out0 vt-led", chip_base);
}

/* Write an input's pull and bracket the write: the kernel stamps the edge inside it. */
struct bracket { ns_t before, after; };

static struct bracket set_pull(int line, int level) {
    struct bracket b;
    const char *text = level ? "pull-up" : "pull-down";
    b.before = now_ns();
    bool ok = write_text(lines[line].pull, text);
    b.after = now_ns();
    if (!ok) cannot_run("cannot write %s to %s: %s", text, lines[line].pull, strerror(errno));
    lines[line].level = level;
    return b;
}

static int read_value(int line) {
    char text[16];
    if (read_text(lines[line].value, text, sizeof text) <= 0) cannot_run("cannot read %s", lines[line].value);
    return atoi(text);
}

/* ------------------------------------------------------------------------------- */
/* The control socket                                                               */
/* ------------------------------------------------------------------------------- */

struct control {
    int fd;
    char buffer[1 << 16];
    size_t used;
    int next_id;
};

static bool control_open(struct control *c, const char *path) {
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
    c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (c->fd < 0) return false;
    if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(c->fd);
        c->fd = -1;
        return false;
    }
    c->used = 0;
    c->next_id = 1;
    return true;
}

static void control_close(struct control *c) {
    if (c->fd >= 0) close(c->fd);
    c->fd = -1;
}

/* The next line from the daemon into `line`, waiting up to timeout_ms; false on
   timeout or hang-up. */
static bool control_line(struct control *c, char *line, size_t size, int timeout_ms) {
    ns_t deadline = now_ns() + (ns_t)timeout_ms * 1000000LL;
    for (;;) {
        char *nl = memchr(c->buffer, '\n', c->used);
        if (nl) {
            size_t n = (size_t)(nl - c->buffer);
            snprintf(line, size, "%.*s", (int)n, c->buffer);
            memmove(c->buffer, nl + 1, c->used - n - 1);
            c->used -= n + 1;
            return true;
        }
        ns_t left = deadline - now_ns();
        if (left <= 0 || c->used == sizeof c->buffer) return false;
        struct pollfd p = { .fd = c->fd, .events = POLLIN };
        if (poll(&p, 1, (int)(left / 1000000LL) + 1) <= 0) continue;
        ssize_t n = read(c->fd, c->buffer + c->used, sizeof c->buffer - c->used);
        if (n <= 0) return false;
        c->used += (size_t)n;
    }
}

/* One request and its answer (notifications before it are skipped: use a separate
   connection for a subscription). `sent` gets the time just before sending and
   `answered` the time the answer was read, when not NULL. */
static bool control_call(struct control *c, const char *method, const char *params,
                         char *answer, size_t size, ns_t *sent, ns_t *answered) {
    char request[512];
    int id = c->next_id++;
    if (params && *params)
        snprintf(request, sizeof request, "{\"id\":%d,\"method\":\"%s\",\"params\":{%s}}\n", id, method, params);
    else
        snprintf(request, sizeof request, "{\"id\":%d,\"method\":\"%s\"}\n", id, method);
    if (sent) *sent = now_ns();
    if (write(c->fd, request, strlen(request)) != (ssize_t)strlen(request)) return false;
    char want[32];
    snprintf(want, sizeof want, "{\"id\":%d,", id);
    while (control_line(c, answer, size, 5000)) {
        if (strncmp(answer, want, strlen(want)) == 0) {
            if (answered) *answered = now_ns();
            return true;
        }
    }
    return false;
}

/* The integer after "key": in a JSON text (the first occurrence); false if absent. */
static bool json_int(const char *json, const char *key, long long *value) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *p = strstr(json, pattern);
    if (!p) return false;
    p += strlen(pattern);
    char *end;
    long long v = strtoll(p, &end, 10);
    if (end == p) return false;
    *value = v;
    return true;
}

static long long json_get(const char *json, const char *key) {
    long long v = -1;
    if (!json_int(json, key, &v)) say("note: no \"%s\" in %s", key, json);
    return v;
}

/* ------------------------------------------------------------------------------- */
/* spikertd                                                                         */
/* ------------------------------------------------------------------------------- */

struct daemon {
    pid_t pid;
    char dir[128], log[160], sock[160], state[160], out[160];
    struct control ctl, events;   /* requests; the `events` subscription */
    ns_t epoch_lo, epoch_hi;      /* the tick clock's epoch, bracketed (resume) */
    ns_t dt;
};

static void daemon_paths(struct daemon *d, const char *name) {
    snprintf(d->dir, sizeof d->dir, "%s/%s", work_dir, name);
    make_dir(d->dir);
    snprintf(d->log, sizeof d->log, "%s/daemon.log", d->dir);
    snprintf(d->sock, sizeof d->sock, "%s/control.sock", d->dir);
    snprintf(d->state, sizeof d->state, "%s/state", work_dir);
    snprintf(d->out, sizeof d->out, "%s/spikes.csv", d->dir);
}

/* Start spikertd with the given arguments (NULL-terminated) after the common ones,
   wait for its socket; false if it exited or never answered. */
static bool daemon_start(struct daemon *d, const char *model, const char *const *extra) {
    const char *argv[64];
    int n = 0;
    char model_path[256];
    snprintf(model_path, sizeof model_path, "%s/%s", models_dir, model);
    argv[n++] = "/usr/bin/spikertd";
    argv[n++] = "--model"; argv[n++] = model_path;
    argv[n++] = "--socket"; argv[n++] = d->sock;
    argv[n++] = "--state-dir"; argv[n++] = d->state;
    argv[n++] = "--output"; argv[n++] = d->out;
    for (int k = 0; extra[k]; k++) argv[n++] = extra[k];
    argv[n] = NULL;
    unlink(d->sock);
    d->pid = fork();
    if (d->pid < 0) cannot_run("fork: %s", strerror(errno));
    if (d->pid == 0) {
        int log = open(d->log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        int null = open("/dev/null", O_RDWR);
        if (log < 0 || null < 0) _exit(127);
        dup2(null, 0);
        dup2(null, 1);
        dup2(log, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    ns_t deadline = now_ns() + 20000000000LL;
    while (now_ns() < deadline) {
        if (control_open(&d->ctl, d->sock)) {
            if (!control_open(&d->events, d->sock)) return false;
            char answer[512];
            control_call(&d->events, "subscribe", "\"spikes\":false,\"events\":true", answer, sizeof answer, NULL, NULL);
            return true;
        }
        int status;
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
            d->pid = -1;
            say("spikertd exited at start (status %d)", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
            say_tail(d->log, 20);
            return false;
        }
        sleep_ms(10);
    }
    say("spikertd never opened its socket %s", d->sock);
    return false;
}

/* SIGTERM; the exit status (-1 when it had to be killed after `seconds`). */
static int daemon_stop(struct daemon *d, int seconds) {
    if (d->pid <= 0) return -1;
    control_close(&d->ctl);
    control_close(&d->events);
    kill(d->pid, SIGTERM);
    ns_t deadline = now_ns() + (ns_t)seconds * 1000000000LL;
    int status;
    while (now_ns() < deadline) {
        if (waitpid(d->pid, &status, WNOHANG) == d->pid) {
            d->pid = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        sleep_ms(10);
    }
    kill(d->pid, SIGKILL);
    waitpid(d->pid, &status, 0);
    d->pid = -1;
    return -1;
}

static bool daemon_alive(struct daemon *d) {
    int status;
    return d->pid > 0 && waitpid(d->pid, &status, WNOHANG) == 0;
}

/* `resume` a daemon started --paused: the clock restarts at the paused tick T0 at a
   moment between sending the request and reading the answer. The epoch kept here is
   that moment less T0 ticks, so tick numbers are the network's. */
static void daemon_resume(struct daemon *d) {
    char answer[512];
    if (!control_call(&d->ctl, "status", NULL, answer, sizeof answer, NULL, NULL))
        cannot_run("no answer to status");
    d->dt = json_get(answer, "dt_ns");
    long long paused_tick = json_get(answer, "tick");
    check(strstr(answer, "\"paused\":true") != NULL, "status of the paused daemon: %s", answer);
    if (!control_call(&d->ctl, "resume", NULL, answer, sizeof answer, &d->epoch_lo, &d->epoch_hi))
        cannot_run("no answer to resume");
    long long tick = -1;
    json_int(answer, "tick", &tick);
    check(tick == paused_tick, "resume answered %s (paused at tick %lld)", answer, paused_tick);
    d->epoch_lo -= paused_tick * d->dt;
    d->epoch_hi -= paused_tick * d->dt;
    say("clock: dt %lld ns, epoch bracketed to %lld us by the resume round trip",
        d->dt, (d->epoch_hi - d->epoch_lo) / 1000);
}

/* The start of tick `tick` + `frac` of a tick, on the middle of the epoch bracket. */
static ns_t tick_time(const struct daemon *d, long long tick, double frac) {
    return (d->epoch_lo + d->epoch_hi) / 2 + tick * d->dt + (ns_t)(frac * (double)d->dt);
}

static long long tick_now(const struct daemon *d) {
    return (now_ns() - d->epoch_hi) / d->dt;
}

/* A tick a few ticks from now, to start a phase on. */
static long long next_base(const struct daemon *d, int margin) {
    return tick_now(d) + margin;
}

static long long floor_div(ns_t a, ns_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

static bool counters(struct daemon *d, long long *applied, long long *late) {
    char answer[2048];
    if (!control_call(&d->ctl, "counters", NULL, answer, sizeof answer, NULL, NULL)) return false;
    *applied = json_get(answer, "applied");
    *late = json_get(answer, "late");
    return true;
}

/* ------------------------------------------------------------------------------- */
/* Expectations: which output spikes, in which ticks                                */
/* ------------------------------------------------------------------------------- */

#define MAX_EXPECT 512

struct expect {
    int channel;
    long long lo, hi;        /* the ticks it may be in */
    char what[96];
};

struct phase {
    const char *name;
    struct expect e[MAX_EXPECT];
    int n;
    int edges;               /* accepted edges that become events (events.applied) */
};

static void expect_spike(struct phase *p, int channel, long long lo, long long hi, const char *fmt, ...) {
    if (p->n == MAX_EXPECT) cannot_run("too many expectations");
    struct expect *e = &p->e[p->n++];
    e->channel = channel;
    e->lo = lo;
    e->hi = hi;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->what, sizeof e->what, fmt, ap);
    va_end(ap);
}

/* The ticks an instant bracketed by `b` falls in, given the epoch's bracket. */
static void ticks_of(const struct daemon *d, struct bracket b, long long *lo, long long *hi) {
    *lo = floor_div(b.before - d->epoch_hi, d->dt);
    *hi = floor_div(b.after - d->epoch_lo, d->dt);
}

/* Set an input's pull at tick + frac; an edge the line turns into a spike (its edge=
   mode) is expected in the tick(s) its timestamp may fall in. Returns the bracket. */
static struct bracket pull_at(struct daemon *d, struct phase *p, int line, int level, long long tick, double frac) {
    sleep_until(tick_time(d, tick, frac));
    int before = lines[line].level;
    struct bracket b = set_pull(line, level);
    if (level != before && (level == 1 || lines[line].spike_on == BOTH) && p) {
        long long lo, hi;
        ticks_of(d, b, &lo, &hi);
        expect_spike(p, lines[line].channel, lo, hi, "%s %s at tick %lld%+.2f", lines[line].name,
                     level ? "rising" : "falling", tick, frac);
        p->edges++;
    }
    return b;
}

/* Read an output line back at tick + frac and check its level. A busy host holds up
   the whole guest now and then, after which the daemon's timer and the test's sleep end
   together and either may run first: a level not yet there is polled for 5 more ticks
   and at least 50 reads (so that a hold-up during the polling still leaves reads after
   it), and the delay is said. */
static void read_at(struct daemon *d, int line, int want, long long tick, double frac, const char *why) {
    ns_t when = tick_time(d, tick, frac);
    sleep_until(when);
    int got = read_value(line);
    ns_t deadline = when + 5 * d->dt;
    for (int reads = 1; got != want && (reads < 50 || now_ns() < deadline); reads++) {
        sleep_ms(1);
        got = read_value(line);
    }
    ns_t late = now_ns() - when;
    if (got == want && late > d->dt / 2)
        say("note: %s reached %d only %lld us after the read was due (a late wake-up)", lines[line].name, want, late / 1000);
    check(got == want, "%s reads %d at tick %lld%+.2f (%s; expected %d)", lines[line].name, got, tick, frac, why, want);
}

struct spike { long long tick; int channel; bool used; };

/* The daemon's output spike file: `tick,channel` lines after the header. */
static int read_spikes(const struct daemon *d, struct spike *out, int max) {
    char *text = read_all(d->out);
    int n = 0;
    if (!text) return 0;
    for (char *line = strtok(text, "\n"); line && n < max; line = strtok(NULL, "\n")) {
        long long tick;
        int channel;
        if (sscanf(line, "%lld,%d", &tick, &channel) == 2) out[n++] = (struct spike){ tick, channel, false };
    }
    free(text);
    return n;
}

/* Compare the spikes of `channels` (a bit mask) in ticks [from, to] with the phase's
   expectations, one spike per expected edge in its ticks, nothing else. */
static bool compare(struct daemon *d, struct phase *p, unsigned channels, long long from, long long to) {
    static struct spike spikes[1 << 16];
    int n = read_spikes(d, spikes, 1 << 16);
    bool ok = true;
    int matched = 0, shared = 0;
    /* Expectations in tick order, so that an edge takes the earliest spike it may. */
    for (int k = 1; k < p->n; k++)
        for (int j = k; j > 0 && p->e[j].lo < p->e[j - 1].lo; j--) {
            struct expect t = p->e[j];
            p->e[j] = p->e[j - 1];
            p->e[j - 1] = t;
        }
    for (int k = 0; k < p->n; k++) {
        struct expect *e = &p->e[k];
        int found = -1;
        for (int s = 0; s < n && found < 0; s++)
            if (!spikes[s].used && spikes[s].channel == e->channel && spikes[s].tick >= e->lo && spikes[s].tick <= e->hi)
                found = s;
        if (found >= 0) {
            spikes[found].used = true;
            matched++;
            continue;
        }
        /* Two edges of one line in one tick are one input spike, so one echo spike: a
           busy guest can write two pulls a tick apart in the same tick. Such an edge
           may share a spike; events.applied still counts every edge. */
        for (int s = 0; s < n && found < 0; s++)
            if (spikes[s].used && spikes[s].channel == e->channel && spikes[s].tick >= e->lo && spikes[s].tick <= e->hi)
                found = s;
        if (found >= 0) {
            shared++;
            continue;
        }
        ok = false;
        char near[256] = "", range[64];
        for (int s = 0; s < n; s++) {
            if (spikes[s].channel != e->channel || spikes[s].tick < e->lo - 10 || spikes[s].tick > e->hi + 10) continue;
            size_t used = strlen(near);
            snprintf(near + used, sizeof near - used, " %lld", spikes[s].tick);
        }
        if (e->lo == e->hi) snprintf(range, sizeof range, "tick %lld", e->lo);
        else snprintf(range, sizeof range, "ticks %lld-%lld", e->lo, e->hi);
        check(false, "%s: %s: no output spike on channel %d in %s (its spikes within 10 ticks:%s)",
              p->name, e->what, e->channel, range, *near ? near : " none");
    }
    for (int s = 0; s < n; s++) {
        if (spikes[s].used || !(channels & (1u << spikes[s].channel))) continue;
        if (spikes[s].tick < from || spikes[s].tick > to) continue;
        ok = false;
        check(false, "%s: unexpected output spike on channel %d in tick %lld (a duplicated or mis-timed edge)",
              p->name, spikes[s].channel, spikes[s].tick);
    }
    int boundary = 0;
    for (int k = 0; k < p->n; k++) boundary += p->e[k].lo != p->e[k].hi;
    if (ok) check(true, "%s: %d output spikes, each in the tick of its edge's kernel timestamp%s", p->name, matched,
                  boundary ? " (some within a bracket of a boundary, or of a range of ticks: see below)" : "");
    if (boundary) say("%d of %d expected spikes allowed more than one tick", boundary, p->n);
    if (shared) say("%d edges came in the same tick as another edge of their line (one spike for both)", shared);
    return ok;
}

/* The events.applied and events.late deltas of a phase against its edges. */
static void compare_counts(struct daemon *d, struct phase *p, long long applied0, long long late0, long long late_expected) {
    long long applied, late;
    if (!counters(d, &applied, &late)) { check(false, "%s: no answer to counters", p->name); return; }
    check(applied - applied0 == p->edges, "%s: events.applied rose by %lld for %d edges",
          p->name, applied - applied0, p->edges);
    check(late - late0 == late_expected, "%s: events.late rose by %lld (expected %lld)",
          p->name, late - late0, late_expected);
}

/* ------------------------------------------------------------------------------- */
/* Phases                                                                           */
/* ------------------------------------------------------------------------------- */

static struct phase phase_buffer;

static struct phase *new_phase(const char *name) {
    memset(&phase_buffer, 0, sizeof phase_buffer);
    phase_buffer.name = name;
    say("--- %s", name);
    return &phase_buffer;
}

/* Apply --break to the expectations of the first phase. */
static void corrupt(struct phase *p) {
    if (!*break_mode || p->n < 2) return;
    if (strcmp(break_mode, "shift") == 0) {
        p->e[1].lo++;
        p->e[1].hi++;
        say("--break shift: expecting %s one tick late", p->e[1].what);
    } else if (strcmp(break_mode, "drop") == 0) {
        say("--break drop: not expecting %s", p->e[1].what);
        memmove(&p->e[1], &p->e[2], sizeof p->e[0] * (size_t)(p->n - 2));
        p->n--;
        p->edges--;
    } else if (strcmp(break_mode, "dup") == 0) {
        p->e[p->n] = p->e[1];
        snprintf(p->e[p->n].what, sizeof p->e[0].what, "%s (again)", p->e[1].what);
        p->n++;
        p->edges++;
        say("--break dup: expecting %s twice", p->e[1].what);
    }
}

/* Edges on two lines, some a tenth of a tick from a boundary; the output read back. */
static void phase_ticks(struct daemon *d) {
    struct phase *p = new_phase("edges in their ticks (vt-in0 edge=rising, vt-in1 edge=both)");
    long long applied0, late0;
    counters(d, &applied0, &late0);
    long long b = next_base(d, 3), lo, hi;
    pull_at(d, p, IN0, 1, b + 0, 0.5);
    pull_at(d, p, IN0, 0, b + 0, 0.8);
    pull_at(d, p, IN0, 1, b + 4, 0.1);   /* just after a boundary */
    pull_at(d, p, IN0, 0, b + 4, 0.6);
    pull_at(d, p, IN0, 1, b + 7, 0.9);   /* just before one */
    pull_at(d, p, IN0, 0, b + 8, 0.4);
    pull_at(d, p, IN1, 1, b + 10, 0.5);
    pull_at(d, p, IN1, 0, b + 12, 0.5);
    pull_at(d, p, IN0, 1, b + 14, 0.3);  /* two lines in one tick */
    pull_at(d, p, IN1, 1, b + 14, 0.6);
    pull_at(d, p, IN0, 0, b + 15, 0.5);
    pull_at(d, p, IN1, 0, b + 16, 0.2);
    for (int k = 0; k < 6; k++) {        /* a run of consecutive ticks */
        pull_at(d, p, IN1, 1, b + 18 + 2 * k, 0.5);
        pull_at(d, p, IN1, 0, b + 19 + 2 * k, 0.5);
    }
    /* The output, pulse=10 on vt-out0: each spike adds 10 ticks of high time from the
       tick after it, so the four spikes of vt-in0 above, each while the line was high,
       hold it high from b+1 to b+41; then one spike on its own. Read with margins of
       4.5 ticks or more, because a busy host holds up the whole TCG guest now and then
       (and a pulse is only shown if the daemon wakes before it has ended). */
    read_at(d, OUT0, 1, b + 36, 0.5, "pulse=10: 4 spikes, each while high, 40 ticks of high time");
    read_at(d, OUT0, 0, b + 45, 0.5, "and low again after them");
    ticks_of(d, pull_at(d, p, IN0, 1, b + 50, 0.5), &lo, &hi);
    pull_at(d, p, IN0, 0, b + 50, 0.8);
    read_at(d, OUT0, 1, hi + 5, 0.5, "one spike: high through the 10 ticks after the spike's");
    read_at(d, OUT0, 0, hi + 15, 0.5, "and low again after them");
    sleep_until(tick_time(d, hi + 16, 0.5));
    corrupt(p);
    compare(d, p, 0x3, b, hi + 16);
    compare_counts(d, p, applied0, late0, 0);
}

/* The daemon stopped (SIGSTOP) while an edge comes and for 5 ticks after: it reads the
   edge 5 ticks late, and must still put it in the tick of its kernel timestamp. */
static void phase_late_read(struct daemon *d) {
    struct phase *p = new_phase("an edge read 5 ticks late (SIGSTOP) stays in its own tick");
    long long applied0, late0;
    counters(d, &applied0, &late0);
    long long b = next_base(d, 3);
    sleep_until(tick_time(d, b, 0.2));
    kill(d->pid, SIGSTOP);
    pull_at(d, p, IN0, 1, b, 0.5);
    sleep_until(tick_time(d, b + 5, 0.5));
    kill(d->pid, SIGCONT);
    pull_at(d, p, IN0, 0, b + 6, 0.5);
    sleep_until(tick_time(d, b + 9, 0.5));
    compare(d, p, 0x1, b, b + 9);
    compare_counts(d, p, applied0, late0, 0);
}

/* Debounce (debounce=20 on vt-bounce, edge=both; 20 ms = 2 ticks of 10 ms). */
static void phase_debounce(struct daemon *d) {
    struct phase *p = new_phase("debounce=20 on vt-bounce (edge=both)");
    bool kernel = strcmp(debounce_mode, "kernel") == 0;
    say("debounce done by %s", kernel ? "the kernel (debounce_period_us)" : "spikertd (libgpiod 1.6 has none)");
    long long applied0, late0;
    counters(d, &applied0, &late0);
    long long b = next_base(d, 3), lo, hi;
    struct bracket first, last;

    /* 1. A bouncing press: R F R F R back to back, ending high. */
    sleep_until(tick_time(d, b, 0.5));
    first = set_pull(BOUNCE, 1);
    set_pull(BOUNCE, 0); set_pull(BOUNCE, 1); set_pull(BOUNCE, 0);
    last = set_pull(BOUNCE, 1);
    if (kernel) {
        /* The kernel reports the change once the line has been quiet for the period,
           stamped then. */
        ticks_of(d, (struct bracket){ last.before + 20000000, last.after + 30000000 }, &lo, &hi);
        expect_spike(p, 2, lo, hi + 1, "bouncing press (settled by the kernel)");
    } else {
        /* spikertd takes the first edge at once, with its own timestamp. */
        ticks_of(d, first, &lo, &hi);
        expect_spike(p, 2, lo, hi, "bouncing press, first edge");
    }
    p->edges++;

    /* 2. A bouncing release: F R F, ending low. */
    sleep_until(tick_time(d, b + 10, 0.5));
    first = set_pull(BOUNCE, 0);
    set_pull(BOUNCE, 1);
    last = set_pull(BOUNCE, 0);
    if (kernel) {
        ticks_of(d, (struct bracket){ last.before + 20000000, last.after + 30000000 }, &lo, &hi);
        expect_spike(p, 2, lo, hi + 1, "bouncing release (settled by the kernel)");
    } else {
        ticks_of(d, first, &lo, &hi);
        expect_spike(p, 2, lo, hi, "bouncing release, first edge");
    }
    p->edges++;

    /* 3. A pulse shorter than the period: R, then F 4 ms later. */
    long long late_expected = 0;
    struct bracket rise = pull_at(d, NULL, BOUNCE, 1, b + 20, 0.5);
    struct bracket fall = pull_at(d, NULL, BOUNCE, 0, b + 20, 0.9);
    if (!kernel) {
        /* spikertd: the rise at once; the fall when the window closes (20 ms after the
           rise), stamped with its own time — its tick has run by then, so it is a late
           event, applied in the next step. */
        ticks_of(d, rise, &lo, &hi);
        expect_spike(p, 2, lo, hi, "short pulse, rising edge");
        ticks_of(d, (struct bracket){ rise.before + 20000000, fall.after + 20000000 }, &lo, &hi);
        expect_spike(p, 2, lo, hi + 2, "short pulse, falling edge (settled late)");
        p->edges += 2;
        late_expected = 1;
    }
    /* the kernel: a change that did not last is no change at all */
    sleep_until(tick_time(d, b + 26, 0.5));
    compare(d, p, 0x4, b, b + 26);
    compare_counts(d, p, applied0, late0, late_expected);
}

/* A burst of edges while the daemon does not read (SIGSTOP): more than the kernel's
   event buffer holds for the line. Lost edges must be detected and reported, nothing
   may crash, and the line must work normally afterwards. */
static void phase_flood(struct daemon *d) {
    new_phase("kernel event buffer overflow (SIGSTOP, a burst on vt-in1)");
    long long applied0, late0;
    counters(d, &applied0, &late0);
    long long b = next_base(d, 3), lo, hi, lo2, hi2;
    sleep_until(tick_time(d, b, 0.2));
    kill(d->pid, SIGSTOP);
    sleep_until(tick_time(d, b, 0.5));
    struct bracket first = set_pull(IN1, 1), last = first;
    for (int k = 1; k < flood_edges; k++) last = set_pull(IN1, k % 2 == 0);
    say("burst: %d edges in %lld us, the line left %s", flood_edges, (last.after - first.before) / 1000,
        lines[IN1].level ? "high" : "low");
    sleep_until(tick_time(d, b + 4, 0.5));
    kill(d->pid, SIGCONT);
    /* One more edge back to low: after a kept falling edge (the v1 interface keeps the
       first 16, so the last kept one is falling) a second falling edge proves a loss. */
    struct bracket after = pull_at(d, NULL, IN1, 0, b + 6, 0.5);
    sleep_until(tick_time(d, b + 9, 0.5));

    check(daemon_alive(d), "spikertd is alive after the burst");
    long long applied, late;
    if (!counters(d, &applied, &late)) { check(false, "no answer to counters after the burst"); return; }
    long long got = applied - applied0;
    check(got >= 2 && got <= flood_edges, "%lld of the %d burst edges and the edge after it became events (some lost)",
          got, flood_edges);
    check(late == late0, "no late events (%lld)", late - late0);
    /* Every spike of the burst lies in the burst's ticks, the last edge in its own. */
    ticks_of(d, (struct bracket){ first.before, last.after }, &lo, &hi);
    ticks_of(d, after, &lo2, &hi2);
    static struct spike spikes[1 << 16];
    int n = read_spikes(d, spikes, 1 << 16), in_burst = 0, outside = 0, final = 0;
    for (int s = 0; s < n; s++) {
        if (spikes[s].channel != 1 || spikes[s].tick < b - 1 || spikes[s].tick > b + 9) continue;
        if (spikes[s].tick >= lo && spikes[s].tick <= hi) in_burst++;
        else if (spikes[s].tick >= lo2 && spikes[s].tick <= hi2) final++;
        else outside++;
    }
    check(outside == 0 && in_burst >= 1 && final == 1,
          "output spikes: %d in the burst's ticks %lld-%lld, %d in tick %lld of the edge after it, %d elsewhere",
          in_burst, lo, hi, final, lo2, outside);
    /* Reported: the log's warning and the subscribers' edges_lost notification. */
    char *log = read_all(d->log);
    const char *warning = log ? strstr(log, "edges lost") : NULL;
    if (warning) {
        const char *start = warning;
        while (start > log && start[-1] != '\n') start--;
        const char *end = strchr(warning, '\n');
        say("log: %.*s", end ? (int)(end - start) : (int)strlen(start), start);
    }
    check(warning != NULL, "the log reports lost edges");
    free(log);
    char line[1024];
    bool notified = false;
    while (!notified && control_line(&d->events, line, sizeof line, 200))
        if (strstr(line, "\"event\":\"edges_lost\"")) { notified = true; say("subscriber got %s", line); }
    check(notified, "a subscriber got an edges_lost notification");
}

/* The learning protocol of make_model.py on vt-button, answers read back on vt-led. */
static void phase_learning(struct daemon *d) {
    struct phase *p = new_phase("learning: the double-press detector (STDP) on vt-button, vt-led");
    long long applied0, late0;
    counters(d, &applied0, &late0);
    long long b = next_base(d, 3), lo, hi;
    /* make_model.py: presses at 0, then pairs 3 ticks apart every 40 ticks, then a
       single press; the detector answers the second press of each pair and, having
       learned, the last single press. */
    const int episode = 40, gap = 3, doubles = 5;
    struct bracket br;
    br = pull_at(d, p, BUTTON, 1, b, 0.5);
    pull_at(d, p, BUTTON, 0, b, 0.8);
    read_at(d, LED, 0, b + 15, 0.5, "a single press is not answered yet");
    for (int k = 1; k <= doubles; k++) {
        long long t = b + k * episode;
        pull_at(d, p, BUTTON, 1, t, 0.5);
        pull_at(d, p, BUTTON, 0, t, 0.8);
        br = pull_at(d, p, BUTTON, 1, t + gap, 0.5);
        ticks_of(d, br, &lo, &hi);
        expect_spike(p, DETECTOR_OUT, lo, hi, "detector answers double press %d", k);
        pull_at(d, p, BUTTON, 0, t + gap, 0.8);
        if (k == 1) {
            read_at(d, LED, 1, t + gap + 1 + LED_PULSE / 2, 0.5, "pulse=30 after the answer");
            read_at(d, LED, 0, t + gap + 2 + LED_PULSE, 0.5, "and low after 30 ticks");
        }
    }
    long long t = b + (doubles + 1) * episode;
    br = pull_at(d, p, BUTTON, 1, t, 0.5);
    ticks_of(d, br, &lo, &hi);
    expect_spike(p, DETECTOR_OUT, lo, hi, "detector answers a single press after learning");
    pull_at(d, p, BUTTON, 0, t, 0.8);
    read_at(d, LED, 1, t + 1 + LED_PULSE / 2, 0.5, "the learned answer lights the LED");
    sleep_until(tick_time(d, t + 3, 0.5));
    compare(d, p, 0x8 | (1u << DETECTOR_OUT), b, t + 3);
    compare_counts(d, p, applied0, late0, 0);
}

/* The control socket: spikert ctl, a checkpoint, errors. */
static bool run_command(const char *const *argv, char *out, size_t size, int *status) {
    int pipefd[2];
    if (pipe(pipefd) != 0) return false;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(pipefd[1], 1);
        dup2(pipefd[1], 2);
        close(pipefd[0]);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(pipefd[1]);
    size_t used = 0;
    ssize_t n;
    while ((n = read(pipefd[0], out + used, size - 1 - used)) > 0) used += (size_t)n;
    out[used] = 0;
    close(pipefd[0]);
    waitpid(pid, status, 0);
    *status = WIFEXITED(*status) ? WEXITSTATUS(*status) : 128 + WTERMSIG(*status);
    return true;
}

static bool validate(const char *path, long long *tick) {
    char out[1024];
    int status;
    const char *argv[] = { "/usr/bin/spikert", "validate", path, NULL };
    run_command(argv, out, sizeof out, &status);
    out[strcspn(out, "\n")] = 0;
    const char *at = strstr(out, "checkpoint at tick ");
    *tick = at ? atoll(at + strlen("checkpoint at tick ")) : -1;
    say("spikert validate: %s", out);
    return status == 0 && at != NULL;
}

static void phase_socket(struct daemon *d) {
    new_phase("control socket and checkpoint");
    char out[4096];
    int status;
    const char *argv[] = { "/usr/bin/spikert", "ctl", "--socket", d->sock, "status", NULL };
    run_command(argv, out, sizeof out, &status);
    out[strcspn(out, "\n")] = 0;
    check(status == 0 && strstr(out, "\"result\"") && strstr(out, "\"learned_state_dirty\":true"),
          "spikert ctl status: exit %d, %s", status, out);
    char answer[2048];
    bool ok = control_call(&d->ctl, "checkpoint", NULL, answer, sizeof answer, NULL, NULL);
    check(ok && strstr(answer, "\"result\""), "checkpoint request: %s", ok ? answer : "no answer");
    long long tick = json_get(answer, "tick"), valid_tick;
    char path[256];
    snprintf(path, sizeof path, "%s/checkpoint.spkb", d->state);
    check(validate(path, &valid_tick) && valid_tick == tick, "the requested checkpoint is valid, at tick %lld", tick);
    ok = control_call(&d->ctl, "bogus", NULL, answer, sizeof answer, NULL, NULL);
    check(ok && strstr(answer, "-32601"), "an unknown method is refused: %s", ok ? answer : "no answer");
    ok = control_call(&d->ctl, "counters", NULL, answer, sizeof answer, NULL, NULL);
    check(ok && strstr(answer, "\"plasticity_updates\":"), "counters answered");
    if (ok) say("counters: %s", answer);
}

/* SIGTERM: exit 0, a final checkpoint at the last tick, the previous one kept; and the
   learned network, stepped offline by `spikert run` over the same input ticks, gives
   the same state hash and the same checkpoint bytes. */
static void phase_stop(struct daemon *d) {
    new_phase("SIGTERM and the final checkpoint");
    int status = daemon_stop(d, 15);
    check(status == 0, "SIGTERM: spikertd exited with %d", status);
    char *log = read_all(d->log);
    const char *hash = log ? strstr(log, "state hash 0x") : NULL;
    char daemon_hash[64] = "";
    long long final_tick = -1;
    if (hash) sscanf(hash, "state hash %63s at tick %lld", daemon_hash, &final_tick);
    check(log && strstr(log, "checkpoint (exit)"), "the log says the exit checkpoint was written");
    free(log);
    char path[256], prev[256];
    long long tick;
    snprintf(path, sizeof path, "%s/checkpoint.spkb", d->state);
    snprintf(prev, sizeof prev, "%s/checkpoint.prev.spkb", d->state);
    bool valid = validate(path, &tick);
    check(valid && tick == final_tick, "checkpoint.spkb is valid at the final tick %lld", final_tick);
    valid = validate(prev, &tick);
    check(valid && tick < final_tick, "checkpoint.prev.spkb (the one before) is valid, at tick %lld", tick);

    /* The input ticks are the echo channels' output ticks (an echo spike is the input
       spike of its tick); spikert run steps the same network over them. */
    static struct spike spikes[1 << 16];
    int n = read_spikes(d, spikes, 1 << 16);
    char events[256], replay[256];
    snprintf(events, sizeof events, "%s/inputs.csv", d->dir);
    snprintf(replay, sizeof replay, "%s/replayed.spkb", d->dir);
    FILE *f = fopen(events, "w");
    if (!f) cannot_run("cannot write %s", events);
    fprintf(f, "tick,channel\n");
    int inputs = 0;
    for (int s = 0; s < n; s++)
        if (spikes[s].channel <= 3) { fprintf(f, "%lld,%d\n", spikes[s].tick, spikes[s].channel); inputs++; }
    fclose(f);
    char ticks[32], model[256], out[8192];
    snprintf(ticks, sizeof ticks, "%lld", final_tick);
    snprintf(model, sizeof model, "%s/vmtest.spkb", models_dir);
    const char *argv[] = { "/usr/bin/spikert", "run", model, "--input", events, "--learn", "--ticks", ticks,
                           "--checkpoint", replay, "--output", "/dev/null", "--stats", NULL };
    run_command(argv, out, sizeof out, &status);
    const char *h = strstr(out, "hash 0x");
    char run_hash[64] = "";
    if (h) sscanf(h, "hash %63s", run_hash);
    check(status == 0 && *daemon_hash && strcmp(run_hash, daemon_hash) == 0,
          "spikert run over the %d input ticks: state hash %s at tick %lld, spikertd's %s", inputs,
          *run_hash ? run_hash : "?", final_tick, *daemon_hash ? daemon_hash : "?");
    char *a = read_all(path), *bb = read_all(replay);
    struct stat sa, sb;
    bool same = a && bb && stat(path, &sa) == 0 && stat(replay, &sb) == 0 && sa.st_size == sb.st_size &&
                memcmp(a, bb, (size_t)sa.st_size) == 0;
    check(same, "spikertd's final checkpoint is byte for byte spikert run's (%lld bytes)", (long long)sa.st_size);
    free(a);
    free(bb);
}

/* The checkpoint as base64 between markers, for the host (weights read by
   tools/vm/make_model.py --check-checkpoint). */
static void emit_checkpoint(const char *path) {
    static const char table[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    struct stat st;
    char *data = read_all(path);
    if (!data || stat(path, &st) != 0) return;
    size_t n = (size_t)st.st_size;
    FILE *outs[2] = { stdout, report_file };
    for (int o = 0; o < 2; o++) {
        FILE *f = outs[o];
        if (!f) continue;
        fprintf(f, "VMTEST CHECKPOINT BEGIN\n");
        for (size_t i = 0; i < n; i += 3) {
            unsigned v = (unsigned char)data[i] << 16;
            if (i + 1 < n) v |= (unsigned char)data[i + 1] << 8;
            if (i + 2 < n) v |= (unsigned char)data[i + 2];
            fputc(table[(v >> 18) & 63], f);
            fputc(table[(v >> 12) & 63], f);
            fputc(i + 1 < n ? table[(v >> 6) & 63] : '=', f);
            fputc(i + 2 < n ? table[v & 63] : '=', f);
            if ((i / 3) % 19 == 18) fputc('\n', f);
        }
        fprintf(f, "\nVMTEST CHECKPOINT END\n");
        fflush(f);
    }
    free(data);
}

/* Restart from the state directory: the learned weight answers a single press. */
static void phase_resume(void) {
    struct daemon d = { 0 };
    daemon_paths(&d, "resume");
    new_phase("restart: resumed from the checkpoint, the learned answer stays");
    const char *args[] = { "--paused", "--gpio-in", "vt-button=3", "--gpio-out", "vt-led=6,pulse=30", NULL };
    if (!check(daemon_start(&d, "vmtest.spkb", args), "spikertd started again on the same state directory")) return;
    char *log = read_all(d.log);
    const char *resumed = log ? strstr(log, "resuming from a checkpoint") : NULL;
    check(resumed != NULL, "the log says it resumed from a checkpoint");
    free(log);
    daemon_resume(&d);
    struct phase *p = new_phase("restart: one press");
    long long b = next_base(&d, 3), lo, hi;
    struct bracket br = pull_at(&d, p, BUTTON, 1, b, 0.5);
    ticks_of(&d, br, &lo, &hi);
    expect_spike(p, DETECTOR_OUT, lo, hi, "the resumed detector answers a single press");
    pull_at(&d, p, BUTTON, 0, b, 0.8);
    read_at(&d, LED, 1, b + 10, 0.5, "and lights the LED");
    compare(&d, p, 0x8 | (1u << DETECTOR_OUT), b - 2, b + 11);
    check(daemon_stop(&d, 15) == 0, "SIGTERM: exit 0");
}

/* ------------------------------------------------------------------------------- */
/* IIO: the dummy device (iio_dummy through configfs)                               */
/* ------------------------------------------------------------------------------- */

static void phase_iio(void) {
    if (!want_iio) return;
    if (access("/sys/kernel/config/iio/devices/dummy", F_OK) != 0) {
        say("--- IIO: skipped (no iio_dummy in this image)");
        return;
    }
    new_phase("IIO: spikertd samples the dummy device's out_voltage0 (a delta encoder)");
    make_dir("/sys/kernel/config/iio/devices/dummy/vtsensor");
    char path[256] = "";
    DIR *dir = opendir("/sys/bus/iio/devices");
    struct dirent *e;
    while (dir && (e = readdir(dir))) {
        char name[64], p[300];
        snprintf(p, sizeof p, "/sys/bus/iio/devices/%s/name", e->d_name);
        if (read_text(p, name, sizeof name) > 0 && strcmp(name, "vtsensor\n") == 0)
            snprintf(path, sizeof path, "/sys/bus/iio/devices/%s/out_voltage0_raw", e->d_name);
    }
    if (dir) closedir(dir);
    if (!check(*path && write_text(path, "0"), "the dummy device vtsensor is there (%s)", path)) return;

    struct daemon d = { 0 };
    daemon_paths(&d, "iio");
    snprintf(d.state, sizeof d.state, "%s/iio/state", work_dir);
    char spec[64];
    snprintf(spec, sizeof spec, "vtsensor:out_voltage0=%d,rate=100", SENSOR_IN);
    const char *args[] = { "--paused", "--iio", spec, NULL };
    if (!check(daemon_start(&d, "vmtest.spkb", args), "spikertd started with --iio %s", spec)) return;
    daemon_resume(&d);
    struct phase *p = new_phase("IIO: sampled values in their ticks");
    long long b = next_base(&d, 3), lo, hi;
    /* Sampled at 100 Hz = once a tick: a value written in tick t is read in tick t or
       t+1 (later on a busy host); the delta encoder fires ON (echo channel 4) for a rise >= 10, OFF (5) for a
       fall >= 10, nothing for a smaller change. */
    struct { double at; const char *value; int channel; } steps[] = {
        { 0.5, "50", 4 }, { 10.5, "30", 5 }, { 20.5, "31", -1 }, { 30.5, "-100", 5 }, { 40.5, "100", 4 },
    };
    for (unsigned k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        long long tick = b + (long long)steps[k].at;
        sleep_until(tick_time(&d, tick, steps[k].at - (long long)steps[k].at));
        ns_t t0 = now_ns();
        write_text(path, steps[k].value);
        ns_t t1 = now_ns();
        if (steps[k].channel < 0) continue;
        ticks_of(&d, (struct bracket){ t0, t1 }, &lo, &hi);
        /* +3: the sample of a tick is taken when the daemon wakes in it, late when the
           guest is busy. */
        expect_spike(p, steps[k].channel, lo, hi + 3, "out_voltage0 <- %s", steps[k].value);
    }
    sleep_until(tick_time(&d, b + 45, 0.5));
    compare(&d, p, 0x30, b, b + 45);
    char answer[2048];
    control_call(&d.ctl, "counters", NULL, answer, sizeof answer, NULL, NULL);
    long long applied = json_get(answer, "applied");
    /* A late wake-up takes one sample, never a burst, so a busy guest takes fewer. */
    check(applied >= 20, "%lld samples taken (100 Hz for about half a second)", applied);
    check(daemon_stop(&d, 15) == 0, "SIGTERM: exit 0");
}

/* ------------------------------------------------------------------------------- */
/* Latency: input edge (kernel time) to the output line's change (kernel time)      */
/* ------------------------------------------------------------------------------- */

#define TRACING "/sys/kernel/tracing"

static bool trace_setup(int out_gpio) {
    char filter[64];
    snprintf(filter, sizeof filter, "gpio == %d && get == 0", out_gpio);
    return write_text(TRACING "/tracing_on", "0") &&
           write_text(TRACING "/trace_clock", "mono") &&
           write_text(TRACING "/buffer_size_kb", "4096") &&
           write_text(TRACING "/trace", "") &&
           write_text(TRACING "/events/gpio/gpio_value/filter", filter) &&
           write_text(TRACING "/events/gpio/gpio_value/enable", "1") &&
           write_text(TRACING "/events/irq/irq_handler_entry/filter", "name == \"spikertd\"") &&
           write_text(TRACING "/events/irq/irq_handler_entry/enable", "1") &&
           write_text(TRACING "/tracing_on", "1");
}

/* "  <task>-<pid> [000] d..1. 12.345678: irq_handler_entry: irq=24 name=spikertd" */
static ns_t trace_time(const char *line, const char *event) {
    const char *p = strstr(line, event);
    if (!p) return -1;
    const char *end = p - 2, *start = end;   /* "12.345678" ends before ": " */
    while (start > line && start[-1] != ' ') start--;
    long long sec = 0, usec = 0;
    if (sscanf(start, "%lld.%lld", &sec, &usec) != 2 || end <= start) return -1;
    return sec * 1000000000LL + usec * 1000LL;
}

static int compare_ns(const void *a, const void *b) {
    ns_t x = *(const ns_t *)a, y = *(const ns_t *)b;
    return (x > y) - (x < y);
}

static ns_t percentile(ns_t *v, int n, double q) {
    int k = (int)(q * (n - 1) + 0.5);
    return v[k < n ? k : n - 1];
}

static void phase_latency(void) {
    if (latency_edges <= 0) return;
    new_phase("latency: input edge to output line (1 ms tick)");
    say("%d edges 20 ticks apart, the output pulse=%d", latency_edges, latency_pulse);
    if (chip_base < 0 || access(TRACING "/events/gpio/gpio_value", F_OK) != 0) {
        say("no tracefs gpio events: latency not measured");
        return;
    }
    struct daemon d = { 0 };
    daemon_paths(&d, "latency");
    snprintf(d.state, sizeof d.state, "%s/latency/state", work_dir);
    /* pulse=10 by default: a pulse is shown only if the daemon wakes before it has
       ended (see docs/VMTEST.md). */
    char out_spec[64];
    snprintf(out_spec, sizeof out_spec, "vt-out0=0,pulse=%d", latency_pulse);
    const char *args[] = { "--paused", "--gpio-in", "vt-in0=0", "--gpio-out", out_spec, NULL };
    if (!check(daemon_start(&d, "vmtest-1ms.spkb", args), "spikertd started with the 1 ms model")) return;
    if (!check(trace_setup(chip_base + lines[OUT0].offset), "tracing the output line (gpio_value) and the input's interrupt (irq_handler_entry)")) return;
    daemon_resume(&d);
    int n = latency_edges;
    struct bracket *edges = calloc((size_t)n, sizeof *edges);
    long long *edge_tick = calloc((size_t)n, sizeof *edge_tick);
    long long b = next_base(&d, 20);
    unsigned seed = 12345;
    for (int k = 0; k < n; k++) {
        seed = seed * 1103515245u + 12345u;
        double frac = 0.02 + 0.96 * (double)((seed >> 8) % 10000) / 10000.0;
        long long t = b + 20LL * k;
        edge_tick[k] = t;
        edges[k] = pull_at(&d, NULL, IN0, 1, t, frac);
        pull_at(&d, NULL, IN0, 0, t + 4, 0.5);
    }
    sleep_until(tick_time(&d, b + 20LL * n + 5, 0.0));
    write_text(TRACING "/tracing_on", "0");
    char answer[2048];
    if (control_call(&d.ctl, "counters", NULL, answer, sizeof answer, NULL, NULL))
        say("daemon: %lld wake-ups, %lld late ticks (ticks run late in one wake-up)",
            json_get(answer, "wake_ups"), json_get(answer, "late_ticks"));
    check(daemon_stop(&d, 15) == 0, "SIGTERM: exit 0");

    /* The interrupts in order (rising, falling, rising, ...) and the output's rises. */
    char *trace = read_all(TRACING "/trace");
    if (!trace) { check(false, "cannot read the trace"); return; }
    int cap = 4 * n + 64, nirq = 0, nrise = 0;
    ns_t *irq = calloc((size_t)cap, sizeof *irq), *rise = calloc((size_t)cap, sizeof *rise);
    for (char *line = strtok(trace, "\n"); line; line = strtok(NULL, "\n")) {
        ns_t t;
        if ((t = trace_time(line, "irq_handler_entry:")) >= 0 && nirq < cap) irq[nirq++] = t;
        else if ((t = trace_time(line, "gpio_value:")) >= 0 && strstr(line, " set 1") && nrise < cap) rise[nrise++] = t;
    }
    free(trace);
    ns_t *latency = calloc((size_t)n, sizeof *latency);
    int measured = 0, inside = 0, missing = 0, crowded = 0;
    for (int k = 0; k < n; k++) {
        /* the interrupt inside this edge's write (the trace has microseconds) */
        ns_t edge = -1, out = -1;
        for (int i = 0; i < nirq && edge < 0; i++)
            if (irq[i] >= edges[k].before - 1000 && irq[i] <= edges[k].after + 1000) edge = irq[i];
        if (edge >= 0) inside++;
        else {
            ns_t nearest = -1;
            for (int i = 0; i < nirq; i++)
                if (irq[i] >= edges[k].before - 1000000 && nearest < 0) nearest = irq[i];
            say("edge %d: write %lld-%lld us, first interrupt after it at %+lld us", k, edges[k].before / 1000,
                edges[k].after / 1000, nearest < 0 ? -1 : (nearest - edges[k].after) / 1000);
            edge = edges[k].before;
        }
        for (int i = 0; i < nrise && out < 0; i++)
            if (rise[i] >= edge) out = rise[i];
        if (out < 0 || (k + 1 < n && out > edges[k + 1].before)) {
            /* The next edge came less than 15 ms later only if the test was held up and
               caught up: then the output's rise cannot be told apart. */
            bool crowd = k + 1 < n && edges[k + 1].before - edges[k].after < 15000000;
            say("edge %d (tick %lld): no output change before the next edge %lld us later (first rise after it: %+lld us)%s",
                k, edge_tick[k], k + 1 < n ? (edges[k + 1].before - edges[k].after) / 1000 : -1,
                out < 0 ? -1 : (out - edge) / 1000, crowd ? ": the test was held up, not judged" : "");
            if (crowd) crowded++;
            else missing++;
            continue;
        }
        latency[measured++] = out - edge;
    }
    /* A pulse is shown only if the daemon wakes before it has ended: a guest held up
       for 10 ms misses one (docs/VMTEST.md), which a busy host does now and then. The
       outputs' correctness is the other phases' business; this one measures. */
    check(missing * 10 <= n - crowded, "%d of %d input edges changed the output line (%d did not; at most 10 %% may; "
          "%d crowded by a held-up test not judged)", n - missing - crowded, n - crowded, missing, crowded);
    check(inside == n, "%d of %d edge interrupts lie inside their pull write (kernel timestamp bracketed)", inside, n);
    if (measured > 0) {
        qsort(latency, (size_t)measured, sizeof *latency, compare_ns);
        say("LATENCY edges=%d dt_us=%lld median_us=%lld p90_us=%lld p99_us=%lld max_us=%lld min_us=%lld",
            measured, d.dt / 1000, percentile(latency, measured, 0.5) / 1000,
            percentile(latency, measured, 0.9) / 1000, percentile(latency, measured, 0.99) / 1000,
            latency[measured - 1] / 1000, latency[0] / 1000);
    }
    free(irq); free(rise); free(latency); free(edges); free(edge_tick);
}

/* ------------------------------------------------------------------------------- */

static void usage(void) {
    fprintf(stderr, "usage: vmtest --models DIR --work DIR [--report FILE] [--break shift|drop|dup]\n"
                    "              [--debounce auto|daemon|kernel] [--flood N] [--latency N] [--latency-pulse TICKS]\n"
                    "              [--no-iio]\n");
    exit(2);
}

static const char *option_value(int *k, int argc, char **argv) {
    char *eq = strchr(argv[*k], '=');
    if (eq) return eq + 1;
    if (*k + 1 >= argc) usage();
    return argv[++*k];
}

int main(int argc, char **argv) {
    const char *report = NULL;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (strncmp(a, "--models", 8) == 0) models_dir = option_value(&k, argc, argv);
        else if (strncmp(a, "--work", 6) == 0) work_dir = option_value(&k, argc, argv);
        else if (strncmp(a, "--report", 8) == 0) report = option_value(&k, argc, argv);
        else if (strncmp(a, "--break", 7) == 0) break_mode = option_value(&k, argc, argv);
        else if (strncmp(a, "--debounce", 10) == 0) debounce_mode = option_value(&k, argc, argv);
        else if (strncmp(a, "--flood", 7) == 0) flood_edges = atoi(option_value(&k, argc, argv));
        else if (strncmp(a, "--latency-pulse", 15) == 0) latency_pulse = atoi(option_value(&k, argc, argv));
        else if (strncmp(a, "--latency", 9) == 0) latency_edges = atoi(option_value(&k, argc, argv));
        else if (strcmp(a, "--no-iio") == 0) want_iio = false;
        else usage();
    }
    if (*break_mode && strcmp(break_mode, "shift") && strcmp(break_mode, "drop") && strcmp(break_mode, "dup")) usage();
    if (report) report_file = fopen(report, "w");
    signal(SIGPIPE, SIG_IGN);
    ns_t started = now_ns();
    if (strcmp(debounce_mode, "auto") == 0) {
        /* libgpiod 1.6 is libgpiod.so.2 (no kernel debounce: spikertd does it); 2.x is
           libgpiod.so.3 (the kernel's debounce_period_us). */
        debounce_mode = access("/lib/x86_64-linux-gnu/libgpiod.so.3", F_OK) == 0 ? "kernel" : "daemon";
    }
    make_dir(work_dir);
    create_chip();

    /* The main run: every line, learning on, started paused so the epoch is known. */
    struct daemon d = { 0 };
    daemon_paths(&d, "main");
    const char *args[] = {
        "--paused", "--learn", "--checkpoint-interval", "0",
        "--gpio-in", "vt-in0=0",                         /* by kernel line name */
        "--gpio-in", CHIP_LABEL ":1=1,edge=both",         /* by CHIPLABEL:OFFSET */
        "--gpio-in", "vt-bounce=2,edge=both,debounce=20",
        "--gpio-in", "vt-button=3",
        "--gpio-out", "vt-out0=0,pulse=10",
        "--gpio-out", CHIP_LABEL ":5=6,pulse=30",
        NULL,
    };
    say("--- spikertd %s", "--model vmtest.spkb (dt 10 ms) --paused --learn, 4 inputs, 2 outputs");
    if (!daemon_start(&d, "vmtest.spkb", args)) cannot_run("spikertd did not start");
    daemon_resume(&d);
    phase_ticks(&d);
    phase_late_read(&d);
    phase_debounce(&d);
    phase_flood(&d);
    phase_learning(&d);
    phase_socket(&d);
    phase_stop(&d);
    if (failures) say_tail(d.log, 25);
    char checkpoint[256];
    snprintf(checkpoint, sizeof checkpoint, "%s/checkpoint.spkb", d.state);
    emit_checkpoint(checkpoint);
    phase_resume();
    phase_iio();
    phase_latency();

    say("%d checks, %d failed, %.1f s", checks, failures, (double)(now_ns() - started) / 1e9);
    return failures ? 1 : 0;
}
