/*
 * api_test.c — the C interface of SpikeRT against the golden vectors, bit for bit.
 *
 *   api_test VEC_DIR BLOB_DIR [CASE ...]
 *
 * VEC_DIR holds the .vec files and their INDEX (python3 -m spikert_tools.cvectors --out
 * VEC_DIR); BLOB_DIR is Tests/SpikeCoreTests/Blobs. With CASEs only those run.
 *
 * For every case the model is loaded in place, in place from a blob at an address that
 * is 1, 2 and 3 modulo 4, and copied (the blob freed right after spk_load), and run tick
 * by tick with the recorded inputs; after every tick the spikes of every population
 * (spk_spikes, spk_spike_bitmap, spk_spikes_foreach) and the recorded membranes
 * (spk_membranes, spk_membrane) are compared with the vectors, at the end the decoders,
 * counters and the state hash. Around that: reset and rerun, a decoding window started
 * mid-run, a checkpoint taken mid-run and continued in a second arena, idle against
 * step, names, and the calls this build reports as unsupported. Every call of
 * include/spikert.h is made at least once with a checked result.
 *
 * Pure C99 (gcc -std=c99 -Wall -Wextra -Werror -pedantic). Exit status 0 when every
 * check passed, 1 otherwise, 2 when the inputs could not be read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spikert.h"
#include "cabi_support.h"

#define NONE_YET 4294967295u /* FIRST_SPIKE decoder: no spike yet */

/* -------------------------------------------------------------------- per-tick index */

typedef struct {
    size_t *in_s, *in_v, *sp, *mem; /* [ticks + 1]: first record of tick t */
} tick_index;

static size_t *index_of(size_t n, const void *recs, size_t stride, size_t tick_off,
                        uint32_t ticks)
{
    size_t *off = malloc(sizeof(size_t) * ((size_t)ticks + 1));
    size_t k = 0;
    uint32_t t;
    if (!off) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    for (t = 0; t <= ticks; t++) {
        while (k < n) {
            uint32_t tk;
            memcpy(&tk, (const unsigned char *)recs + k * stride + tick_off, sizeof tk);
            if (tk >= t) break;
            k++;
        }
        off[t] = k;
    }
    return off;
}

static void index_build(tick_index *ix, const vec_case *vc)
{
    ix->in_s = index_of(vc->nin_spikes, vc->in_spikes, sizeof(vec_spike),
                        offsetof(vec_spike, tick), vc->ticks);
    ix->in_v = index_of(vc->nin_values, vc->in_values, sizeof(vec_value),
                        offsetof(vec_value, tick), vc->ticks);
    ix->sp = index_of(vc->nspikes, vc->spikes, sizeof(vec_spike),
                      offsetof(vec_spike, tick), vc->ticks);
    ix->mem = index_of(vc->nmem, vc->mem, sizeof(vec_membrane),
                       offsetof(vec_membrane, tick), vc->ticks);
}

static void index_free(tick_index *ix)
{
    free(ix->in_s);
    free(ix->in_v);
    free(ix->sp);
    free(ix->mem);
}

/* -------------------------------------------------------------------- per-case context */

typedef struct {
    const vec_case *vc;
    tick_index      ix;
    uint32_t        max_pop;   /* largest population */
    uint32_t        total;     /* all neurons */
    int32_t       **shadow;    /* held encoder values (for spk_encoder_set_all) */
    uint32_t       *u32buf;    /* scratch, max_pop + 1 */
    int32_t        *i32buf;    /* scratch, max_pop + 1 */
    int64_t        *i64buf;    /* scratch, max_pop + 1 */
    uint8_t        *bits;      /* scratch, max_pop / 8 + 2 */
    uint32_t       *seen;      /* scratch for one tick's encoder channels */
    int32_t        *last;
    /* spk_spikes_foreach collector */
    uint32_t       *cb_pop, *cb_neuron;
    size_t          cb_n, cb_cap;
    unsigned long   cb_overflow;
    int             input_pop; /* an INPUT population, or -1 */
} ctx;

static void ctx_init(ctx *c, const vec_case *vc)
{
    uint32_t p, e;
    memset(c, 0, sizeof *c);
    c->vc = vc;
    index_build(&c->ix, vc);
    c->input_pop = -1;
    for (p = 0; p < vc->npop; p++) {
        if (vc->pop_size[p] > c->max_pop) c->max_pop = vc->pop_size[p];
        c->total += vc->pop_size[p];
        if (vc->pop_model[p] == VEC_MODEL_INPUT && c->input_pop < 0) c->input_pop = (int)p;
    }
    c->shadow = calloc(vc->nenc ? vc->nenc : 1, sizeof *c->shadow);
    for (e = 0; e < vc->nenc; e++)
        c->shadow[e] = calloc(vc->enc_channels[e] ? vc->enc_channels[e] : 1, sizeof(int32_t));
    c->u32buf = malloc(sizeof(uint32_t) * (c->max_pop + 1u));
    c->i32buf = malloc(sizeof(int32_t) * (c->max_pop + 1u));
    c->i64buf = malloc(sizeof(int64_t) * (c->max_pop + 1u));
    c->bits = malloc(c->max_pop / 8u + 2u);
    c->seen = malloc(sizeof(uint32_t) * (c->max_pop + 1u));
    c->last = malloc(sizeof(int32_t) * (c->max_pop + 1u));
    c->cb_cap = (size_t)c->total + 1;
    c->cb_pop = malloc(sizeof(uint32_t) * c->cb_cap);
    c->cb_neuron = malloc(sizeof(uint32_t) * c->cb_cap);
    if (!c->shadow || !c->u32buf || !c->i32buf || !c->i64buf || !c->bits || !c->seen ||
        !c->last || !c->cb_pop || !c->cb_neuron) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
}

static void ctx_free(ctx *c)
{
    uint32_t e;
    index_free(&c->ix);
    for (e = 0; e < c->vc->nenc; e++) free(c->shadow[e]);
    free(c->shadow);
    free(c->u32buf);
    free(c->i32buf);
    free(c->i64buf);
    free(c->bits);
    free(c->seen);
    free(c->last);
    free(c->cb_pop);
    free(c->cb_neuron);
}

/* The held values after every input_value before tick t. */
static void shadow_at(ctx *c, uint32_t t)
{
    const vec_case *vc = c->vc;
    uint32_t e;
    size_t k;
    for (e = 0; e < vc->nenc; e++)
        memset(c->shadow[e], 0, sizeof(int32_t) * vc->enc_channels[e]);
    for (k = 0; k < c->ix.in_v[t]; k++)
        c->shadow[vc->in_values[k].enc][vc->in_values[k].channel] = vc->in_values[k].value;
}

