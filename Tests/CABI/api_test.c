/*
 * api_test.c — the C interface of SpikeRT against the golden vectors, bit for bit.
 *
 *   api_test VEC_DIR BLOB_DIR [CASE ...]
 *
 * VEC_DIR holds the .vec files and their INDEX (python3 -m spikert_tools.cvectors --out
 * VEC_DIR); BLOB_DIR is Tests/SpikeCoreTests/Blobs. With CASEs only those run.
 *
 * For every case the model is loaded in place, in place from a blob at an address that
 * is 1, 2 and 3 modulo 4, and copied (the blob freed right after spk_load), and run step
 * by step: the recorded actions (reward, idle, power mode, threshold scale, learning
 * switches and parameters, decoder resets) through the C calls, then the recorded
 * inputs, then spk_step. After every step the tick, the spikes of every population
 * (spk_spikes, spk_spike_bitmap, spk_spikes_foreach), the recorded membranes
 * (spk_membranes, spk_membrane) and spk_quiescent are compared with the vectors; at the
 * end the decoders, all seven counters, spk_energy, the learning parameters and the
 * state hash. Around that: reset and rerun, a decoding window started mid-run,
 * checkpoints taken at a quarter and at half of the run and continued in a second arena,
 * idle against step, idle jumps of 10^12 ticks over quiescent networks, power-mode
 * switches, learning-parameter round trips, names, and the documented argument errors.
 * Every call of include/spikert.h is made at least once with a checked result.
 *
 * Pure C99 (gcc -std=c99 -Wall -Wextra -Werror -pedantic). Exit status 0 when every
 * check passed, 1 otherwise, 2 when the inputs could not be read.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "spikert.h"
#include "cabi_support.h"

#define NONE_YET 4294967295u /* FIRST_SPIKE decoder: no spike yet */
#define JUMP_SHORT 1000000u           /* idle steps of the first jump probe */
#define JUMP_LONG  1000000000000u     /* 10^12: only a jump finishes that */

static const char *const COUNTER_NAMES[VEC_NCOUNTERS] = {
    "TICKS", "SYNAPTIC_EVENTS", "NEURON_UPDATES", "SPIKES", "INPUT_SPIKES", "SKIPPED_TICKS",
    "PLASTICITY_UPDATES"};

/* -------------------------------------------------------------------- per-step index */

typedef struct {
    size_t *act, *in_s, *in_v, *sp, *mem; /* [steps + 1]: first record of step s */
} step_index;

static size_t *index_of(size_t n, const void *recs, size_t stride, size_t step_off,
                        uint32_t steps)
{
    size_t *off = malloc(sizeof(size_t) * ((size_t)steps + 1));
    size_t k = 0;
    uint32_t s;
    if (!off) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    for (s = 0; s <= steps; s++) {
        while (k < n) {
            uint32_t st;
            memcpy(&st, (const unsigned char *)recs + k * stride + step_off, sizeof st);
            if (st >= s) break;
            k++;
        }
        off[s] = k;
    }
    return off;
}

static void index_build(step_index *ix, const vec_case *vc)
{
    ix->act = index_of(vc->nactions, vc->actions, sizeof(vec_action),
                       offsetof(vec_action, step), vc->steps);
    ix->in_s = index_of(vc->nin_spikes, vc->in_spikes, sizeof(vec_spike),
                        offsetof(vec_spike, step), vc->steps);
    ix->in_v = index_of(vc->nin_values, vc->in_values, sizeof(vec_value),
                        offsetof(vec_value, step), vc->steps);
    ix->sp = index_of(vc->nspikes, vc->spikes, sizeof(vec_spike),
                      offsetof(vec_spike, step), vc->steps);
    ix->mem = index_of(vc->nmem, vc->mem, sizeof(vec_membrane),
                       offsetof(vec_membrane, step), vc->steps);
}

static void index_free(step_index *ix)
{
    free(ix->act);
    free(ix->in_s);
    free(ix->in_v);
    free(ix->sp);
    free(ix->mem);
}

/* -------------------------------------------------------------------- per-case context */

/* What the actions have set by some step: learning parameters and switches, power. */
typedef struct {
    int32_t (*params)[VEC_NPARAMS]; /* [nrules] */
    uint32_t *enabled;              /* [nrules] */
    uint32_t  mode, fold, scale;    /* fold: the last fold of the low-power mode */
} settings;

typedef struct {
    const vec_case *vc;
    step_index      ix;
    uint32_t        max_pop;   /* largest population */
    uint32_t        total;     /* all neurons */
    int32_t       **shadow;    /* held encoder values (for spk_encoder_set_all) */
    uint32_t       *u32buf;    /* scratch, max_pop + 1 */
    int32_t        *i32buf;    /* scratch, max_pop + 1 */
    int64_t        *i64buf;    /* scratch, max_pop + 1 */
    uint8_t        *bits;      /* scratch, max_pop / 8 + 2 */
    uint32_t       *seen;      /* scratch for one step's encoder channels */
    int32_t        *last;
    /* spk_spikes_foreach collector */
    uint32_t       *cb_pop, *cb_neuron;
    size_t          cb_n, cb_cap;
    unsigned long   cb_overflow;
    int             input_pop; /* an INPUT population, or -1 */
    int            *rule_of;   /* [nproj]: the rule of each projection, or -1 */
    settings        set;       /* scratch for settings_at */
    int             has_rstdp, has_izh;
    /* a run changes what spk_reset keeps (weights, learning parameters and switches,
     * the power mode: SEMANTICS.md 8), so every pass starts from a fresh load */
    int             persistent;
    uint32_t        window;    /* mid-run decoding window step, 0 = none */
    size_t          size0;     /* spk_checkpoint_size right after loading */
    unsigned        jumps;     /* idle jumps of 10^12 made */
} ctx;

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* The decoding window of the reset pass: a third into the run, but after every idle and
 * reset_decoders action (spikes during idle steps are not recorded, and a later
 * reset_decoders would restart the window); 0 when no such step is left. */
static uint32_t window_step(const vec_case *vc)
{
    uint32_t w = vc->steps / 3;
    size_t k;
    for (k = 0; k < vc->nactions; k++)
        if ((vc->actions[k].kind == VEC_ACT_IDLE ||
             vc->actions[k].kind == VEC_ACT_RESET_DECODERS) && vc->actions[k].step + 1 > w)
            w = vc->actions[k].step + 1;
    return w < vc->steps ? w : 0;
}

