/*
 * cabi_support.h — shared helpers of the C ABI tests (api_test.c, misuse_test.c):
 * the .vec reader (format: Tests/CABI/README.md, tools/python/spikert_tools/cvectors.py),
 * whole-file reads, 16-byte aligned buffers, and check/report helpers.
 *
 * Pure C99 plus stdio/stdlib/string; no POSIX (the tests also run under qemu on
 * cross targets with a static libc).
 */
#ifndef CABI_SUPPORT_H
#define CABI_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "spikert.h"

/* ---------------------------------------------------------------- the .vec records */

/* STEP: an explicit step of the golden file (one spk_step(net, 1)); TICK: the tick
 * counter (spk_tick). They differ after idle actions and in the low-power mode. */
typedef struct { uint32_t step; uint64_t tick; uint32_t pop, neuron; } vec_spike;
                                       /* input_spike: step; spike: tick, and the step
                                          whose start tick it is (filled by the reader) */
typedef struct { uint32_t step, enc, channel; int32_t value; } vec_value;
typedef struct { uint32_t step, pop, count; size_t first; } vec_membrane; /* first: index
                                                                       into mem_values */
typedef struct { uint32_t kind, index; char *text; } vec_name;

/* Actions (format: Tests/CABI/README.md), applied before a step's inputs, in order. */
enum {
    VEC_ACT_REWARD,          /* a = reward (Q16.16)                   spk_reward */
    VEC_ACT_IDLE,            /* a = steps                             spk_idle */
    VEC_ACT_POWER,           /* a = mode, b = fold                    spk_power_mode */
    VEC_ACT_THRESHOLD_SCALE, /* a = scale                             spk_power_threshold_scale */
    VEC_ACT_LEARNING,        /* a = projection, b = 0/1               spk_learning_enable */
    VEC_ACT_PARAM,           /* a = projection, b = SPK_PARAM_*, c = value */
    VEC_ACT_RESET_DECODERS   /*                                       spk_decoder_reset */
};
typedef struct { uint32_t step, kind; int64_t a, b, c; } vec_action;

#define VEC_NPARAMS   10u /* SPK_PARAM_A_PLUS ... SPK_PARAM_NORM_TARGET */
#define VEC_NCOUNTERS 7u  /* SPK_COUNTER_TICKS ... SPK_COUNTER_PLASTICITY_UPDATES */

typedef struct {
    char     *name;        /* case NAME */
    char     *source;      /* source Golden/NAME.json */
    char     *blob;        /* blob REL (relative to the Blobs dir) */
    uint32_t  steps;       /* explicit steps */
    uint64_t  seed;
    uint64_t  tick_ns;
    uint32_t  power_mode, power_fold, power_scale; /* the blob's power settings */

    uint32_t  npop;
    uint32_t *pop_size, *pop_model;           /* model 0 = input */
    uint32_t  nproj;
    uint32_t *proj_source, *proj_target, *proj_delay, *proj_kind; /* kind 0 dense 1 sparse
                                                                      2 one_to_one 3 conv2d */
    uint32_t  nenc;
    uint32_t *enc_pop, *enc_kind, *enc_channels;
    uint32_t  ndec;
    uint32_t *dec_pop, *dec_kind;
    uint32_t  nrules;
    uint32_t *rule_proj, *rule_kind, *rule_enabled; /* kind 0/1 STDP, 2/3 R-STDP */
    int32_t (*rule_params)[VEC_NPARAMS];      /* the blob's values, by SPK_PARAM_* id */

    uint64_t *step_t0, *step_t1; /* [steps]: tick counter at the start of step s (after
                                    its actions) and after it */
    size_t    nnames;      vec_name     *names;
    size_t    nactions;    vec_action   *actions;     /* sorted by step, file order kept */
    size_t    nin_spikes;  vec_spike    *in_spikes;   /* sorted by step, file order kept */
    size_t    nin_values;  vec_value    *in_values;   /* sorted by step, file order kept */
    size_t    nspikes;     vec_spike    *spikes;      /* sorted (tick, pop, neuron) */
    size_t    nmem;        vec_membrane *mem;         /* sorted (step, pop) */
    size_t    nmem_values; int32_t      *mem_values;
    char     *quiescent;   /* steps characters '0'/'1' */
    int64_t **dec_values;  /* [ndec][dec_count[d]] */
    uint32_t *dec_count;

    uint64_t  counters[VEC_NCOUNTERS]; /* by SPK_COUNTER_* id */
    uint64_t  hash;
} vec_case;

#define VEC_MODEL_INPUT 0u
#define VEC_MODEL_IZH   6u
#define VEC_ENC_RATE    0u
#define VEC_ENC_LATENCY 1u
#define VEC_ENC_DELTA   2u
#define VEC_PROJ_DENSE  0u

/* Read `path` into `*out`. Returns 0, or -1 after printing why to stderr. */
int  vec_read(const char *path, vec_case *out);
void vec_free(vec_case *vc);

/* The .vec files of `dir`, listed in `dir`/INDEX (one file name a line, written by
 * run.sh: C99 has no directory listing). Returns the count, or -1 after printing why.
 * Free with free_names. */
int  list_index(const char *dir, char ***names);
void free_names(char **names, int count);

/* ---------------------------------------------------------------- files and memory */

/* Whole file into a malloc'd buffer of exactly its length (at least 1 byte is
 * allocated). Returns NULL after printing why. */
unsigned char *read_file(const char *path, size_t *len);

/* dir + "/" + name, malloc'd. */
char *path_join(const char *dir, const char *name);

/* A 16-byte aligned block of `size` bytes inside a malloc'd allocation. Free with
 * aligned_free. If malloc itself returns a 16-byte aligned pointer the block is exactly
 * that allocation (so AddressSanitizer sees any access past `size`). */
typedef struct { void *base; unsigned char *p; size_t size; } aligned_buf;
int  aligned_alloc16(aligned_buf *b, size_t size);
void aligned_free(aligned_buf *b);

/* ---------------------------------------------------------------- checks */

extern unsigned long cabi_checks;      /* all checks (CHECK, EXPECT) so far */
extern unsigned long cabi_failures;    /* all failed checks so far */
extern int           cabi_verbose_max; /* print at most this many failures per scope */
extern unsigned long cabi_scope_failures;

void cabi_scope_begin(void);
/* Record a failed check (printed while the scope has printed fewer than
 * cabi_verbose_max). Always returns 0. */
int  cabi_fail(const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#define CHECK(cond, ...) \
    (cabi_checks++, (cond) ? 1 : cabi_fail(__FILE__, __LINE__, __VA_ARGS__))

/* What is being tested right now ("lif_zero_delayed/in-place tick 12"), printed with
 * every failure of EXPECT. */
extern char cabi_label[256];
void cabi_set_label(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Check that `call` returns `want`; on a mismatch print label, call, expected, got. */
#define EXPECT(call, want) cabi_expect((call), (want), #call, __FILE__, __LINE__)
int cabi_expect(spk_status got, spk_status want, const char *expr, const char *file,
                int line);

/* "SPK_E_RANGE(10)" for a code, "?(n)" otherwise; a static buffer per call slot
 * (up to 4 in one expression). */
const char *status_name(spk_status s);

#endif /* CABI_SUPPORT_H */