static void collect(void *user, uint32_t population, uint32_t neuron)
{
    ctx *c = user;
    if (c->cb_n < c->cb_cap) {
        c->cb_pop[c->cb_n] = population;
        c->cb_neuron[c->cb_n] = neuron;
        c->cb_n++;
    } else {
        c->cb_overflow++;
    }
}

/* -------------------------------------------------------------------- inputs */

/* Apply the inputs recorded for tick t. batch = 0: one spk_input_spike per spike and
 * one spk_encoder_set per value; batch = 1: spk_input_spikes per run of one population
 * and spk_encoder_set_all where it is equivalent (rate and delta encoders hold values
 * only, so setting every channel to its held value is the same; a latency encoder
 * restarts a presentation on every channel set, so set_all is used only when this tick
 * sets exactly channels 0 .. m-1 of it). */
static void apply_inputs(ctx *c, spk_net *net, uint32_t t, int batch)
{
    const vec_case *vc = c->vc;
    size_t a = c->ix.in_s[t], b = c->ix.in_s[t + 1], k;
    if (!batch) {
        for (k = a; k < b; k++)
            EXPECT(spk_input_spike(net, vc->in_spikes[k].pop, vc->in_spikes[k].neuron), SPK_OK);
    } else {
        k = a;
        while (k < b) {
            uint32_t pop = vc->in_spikes[k].pop;
            size_t n = 0;
            while (k < b && vc->in_spikes[k].pop == pop && n <= c->max_pop)
                c->u32buf[n++] = vc->in_spikes[k++].neuron;
            EXPECT(spk_input_spikes(net, pop, c->u32buf, n), SPK_OK);
        }
        if (c->input_pop >= 0) /* count 0 with NULL neurons: documented, does nothing */
            EXPECT(spk_input_spikes(net, (uint32_t)c->input_pop, NULL, 0), SPK_OK);
    }

    a = c->ix.in_v[t];
    b = c->ix.in_v[t + 1];
    for (k = a; k < b; k++)
        c->shadow[vc->in_values[k].enc][vc->in_values[k].channel] = vc->in_values[k].value;
    if (!batch) {
        for (k = a; k < b; k++)
            EXPECT(spk_encoder_set(net, vc->in_values[k].enc, vc->in_values[k].channel,
                                   vc->in_values[k].value), SPK_OK);
        return;
    }
    {
        uint32_t e;
        for (e = 0; e < vc->nenc; e++) {
            uint32_t ch = vc->enc_channels[e], m = 0, j;
            int any = 0, prefix = 1;
            for (j = 0; j < ch; j++) c->seen[j] = 0;
            for (k = a; k < b; k++)
                if (vc->in_values[k].enc == e) {
                    any = 1;
                    c->seen[vc->in_values[k].channel] = 1;
                    c->last[vc->in_values[k].channel] = vc->in_values[k].value;
                }
            if (!any) continue;
            if (vc->enc_kind[e] != VEC_ENC_LATENCY) {
                EXPECT(spk_encoder_set_all(net, e, c->shadow[e], ch), SPK_OK);
                continue;
            }
            while (m < ch && c->seen[m]) m++;
            for (j = m; j < ch; j++)
                if (c->seen[j]) prefix = 0;
            if (prefix) {
                EXPECT(spk_encoder_set_all(net, e, c->last, m), SPK_OK);
            } else {
                for (k = a; k < b; k++)
                    if (vc->in_values[k].enc == e)
                        EXPECT(spk_encoder_set(net, e, vc->in_values[k].channel,
                                               vc->in_values[k].value), SPK_OK);
            }
        }
    }
}

/* -------------------------------------------------------------------- comparisons */