static void ctx_init(ctx *c, const vec_case *vc)
{
    uint32_t p, e, r;
    size_t k;
    memset(c, 0, sizeof *c);
    c->vc = vc;
    index_build(&c->ix, vc);
    c->input_pop = -1;
    for (p = 0; p < vc->npop; p++) {
        if (vc->pop_size[p] > c->max_pop) c->max_pop = vc->pop_size[p];
        c->total += vc->pop_size[p];
        if (vc->pop_model[p] == VEC_MODEL_INPUT && c->input_pop < 0) c->input_pop = (int)p;
        if (vc->pop_model[p] == VEC_MODEL_IZH) c->has_izh = 1;
    }
    c->shadow = xmalloc(sizeof *c->shadow * (vc->nenc ? vc->nenc : 1));
    for (e = 0; e < vc->nenc; e++) {
        c->shadow[e] = xmalloc(sizeof(int32_t) * (vc->enc_channels[e] ? vc->enc_channels[e] : 1));
        memset(c->shadow[e], 0, sizeof(int32_t) * vc->enc_channels[e]);
    }
    c->u32buf = xmalloc(sizeof(uint32_t) * (c->max_pop + 1u));
    c->i32buf = xmalloc(sizeof(int32_t) * (c->max_pop + 1u));
    c->i64buf = xmalloc(sizeof(int64_t) * (c->max_pop + 1u));
    c->bits = xmalloc(c->max_pop / 8u + 2u);
    c->seen = xmalloc(sizeof(uint32_t) * (c->max_pop + 1u));
    c->last = xmalloc(sizeof(int32_t) * (c->max_pop + 1u));
    c->cb_cap = (size_t)c->total + 1;
    c->cb_pop = xmalloc(sizeof(uint32_t) * c->cb_cap);
    c->cb_neuron = xmalloc(sizeof(uint32_t) * c->cb_cap);
    c->rule_of = xmalloc(sizeof(int) * (vc->nproj ? vc->nproj : 1));
    for (p = 0; p < vc->nproj; p++) c->rule_of[p] = -1;
    for (r = 0; r < vc->nrules; r++) {
        c->rule_of[vc->rule_proj[r]] = (int)r;
        if (vc->rule_kind[r] >= 2) c->has_rstdp = 1;
    }
    c->set.params = xmalloc(sizeof *c->set.params * (vc->nrules ? vc->nrules : 1));
    c->set.enabled = xmalloc(sizeof(uint32_t) * (vc->nrules ? vc->nrules : 1));
    c->persistent = vc->nrules > 0;
    for (k = 0; k < vc->nactions; k++)
        if (vc->actions[k].kind != VEC_ACT_IDLE && vc->actions[k].kind != VEC_ACT_RESET_DECODERS)
            c->persistent = 1;
    c->window = window_step(vc);
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
    free(c->rule_of);
    free(c->set.params);
    free(c->set.enabled);
}

/* The held values after every input_value before step s. */
static void shadow_at(ctx *c, uint32_t s)
{
    const vec_case *vc = c->vc;
    uint32_t e;
    size_t k;
    for (e = 0; e < vc->nenc; e++)
        memset(c->shadow[e], 0, sizeof(int32_t) * vc->enc_channels[e]);
    for (k = 0; k < c->ix.in_v[s]; k++)
        c->shadow[vc->in_values[k].enc][vc->in_values[k].channel] = vc->in_values[k].value;
}

/* c->set = the blob's settings with every action before step s applied. */
static const settings *settings_at(ctx *c, uint32_t s)
{
    const vec_case *vc = c->vc;
    settings *st = &c->set;
    uint32_t r;
    size_t k;
    for (r = 0; r < vc->nrules; r++) {
        memcpy(st->params[r], vc->rule_params[r], sizeof st->params[r]);
        st->enabled[r] = vc->rule_enabled[r];
    }
    st->mode = vc->power_mode;
    st->fold = vc->power_fold;
    st->scale = vc->power_scale;
    for (k = 0; k < c->ix.act[s]; k++) {
        const vec_action *a = &vc->actions[k];
        switch (a->kind) {
        case VEC_ACT_POWER:
            st->mode = (uint32_t)a->a;
            if (st->mode == SPK_POWER_LOW && a->b != 0) st->fold = (uint32_t)a->b;
            break;
        case VEC_ACT_THRESHOLD_SCALE: st->scale = (uint32_t)a->a; break;
        case VEC_ACT_LEARNING: st->enabled[c->rule_of[a->a]] = a->b != 0; break;
        case VEC_ACT_PARAM: st->params[c->rule_of[a->a]][a->b] = (int32_t)a->c; break;
        default: break;
        }
    }
    return st;
}

/* Ticks one step advances with settings st. */
static uint64_t ticks_per_step(const settings *st)
{
    return st->mode == SPK_POWER_LOW ? st->fold : 1u;
}

