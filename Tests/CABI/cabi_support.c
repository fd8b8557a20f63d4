/*
 * cabi_support.c — see cabi_support.h. Pure C99.
 */
#include "cabi_support.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- checks */

unsigned long cabi_checks;
unsigned long cabi_failures;
unsigned long cabi_scope_failures;
int           cabi_verbose_max = 20;

void cabi_scope_begin(void) { cabi_scope_failures = 0; }

int cabi_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    cabi_failures++;
    cabi_scope_failures++;
    if (cabi_scope_failures <= (unsigned long)cabi_verbose_max) {
        const char *base = strrchr(file, '/');
        fprintf(stdout, "  FAIL %s:%d: ", base ? base + 1 : file, line);
        va_start(ap, fmt);
        vfprintf(stdout, fmt, ap);
        va_end(ap);
        fputc('\n', stdout);
    } else if (cabi_scope_failures == (unsigned long)cabi_verbose_max + 1) {
        fprintf(stdout, "  (further failures in this case are counted, not printed)\n");
    }
    return 0;
}

char cabi_label[256];

void cabi_set_label(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cabi_label, sizeof cabi_label, fmt, ap);
    va_end(ap);
}

int cabi_expect(spk_status got, spk_status want, const char *expr, const char *file,
                int line)
{
    cabi_checks++;
    if (got == want) return 1;
    return cabi_fail(file, line, "%s: %s: expected %s, got %s", cabi_label, expr,
                     status_name(want), status_name(got));
}

static const char *const STATUS_NAMES[] = {
    "SPK_OK", "SPK_E_NULL", "SPK_E_ARENA_TOO_SMALL", "SPK_E_ARENA_MISALIGNED",
    "SPK_E_INVALID_POPULATION", "SPK_E_INVALID_PROJECTION", "SPK_E_INVALID_ENCODER",
    "SPK_E_INVALID_DECODER", "SPK_E_ZERO_DELAY_CYCLE", "SPK_E_LIMIT", "SPK_E_RANGE",
    "SPK_E_STATE", "SPK_E_UNSUPPORTED", "SPK_E_BAD_MAGIC", "SPK_E_VERSION",
    "SPK_E_CHECKSUM", "SPK_E_TRUNCATED", "SPK_E_TRAILING", "SPK_E_TYPE", "SPK_E_VALUE",
    "SPK_E_MISSING", "SPK_E_DUPLICATE", "SPK_E_UNKNOWN_FIELD", "SPK_E_SHAPE",
    "SPK_E_NESTING", "SPK_E_MALFORMED", "SPK_E_BUFFER_TOO_SMALL", "SPK_E_BAD_HANDLE",
    "SPK_E_ARENA_IN_USE", "SPK_E_ARGUMENT", "SPK_E_PLASTICITY"};

const char *status_name(spk_status s)
{
    static char buf[4][48];
    static int slot;
    char *b = buf[slot];
    slot = (slot + 1) % 4;
    if (s >= 0 && s < (spk_status)(sizeof STATUS_NAMES / sizeof STATUS_NAMES[0]))
        sprintf(b, "%s(%d)", STATUS_NAMES[s], (int)s);
    else
        sprintf(b, "?(%ld)", (long)s);
    return b;
}

/* ---------------------------------------------------------------- files and memory */

char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = malloc(a + b + 2);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