/* The spikes and recorded membranes of tick t, which must be the last completed tick. */
static void check_tick(ctx *c, const spk_net *net, uint32_t t, const char *phase)
{
    const vec_case *vc = c->vc;
    size_t lo = c->ix.sp[t], hi = c->ix.sp[t + 1], k;
    uint32_t p;
    uint64_t tick = 0;

    cabi_set_label("%s/%s tick %" PRIu32, vc->name, phase, t);
    if (EXPECT(spk_tick(net, &tick), SPK_OK))
        CHECK(tick == (uint64_t)t + 1, "%s: spk_tick = %" PRIu64 ", expected %" PRIu32,
              cabi_label, tick, t + 1);

    for (p = 0; p < vc->npop; p++) {
        uint32_t size = vc->pop_size[p], j;
        size_t a = lo, b, n, count = 12345, nbytes = (size + 7u) / 8u + 1u;
        while (a < hi && vc->spikes[a].pop < p) a++;
        b = a;
        while (b < hi && vc->spikes[b].pop == p) b++;
        n = b - a;

        /* spk_spikes: full copy */
        for (j = 0; j <= size; j++) c->u32buf[j] = 0xDEADBEEFu;
        if (EXPECT(spk_spikes(net, p, c->u32buf, size, &count), SPK_OK)) {
            if (CHECK(count == n, "%s pop %" PRIu32 ": spk_spikes count %zu, expected %zu",
                      cabi_label, p, count, n)) {
                for (k = 0; k < n; k++)
                    CHECK(c->u32buf[k] == vc->spikes[a + k].neuron,
                          "%s pop %" PRIu32 ": spike %zu is neuron %" PRIu32
                          ", expected %" PRIu32, cabi_label, p, k, c->u32buf[k],
                          vc->spikes[a + k].neuron);
            } else {
                for (k = a; k < b; k++) {
                    int found = 0;
                    size_t q;
                    for (q = 0; q < count && q < size; q++)
                        if (c->u32buf[q] == vc->spikes[k].neuron) found = 1;
                    CHECK(found, "%s pop %" PRIu32 " neuron %" PRIu32 ": expected spike missing",
                          cabi_label, p, vc->spikes[k].neuron);
                }
            }
            CHECK(c->u32buf[size] == 0xDEADBEEFu, "%s pop %" PRIu32
                  ": spk_spikes wrote past capacity", cabi_label, p);
        }
        /* count query */
        count = 12345;
        EXPECT(spk_spikes(net, p, NULL, 0, &count), n ? SPK_E_BUFFER_TOO_SMALL : SPK_OK);
        CHECK(count == n, "%s pop %" PRIu32 ": count query gave %zu, expected %zu",
              cabi_label, p, count, n);
        /* partial copy */
        if (n >= 2) {
            c->u32buf[0] = c->u32buf[1] = 0xDEADBEEFu;
            count = 0;
            EXPECT(spk_spikes(net, p, c->u32buf, 1, &count), SPK_E_BUFFER_TOO_SMALL);
            CHECK(count == n && c->u32buf[0] == vc->spikes[a].neuron &&
                  c->u32buf[1] == 0xDEADBEEFu,
                  "%s pop %" PRIu32 ": spk_spikes capacity 1: count %zu first %" PRIu32
                  " next %08" PRIx32, cabi_label, p, count, c->u32buf[0], c->u32buf[1]);
        }
        /* bitmap, one byte longer than needed: that byte must be zeroed */
        memset(c->bits, 0xA5, nbytes);
        if (EXPECT(spk_spike_bitmap(net, p, c->bits, nbytes), SPK_OK)) {
            size_t q = a;
            for (j = 0; j < size; j++) {
                int want = (q < b && vc->spikes[q].neuron == j);
                int got = (c->bits[j / 8u] >> (j % 8u)) & 1;
                if (want) q++;
                CHECK(got == want, "%s pop %" PRIu32 " neuron %" PRIu32 ": bitmap bit %d, "
                      "expected %d", cabi_label, p, j, got, want);
            }
            for (j = size; j < nbytes * 8u; j++)
                CHECK(((c->bits[j / 8u] >> (j % 8u)) & 1) == 0,
                      "%s pop %" PRIu32 ": bitmap bit %" PRIu32 " past the population is set",
                      cabi_label, p, j);
        }
        /* foreach, one population */
        c->cb_n = 0;
        c->cb_overflow = 0;
        if (EXPECT(spk_spikes_foreach(net, p, collect, c), SPK_OK)) {
            int same = c->cb_n == n && !c->cb_overflow;
            for (k = 0; same && k < n; k++)
                same = c->cb_pop[k] == p && c->cb_neuron[k] == vc->spikes[a + k].neuron;
            CHECK(same, "%s pop %" PRIu32 ": spk_spikes_foreach gave %zu calls, expected %zu"
                  " (or different neurons/order)", cabi_label, p, c->cb_n, n);
        }
        lo = b;
    }

    /* foreach, every population */
    lo = c->ix.sp[t];
    c->cb_n = 0;
    c->cb_overflow = 0;
    if (EXPECT(spk_spikes_foreach(net, SPK_ALL_POPULATIONS, collect, c), SPK_OK)) {
        int same = c->cb_n == hi - lo && !c->cb_overflow;
        for (k = 0; same && k < hi - lo; k++)
            same = c->cb_pop[k] == vc->spikes[lo + k].pop &&
                   c->cb_neuron[k] == vc->spikes[lo + k].neuron;
        CHECK(same, "%s: spk_spikes_foreach(SPK_ALL_POPULATIONS) gave %zu calls, expected %zu"
              " (or different spikes/order)", cabi_label, c->cb_n, hi - lo);
    }

    /* membranes */
    for (k = c->ix.mem[t]; k < c->ix.mem[t + 1]; k++) {
        const vec_membrane *m = &vc->mem[k];
        const int32_t *want = vc->mem_values + m->first;
        size_t count = 0;
        uint32_t j;
        c->i32buf[m->count] = 0x5A5A5A5A;
        if (EXPECT(spk_membranes(net, m->pop, c->i32buf, m->count, &count), SPK_OK) &&
            CHECK(count == m->count, "%s pop %" PRIu32 ": spk_membranes count %zu, expected %"
                  PRIu32, cabi_label, m->pop, count, m->count)) {
            for (j = 0; j < m->count; j++)
                CHECK(c->i32buf[j] == want[j], "%s pop %" PRIu32 " neuron %" PRIu32
                      ": membrane %" PRId32 ", expected %" PRId32, cabi_label, m->pop, j,
                      c->i32buf[j], want[j]);
            CHECK(c->i32buf[m->count] == 0x5A5A5A5A, "%s pop %" PRIu32
                  ": spk_membranes wrote past capacity", cabi_label, m->pop);
        }
        for (j = 0; j < m->count; j++) {
            int32_t v = 0x5A5A5A5A;
            if (EXPECT(spk_membrane(net, m->pop, j, &v), SPK_OK))
                CHECK(v == want[j], "%s pop %" PRIu32 " neuron %" PRIu32
                      ": spk_membrane %" PRId32 ", expected %" PRId32, cabi_label, m->pop,
                      j, v, want[j]);
        }
    }
}

/* The decoder values expected at the end when the window started at tick w (w = 0:
 * the recorded values; else derived from the recorded spikes and final membranes). */
static int64_t decoder_expected(ctx *c, uint32_t d, uint32_t j, uint32_t w)
{
    const vec_case *vc = c->vc;
    uint32_t pop = vc->dec_pop[d];
    size_t k;
    int64_t count = 0;
    if (w == 0 || vc->dec_kind[d] == 2) return vc->dec_values[d][j];
    for (k = c->ix.sp[w]; k < vc->nspikes; k++)
        if (vc->spikes[k].pop == pop && vc->spikes[k].neuron == j) {
            if (vc->dec_kind[d] == 1) return (int64_t)(vc->spikes[k].tick - w);
            count++;
        }
    return vc->dec_kind[d] == 1 ? (int64_t)NONE_YET : count;
}

static void check_decoders(ctx *c, const spk_net *net, uint32_t window)
{
    const vec_case *vc = c->vc;
    uint32_t d, j;
    for (d = 0; d < vc->ndec; d++) {
        uint32_t n = vc->pop_size[vc->dec_pop[d]];
        size_t count = 0;
        for (j = 0; j <= n; j++) c->i64buf[j] = INT64_MIN;
        if (EXPECT(spk_decoder_read(net, d, c->i64buf, n, &count), SPK_OK) &&
            CHECK(count == n, "%s decoder %" PRIu32 ": count %zu, expected %" PRIu32,
                  cabi_label, d, count, n)) {
            for (j = 0; j < n; j++) {
                int64_t want = decoder_expected(c, d, j, window);
                CHECK(c->i64buf[j] == want, "%s decoder %" PRIu32 " neuron %" PRIu32
                      ": %" PRId64 ", expected %" PRId64, cabi_label, d, j, c->i64buf[j],
                      want);
            }
            CHECK(c->i64buf[n] == INT64_MIN, "%s decoder %" PRIu32
                  ": spk_decoder_read wrote past capacity", cabi_label, d);
        }
        count = 0;
        EXPECT(spk_decoder_read(net, d, NULL, 0, &count), SPK_E_BUFFER_TOO_SMALL);
        CHECK(count == n, "%s decoder %" PRIu32 ": count query %zu, expected %" PRIu32,
              cabi_label, d, count, n);
    }
}

static uint64_t counter_of(const spk_net *net, uint32_t id)
{
    uint64_t v = 0xABABABABABABABABu;
    EXPECT(spk_counter(net, id, &v), SPK_OK);
    return v;
}

/* Decoders (window start w), counters minus `base` (the counters a restored checkpoint
 * did not carry), tick and hash after the last tick. */