static uint64_t counter_of(const spk_net *net, uint32_t id)
{
    uint64_t v = 0xABABABABABABABABu;
    EXPECT(spk_counter(net, id, &v), SPK_OK);
    return v;
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

static int quiescent_of(const spk_net *net)
{
    int q = 0x3333;
    EXPECT(spk_quiescent(net, &q), SPK_OK);
    CHECK(q == 0 || q == 1, "%s: spk_quiescent gave %d, not 0 or 1", cabi_label, q);
    return q;
}

/* -------------------------------------------------------------------- actions */

/* Apply the actions recorded for step s. alt picks the second way where there is one:
 * an idle of n steps as spk_step(net, n) (the header: bit-identical), learning switched
 * on with -7 instead of 1 (any nonzero value enables). Each parameter change is read
 * back at once. */
static void apply_actions(ctx *c, spk_net *net, uint32_t s, int alt)
{
    const vec_case *vc = c->vc;
    size_t k;
    for (k = c->ix.act[s]; k < c->ix.act[s + 1]; k++) {
        const vec_action *a = &vc->actions[k];
        switch (a->kind) {
        case VEC_ACT_REWARD:
            EXPECT(spk_reward(net, (int32_t)a->a), SPK_OK);
            break;
        case VEC_ACT_IDLE:
            if (alt && a->a <= (int64_t)UINT32_MAX)
                EXPECT(spk_step(net, (uint32_t)a->a), SPK_OK);
            else
                EXPECT(spk_idle(net, (uint64_t)a->a), SPK_OK);
            break;
        case VEC_ACT_POWER:
            EXPECT(spk_power_mode(net, (uint32_t)a->a, (uint32_t)a->b), SPK_OK);
            break;
        case VEC_ACT_THRESHOLD_SCALE:
            EXPECT(spk_power_threshold_scale(net, (uint32_t)a->a), SPK_OK);
            break;
        case VEC_ACT_LEARNING:
            EXPECT(spk_learning_enable(net, (uint32_t)a->a, a->b ? (alt ? -7 : 1) : 0), SPK_OK);
            break;
        case VEC_ACT_PARAM: {
            int32_t v = 0x5A5A5A5A;
            EXPECT(spk_learning_set_param(net, (uint32_t)a->a, (uint32_t)a->b, (int32_t)a->c),
                   SPK_OK);
            if (EXPECT(spk_learning_param(net, (uint32_t)a->a, (uint32_t)a->b, &v), SPK_OK))
                CHECK(v == (int32_t)a->c, "%s: projection %" PRId64 " parameter %" PRId64
                      " reads %" PRId32 " after setting %" PRId64, cabi_label, a->a, a->b, v,
                      a->c);
            break;
        }
        case VEC_ACT_RESET_DECODERS:
            EXPECT(spk_decoder_reset(net), SPK_OK);
            break;
        default:
            CHECK(0, "%s: unknown action kind %" PRIu32, cabi_label, a->kind);
        }
    }
}

/* -------------------------------------------------------------------- inputs */

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

/* Apply the inputs recorded for step s. batch = 0: one spk_input_spike per spike and
 * one spk_encoder_set per value; batch = 1: spk_input_spikes per run of one population
 * and spk_encoder_set_all where it is equivalent (rate and delta encoders hold values
 * only, so setting every channel to its held value is the same; a latency encoder
 * restarts a presentation on every channel set, so set_all is used only when this tick
 * sets exactly channels 0 .. m-1 of it). */
static void apply_inputs(ctx *c, spk_net *net, uint32_t s, int batch)
{
    const vec_case *vc = c->vc;
    size_t a = c->ix.in_s[s], b = c->ix.in_s[s + 1], k;
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

    a = c->ix.in_v[s];
    b = c->ix.in_v[s + 1];
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


/* -------------------------------------------------------------------- comparisons */

/* The tick, spikes, recorded membranes and quiescence of step s, which must be the last
 * completed step. */
static void check_step(ctx *c, const spk_net *net, uint32_t s, const char *phase)
{
    const vec_case *vc = c->vc;
    size_t lo = c->ix.sp[s], hi = c->ix.sp[s + 1], k;
    uint32_t p;
    uint64_t tick = 0;
    int q;

    cabi_set_label("%s/%s step %" PRIu32, vc->name, phase, s);
    if (EXPECT(spk_tick(net, &tick), SPK_OK))
        CHECK(tick == vc->step_t1[s], "%s: spk_tick = %" PRIu64 ", expected %" PRIu64,
              cabi_label, tick, vc->step_t1[s]);
    q = quiescent_of(net);
    CHECK(q == (vc->quiescent[s] == '1'), "%s: spk_quiescent = %d, expected %c", cabi_label,
          q, vc->quiescent[s]);

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
    lo = c->ix.sp[s];
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
    for (k = c->ix.mem[s]; k < c->ix.mem[s + 1]; k++) {
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

/* The decoder values expected at the end when the window started before step w (w = 0:
 * the recorded values; else derived from the recorded spikes and final membranes: a
 * first spike counts ticks from the tick the window started at). */
static int64_t decoder_expected(ctx *c, uint32_t d, uint32_t j, uint32_t w)
{
    const vec_case *vc = c->vc;
    uint32_t pop = vc->dec_pop[d];
    size_t k;
    int64_t count = 0;
    if (w == 0 || vc->dec_kind[d] == SPK_DECODER_MEMBRANE) return vc->dec_values[d][j];
    for (k = c->ix.sp[w]; k < vc->nspikes; k++)
        if (vc->spikes[k].pop == pop && vc->spikes[k].neuron == j) {
            if (vc->dec_kind[d] == SPK_DECODER_FIRST_SPIKE)
                return (int64_t)(vc->spikes[k].tick - vc->step_t0[w]);
            count++;
        }
    return vc->dec_kind[d] == SPK_DECODER_FIRST_SPIKE ? (int64_t)NONE_YET : count;
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

/* -------------------------------------------------------------------- energy */

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    return (a != 0 && b > UINT64_MAX / a) ? UINT64_MAX : a * b;
}

static uint64_t sat_add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* spk_energy against the sum computed here from spk_counter, for every prefix length of
 * a few cost vectors (each passed in a heap block of exactly n_costs entries), two of
 * which saturate once the run has any ticks. */
static void check_energy(const spk_net *net)
{
    static const uint64_t vectors[4][VEC_NCOUNTERS] = {
        {1, 1, 1, 1, 1, 1, 1},
        {3, 5, 7, 11, 13, 17, 19},
        {UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX, UINT64_MAX},
        {UINT64_C(1) << 62, 0, 0, 0, 0, 0, UINT64_C(1) << 63},
    };
    uint64_t counters[VEC_NCOUNTERS];
    uint32_t id;
    int v;
    size_t n, k;
    for (id = 0; id < VEC_NCOUNTERS; id++) counters[id] = counter_of(net, id);
    for (v = 0; v < 4; v++)
        for (n = 0; n <= VEC_NCOUNTERS; n++) {
            uint64_t *costs = xmalloc(sizeof(uint64_t) * n), want = 0, got = 0x77;
            for (k = 0; k < n; k++) {
                costs[k] = vectors[v][k];
                want = sat_add(want, sat_mul(counters[k], costs[k]));
            }
            if (EXPECT(spk_energy(net, costs, n, &got), SPK_OK))
                CHECK(got == want, "%s: spk_energy(cost vector %d, n_costs %zu) = %" PRIu64
                      ", expected %" PRIu64, cabi_label, v, n, got, want);
            free(costs);
        }
}

/* -------------------------------------------------------------------- learning */

/* Every parameter of every rule reads what the actions before step s left; projections
 * without a rule are SPK_E_UNSUPPORTED for every learning call. */
static void check_rules(ctx *c, const spk_net *net, uint32_t s)
{
    const vec_case *vc = c->vc;
    const settings *st = settings_at(c, s);
    uint32_t p, k;
    for (p = 0; p < vc->nproj; p++) {
        int r = c->rule_of[p];
        int32_t v = 0x5A5A5A5A;
        if (r < 0) {
            EXPECT(spk_learning_param(net, p, SPK_PARAM_A_PLUS, &v), SPK_E_UNSUPPORTED);
            EXPECT(spk_learning_param(net, p, SPK_PARAM_NORM_TARGET, &v), SPK_E_UNSUPPORTED);
            CHECK(v == 0x5A5A5A5A, "%s: spk_learning_param on projection %" PRIu32
                  " without a rule wrote its output", cabi_label, p);
            continue;
        }
        for (k = 0; k < VEC_NPARAMS; k++) {
            v = 0x5A5A5A5A;
            if (EXPECT(spk_learning_param(net, p, k, &v), SPK_OK))
                CHECK(v == st->params[r][k], "%s: projection %" PRIu32 " parameter %" PRIu32
                      " = %" PRId32 ", expected %" PRId32, cabi_label, p, k, v,
                      st->params[r][k]);
        }
    }
}

/* Another value parameter k of rule r (on projection p) can take, or 0 if it has none. */
static int other_value(ctx *c, uint32_t r, uint32_t k, const int32_t *cur, int32_t *out)
{
    const vec_case *vc = c->vc;
    int32_t v = cur[k];
    switch (k) {
    case SPK_PARAM_A_PLUS:
    case SPK_PARAM_A_MINUS:
    case SPK_PARAM_LEARNING_RATE:
        *out = v >= (1 << 24) ? v - 1 : v + 1;
        return 1;
    case SPK_PARAM_DECAY_PRE:
    case SPK_PARAM_DECAY_POST:
    case SPK_PARAM_DECAY_ELIG:
        *out = v >= 65536 ? v - 1 : v + 1;
        return 1;
    case SPK_PARAM_W_MIN:
        if (v > -128) *out = v - 1;
        else if (v < cur[SPK_PARAM_W_MAX]) *out = v + 1;
        else return 0;
        return 1;
    case SPK_PARAM_W_MAX:
        if (v < 127) *out = v + 1;
        else if (v > cur[SPK_PARAM_W_MIN]) *out = v - 1;
        else return 0;
        return 1;
    case SPK_PARAM_BOUNDS:
        *out = 1 - v;
        return 1;
    case SPK_PARAM_NORM_TARGET:
        if (vc->rule_kind[r] >= 2 || vc->proj_kind[vc->rule_proj[r]] != VEC_PROJ_DENSE)
            return 0; /* only 0: what it is */
        *out = v == 0 ? 1 : (v >= (1 << 23) ? v - 1 : v + 1);
        return 1;
    default:
        return 0;
    }
}

/* Every parameter of every rule set to another valid value, read back, set back; every
 * switch flipped and restored; nothing of that is in the state hash. The run that
 * follows must still match the vectors, so the round trips really restored everything. */
static void check_param_roundtrip(ctx *c, spk_net *net)
{
    const vec_case *vc = c->vc;
    uint64_t h = hash_of(net);
    uint32_t r, k;
    for (r = 0; r < vc->nrules; r++) {
        uint32_t p = vc->rule_proj[r];
        const int32_t *cur = vc->rule_params[r];
        for (k = 0; k < VEC_NPARAMS; k++) {
            int32_t other, v = 0x5A5A5A5A;
            if (!other_value(c, r, k, cur, &other)) {
                /* NORM_TARGET of a rule that cannot normalize: 0 is accepted, 1 not */
                if (k == SPK_PARAM_NORM_TARGET) {
                    EXPECT(spk_learning_set_param(net, p, k, 0), SPK_OK);
                    EXPECT(spk_learning_set_param(net, p, k, 1), SPK_E_RANGE);
                }
                continue;
            }
            EXPECT(spk_learning_set_param(net, p, k, other), SPK_OK);
            if (EXPECT(spk_learning_param(net, p, k, &v), SPK_OK))
                CHECK(v == other, "%s: projection %" PRIu32 " parameter %" PRIu32 " set to %"
                      PRId32 " reads %" PRId32, cabi_label, p, k, other, v);
            EXPECT(spk_learning_set_param(net, p, k, cur[k]), SPK_OK);
            v = 0x5A5A5A5A;
            if (EXPECT(spk_learning_param(net, p, k, &v), SPK_OK))
                CHECK(v == cur[k], "%s: projection %" PRIu32 " parameter %" PRIu32 " set back "
                      "to %" PRId32 " reads %" PRId32, cabi_label, p, k, cur[k], v);
        }
        EXPECT(spk_learning_enable(net, p, !vc->rule_enabled[r]), SPK_OK);
        EXPECT(spk_learning_enable(net, p, (int)vc->rule_enabled[r]), SPK_OK);
    }
    CHECK(hash_of(net) == h, "%s: learning parameter round trips changed the state hash",
          cabi_label);
}

/* -------------------------------------------------------------------- whole runs */

/* Decoders (window start w), all counters, learning parameters, spk_energy, tick and
 * hash after the last step. */
static void check_final(ctx *c, const spk_net *net, const char *phase, uint32_t window)
{
    const vec_case *vc = c->vc;
    uint64_t hash = 0;
    uint32_t id;
    cabi_set_label("%s/%s end", vc->name, phase);
    check_decoders(c, net, window);
    for (id = 0; id < VEC_NCOUNTERS; id++) {
        uint64_t got = counter_of(net, id);
        CHECK(got == vc->counters[id], "%s: SPK_COUNTER_%s = %" PRIu64 ", expected %" PRIu64,
              cabi_label, COUNTER_NAMES[id], got, vc->counters[id]);
    }
    CHECK(tick_of(net) == vc->counters[SPK_COUNTER_TICKS], "%s: spk_tick differs from "
          "SPK_COUNTER_TICKS", cabi_label);
    check_rules(c, net, vc->steps);
    check_energy(net);
    if (EXPECT(spk_state_hash(net, &hash), SPK_OK))
        CHECK(hash == vc->hash, "%s: state hash 0x%016" PRIx64 ", expected 0x%016" PRIx64,
              cabi_label, hash, vc->hash);
}

/* Steps [s0, s1) with the recorded actions and inputs, every step compared. parity picks
 * which steps use the batch input calls and the alternative action calls. Optionally
 * starts a decoding window before step `window` (after its actions). */
static void run_range(ctx *c, spk_net *net, uint32_t s0, uint32_t s1, int parity,
                      const char *phase, uint32_t window)
{
    const vec_case *vc = c->vc;
    uint32_t s;
    shadow_at(c, s0);
    for (s = s0; s < s1; s++) {
        int alt = (int)((s + (uint32_t)parity) & 1u);
        uint64_t t = 0;
        cabi_set_label("%s/%s step %" PRIu32, vc->name, phase, s);
        apply_actions(c, net, s, alt);
        if (window && s == window) EXPECT(spk_decoder_reset(net), SPK_OK);
        if (EXPECT(spk_tick(net, &t), SPK_OK))
            CHECK(t == vc->step_t0[s], "%s: spk_tick before the step = %" PRIu64 ", expected %"
                  PRIu64, cabi_label, t, vc->step_t0[s]);
        apply_inputs(c, net, s, alt);
        EXPECT(spk_step(net, 1), SPK_OK);
        check_step(c, net, s, phase);
    }
}

/* State right after load or reset: tick 0, counters 0, no spikes, and (when hash0 is
 * given) the load hash. */
static void check_initial(ctx *c, const spk_net *net, const uint64_t *hash0)
{
    const vec_case *vc = c->vc;
    uint32_t p, id;
    uint64_t h = hash_of(net);
    CHECK(tick_of(net) == 0, "%s: tick is not 0", cabi_label);
    if (hash0)
        CHECK(h == *hash0, "%s: hash 0x%016" PRIx64 ", expected the load hash 0x%016" PRIx64,
              cabi_label, h, *hash0);
    for (id = 0; id < VEC_NCOUNTERS; id++)
        CHECK(counter_of(net, id) == 0, "%s: SPK_COUNTER_%s is not 0", cabi_label,
              COUNTER_NAMES[id]);
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

/* After a run: the documented argument errors of the counter, learning, power and energy
 * calls, outputs untouched on failure, valid power switches (restored afterwards); the
 * state hash unchanged by all of it. */
static void check_calls(ctx *c, spk_net *net)
{
    const vec_case *vc = c->vc;
    const settings *end;
    uint32_t p;
    uint64_t v = 0x1111, total = 0x4444;
    uint64_t costs[VEC_NCOUNTERS + 1] = {1, 1, 1, 1, 1, 1, 1, 1};
    int32_t pv = 0x2222;
    uint64_t h = hash_of(net);
    static const uint32_t bad_params[] = {10u, 11u, 0x80000000u, 0xFFFFFFFFu};
    static const uint32_t bad_modes[][2] = {
        {3u, 1u}, {0xFFFFFFFFu, 1u}, {0xFFFFFFFFu, 2u},
        {SPK_POWER_NORMAL, 0u}, {SPK_POWER_NORMAL, 2u}, {SPK_POWER_NORMAL, 0xFFFFFFFFu},
        {SPK_POWER_FULL, 0u}, {SPK_POWER_FULL, 2u},
        {SPK_POWER_LOW, 1u}, {SPK_POWER_LOW, 257u}, {SPK_POWER_LOW, 0xFFFFFFFFu}};
    size_t k;

    EXPECT(spk_counter(net, SPK_COUNTER_COUNT, &v), SPK_E_ARGUMENT);
    EXPECT(spk_counter(net, 0xFFFFFFFFu, &v), SPK_E_ARGUMENT);
    CHECK(v == 0x1111, "%s: failed spk_counter wrote its output", cabi_label);

    for (p = 0; p < vc->nproj; p++) {
        if (c->rule_of[p] < 0) {
            EXPECT(spk_learning_enable(net, p, 1), SPK_E_UNSUPPORTED);
            EXPECT(spk_learning_enable(net, p, 0), SPK_E_UNSUPPORTED);
            EXPECT(spk_learning_set_param(net, p, SPK_PARAM_A_PLUS, 0), SPK_E_UNSUPPORTED);
            continue;
        }
        for (k = 0; k < sizeof bad_params / sizeof bad_params[0]; k++) {
            EXPECT(spk_learning_param(net, p, bad_params[k], &pv), SPK_E_ARGUMENT);
            EXPECT(spk_learning_set_param(net, p, bad_params[k], 0), SPK_E_ARGUMENT);
        }
    }
    CHECK(pv == 0x2222, "%s: failed spk_learning_param wrote its output", cabi_label);
    EXPECT(spk_learning_enable(net, vc->nproj, 1), SPK_E_RANGE);
    EXPECT(spk_learning_param(net, vc->nproj, SPK_PARAM_A_PLUS, &pv), SPK_E_RANGE);
    EXPECT(spk_learning_set_param(net, vc->nproj, SPK_PARAM_A_PLUS, 0), SPK_E_RANGE);
    EXPECT(spk_learning_enable(net, 0xFFFFFFFFu, 1), SPK_E_RANGE);
    CHECK(pv == 0x2222, "%s: failed spk_learning_param wrote its output", cabi_label);
    if (!c->has_rstdp) {
        EXPECT(spk_reward(net, 65536), SPK_E_UNSUPPORTED);
        EXPECT(spk_reward(net, -65536), SPK_E_UNSUPPORTED);
        EXPECT(spk_reward(net, 0), SPK_E_UNSUPPORTED);
    }

    for (k = 0; k < sizeof bad_modes / sizeof bad_modes[0]; k++)
        EXPECT(spk_power_mode(net, bad_modes[k][0], bad_modes[k][1]), SPK_E_ARGUMENT);
    EXPECT(spk_power_threshold_scale(net, 0), SPK_E_ARGUMENT);
    EXPECT(spk_power_threshold_scale(net, (1u << 20) + 1u), SPK_E_ARGUMENT);
    EXPECT(spk_power_threshold_scale(net, 0xFFFFFFFFu), SPK_E_ARGUMENT);
    /* valid switches, then back to what the run ended with */
    end = settings_at(c, vc->steps);
    EXPECT(spk_power_mode(net, SPK_POWER_NORMAL, 1), SPK_OK);
    EXPECT(spk_power_mode(net, SPK_POWER_FULL, 1), SPK_OK);
    EXPECT(spk_power_threshold_scale(net, 1), SPK_OK);
    EXPECT(spk_power_threshold_scale(net, 1u << 20), SPK_OK);
    EXPECT(spk_power_mode(net, SPK_POWER_LOW, 2), c->has_izh ? SPK_E_UNSUPPORTED : SPK_OK);
    EXPECT(spk_power_mode(net, SPK_POWER_LOW, 256), c->has_izh ? SPK_E_UNSUPPORTED : SPK_OK);
    EXPECT(spk_power_mode(net, SPK_POWER_LOW, 0), c->has_izh ? SPK_E_UNSUPPORTED : SPK_OK);
    EXPECT(spk_power_threshold_scale(net, end->scale), SPK_OK);
    if (!c->has_izh) EXPECT(spk_power_mode(net, SPK_POWER_LOW, end->fold), SPK_OK);
    EXPECT(spk_power_mode(net, end->mode, end->mode == SPK_POWER_LOW ? end->fold : 1u), SPK_OK);

    CHECK(quiescent_of(net) == (vc->quiescent[vc->steps - 1] == '1'),
          "%s: spk_quiescent changed after the run", cabi_label);

    EXPECT(spk_energy(net, costs, VEC_NCOUNTERS + 1, &total), SPK_E_ARGUMENT);
    EXPECT(spk_energy(net, costs, (size_t)-1, &total), SPK_E_ARGUMENT);
    EXPECT(spk_energy(net, NULL, VEC_NCOUNTERS, &total), SPK_E_NULL);
    EXPECT(spk_energy(net, NULL, 0, &total), SPK_E_NULL);
    EXPECT(spk_energy(net, costs, VEC_NCOUNTERS, NULL), SPK_E_NULL);
    CHECK(total == 0x4444, "%s: failed spk_energy wrote its output", cabi_label);

    CHECK(hash_of(net) == h, "%s: the calls changed the state hash", cabi_label);
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


/* -------------------------------------------------------------------- passes */

typedef struct {
    size_t   arena_in_place, arena_copy, checkpoint;
    unsigned checkpoints, jumps;
} case_info;

/* The handle for the next pass, at step 0: `a` reset (spk_reset restores the initial
 * state), or for a persistent case a fresh load (spk_reset keeps learned weights,
 * learning parameters and switches and the power mode). NULL if the load failed. */
static spk_net *restart(ctx *c, spk_net *a, aligned_buf *A, const unsigned char *blob,
                        size_t len, uint64_t hash0, const char *what)
{
    if (c->persistent) {
        unload(a, A);
        a = load(c->vc, blob, len, SPK_LOAD_IN_PLACE, A, what);
        if (!a) return NULL;
    } else if (a) {
        cabi_set_label("%s/%s reset", c->vc->name, what);
        EXPECT(spk_reset(a), SPK_OK);
    }
    if (a) {
        cabi_set_label("%s/%s start", c->vc->name, what);
        check_initial(c, a, &hash0);
    }
    return a;
}

/* A checkpoint before step cp (after step cp - 1), loaded SPK_LOAD_COPY into a second
 * arena (the buffer overwritten and freed at once): same tick, hash, counters,
 * quiescence, learning parameters and last spikes; both continue to the end and must
 * match the vectors (which needs the traces, eligibilities, parameters, switches and
 * the power settings to have been restored). */
static void checkpoint_pass(ctx *c, spk_net *a, uint32_t cp, case_info *info)
{
    const vec_case *vc = c->vc;
    size_t need = 0, written = 0;
    unsigned char *buf;
    uint64_t counters[VEC_NCOUNTERS], h_mid, t_mid = cp ? vc->step_t1[cp - 1] : 0;
    uint32_t id;
    int q_mid;
    char src[40], dst[40];
    aligned_buf B;
    spk_net *b;

    sprintf(src, "checkpoint@%" PRIu32 "-source", cp);
    sprintf(dst, "checkpoint@%" PRIu32 "-restored", cp);
    run_range(c, a, 0, cp, 0, src, 0);
    cabi_set_label("%s/checkpoint before step %" PRIu32, vc->name, cp);
    h_mid = hash_of(a);
    q_mid = quiescent_of(a);
    for (id = 0; id < VEC_NCOUNTERS; id++) counters[id] = counter_of(a, id);
    EXPECT(spk_checkpoint_size(a, &need), SPK_OK);
    if (need > info->checkpoint) info->checkpoint = need;
    CHECK(need <= c->size0 + SPK_CHECKPOINT_GROWTH, "%s: checkpoint of %zu bytes, more than "
          "the %zu after loading + SPK_CHECKPOINT_GROWTH", cabi_label, need, c->size0);
    buf = xmalloc(need + 16);
    if (need > 0) {
        written = 0;
        EXPECT(spk_checkpoint(a, buf, need - 1, &written), SPK_E_BUFFER_TOO_SMALL);
        CHECK(written == need, "%s: too-small checkpoint buffer: *written = %zu, expected %zu",
              cabi_label, written, need);
    }
    written = 0;
    memset(buf, 0, need + 16);
    if (!EXPECT(spk_checkpoint(a, buf, need + 16, &written), SPK_OK) ||
        !CHECK(written == need, "%s: checkpoint wrote %zu bytes, size said %zu", cabi_label,
               written, need)) {
        free(buf);
        return;
    }
    CHECK(hash_of(a) == h_mid, "%s: spk_checkpoint changed the state", cabi_label);
    b = load(vc, buf, written, SPK_LOAD_COPY, &B, dst);
    memset(buf, 0xEE, need + 16); /* SPK_LOAD_COPY: the blob may go now */
    free(buf);
    if (!b) return;
    info->checkpoints++;
    cabi_set_label("%s/%s loaded", vc->name, dst);
    CHECK(tick_of(b) == t_mid, "%s: loaded checkpoint at tick %" PRIu64 ", expected %" PRIu64,
          cabi_label, tick_of(b), t_mid);
    CHECK(hash_of(b) == h_mid, "%s: loaded checkpoint hash differs from the source", cabi_label);
    CHECK(quiescent_of(b) == q_mid, "%s: spk_quiescent differs from the source", cabi_label);
    /* header: a checkpoint restores the saved counters (they belong to the run it
     * continues); only a model blob starts them at 0 */
    for (id = 0; id < VEC_NCOUNTERS; id++) {
        uint64_t got = counter_of(b, id);
        CHECK(got == counters[id], "%s: SPK_COUNTER_%s after loading the checkpoint is %"
              PRIu64 ", the saved value was %" PRIu64, cabi_label, COUNTER_NAMES[id], got,
              counters[id]);
    }
    check_rules(c, b, cp);
    if (cp > 0) check_step(c, b, cp - 1, dst);
    check_shape(c, b);
    run_range(c, a, cp, vc->steps, 0, src, 0);
    run_range(c, b, cp, vc->steps, 1, dst, 0);
    check_final(c, a, src, 0);
    check_final(c, b, dst, 0);
    cabi_set_label("%s/%s unload", vc->name, dst);
    unload(b, &B);
}

/* Two handles run the case (a from the caller, at step 0; b loaded here), then
 * spk_idle(a, K) against spk_step(b, K): same tick (K steps of the fold the run ended
 * with), hash, every counter, last spikes, decoders and quiescence. */
static void idle_pass(ctx *c, spk_net *a, const unsigned char *blob, size_t len)
{
    const vec_case *vc = c->vc;
    const uint32_t K = 37;
    aligned_buf B;
    spk_net *b = load(vc, blob, len, SPK_LOAD_IN_PLACE, &B, "idle-twin");
    uint64_t want_tick;
    uint32_t p, d, id;
    if (!b) return;
    run_range(c, a, 0, vc->steps, 0, "idle-a", 0);
    run_range(c, b, 0, vc->steps, 1, "idle-b", 0);
    want_tick = vc->counters[SPK_COUNTER_TICKS] + K * ticks_per_step(settings_at(c, vc->steps));
    cabi_set_label("%s/idle %" PRIu32 " vs step %" PRIu32, vc->name, K, K);
    EXPECT(spk_idle(a, K), SPK_OK);
    EXPECT(spk_step(b, K), SPK_OK);
    CHECK(tick_of(a) == want_tick && tick_of(b) == want_tick, "%s: tick after idle/step is %"
          PRIu64 "/%" PRIu64 ", expected %" PRIu64, cabi_label, tick_of(a), tick_of(b), want_tick);
    CHECK(hash_of(a) == hash_of(b), "%s: hash after spk_idle differs from spk_step",
          cabi_label);
    CHECK(quiescent_of(a) == quiescent_of(b), "%s: spk_quiescent after spk_idle differs from "
          "spk_step", cabi_label);
    for (id = 0; id < VEC_NCOUNTERS; id++) {
        uint64_t ca = counter_of(a, id), cb = counter_of(b, id);
        CHECK(ca == cb, "%s: SPK_COUNTER_%s = %" PRIu64 " after spk_idle, %" PRIu64
              " after spk_step", cabi_label, COUNTER_NAMES[id], ca, cb);
    }
    for (p = 0; p < vc->npop; p++) {
        size_t na = 0, nb = 0;
        memset(c->bits, 0, vc->pop_size[p] / 8u + 2u);
        EXPECT(spk_spike_bitmap(a, p, c->bits, (vc->pop_size[p] + 7u) / 8u), SPK_OK);
        EXPECT(spk_spikes(a, p, c->u32buf, vc->pop_size[p], &na), SPK_OK);
        EXPECT(spk_spikes(b, p, c->seen, vc->pop_size[p], &nb), SPK_OK);
        CHECK(na == nb && memcmp(c->u32buf, c->seen, na * sizeof(uint32_t)) == 0,
              "%s pop %" PRIu32 ": last-step spikes after spk_idle differ from spk_step",
              cabi_label, p);
    }
    for (d = 0; d < vc->ndec; d++) {
        uint32_t n = vc->pop_size[vc->dec_pop[d]], j;
        size_t na = 0, nb = 0;
        int64_t *va = c->i64buf, *vb = xmalloc(sizeof(int64_t) * (n + 1u));
        EXPECT(spk_decoder_read(a, d, va, n, &na), SPK_OK);
        EXPECT(spk_decoder_read(b, d, vb, n, &nb), SPK_OK);
        for (j = 0; j < n && na == n && nb == n; j++)
            CHECK(va[j] == vb[j], "%s decoder %" PRIu32 " neuron %" PRIu32
                  ": %" PRId64 " after spk_idle, %" PRId64 " after spk_step", cabi_label,
                  d, j, va[j], vb[j]);
        free(vb);
    }
    cabi_set_label("%s/idle-twin unload", vc->name);
    unload(b, &B);
}

/* On a quiescent network (not in SPK_POWER_FULL, which skips nothing) spk_idle jumps:
 * 10^6 steps, then 10^12, each only advancing the tick and SPK_COUNTER_SKIPPED_TICKS
 * (k ticks a step); the 10^12 must return at once (a few CPU seconds at most, where
 * stepping would take days). */
static void jump(ctx *c, spk_net *net, uint64_t k, const char *where)
{
    const vec_case *vc = c->vc;
    uint64_t before[VEC_NCOUNTERS], t0, n, want;
    uint32_t id;
    unsigned long fails = cabi_failures;
    double secs;
    clock_t c0;
    cabi_set_label("%s/jump %s", vc->name, where);
    if (!CHECK(quiescent_of(net) == 1, "%s: not quiescent", cabi_label)) return;
    for (n = JUMP_SHORT; n <= JUMP_LONG; n *= JUMP_LONG / JUMP_SHORT) {
        if (cabi_failures != fails) return; /* no 10^12 unless the short jump worked */
        t0 = tick_of(net);
        for (id = 0; id < VEC_NCOUNTERS; id++) before[id] = counter_of(net, id);
        c0 = clock();
        EXPECT(spk_idle(net, n), SPK_OK);
        secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
        want = t0 + n * k;
        CHECK(tick_of(net) == want, "%s: spk_idle(%" PRIu64 "): tick %" PRIu64 ", expected %"
              PRIu64, cabi_label, n, tick_of(net), want);
        for (id = 0; id < VEC_NCOUNTERS; id++) {
            uint64_t got = counter_of(net, id), w = before[id];
            if (id == SPK_COUNTER_TICKS || id == SPK_COUNTER_SKIPPED_TICKS) w += want - t0;
            CHECK(got == w, "%s: spk_idle(%" PRIu64 "): SPK_COUNTER_%s = %" PRIu64
                  ", expected %" PRIu64, cabi_label, n, COUNTER_NAMES[id], got, w);
        }
        CHECK(quiescent_of(net) == 1, "%s: spk_idle(%" PRIu64 ") left it not quiescent",
              cabi_label, n);
        if (n == JUMP_LONG)
            CHECK(secs < 5.0, "%s: spk_idle(10^12) took %.2f s of CPU time", cabi_label, secs);
    }
    if (cabi_failures != fails) return;
    {   /* a checkpoint at tick ~10^12 fits the documented growth and resumes there */
        size_t need = 0, written = 0;
        unsigned char *buf;
        aligned_buf B;
        spk_net *b;
        EXPECT(spk_checkpoint_size(net, &need), SPK_OK);
        CHECK(need <= c->size0 + SPK_CHECKPOINT_GROWTH, "%s: checkpoint of %zu bytes after "
              "the jump, more than the %zu after loading + SPK_CHECKPOINT_GROWTH", cabi_label,
              need, c->size0);
        buf = xmalloc(need);
        if (EXPECT(spk_checkpoint(net, buf, need, &written), SPK_OK)) {
            b = load(vc, buf, written, SPK_LOAD_COPY, &B, "jump-checkpoint");
            if (b) {
                cabi_set_label("%s/jump %s checkpoint", vc->name, where);
                CHECK(tick_of(b) == tick_of(net) && hash_of(b) == hash_of(net) &&
                      quiescent_of(b) == 1 &&
                      counter_of(b, SPK_COUNTER_SKIPPED_TICKS) ==
                          counter_of(net, SPK_COUNTER_SKIPPED_TICKS),
                      "%s: the checkpoint after the jump resumes elsewhere", cabi_label);
                EXPECT(spk_step(b, 1), SPK_OK);
                EXPECT(spk_step(net, 1), SPK_OK);
                CHECK(hash_of(b) == hash_of(net), "%s: one step after the resumed jump differs",
                      cabi_label);
                unload(b, &B);
            }
        }
        free(buf);
    }
    if (cabi_failures == fails) c->jumps++;
}

/* The jump right after loading, and after the first recorded quiescent step. */
static void jump_pass(ctx *c, const unsigned char *blob, size_t len)
{
    const vec_case *vc = c->vc;
    aligned_buf A;
    spk_net *a;
    uint32_t s;
    if (vc->power_mode != SPK_POWER_FULL) {
        a = load(vc, blob, len, SPK_LOAD_IN_PLACE, &A, "jump-at-load");
        if (!a) return;
        if (quiescent_of(a)) jump(c, a, vc->power_mode == SPK_POWER_LOW ? vc->power_fold : 1u,
                                  "at load");
        unload(a, &A);
    }
    for (s = 0; s < vc->steps; s++)
        if (vc->quiescent[s] == '1') break;
    if (s == vc->steps) return;
    {
        const settings *st = settings_at(c, s + 1);
        uint64_t k = ticks_per_step(st);
        char where[48];
        if (st->mode == SPK_POWER_FULL) return;
        a = load(vc, blob, len, SPK_LOAD_IN_PLACE, &A, "jump");
        if (!a) return;
        run_range(c, a, 0, s + 1, 0, "jump", 0);
        sprintf(where, "after step %" PRIu32, s);
        jump(c, a, k, where);
        unload(a, &A);
    }
}

/* Power switches on a fresh handle (not for Izhikevich models): LOW with fold 0 takes the
 * blob's fold, then the last switch's; NORMAL and FULL step one tick; spk_idle steps the
 * fold; spk_reset keeps the mode; a checkpoint in LOW continues in LOW. */
static void power_pass(ctx *c, const unsigned char *blob, size_t len)
{
    const vec_case *vc = c->vc;
    aligned_buf A, B;
    spk_net *a, *b;
    uint64_t t;
    if (c->has_izh) return;
    a = load(vc, blob, len, SPK_LOAD_IN_PLACE, &A, "power");
    if (!a) return;
    cabi_set_label("%s/power switches", vc->name);
#define STEP_BY(call, ticks)                                                               \
    do {                                                                                   \
        t = tick_of(a);                                                                    \
        EXPECT(call, SPK_OK);                                                              \
        CHECK(tick_of(a) == t + (ticks), "%s: %s advanced %" PRIu64 " ticks, expected %"   \
              PRIu64, cabi_label, #call, tick_of(a) - t, (uint64_t)(ticks));               \
    } while (0)
    EXPECT(spk_power_mode(a, SPK_POWER_LOW, 0), SPK_OK);
    STEP_BY(spk_step(a, 1), vc->power_fold);
    EXPECT(spk_power_mode(a, SPK_POWER_LOW, 3), SPK_OK);
    STEP_BY(spk_step(a, 2), 6u);
    EXPECT(spk_power_mode(a, SPK_POWER_NORMAL, 1), SPK_OK);
    STEP_BY(spk_step(a, 1), 1u);
    EXPECT(spk_power_mode(a, SPK_POWER_LOW, 0), SPK_OK);
    STEP_BY(spk_step(a, 1), 3u);
    STEP_BY(spk_idle(a, 2), 6u);
    EXPECT(spk_power_mode(a, SPK_POWER_FULL, 1), SPK_OK);
    STEP_BY(spk_step(a, 1), 1u);
    EXPECT(spk_power_mode(a, SPK_POWER_LOW, 256), SPK_OK);
    STEP_BY(spk_step(a, 1), 256u);
    EXPECT(spk_power_mode(a, SPK_POWER_LOW, 5), SPK_OK);
    EXPECT(spk_reset(a), SPK_OK);
    CHECK(tick_of(a) == 0, "%s: spk_reset did not reset the tick", cabi_label);
    STEP_BY(spk_step(a, 1), 5u); /* spk_reset keeps the power mode */
    {   /* a checkpoint taken in LOW continues in LOW */
        size_t need = 0, written = 0;
        unsigned char *buf;
        EXPECT(spk_checkpoint_size(a, &need), SPK_OK);
        buf = xmalloc(need);
        EXPECT(spk_checkpoint(a, buf, need, &written), SPK_OK);
        b = load(vc, buf, written, SPK_LOAD_COPY, &B, "power-checkpoint");
        free(buf);
        if (b) {
            cabi_set_label("%s/power checkpoint", vc->name);
            EXPECT(spk_step(a, 2), SPK_OK);
            EXPECT(spk_step(b, 2), SPK_OK);
            CHECK(tick_of(b) == 15u && tick_of(a) == 15u, "%s: after a checkpoint in LOW "
                  "(fold 5) two steps reach tick %" PRIu64 " (source %" PRIu64 "), expected 15",
                  cabi_label, tick_of(b), tick_of(a));
            CHECK(hash_of(a) == hash_of(b), "%s: hash differs after the LOW checkpoint",
                  cabi_label);
            unload(b, &B);
        }
    }
#undef STEP_BY
    unload(a, &A);
}

/* -------------------------------------------------------------------- one case */

static void run_case(const vec_case *vc, const unsigned char *blob, size_t len,
                     case_info *info)
{
    ctx c;
    aligned_buf A, E;
    spk_net *a, *e;
    uint64_t hash0 = 0;
    uint32_t T = vc->steps, cps[2];
    int off, k;

    ctx_init(&c, vc);
    memset(info, 0, sizeof *info);

    /* --- in place: load, shape, names, learning parameters, full run */
    a = load(vc, blob, len, SPK_LOAD_IN_PLACE, &A, "in-place");
    if (!a) {
        ctx_free(&c);
        return;
    }
    info->arena_in_place = A.size;
    cabi_set_label("%s/in-place after load", vc->name);
    hash0 = hash_of(a);
    EXPECT(spk_checkpoint_size(a, &c.size0), SPK_OK);
    check_initial(&c, a, &hash0);
    check_shape(&c, a);
    check_names(&c, a);
    check_rules(&c, a, 0);
    EXPECT(spk_step(a, 0), SPK_OK);
    EXPECT(spk_idle(a, 0), SPK_OK);
    check_initial(&c, a, &hash0);
    run_range(&c, a, 0, T, 0, "in-place", 0);
    check_final(&c, a, "in-place", 0);

    cabi_set_label("%s/in-place after the run", vc->name);
    check_calls(&c, a);
    {
        uint64_t h = hash_of(a), t = tick_of(a);
        EXPECT(spk_step(a, 0), SPK_OK);
        EXPECT(spk_idle(a, 0), SPK_OK);
        CHECK(hash_of(a) == h && tick_of(a) == t, "%s: spk_step(0)/spk_idle(0) changed the state",
              cabi_label);
    }
    check_decoder_reset(&c, a);

    /* --- reset, then the same run with the other input and action calls and a decoding
     *     window started mid-run. A persistent case checks what spk_reset keeps (the
     *     learning parameters) and reruns on a fresh load, reset once more right away
     *     (which must change nothing). */
    cabi_set_label("%s/reset", vc->name);
    EXPECT(spk_reset(a), SPK_OK);
    check_initial(&c, a, c.persistent ? NULL : &hash0);
    check_rules(&c, a, T);
    if (c.persistent) {
        a = restart(&c, a, &A, blob, len, hash0, "reset-fresh");
        if (a) {
            cabi_set_label("%s/reset-fresh", vc->name);
            EXPECT(spk_reset(a), SPK_OK);
            check_initial(&c, a, &hash0);
        }
    }
    if (a) {
        run_range(&c, a, 0, T, 1, "reset+window", c.window);
        check_final(&c, a, "reset+window", c.window);
    }

    /* --- checkpoints at a quarter and at half of the run, continued in a second arena */
    cps[0] = T / 4;
    cps[1] = T / 2;
    for (k = 0; k < 2 && a; k++) {
        if (cps[k] == 0 || (k == 1 && cps[1] == cps[0])) continue;
        a = restart(&c, a, &A, blob, len, hash0, "checkpoint");
        if (a) checkpoint_pass(&c, a, cps[k], info);
    }

    /* --- idle N == step N without input, on two handles */
    if (a) a = restart(&c, a, &A, blob, len, hash0, "idle");
    if (a) idle_pass(&c, a, blob, len);
    cabi_set_label("%s/in-place unload", vc->name);
    unload(a, &A);

    /* --- idle jumps over quiescent networks; power-mode switches */
    jump_pass(&c, blob, len);
    power_pass(&c, blob, len);
    info->jumps = c.jumps;

    /* --- in place from blob addresses 1, 2, 3 mod 4 (index tensors may be copied) */
    for (off = 1; off <= 3; off++) {
        unsigned char *shifted = xmalloc(len + 4);
        size_t pad;
        char phase[32];
        pad = ((uintptr_t)off - (uintptr_t)shifted) & 3u; /* (shifted + pad) % 4 == off */
        memcpy(shifted + pad, blob, len);
        sprintf(phase, "in-place+%d", off);
        e = load(vc, shifted + pad, len, SPK_LOAD_IN_PLACE, &E, phase);
        if (e) {
            run_range(&c, e, 0, T, off & 1, phase, 0);
            check_final(&c, e, phase, 0);
            cabi_set_label("%s/%s unload", vc->name, phase);
            unload(e, &E);
        }
        free(shifted);
    }

    /* --- copied: the blob is overwritten and freed right after spk_load; every learning
     *     parameter round-tripped before the run */
    {
        unsigned char *copy = xmalloc(len);
        memcpy(copy, blob, len);
        e = load(vc, copy, len, SPK_LOAD_COPY, &E, "copy");
        memset(copy, 0xA5, len);
        free(copy);
        if (e) {
            info->arena_copy = E.size;
            cabi_set_label("%s/copy", vc->name);
            check_initial(&c, e, &hash0);
            check_shape(&c, e);
            check_names(&c, e);
            check_param_roundtrip(&c, e);
            check_rules(&c, e, 0);
            run_range(&c, e, 0, T, 1, "copy", 0);
            check_final(&c, e, "copy", 0);
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
    const char *str[SPK_E_PLASTICITY + 1];
    spk_status code, other;
    static const spk_status unknown[] = {31, 32, 100, -1, INT32_MIN, INT32_MAX};
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
    for (code = 0; code <= SPK_E_PLASTICITY; code++) {
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
    unsigned long before, checks_before;
    int with_rules = 0;
    unsigned jumps = 0;

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
        checks_before = cabi_checks;
        run_case(&vc, blob, len, &info);
        ran++;
        if (cabi_failures != before) {
            failed_cases++;
            printf("FAIL %-28s %4" PRIu32 " steps %6zu spikes: %lu failed checks\n", vc.name,
                   vc.steps, vc.nspikes, cabi_failures - before);
        } else {
            printf("ok   %-28s %4" PRIu32 " steps %6" PRIu64 " ticks %5zu spikes %2" PRIu32
                   " rules %2zu actions  blob %5zu B  arena %zu/%zu B  checkpoint %zu B"
                   "  %u checkpoints %u jumps %lu checks\n", vc.name, vc.steps,
                   vc.counters[SPK_COUNTER_TICKS], vc.nspikes, vc.nrules, vc.nactions, len,
                   info.arena_in_place, info.arena_copy, info.checkpoint, info.checkpoints,
                   info.jumps, cabi_checks - checks_before);
        }
        if (vc.nrules > 0) with_rules++;
        jumps += info.jumps;
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
    printf("api_test: %d cases run (%d with learning rules, %u idle jumps of 10^12), %d "
           "failed; %lu checks, %lu failed%s\n", ran, with_rules, jumps, failed_cases,
           cabi_checks, cabi_failures, bad_inputs ? "; some inputs unreadable" : "");
    if (bad_inputs) return 2;
    if (ran == 0) {
        printf("api_test: no case ran\n");
        return 2;
    }
    return failed_cases ? 1 : 0;
}