unsigned char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) {
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
        return NULL;
    }
    for (;;) {
        size_t got;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 4096;
            unsigned char *nb = realloc(buf, ncap);
            if (!nb) {
                fprintf(stderr, "out of memory reading %s\n", path);
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap = ncap;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        fprintf(stderr, "cannot read %s\n", path);
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    {   /* exactly `n` bytes, so that an overread is visible to AddressSanitizer */
        unsigned char *exact = malloc(n ? n : 1);
        if (!exact) {
            free(buf);
            return NULL;
        }
        memcpy(exact, buf, n);
        free(buf);
        *len = n;
        return exact;
    }
}

int aligned_alloc16(aligned_buf *b, size_t size)
{
    size_t want = size ? size : 1;
    b->base = malloc(want);
    if (b->base && ((uintptr_t)b->base & 15u) == 0) {
        b->p = b->base;
        b->size = size;
        return 0;
    }
    free(b->base);
    b->base = malloc(want + 15);
    if (!b->base) {
        b->p = NULL;
        return -1;
    }
    b->p = (unsigned char *)b->base + ((16u - ((uintptr_t)b->base & 15u)) & 15u);
    b->size = size;
    return 0;
}

void aligned_free(aligned_buf *b)
{
    free(b->base);
    b->base = NULL;
    b->p = NULL;
    b->size = 0;
}

/* ---------------------------------------------------------------- .vec reader */

typedef struct {
    FILE       *f;
    const char *path;
    unsigned long lineno;
    char       *line;
    size_t      cap;
    char       *cur; /* tokenizer position */
} reader;

/* Next line without its '\n' in r->line; 0 at end of file. */
static int next_line(reader *r)
{
    size_t n = 0;
    int c;
    if (!r->line) {
        r->cap = 256;
        r->line = malloc(r->cap);
        if (!r->line) return -1;
    }
    while ((c = getc(r->f)) != EOF && c != '\n') {
        if (n + 1 >= r->cap) {
            char *nl = realloc(r->line, r->cap * 2);
            if (!nl) return -1;
            r->line = nl;
            r->cap *= 2;
        }
        r->line[n++] = (char)c;
    }
    if (c == EOF && n == 0) return 0;
    r->line[n] = '\0';
    r->lineno++;
    r->cur = r->line;
    return 1;
}

static int bad(reader *r, const char *what)
{
    fprintf(stderr, "%s:%lu: %s\n", r->path, r->lineno, what);
    return -1;
}

/* Next space-separated token, NUL-terminated in place; NULL at end of line. */
static char *tok(reader *r)
{
    char *s = r->cur, *e;
    while (*s == ' ') s++;
    if (!*s) return NULL;
    e = s;
    while (*e && *e != ' ') e++;
    if (*e) {
        *e = '\0';
        r->cur = e + 1;
    } else {
        r->cur = e;
    }
    return s;
}

static int get_i64(reader *r, int64_t *v)
{
    char *t = tok(r), *end;
    long long x;
    if (!t) return bad(r, "missing number");
    errno = 0;
    x = strtoll(t, &end, 10);
    if (errno || *end) return bad(r, "bad integer");
    *v = (int64_t)x;
    return 0;
}

static int get_u32(reader *r, uint32_t *v)
{
    int64_t x;
    if (get_i64(r, &x)) return -1;
    if (x < 0 || x > (int64_t)UINT32_MAX) return bad(r, "not a u32");
    *v = (uint32_t)x;
    return 0;
}

static int get_i32(reader *r, int32_t *v)
{
    int64_t x;
    if (get_i64(r, &x)) return -1;
    if (x < INT32_MIN || x > INT32_MAX) return bad(r, "not an i32");
    *v = (int32_t)x;
    return 0;
}

static int get_u64(reader *r, uint64_t *v, int base)
{
    char *t = tok(r), *end;
    unsigned long long x;
    if (!t) return bad(r, "missing number");
    if (t[0] == '-') return bad(r, "negative u64");
    errno = 0;
    x = strtoull(t, &end, base);
    if (errno || *end || end == t) return bad(r, "bad u64");
    *v = (uint64_t)x;
    return 0;
}

static int get_str(reader *r, char **out)
{
    char *t = tok(r);
    size_t n;
    if (!t) return bad(r, "missing text");
    n = strlen(t);
    *out = malloc(n + 1);
    if (!*out) return bad(r, "out of memory");
    memcpy(*out, t, n + 1);
    return 0;
}

static int end_of_line(reader *r)
{
    if (tok(r)) return bad(r, "extra fields");
    return 0;
}

/* `arr` (of elem-byte items, n used, *cap allocated) with room for one more: the same
 * or a realloc'd pointer, NULL when out of memory. */
static void *grow(void *arr, size_t n, size_t *cap, size_t elem)
{
    size_t ncap;
    if (n < *cap) return arr;
    ncap = *cap ? *cap * 2 : 64;
    arr = realloc(arr, ncap * elem);
    if (arr) *cap = ncap;
    return arr;
}

/* Append one slot to array `arr` of `n` items: a pointer to it, or NULL. */
#define PUSH(arr, n, cap) \
    (((arr) = grow((arr), (n), &(cap), sizeof *(arr))) != NULL ? &(arr)[(n)++] : NULL)

static uint32_t *alloc_u32(uint32_t n)
{
    uint32_t *p = calloc(n ? n : 1, sizeof *p);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* A "population|projection|encoder|decoder COUNT" header then COUNT element lines. */
static int element_list(reader *r, const char *key, uint32_t *count)
{
    char *t;
    if (next_line(r) != 1 || !(t = tok(r)) || strcmp(t, key) != 0) {
        fprintf(stderr, "%s:%lu: expected '%s N'\n", r->path, r->lineno, key);
        return -1;
    }
    if (get_u32(r, count) || end_of_line(r)) return -1;
    return 0;
}

static int element(reader *r, const char *key, uint32_t index)
{
    char *t;
    uint32_t i;
    if (next_line(r) != 1 || !(t = tok(r)) || strcmp(t, key) != 0) {
        fprintf(stderr, "%s:%lu: expected '%s'\n", r->path, r->lineno, key);
        return -1;
    }
    if (get_u32(r, &i)) return -1;
    if (i != index) return bad(r, "element index out of order");
    return 0;
}

static int header_str(reader *r, const char *key, char **out)
{
    char *t;
    if (next_line(r) != 1 || !(t = tok(r)) || strcmp(t, key) != 0) {
        fprintf(stderr, "%s:%lu: expected '%s'\n", r->path, r->lineno, key);
        return -1;
    }
    if (get_str(r, out) || end_of_line(r)) return -1;
    return 0;
}

static int header_u64(reader *r, const char *key, uint64_t *out, int base)
{
    char *t;
    if (next_line(r) != 1 || !(t = tok(r)) || strcmp(t, key) != 0) {
        fprintf(stderr, "%s:%lu: expected '%s'\n", r->path, r->lineno, key);
        return -1;
    }
    if (get_u64(r, out, base) || end_of_line(r)) return -1;
    return 0;
}

static const char *const ACTION_NAMES[] = {"reward", "idle", "power", "threshold_scale",
                                           "learning", "param", "reset_decoders"};
static const int ACTION_ARGS[] = {1, 1, 2, 1, 2, 3, 0};

/* The step whose start tick is `tick`, or -1 (binary search: the start ticks increase). */
static long step_of_tick(const vec_case *vc, uint64_t tick)
{
    size_t lo = 0, hi = vc->steps;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (vc->step_t0[mid] < tick) lo = mid + 1;
        else hi = mid;
    }
    return lo < vc->steps && vc->step_t0[lo] == tick ? (long)lo : -1;
}

static int parse(reader *r, vec_case *vc)
{
    char *t, *version;
    uint64_t u;
    uint32_t i;
    size_t cap_names = 0, cap_act = 0, cap_in_s = 0, cap_in_v = 0, cap_s = 0, cap_m = 0,
           cap_mv = 0;
    uint32_t dec_seen = 0, steps_seen = 0;
    int have_end = 0, seen_hash = 0, seen_counter[VEC_NCOUNTERS];
    static const char *const COUNTER_NAMES[VEC_NCOUNTERS] = {
        "ticks", "synaptic_events", "neuron_updates", "spikes", "input_spikes",
        "skipped_ticks", "plasticity_updates"};

    memset(seen_counter, 0, sizeof seen_counter);
    if (header_str(r, "spikert-vectors", &version)) return -1;
    if (strcmp(version, "2") != 0) {
        free(version);
        return bad(r, "unknown .vec format version (this reader knows 2; regenerate the "
                      "vectors with python3 -m spikert_tools.cvectors)");
    }
    free(version);
    if (header_str(r, "case", &vc->name) || header_str(r, "source", &vc->source) ||
        header_str(r, "blob", &vc->blob))
        return -1;
    if (header_u64(r, "steps", &u, 10)) return -1;
    if (u == 0 || u > UINT32_MAX) return bad(r, "steps must be 1 .. 2^32-1");
    vc->steps = (uint32_t)u;
    if (header_u64(r, "seed", &vc->seed, 16) || header_u64(r, "tick_ns", &vc->tick_ns, 10))
        return -1;
    if (next_line(r) != 1 || !(t = tok(r)) || strcmp(t, "power") != 0)
        return bad(r, "expected 'power MODE FOLD SCALE'");
    if (get_u32(r, &vc->power_mode) || get_u32(r, &vc->power_fold) ||
        get_u32(r, &vc->power_scale) || end_of_line(r))
        return -1;

    if (element_list(r, "populations", &vc->npop)) return -1;
    vc->pop_size = alloc_u32(vc->npop);
    vc->pop_model = alloc_u32(vc->npop);
    for (i = 0; i < vc->npop; i++)
        if (element(r, "population", i) || get_u32(r, &vc->pop_size[i]) ||
            get_u32(r, &vc->pop_model[i]) || end_of_line(r))
            return -1;
    if (element_list(r, "projections", &vc->nproj)) return -1;
    vc->proj_source = alloc_u32(vc->nproj);
    vc->proj_target = alloc_u32(vc->nproj);
    vc->proj_delay = alloc_u32(vc->nproj);
    vc->proj_kind = alloc_u32(vc->nproj);
    for (i = 0; i < vc->nproj; i++)
        if (element(r, "projection", i) || get_u32(r, &vc->proj_source[i]) ||
            get_u32(r, &vc->proj_target[i]) || get_u32(r, &vc->proj_delay[i]) ||
            get_u32(r, &vc->proj_kind[i]) || end_of_line(r))
            return -1;
    if (element_list(r, "encoders", &vc->nenc)) return -1;
    vc->enc_pop = alloc_u32(vc->nenc);
    vc->enc_kind = alloc_u32(vc->nenc);
    vc->enc_channels = alloc_u32(vc->nenc);
    for (i = 0; i < vc->nenc; i++)
        if (element(r, "encoder", i) || get_u32(r, &vc->enc_pop[i]) ||
            get_u32(r, &vc->enc_kind[i]) || get_u32(r, &vc->enc_channels[i]) ||
            end_of_line(r))
            return -1;
    if (element_list(r, "decoders", &vc->ndec)) return -1;
    vc->dec_pop = alloc_u32(vc->ndec);
    vc->dec_kind = alloc_u32(vc->ndec);
    vc->dec_count = alloc_u32(vc->ndec);
    vc->dec_values = calloc(vc->ndec ? vc->ndec : 1, sizeof *vc->dec_values);
    if (!vc->dec_values) return bad(r, "out of memory");
    for (i = 0; i < vc->ndec; i++)
        if (element(r, "decoder", i) || get_u32(r, &vc->dec_pop[i]) ||
            get_u32(r, &vc->dec_kind[i]) || end_of_line(r))
            return -1;
    if (element_list(r, "rules", &vc->nrules)) return -1;
    vc->rule_proj = alloc_u32(vc->nrules);
    vc->rule_kind = alloc_u32(vc->nrules);
    vc->rule_enabled = alloc_u32(vc->nrules);
    vc->rule_params = calloc(vc->nrules ? vc->nrules : 1, sizeof *vc->rule_params);
    if (!vc->rule_params) return bad(r, "out of memory");
    for (i = 0; i < vc->nrules; i++) {
        uint32_t k;
        if (element(r, "rule", i) || get_u32(r, &vc->rule_proj[i]) ||
            get_u32(r, &vc->rule_kind[i]) || get_u32(r, &vc->rule_enabled[i]))
            return -1;
        for (k = 0; k < VEC_NPARAMS; k++)
            if (get_i32(r, &vc->rule_params[i][k])) return -1;
        if (end_of_line(r)) return -1;
        if (vc->rule_proj[i] >= vc->nproj || vc->rule_kind[i] > 3)
            return bad(r, "rule does not fit the projections");
    }
    for (i = 0; i < vc->npop; i++)
        if (vc->pop_size[i] == 0) return bad(r, "population of size 0");
    vc->step_t0 = malloc(sizeof(uint64_t) * vc->steps);
    vc->step_t1 = malloc(sizeof(uint64_t) * vc->steps);
    if (!vc->step_t0 || !vc->step_t1) return bad(r, "out of memory");

    for (;;) {
        int got = next_line(r);
        if (got < 0) return bad(r, "out of memory");
        if (got == 0) break;
        if (have_end) return bad(r, "records after 'end'");
        if (r->line[0] == '#') continue;
        t = tok(r);
        if (!t) return bad(r, "empty line");
        if (strcmp(t, "name") == 0) {
            vec_name *nm = PUSH(vc->names, vc->nnames, cap_names);
            if (!nm) return bad(r, "out of memory");
            nm->text = NULL;
            if (get_u32(r, &nm->kind) || get_u32(r, &nm->index) || get_str(r, &nm->text) ||
                end_of_line(r))
                return -1;
        } else if (strcmp(t, "step") == 0) {
            uint32_t s;
            if (get_u32(r, &s)) return -1;
            if (s != steps_seen || s >= vc->steps) return bad(r, "step records out of order");
            if (get_u64(r, &vc->step_t0[s], 10) || get_u64(r, &vc->step_t1[s], 10) ||
                end_of_line(r))
                return -1;
            if (vc->step_t1[s] <= vc->step_t0[s] ||
                (s > 0 && vc->step_t0[s] < vc->step_t1[s - 1]))
                return bad(r, "step ticks do not advance");
            steps_seen++;
        } else if (strcmp(t, "action") == 0) {
            vec_action *a = PUSH(vc->actions, vc->nactions, cap_act);
            char *what;
            int64_t *args[3];
            int k, n;
            if (!a) return bad(r, "out of memory");
            memset(a, 0, sizeof *a);
            if (get_u32(r, &a->step)) return -1;
            if (a->step >= vc->steps) return bad(r, "action step out of range");
            if (!(what = tok(r))) return bad(r, "action without a name");
            for (k = 0; k < 7; k++)
                if (strcmp(what, ACTION_NAMES[k]) == 0) break;
            if (k == 7) return bad(r, "unknown action");
            a->kind = (uint32_t)k;
            args[0] = &a->a;
            args[1] = &a->b;
            args[2] = &a->c;
            for (n = 0; n < ACTION_ARGS[k]; n++)
                if (get_i64(r, args[n])) return -1;
            if (end_of_line(r)) return -1;
            if ((a->kind == VEC_ACT_LEARNING || a->kind == VEC_ACT_PARAM) &&
                (a->a < 0 || a->a >= (int64_t)vc->nproj))
                return bad(r, "action names a projection out of range");
        } else if (strcmp(t, "input_spike") == 0 || strcmp(t, "spike") == 0) {
            int is_input = t[0] == 'i';
            vec_spike *s = is_input
                ? PUSH(vc->in_spikes, vc->nin_spikes, cap_in_s)
                : PUSH(vc->spikes, vc->nspikes, cap_s);
            if (!s) return bad(r, "out of memory");
            if (is_input) {
                if (get_u32(r, &s->step)) return -1;
                if (s->step >= vc->steps) return bad(r, "input_spike step out of range");
                s->tick = 0;
            } else {
                long st;
                if (get_u64(r, &s->tick, 10)) return -1;
                if (steps_seen != vc->steps) return bad(r, "spike before the step table");
                st = step_of_tick(vc, s->tick);
                if (st < 0) return bad(r, "spike at a tick no step starts at");
                s->step = (uint32_t)st;
            }
            if (get_u32(r, &s->pop) || get_u32(r, &s->neuron) || end_of_line(r)) return -1;
            if (s->pop >= vc->npop || s->neuron >= vc->pop_size[s->pop])
                return bad(r, "spike record out of range");
        } else if (strcmp(t, "input_value") == 0) {
            vec_value *v = PUSH(vc->in_values, vc->nin_values, cap_in_v);
            if (!v) return bad(r, "out of memory");
            if (get_u32(r, &v->step) || get_u32(r, &v->enc) || get_u32(r, &v->channel) ||
                get_i32(r, &v->value) || end_of_line(r))
                return -1;
            if (v->step >= vc->steps || v->enc >= vc->nenc ||
                v->channel >= vc->enc_channels[v->enc])
                return bad(r, "input_value out of range");
        } else if (strcmp(t, "membrane") == 0) {
            vec_membrane *m = PUSH(vc->mem, vc->nmem, cap_m);
            uint32_t k;
            if (!m) return bad(r, "out of memory");
            if (get_u32(r, &m->step) || get_u32(r, &m->pop) || get_u32(r, &m->count))
                return -1;
            if (m->step >= vc->steps || m->pop >= vc->npop ||
                m->count != vc->pop_size[m->pop])
                return bad(r, "membrane record does not fit the populations");
            m->first = vc->nmem_values;
            for (k = 0; k < m->count; k++) {
                int32_t *slot = PUSH(vc->mem_values, vc->nmem_values, cap_mv);
                if (!slot) return bad(r, "out of memory");
                if (get_i32(r, slot)) return -1;
            }
            if (end_of_line(r)) return -1;
        } else if (strcmp(t, "quiescent") == 0) {
            size_t k;
            if (vc->quiescent) return bad(r, "two quiescent records");
            if (get_str(r, &vc->quiescent) || end_of_line(r)) return -1;
            if (strlen(vc->quiescent) != vc->steps) return bad(r, "quiescent is not one character a step");
            for (k = 0; k < vc->steps; k++)
                if (vc->quiescent[k] != '0' && vc->quiescent[k] != '1')
                    return bad(r, "quiescent characters are 0 or 1");
        } else if (strcmp(t, "decoder_values") == 0) {
            uint32_t d, n, k;
            if (get_u32(r, &d) || get_u32(r, &n)) return -1;
            if (d != dec_seen || d >= vc->ndec) return bad(r, "decoder_values out of order");
            if (n != vc->pop_size[vc->dec_pop[d]])
                return bad(r, "decoder_values count is not the population size");
            vc->dec_count[d] = n;
            vc->dec_values[d] = malloc(sizeof(int64_t) * (n ? n : 1));
            if (!vc->dec_values[d]) return bad(r, "out of memory");
            for (k = 0; k < n; k++)
                if (get_i64(r, &vc->dec_values[d][k])) return -1;
            if (end_of_line(r)) return -1;
            dec_seen++;
        } else if (strcmp(t, "counter") == 0) {
            char *which = tok(r);
            uint32_t k;
            if (!which) return bad(r, "counter without a name");
            for (k = 0; k < VEC_NCOUNTERS; k++)
                if (strcmp(which, COUNTER_NAMES[k]) == 0) break;
            if (k == VEC_NCOUNTERS) return bad(r, "unknown counter");
            if (seen_counter[k]) return bad(r, "counter given twice");
            if (get_u64(r, &vc->counters[k], 10) || end_of_line(r)) return -1;
            seen_counter[k] = 1;
        } else if (strcmp(t, "hash") == 0) {
            if (get_u64(r, &vc->hash, 16) || end_of_line(r)) return -1;
            seen_hash = 1;
        } else if (strcmp(t, "end") == 0) {
            if (end_of_line(r)) return -1;
            have_end = 1;
        } else {
            return bad(r, "unknown record");
        }
    }
    if (!have_end) return bad(r, "no 'end' record (file cut short?)");
    for (i = 0; i < VEC_NCOUNTERS; i++)
        if (!seen_counter[i]) return bad(r, "a counter is missing");
    if (dec_seen != vc->ndec || !seen_hash || steps_seen != vc->steps || !vc->quiescent)
        return bad(r, "decoder_values, hash, quiescent or step records missing");
    if (vc->counters[0] != vc->step_t1[vc->steps - 1])
        return bad(r, "counter ticks is not the tick after the last step");
    {   /* the order the runner relies on */
        size_t k;
        for (k = 1; k < vc->nactions; k++)
            if (vc->actions[k].step < vc->actions[k - 1].step) return bad(r, "action not sorted by step");
        for (k = 1; k < vc->nin_spikes; k++)
            if (vc->in_spikes[k].step < vc->in_spikes[k - 1].step) return bad(r, "input_spike not sorted by step");
        for (k = 1; k < vc->nin_values; k++)
            if (vc->in_values[k].step < vc->in_values[k - 1].step) return bad(r, "input_value not sorted by step");
        for (k = 1; k < vc->nspikes; k++) {
            const vec_spike *a = &vc->spikes[k - 1], *b = &vc->spikes[k];
            if (a->tick > b->tick || (a->tick == b->tick && (a->pop > b->pop ||
                (a->pop == b->pop && a->neuron >= b->neuron))))
                return bad(r, "spike records not sorted and unique");
        }
        for (k = 1; k < vc->nmem; k++) {
            const vec_membrane *a = &vc->mem[k - 1], *b = &vc->mem[k];
            if (a->step > b->step || (a->step == b->step && a->pop >= b->pop))
                return bad(r, "membrane records not sorted");
        }
    }
    return 0;
}

int vec_read(const char *path, vec_case *out)
{
    reader r;
    int rc;
    memset(out, 0, sizeof *out);
    memset(&r, 0, sizeof r);
    r.path = path;
    r.f = fopen(path, "r");
    if (!r.f) {
        fprintf(stderr, "cannot open %s: %s\n", path, strerror(errno));
        return -1;
    }
    rc = parse(&r, out);
    fclose(r.f);
    free(r.line);
    if (rc) vec_free(out);
    return rc;
}

void vec_free(vec_case *vc)
{
    size_t k;
    free(vc->name);
    free(vc->source);
    free(vc->blob);
    free(vc->pop_size);
    free(vc->pop_model);
    free(vc->proj_source);
    free(vc->proj_target);
    free(vc->proj_delay);
    free(vc->proj_kind);
    free(vc->enc_pop);
    free(vc->enc_kind);
    free(vc->enc_channels);
    free(vc->dec_pop);
    free(vc->dec_kind);
    free(vc->rule_proj);
    free(vc->rule_kind);
    free(vc->rule_enabled);
    free(vc->rule_params);
    free(vc->step_t0);
    free(vc->step_t1);
    free(vc->actions);
    free(vc->quiescent);
    for (k = 0; k < vc->nnames; k++) free(vc->names[k].text);
    free(vc->names);
    free(vc->in_spikes);
    free(vc->in_values);
    free(vc->spikes);
    free(vc->mem);
    free(vc->mem_values);
    if (vc->dec_values)
        for (k = 0; k < vc->ndec; k++) free(vc->dec_values[k]);
    free(vc->dec_values);
    free(vc->dec_count);
    memset(vc, 0, sizeof *vc);
}

int list_index(const char *dir, char ***names)
{
    char *path = path_join(dir, "INDEX");
    reader r;
    char **list = NULL;
    size_t n = 0, cap = 0;
    int got;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.f = fopen(path, "r");
    if (!r.f) {
        fprintf(stderr, "cannot open %s: %s (generate it with python3 -m "
                        "spikert_tools.cvectors --out %s)\n", path, strerror(errno), dir);
        free(path);
        return -1;
    }
    while ((got = next_line(&r)) == 1) {
        char **slot;
        if (!r.line[0]) continue;
        slot = PUSH(list, n, cap);
        if (!slot || get_str(&r, slot)) {
            got = -1;
            break;
        }
    }
    fclose(r.f);
    free(r.line);
    free(path);
    if (got < 0) {
        free_names(list, (int)n);
        return -1;
    }
    *names = list;
    return (int)n;
}

void free_names(char **names, int count)
{
    int k;
    for (k = 0; k < count; k++) free(names[k]);
    free(names);
}