static void check_final(ctx *c, const spk_net *net, const char *phase, uint32_t window,
                        const uint64_t base[4])
{
    const vec_case *vc = c->vc;
    static const uint64_t zero[4] = {0, 0, 0, 0};
    uint64_t want[4], hash = 0;
    static const char *const names[4] = {"TICKS", "SYNAPTIC_EVENTS", "NEURON_UPDATES",
                                         "SPIKES"};
    uint32_t id;
    if (!base) base = zero;
    cabi_set_label("%s/%s end", vc->name, phase);
    check_decoders(c, net, window);
    want[0] = vc->ticks;
    want[1] = vc->synaptic_events;
    want[2] = vc->neuron_updates;
    want[3] = vc->spikes_total;
    for (id = 0; id < 4; id++) {
        uint64_t got = counter_of(net, id);
        CHECK(got == want[id] - base[id], "%s: SPK_COUNTER_%s = %" PRIu64 ", expected %"
              PRIu64, cabi_label, names[id], got, want[id] - base[id]);
    }
    if (EXPECT(spk_state_hash(net, &hash), SPK_OK))
        CHECK(hash == vc->hash, "%s: state hash 0x%016" PRIx64 ", expected 0x%016" PRIx64,
              cabi_label, hash, vc->hash);
}

/* Ticks [t0, t1) with the recorded inputs, every tick compared. batch_parity picks which
 * ticks use the batch input calls. Optionally starts a decoding window at `window`. */
static void run_range(ctx *c, spk_net *net, uint32_t t0, uint32_t t1, int batch_parity,
                      const char *phase, uint32_t window)
{
    uint32_t t;
    shadow_at(c, t0);
    for (t = t0; t < t1; t++) {
        if (window && t == window) {
            cabi_set_label("%s/%s tick %" PRIu32, c->vc->name, phase, t);
            EXPECT(spk_decoder_reset(net), SPK_OK);
        }
        cabi_set_label("%s/%s tick %" PRIu32, c->vc->name, phase, t);
        apply_inputs(c, net, t, (int)((t + (uint32_t)batch_parity) & 1u));
        EXPECT(spk_step(net, 1), SPK_OK);
        check_tick(c, net, t, phase);
    }
}

static uint64_t hash_of(const spk_net *net)
{
    uint64_t h = 0;
    EXPECT(spk_state_hash(net, &h), SPK_OK);
    return h;
}

static uint64_t tick_of(const spk_net *net)
{
    uint64_t t = 0xFFFFFFFFFFFFFFFFu;
    EXPECT(spk_tick(net, &t), SPK_OK);
    return t;
}

/* State right after load or reset: tick 0, the load hash, counters 0, no spikes. */
static void check_initial(ctx *c, const spk_net *net, uint64_t hash0)
{
    const vec_case *vc = c->vc;
    uint32_t p, id;
    uint64_t h = hash_of(net);
    CHECK(tick_of(net) == 0, "%s: tick is not 0", cabi_label);
    CHECK(h == hash0, "%s: hash 0x%016" PRIx64 ", expected the load hash 0x%016" PRIx64,
          cabi_label, h, hash0);
    for (id = 0; id < 4; id++)
        CHECK(counter_of(net, id) == 0, "%s: counter %" PRIu32 " is not 0", cabi_label, id);
    for (p = 0; p < vc->npop; p++) {
        size_t count = 99;
        EXPECT(spk_spikes(net, p, NULL, 0, &count), SPK_OK);
        CHECK(count == 0, "%s pop %" PRIu32 ": %zu spikes before the first step", cabi_label,
              p, count);
    }
}

/* -------------------------------------------------------------------- shape, names */

static void check_shape(ctx *c, const spk_net *net)
{
    const vec_case *vc = c->vc;
    const uint32_t want[4] = {vc->npop, vc->nproj, vc->nenc, vc->ndec};
    uint32_t kind, i, v;
    uint64_t ns = 0;
    for (kind = SPK_POPULATION; kind <= SPK_DECODER; kind++) {
        v = 0xFFFFu;
        if (EXPECT(spk_count(net, kind, &v), SPK_OK))
            CHECK(v == want[kind], "%s: spk_count(kind %" PRIu32 ") = %" PRIu32 ", expected %"
                  PRIu32, cabi_label, kind, v, want[kind]);
    }
    v = 0xC0FFEEu;
    EXPECT(spk_count(net, 4u, &v), SPK_E_ARGUMENT);
    CHECK(v == 0xC0FFEEu, "%s: spk_count with an unknown kind wrote its output", cabi_label);
    for (i = 0; i < vc->npop; i++) {
        v = 0;
        if (EXPECT(spk_population_size(net, i, &v), SPK_OK))
            CHECK(v == vc->pop_size[i], "%s: population %" PRIu32 " size %" PRIu32
                  ", expected %" PRIu32, cabi_label, i, v, vc->pop_size[i]);
    }
    for (i = 0; i < vc->npop; i++) {
        v = 0xC0FFEEu;
        if (EXPECT(spk_population_model(net, i, &v), SPK_OK))
            CHECK(v == vc->pop_model[i], "%s: population %" PRIu32 " model %" PRIu32
                  ", expected %" PRIu32, cabi_label, i, v, vc->pop_model[i]);
    }
    for (i = 0; i < vc->ndec; i++) {
        uint32_t kind = 0xC0FFEEu;
        v = 0xC0FFEEu;
        if (EXPECT(spk_decoder_population(net, i, &v, &kind), SPK_OK)) {
            CHECK(v == vc->dec_pop[i], "%s: decoder %" PRIu32 " reads population %" PRIu32
                  ", expected %" PRIu32, cabi_label, i, v, vc->dec_pop[i]);
            CHECK(kind == vc->dec_kind[i], "%s: decoder %" PRIu32 " kind %" PRIu32
                  ", expected %" PRIu32, cabi_label, i, kind, vc->dec_kind[i]);
        }
        v = 0xC0FFEEu;
        if (EXPECT(spk_decoder_population(net, i, &v, NULL), SPK_OK))
            CHECK(v == vc->dec_pop[i], "%s: decoder %" PRIu32 " population with kind=NULL",
                  cabi_label, i);
    }
    for (i = 0; i < vc->nenc; i++) {
        v = 0;
        if (EXPECT(spk_encoder_channels(net, i, &v), SPK_OK))
            CHECK(v == vc->enc_channels[i], "%s: encoder %" PRIu32 " has %" PRIu32
                  " channels, expected %" PRIu32, cabi_label, i, v, vc->enc_channels[i]);
    }
    if (EXPECT(spk_tick_ns(net, &ns), SPK_OK))
        CHECK(ns == vc->tick_ns, "%s: spk_tick_ns = %" PRIu64 ", expected %" PRIu64,
              cabi_label, ns, vc->tick_ns);
    /* membranes of input populations are SPK_E_STATE (header: spk_membrane, SPK_E_STATE) */
    for (i = 0; i < vc->npop; i++) {
        if (vc->pop_model[i] == VEC_MODEL_INPUT) {
            int32_t mv = 77;
            size_t count = 77;
            EXPECT(spk_membrane(net, i, 0, &mv), SPK_E_STATE);
            EXPECT(spk_membranes(net, i, c->i32buf, vc->pop_size[i], &count), SPK_E_STATE);
            CHECK(mv == 77, "%s: failed spk_membrane wrote its output", cabi_label);
        }
    }
}

static void check_names(ctx *c, const spk_net *net)
{
    const vec_case *vc = c->vc;
    size_t k, q;
    uint32_t kind, idx;
    char other[80];
    for (k = 0; k < vc->nnames; k++) {
        const vec_name *nm = &vc->names[k];
        uint32_t want = nm->index;
        for (q = 0; q < k; q++) /* the first element of that kind with that name */
            if (vc->names[q].kind == nm->kind && strcmp(vc->names[q].text, nm->text) == 0) {
                want = vc->names[q].index;
                break;
            }
        idx = 0xFFFFFFFFu;
        if (EXPECT(spk_find(net, nm->kind, nm->text, &idx), SPK_OK))
            CHECK(idx == want, "%s: spk_find(%" PRIu32 ", \"%s\") = %" PRIu32 ", expected %"
                  PRIu32, cabi_label, nm->kind, nm->text, idx, want);
        /* exact bytes: a longer and a shorter name are not found */
        if (strlen(nm->text) < sizeof other - 2) {
            int clash = 0;
            sprintf(other, "%sx", nm->text);
            idx = 4242;
            EXPECT(spk_find(net, nm->kind, other, &idx), SPK_E_RANGE);
            CHECK(idx == 4242, "%s: failed spk_find wrote its output", cabi_label);
            other[strlen(nm->text) - 1] = '\0';
            for (q = 0; q < vc->nnames; q++)
                if (vc->names[q].kind == nm->kind && strcmp(vc->names[q].text, other) == 0)
                    clash = 1;
            if (!clash) EXPECT(spk_find(net, nm->kind, other, &idx), SPK_E_RANGE);
        }
    }
    for (kind = SPK_POPULATION; kind <= SPK_DECODER; kind++) {
        idx = 4242;
        EXPECT(spk_find(net, kind, "no-such-element", &idx), SPK_E_RANGE);
        if (vc->nnames == 0) /* the blob carries no names: nothing is found */
            EXPECT(spk_find(net, kind, "", &idx), SPK_E_RANGE);
        CHECK(idx == 4242, "%s: failed spk_find wrote its output", cabi_label);
    }
    EXPECT(spk_find(net, 4u, "x", &idx), SPK_E_ARGUMENT);
    EXPECT(spk_find(net, 0xFFFFFFFFu, "x", &idx), SPK_E_ARGUMENT);
}

/* Learning, power, quiescence and the counters this build does not keep: exactly the
 * documented statuses, outputs untouched on failure. */
static void check_unsupported(ctx *c, spk_net *net)
{
    const vec_case *vc = c->vc;
    uint32_t id, param;
    uint64_t v = 0x1111;
    int32_t pv = 0x2222;
    int q = 0x3333;
    uint64_t h = hash_of(net);

    for (id = SPK_COUNTER_INPUT_SPIKES; id <= SPK_COUNTER_PLASTICITY_UPDATES; id++) {
        EXPECT(spk_counter(net, id, &v), SPK_E_UNSUPPORTED);
        CHECK(v == 0x1111, "%s: unsupported counter %" PRIu32 " wrote its output", cabi_label, id);
    }
    EXPECT(spk_counter(net, 7u, &v), SPK_E_ARGUMENT);
    EXPECT(spk_counter(net, 0xFFFFFFFFu, &v), SPK_E_ARGUMENT);
    CHECK(v == 0x1111, "%s: failed spk_counter wrote its output", cabi_label);

    if (vc->nproj > 0) {
        EXPECT(spk_learning_enable(net, 0, 1), SPK_E_UNSUPPORTED);
        EXPECT(spk_learning_enable(net, 0, 0), SPK_E_UNSUPPORTED);
        EXPECT(spk_learning_enable(net, vc->nproj - 1, 1), SPK_E_UNSUPPORTED);
        for (param = SPK_PARAM_A_PLUS; param <= SPK_PARAM_DECAY_ELIG; param++) {
            EXPECT(spk_learning_param(net, 0, param, &pv), SPK_E_UNSUPPORTED);
            EXPECT(spk_learning_set_param(net, 0, param, 0), SPK_E_UNSUPPORTED);
        }
        EXPECT(spk_learning_param(net, 0, 8u, &pv), SPK_E_ARGUMENT);
        EXPECT(spk_learning_set_param(net, 0, 8u, 0), SPK_E_ARGUMENT);
        CHECK(pv == 0x2222, "%s: failed spk_learning_param wrote its output", cabi_label);
    }
    EXPECT(spk_learning_enable(net, vc->nproj, 1), SPK_E_RANGE);
    EXPECT(spk_learning_param(net, vc->nproj, SPK_PARAM_A_PLUS, &pv), SPK_E_RANGE);
    EXPECT(spk_learning_set_param(net, vc->nproj, SPK_PARAM_A_PLUS, 0), SPK_E_RANGE);
    EXPECT(spk_reward(net, 65536), SPK_E_UNSUPPORTED);
    EXPECT(spk_reward(net, -65536), SPK_E_UNSUPPORTED);

    EXPECT(spk_power_mode(net, SPK_POWER_NORMAL, 1), SPK_OK);
    EXPECT(spk_power_mode(net, SPK_POWER_LOW, 2), SPK_E_UNSUPPORTED);
    EXPECT(spk_power_mode(net, SPK_POWER_LOW, 16), SPK_E_UNSUPPORTED);
    EXPECT(spk_power_mode(net, SPK_POWER_NORMAL, 0), SPK_E_ARGUMENT);
    EXPECT(spk_power_mode(net, SPK_POWER_NORMAL, 2), SPK_E_ARGUMENT);
    EXPECT(spk_power_mode(net, SPK_POWER_LOW, 1), SPK_E_ARGUMENT);
    EXPECT(spk_power_mode(net, SPK_POWER_LOW, 0), SPK_E_ARGUMENT);
    EXPECT(spk_power_mode(net, 2u, 1), SPK_E_ARGUMENT);
    EXPECT(spk_power_mode(net, 0xFFFFFFFFu, 1), SPK_E_ARGUMENT);

    EXPECT(spk_quiescent(net, &q), SPK_E_UNSUPPORTED);
    CHECK(q == 0x3333, "%s: unsupported spk_quiescent wrote its output", cabi_label);

    CHECK(hash_of(net) == h, "%s: the unsupported calls changed the state hash", cabi_label);
}

/* After spk_decoder_reset: counts 0, first spikes none, membranes = current v; tick and
 * hash unchanged (decoders are not hashed). */
static void check_decoder_reset(ctx *c, spk_net *net)
{
    const vec_case *vc = c->vc;
    uint64_t h = hash_of(net), t = tick_of(net);
    uint32_t d, j;
    EXPECT(spk_decoder_reset(net), SPK_OK);
    CHECK(hash_of(net) == h && tick_of(net) == t,
          "%s: spk_decoder_reset changed the tick or the state hash", cabi_label);
    for (d = 0; d < vc->ndec; d++) {
        uint32_t pop = vc->dec_pop[d], n = vc->pop_size[pop];
        size_t count = 0;
        if (!EXPECT(spk_decoder_read(net, d, c->i64buf, n, &count), SPK_OK)) continue;
        for (j = 0; j < n; j++) {
            int64_t want = 0;
            if (vc->dec_kind[d] == 1) {
                want = NONE_YET;
            } else if (vc->dec_kind[d] == 2) {
                int32_t v = 0;
                EXPECT(spk_membrane(net, pop, j, &v), SPK_OK);
                want = v;
            }
            CHECK(c->i64buf[j] == want, "%s: after spk_decoder_reset decoder %" PRIu32
                  " neuron %" PRIu32 " = %" PRId64 ", expected %" PRId64, cabi_label, d, j,
                  c->i64buf[j], want);
        }
    }
}

/* -------------------------------------------------------------------- loading */

static spk_net *load(const vec_case *vc, const void *blob, size_t len, uint32_t flags,
                     aligned_buf *arena, const char *what)
{
    static unsigned char not_a_net[16];
    size_t size = 0;
    spk_net *net = (spk_net *)(void *)not_a_net; /* must become the arena */
    spk_error err;
    cabi_set_label("%s/%s load", vc->name, what);
    memset(&err, 0xEE, sizeof err);
    if (!EXPECT(spk_arena_size(blob, len, flags, &size, &err), SPK_OK)) {
        fprintf(stdout, "    spk_error: status %s offset %" PRIu64 " field \"%s\"\n",
                status_name(err.status), err.offset, err.field ? err.field : "(NULL)");
        return NULL;
    }
    CHECK(err.status == SPK_OK && err.offset == 0 && err.needed == 0 && err.field &&
          err.field[0] == '\0' && err.reserved == 0,
          "%s: spk_arena_size succeeded but did not clear spk_error", cabi_label);
    if (aligned_alloc16(arena, size)) {
        fprintf(stderr, "out of memory (arena of %zu bytes)\n", size);
        exit(2);
    }
    memset(arena->p, 0xCD, size); /* not zeroed: the library must not rely on that */
    memset(&err, 0xEE, sizeof err);
    if (!EXPECT(spk_load(blob, len, arena->p, size, flags, &net, &err), SPK_OK)) {
        fprintf(stdout, "    spk_error: status %s offset %" PRIu64 " field \"%s\"\n",
                status_name(err.status), err.offset, err.field ? err.field : "(NULL)");
        CHECK(net == NULL, "%s: failed spk_load did not set *net to NULL", cabi_label);
        aligned_free(arena);
        return NULL;
    }
    CHECK(err.status == SPK_OK && err.offset == 0 && err.needed == 0 && err.field &&
          err.field[0] == '\0' && err.reserved == 0,
          "%s: spk_load succeeded but did not clear spk_error", cabi_label);
    CHECK((void *)net == (void *)arena->p, "%s: the handle is not the arena", cabi_label);
    return net;
}

static void unload(spk_net *net, aligned_buf *arena)
{
    if (net) {
        EXPECT(spk_unload(net), SPK_OK);
        EXPECT(spk_unload(net), SPK_E_BAD_HANDLE);
    }
    aligned_free(arena);
}

/* -------------------------------------------------------------------- one case */

typedef struct {
    size_t arena_in_place, arena_copy, checkpoint;
    const char *counters_on_restore;
} case_info;


static void run_case(const vec_case *vc, const unsigned char *blob, size_t len,
                     case_info *info)
{
    ctx c;
    aligned_buf A, B, E;
    spk_net *a, *b, *e;
    uint64_t hash0 = 0;
    uint32_t T = vc->ticks, mid = vc->ticks / 2, window = vc->ticks / 3;
    int off;

    ctx_init(&c, vc);
    memset(info, 0, sizeof *info);

    /* --- in place: load, shape, names, full run */
    a = load(vc, blob, len, SPK_LOAD_IN_PLACE, &A, "in-place");
    if (!a) {
        ctx_free(&c);
        return;
    }
    info->arena_in_place = A.size;
    cabi_set_label("%s/in-place after load", vc->name);
    hash0 = hash_of(a);
    check_initial(&c, a, hash0);
    check_shape(&c, a);
    check_names(&c, a);
    EXPECT(spk_power_mode(a, SPK_POWER_NORMAL, 1), SPK_OK);
    EXPECT(spk_step(a, 0), SPK_OK);
    EXPECT(spk_idle(a, 0), SPK_OK);
    check_initial(&c, a, hash0);
    run_range(&c, a, 0, T, 0, "in-place", 0);
    check_final(&c, a, "in-place", 0, NULL);

    cabi_set_label("%s/in-place after the run", vc->name);
    check_unsupported(&c, a);
    {
        uint64_t h = hash_of(a), t = tick_of(a);
        EXPECT(spk_step(a, 0), SPK_OK);
        EXPECT(spk_idle(a, 0), SPK_OK);
        CHECK(hash_of(a) == h && tick_of(a) == t, "%s: spk_step(0)/spk_idle(0) changed the state",
              cabi_label);
    }
    check_decoder_reset(&c, a);

    /* --- reset, then the same run with the other input calls and a decoding window
     *     started at ticks/3 */
    cabi_set_label("%s/reset", vc->name);
    EXPECT(spk_reset(a), SPK_OK);
    check_initial(&c, a, hash0);
    run_range(&c, a, 0, T, 1, "reset+window", window);
    check_final(&c, a, "reset+window", window, NULL);

    /* --- checkpoint at ticks/2, continued in a second arena */
    cabi_set_label("%s/checkpoint", vc->name);
    EXPECT(spk_reset(a), SPK_OK);
    run_range(&c, a, 0, mid, 0, "checkpoint-source", 0);
    {
        size_t need = 0, written = 0;
        unsigned char *buf;
        uint64_t mid_counters[4], h_mid;
        uint32_t id;
        cabi_set_label("%s/checkpoint at tick %" PRIu32, vc->name, mid);
        h_mid = hash_of(a);
        for (id = 0; id < 4; id++) mid_counters[id] = counter_of(a, id);
        EXPECT(spk_checkpoint_size(a, &need), SPK_OK);
        info->checkpoint = need;
        buf = malloc(need + 16);
        if (!buf) exit(2);
        if (need > 0) {
            written = 0;
            EXPECT(spk_checkpoint(a, buf, need - 1, &written), SPK_E_BUFFER_TOO_SMALL);
            CHECK(written == need, "%s: too-small checkpoint buffer: *written = %zu, expected %zu",
                  cabi_label, written, need);
        }
        written = 0;
        memset(buf, 0, need + 16);
        if (EXPECT(spk_checkpoint(a, buf, need + 16, &written), SPK_OK) &&
            CHECK(written == need, "%s: checkpoint wrote %zu bytes, size said %zu", cabi_label,
                  written, need)) {
            CHECK(hash_of(a) == h_mid, "%s: spk_checkpoint changed the state", cabi_label);
            b = load(vc, buf, written, SPK_LOAD_COPY, &B, "checkpoint-copy");
            memset(buf, 0xEE, need + 16); /* SPK_LOAD_COPY: the blob may go now */
            free(buf);
            buf = NULL;
            if (b) {
                uint64_t restored[4], tb = tick_of(b);
                cabi_set_label("%s/checkpoint loaded", vc->name);
                CHECK(tb == mid, "%s: loaded checkpoint at tick %" PRIu64 ", expected %" PRIu32,
                      cabi_label, tb, mid);
                CHECK(hash_of(b) == h_mid, "%s: loaded checkpoint hash differs from the source",
                      cabi_label);
                /* header: a checkpoint restores the saved counters (they are part of
                 * the run it continues); only a model blob starts them at 0 */
                for (id = 0; id < 4; id++) {
                    restored[id] = counter_of(b, id);
                    CHECK(restored[id] == mid_counters[id], "%s: counter %" PRIu32 " after loading "
                          "the checkpoint is %" PRIu64 ", the saved value was %" PRIu64,
                          cabi_label, id, restored[id], mid_counters[id]);
                }
                info->counters_on_restore = "are restored (the saved values)";
                memset(mid_counters, 0, sizeof mid_counters);
                if (mid > 0) check_tick(&c, b, mid - 1, "checkpoint-restored");
                check_shape(&c, b);
                run_range(&c, a, mid, T, 0, "checkpoint-source", 0);
                run_range(&c, b, mid, T, 1, "checkpoint-restored", 0);
                check_final(&c, a, "checkpoint-source", 0, NULL);
                check_final(&c, b, "checkpoint-restored", 0, mid_counters);
                cabi_set_label("%s/checkpoint unload", vc->name);
                unload(b, &B);
            }
        }
        free(buf);
    }

    /* --- idle N == step N without input, on two handles */
    cabi_set_label("%s/idle", vc->name);
    EXPECT(spk_reset(a), SPK_OK);
    b = load(vc, blob, len, SPK_LOAD_IN_PLACE, &B, "idle-twin");
    if (b) {
        const uint32_t K = 37;
        uint32_t p, d;
        run_range(&c, a, 0, T, 0, "idle-a", 0);
        run_range(&c, b, 0, T, 1, "idle-b", 0);
        cabi_set_label("%s/idle %" PRIu32 " vs step %" PRIu32, vc->name, K, K);
        EXPECT(spk_idle(a, K), SPK_OK);
        EXPECT(spk_step(b, K), SPK_OK);
        CHECK(tick_of(a) == (uint64_t)T + K && tick_of(b) == (uint64_t)T + K,
              "%s: tick after idle/step is not %" PRIu32, cabi_label, T + K);
        CHECK(hash_of(a) == hash_of(b), "%s: hash after spk_idle differs from spk_step",
              cabi_label);
        CHECK(counter_of(a, SPK_COUNTER_TICKS) == counter_of(b, SPK_COUNTER_TICKS),
              "%s: SPK_COUNTER_TICKS after spk_idle differs from spk_step", cabi_label);
        for (p = 0; p < vc->npop; p++) {
            size_t na = 0, nb = 0;
            memset(c.bits, 0, vc->pop_size[p] / 8u + 2u);
            EXPECT(spk_spike_bitmap(a, p, c.bits, (vc->pop_size[p] + 7u) / 8u), SPK_OK);
            EXPECT(spk_spikes(a, p, c.u32buf, vc->pop_size[p], &na), SPK_OK);
            EXPECT(spk_spikes(b, p, c.seen, vc->pop_size[p], &nb), SPK_OK);
            CHECK(na == nb && memcmp(c.u32buf, c.seen, na * sizeof(uint32_t)) == 0,
                  "%s pop %" PRIu32 ": last-tick spikes after spk_idle differ from spk_step",
                  cabi_label, p);
        }
        for (d = 0; d < vc->ndec; d++) {
            uint32_t n = vc->pop_size[vc->dec_pop[d]], j;
            size_t na = 0, nb = 0;
            int64_t *va = c.i64buf, *vb = malloc(sizeof(int64_t) * (n + 1u));
            if (!vb) exit(2);
            EXPECT(spk_decoder_read(a, d, va, n, &na), SPK_OK);
            EXPECT(spk_decoder_read(b, d, vb, n, &nb), SPK_OK);
            for (j = 0; j < n && na == n && nb == n; j++)
                CHECK(va[j] == vb[j], "%s decoder %" PRIu32 " neuron %" PRIu32
                      ": %" PRId64 " after spk_idle, %" PRId64 " after spk_step", cabi_label,
                      d, j, va[j], vb[j]);
            free(vb);
        }
        unload(b, &B);
    }
    cabi_set_label("%s/in-place unload", vc->name);
    unload(a, &A);

    /* --- in place from blob addresses 1, 2, 3 mod 4 (index tensors may be copied) */
    for (off = 1; off <= 3; off++) {
        unsigned char *shifted = malloc(len + 4);
        size_t pad;
        char phase[32];
        if (!shifted) exit(2);
        pad = ((uintptr_t)off - (uintptr_t)shifted) & 3u; /* (shifted + pad) % 4 == off */
        memcpy(shifted + pad, blob, len);
        sprintf(phase, "in-place+%d", off);
        e = load(vc, shifted + pad, len, SPK_LOAD_IN_PLACE, &E, phase);
        if (e) {
            run_range(&c, e, 0, T, off & 1, phase, 0);
            check_final(&c, e, phase, 0, NULL);
            cabi_set_label("%s/%s unload", vc->name, phase);
            unload(e, &E);
        }
        free(shifted);
    }

    /* --- copied: the blob is overwritten and freed right after spk_load */
    {
        unsigned char *copy = malloc(len ? len : 1);
        if (!copy) exit(2);
        memcpy(copy, blob, len);
        e = load(vc, copy, len, SPK_LOAD_COPY, &E, "copy");
        memset(copy, 0xA5, len);
        free(copy);
        if (e) {
            info->arena_copy = E.size;
            cabi_set_label("%s/copy", vc->name);
            check_initial(&c, e, hash0);
            check_shape(&c, e);
            check_names(&c, e);
            run_range(&c, e, 0, T, 1, "copy", 0);
            check_final(&c, e, "copy", 0, NULL);
            cabi_set_label("%s/copy unload", vc->name);
            unload(e, &E);
        }
    }
    ctx_free(&c);
}

/* -------------------------------------------------------------------- global checks */

static void check_version_and_strings(void)
{
    uint32_t v = spk_version_number();
    const char *s = spk_version();
    const char *str[SPK_E_ARGUMENT + 1];
    spk_status code, other;
    static const spk_status unknown[] = {30, 31, 100, -1, INT32_MIN, INT32_MAX};
    size_t k;
    unsigned maj = 0, min = 0, pat = 0;
    char tail = 0;

    cabi_set_label("version");
    CHECK(v / 1000000u == SPK_VERSION_NUMBER / 1000000u,
          "spk_version_number() = %" PRIu32 ": major differs from the header's %d", v,
          SPK_VERSION_NUMBER);
    CHECK(v >= SPK_VERSION_NUMBER, "spk_version_number() = %" PRIu32 " is older than the "
          "header's %d", v, SPK_VERSION_NUMBER);
    if (CHECK(s != NULL, "spk_version() is NULL")) {
        CHECK(sscanf(s, "%u.%u.%u%c", &maj, &min, &pat, &tail) == 3,
              "spk_version() = \"%s\" is not MAJOR.MINOR.PATCH", s);
        CHECK((uint32_t)(maj * 1000000u + min * 1000u + pat) == v,
              "spk_version() = \"%s\" does not match spk_version_number() = %" PRIu32, s, v);
        if (v == SPK_VERSION_NUMBER)
            CHECK(strcmp(s, SPK_VERSION) == 0, "spk_version() = \"%s\", header says \"%s\"", s,
                  SPK_VERSION);
    }
    printf("library %s (%" PRIu32 "), header %s (%d)\n", s ? s : "(NULL)", v, SPK_VERSION,
           SPK_VERSION_NUMBER);

    cabi_set_label("status strings");
    for (code = 0; code <= SPK_E_ARGUMENT; code++) {
        str[code] = spk_status_str(code);
        if (!CHECK(str[code] != NULL, "spk_status_str(%d) is NULL", (int)code)) continue;
        CHECK(str[code][0] != '\0', "spk_status_str(%d) is empty", (int)code);
        CHECK(strcmp(str[code], "unknown status") != 0,
              "spk_status_str(%d) says \"unknown status\" for a defined code", (int)code);
        for (other = 0; other < code; other++)
            if (str[other])
                CHECK(strcmp(str[code], str[other]) != 0,
                      "spk_status_str(%d) == spk_status_str(%d) = \"%s\"", (int)code,
                      (int)other, str[code]);
    }
    for (k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        const char *u = spk_status_str(unknown[k]);
        CHECK(u != NULL && strcmp(u, "unknown status") == 0,
              "spk_status_str(%ld) = \"%s\", expected \"unknown status\"", (long)unknown[k],
              u ? u : "(NULL)");
    }
}

/* -------------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    char **files = NULL;
    int nfiles, i, failed_cases = 0, ran = 0, bad_inputs = 0;
    unsigned long before;

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 3) {
        fprintf(stderr, "usage: %s VEC_DIR BLOB_DIR [CASE ...]\n", argv[0]);
        return 2;
    }
    cabi_scope_begin();
    check_version_and_strings();
    if (cabi_failures) {
        printf("FAIL version/status strings: %lu failed checks\n", cabi_failures);
        failed_cases++;
    } else {
        printf("ok   version and status strings\n");
    }

    nfiles = list_index(argv[1], &files);
    if (nfiles < 0) return 2;
    for (i = 0; i < nfiles; i++) {
        vec_case vc;
        char *vpath, *bpath;
        unsigned char *blob;
        size_t len = 0;
        case_info info;
        if (argc > 3) {
            int k, wanted = 0;
            size_t n = strlen(files[i]);
            for (k = 3; k < argc; k++)
                if (n == strlen(argv[k]) + 4 && strncmp(files[i], argv[k], n - 4) == 0)
                    wanted = 1;
            if (!wanted) continue;
        }
        vpath = path_join(argv[1], files[i]);
        if (vec_read(vpath, &vc)) {
            free(vpath);
            bad_inputs++;
            continue;
        }
        free(vpath);
        bpath = path_join(argv[2], vc.blob);
        blob = read_file(bpath, &len);
        free(bpath);
        if (!blob) {
            vec_free(&vc);
            bad_inputs++;
            continue;
        }
        cabi_scope_begin();
        before = cabi_failures;
        run_case(&vc, blob, len, &info);
        ran++;
        if (cabi_failures != before) {
            failed_cases++;
            printf("FAIL %-28s %4" PRIu32 " ticks %6zu spikes: %lu failed checks\n", vc.name,
                   vc.ticks, vc.nspikes, cabi_failures - before);
        } else {
            printf("ok   %-28s %4" PRIu32 " ticks %6zu spikes  blob %5zu B  arena %zu B in place"
                   ", %zu B copied  checkpoint %zu B\n", vc.name, vc.ticks, vc.nspikes, len,
                   info.arena_in_place, info.arena_copy, info.checkpoint);
        }
        free(blob);
        vec_free(&vc);
    }
    for (i = 3; i < argc; i++) { /* a CASE that is not in INDEX is an input error */
        int k, known = 0;
        for (k = 0; k < nfiles; k++)
            if (strlen(files[k]) == strlen(argv[i]) + 4 &&
                strncmp(files[k], argv[i], strlen(argv[i])) == 0)
                known = 1;
        if (!known) {
            fprintf(stderr, "api_test: no case %s in %s/INDEX\n", argv[i], argv[1]);
            bad_inputs++;
        }
    }
    free_names(files, nfiles);
    printf("api_test: %d cases run, %d failed, %lu failed checks%s\n", ran, failed_cases,
           cabi_failures, bad_inputs ? ", some inputs unreadable" : "");
    if (bad_inputs) return 2;
    if (ran == 0) {
        printf("api_test: no case ran\n");
        return 2;
    }
    return failed_cases ? 1 : 0;
}
