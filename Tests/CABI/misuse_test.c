/*
 * misuse_test.c — the misuse matrix of the SpikeRT C interface.
 *
 *   misuse_test [-v] VEC_DIR BLOB_DIR [CASE]
 *
 * Every wrong way to call include/spikert.h that the header gives a status for: NULL
 * for each pointer argument of each function, dead and fake handles for each
 * handle-taking function, short and misaligned arenas, out-of-range indices, unknown
 * flags/kinds/ids/modes/folds/scales, learning calls on projections without a rule and
 * learning parameters outside their ranges, low power on an Izhikevich model, a second
 * load into a live arena, corrupted, truncated and empty blobs, too-small output
 * buffers. Each case is named and compared with the
 * status the header documents; outputs documented as untouched on failure are checked
 * against sentinels, and the network a failed call was made on is compared with an
 * untouched twin afterwards (a failed call changes nothing).
 *
 * Meant to be built with -fsanitize=address,undefined -fno-omit-frame-pointer and run
 * with halt_on_error, so a memory error or undefined behaviour anywhere is a failure.
 * Buffers handed to the library are heap blocks of exactly the size the call is told
 * (arenas too, whenever malloc's alignment allows), so AddressSanitizer sees any access
 * past them.
 *
 * The matrix runs on one case (default lif_subtract_delayed: an input population with a
 * rate encoder, a LIF population, a projection, a decoder, no learning rule); the
 * learning and power group on four golden cases named in LEARNING_CASE_NAMES; the arena,
 * truncation and corruption cases on the blob of every case in VEC_DIR/INDEX.
 * -v prints every case, not just failures. Exit 0 if all passed, 1 if not, 2 if the
 * inputs could not be read. Pure C99.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spikert.h"
#include "cabi_support.h"

static int verbose;
static unsigned long n_cases, n_failed;

/* One named case: `got` against `want`. */
static int expect_case(const char *group, const char *name, spk_status want, spk_status got)
{
    n_cases++;
    if (got == want) {
        if (verbose) printf("  ok   %-22s %-58s -> %s\n", group, name, status_name(got));
        return 1;
    }
    n_failed++;
    printf("  FAIL %-22s %-58s expected %s, got %s\n", group, name, status_name(want),
           status_name(got));
    return 0;
}

/* A failed property of a case (untouched output, *net, spk_error...). */
static int expect_true(const char *group, const char *name, int ok, const char *what)
{
    n_cases++;
    if (ok) {
        if (verbose) printf("  ok   %-22s %s\n", group, name);
        return 1;
    }
    n_failed++;
    printf("  FAIL %-22s %-58s %s\n", group, name, what);
    return 0;
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    return p;
}

/* ------------------------------------------------------------------------ fixture */

#define S32 0xA5A5A5A5u
#define S64 0xA5A5A5A5A5A5A5A5u
#define SBYTE 0xA5

typedef struct {
    const vec_case *vc;
    const unsigned char *blob;
    size_t len;
    uint32_t in_pop, out_pop, in_size, out_size, dec_size;
    /* outputs handed to the calls; refilled with sentinels before each */
    uint32_t u32, u32b;
    uint64_t u64;
    int32_t  i32;
    int      flag;
    size_t   sz;
    uint32_t *neurons;    /* out_size + in_size entries */
    int32_t  *values;     /* out_size entries */
    int64_t  *dvalues;    /* dec_size entries */
    uint8_t  *bits;       /* nbits bytes */
    size_t    nbits;
    unsigned char *ckpt;  /* nckpt bytes */
    size_t    nckpt;
    uint32_t  in_neurons[2];
    int32_t   enc_values[1];
    int32_t  *enc_all;    /* channels of encoder 0, + 1 */
    uint64_t  costs[SPK_COUNTER_COUNT]; /* spk_energy costs, all 1 */
    unsigned long cb_calls;
} fixture;

static void refill(fixture *f)
{
    f->u32 = S32;
    f->u32b = S32;
    f->u64 = S64;
    f->i32 = (int32_t)S32;
    f->flag = (int)S32;
    f->sz = (size_t)S64;
    memset(f->neurons, SBYTE, sizeof(uint32_t) * (f->out_size + f->in_size));
    memset(f->values, SBYTE, sizeof(int32_t) * f->out_size);
    memset(f->dvalues, SBYTE, sizeof(int64_t) * f->dec_size);
    memset(f->bits, SBYTE, f->nbits);
    memset(f->ckpt, SBYTE, f->nckpt);
    f->cb_calls = 0;
    f->in_neurons[0] = 0;
    f->in_neurons[1] = f->in_size - 1;
}

static int all_bytes(const void *p, size_t n, unsigned char b)
{
    const unsigned char *q = p;
    size_t k;
    for (k = 0; k < n; k++)
        if (q[k] != b) return 0;
    return 1;
}

/* Which outputs were written ("" if none). */
static const char *touched(const fixture *f)
{
    if (f->u32 != S32) return "a uint32_t output";
    if (f->u64 != S64) return "a uint64_t output";
    if (f->i32 != (int32_t)S32) return "an int32_t output";
    if (f->flag != (int)S32) return "an int output";
    if (f->sz != (size_t)S64) return "a size_t output";
    if (!all_bytes(f->neurons, sizeof(uint32_t) * (f->out_size + f->in_size), SBYTE))
        return "the neurons buffer";
    if (!all_bytes(f->values, sizeof(int32_t) * f->out_size, SBYTE)) return "the membrane buffer";
    if (!all_bytes(f->dvalues, sizeof(int64_t) * f->dec_size, SBYTE)) return "the decoder buffer";
    if (!all_bytes(f->bits, f->nbits, SBYTE)) return "the bitmap";
    if (!all_bytes(f->ckpt, f->nckpt, SBYTE)) return "the checkpoint buffer";
    if (f->cb_calls) return "the foreach callback (called)";
    return "";
}

static void count_cb(void *user, uint32_t population, uint32_t neuron)
{
    fixture *f = user;
    (void)population;
    (void)neuron;
    f->cb_calls++;
}

static void noop_cb(void *user, uint32_t population, uint32_t neuron)
{
    (void)population;
    (void)neuron;
    if (user != NULL) { /* the header passes `user` through: NULL stays NULL */
        fprintf(stdout, "  FAIL spk_spikes_foreach passed a non-NULL user for NULL\n");
        n_failed++;
    }
}

/* ------------------------------------------------------------------------ call thunks
 * One per handle-taking function, every other argument valid for the fixture's case. */

typedef spk_status (*thunk)(spk_net *net, fixture *f);
#define THUNK(id, expr) \
    static spk_status id(spk_net *net, fixture *f) { (void)net; (void)f; return (expr); }

THUNK(h_reset, spk_reset(net))
THUNK(h_count, spk_count(net, SPK_POPULATION, &f->u32))
THUNK(h_find, spk_find(net, SPK_POPULATION, "x", &f->u32))
THUNK(h_population_size, spk_population_size(net, f->in_pop, &f->u32))
THUNK(h_encoder_channels, spk_encoder_channels(net, 0, &f->u32))
THUNK(h_population_model, spk_population_model(net, f->in_pop, &f->u32))
THUNK(h_decoder_population, spk_decoder_population(net, 0, &f->u32, &f->u32b))
THUNK(h_tick, spk_tick(net, &f->u64))
THUNK(h_tick_ns, spk_tick_ns(net, &f->u64))
THUNK(h_state_hash, spk_state_hash(net, &f->u64))
THUNK(h_input_spike, spk_input_spike(net, f->in_pop, 0))
THUNK(h_input_spikes, spk_input_spikes(net, f->in_pop, f->in_neurons, 2))
THUNK(h_encoder_set, spk_encoder_set(net, 0, 0, 30000))
THUNK(h_encoder_set_all, spk_encoder_set_all(net, 0, f->enc_values, 1))
THUNK(h_step, spk_step(net, 1))
THUNK(h_spikes, spk_spikes(net, f->out_pop, f->neurons, f->out_size, &f->sz))
THUNK(h_spike_bitmap, spk_spike_bitmap(net, f->out_pop, f->bits, f->nbits))
THUNK(h_spikes_foreach, spk_spikes_foreach(net, SPK_ALL_POPULATIONS, count_cb, f))
THUNK(h_decoder_read, spk_decoder_read(net, 0, f->dvalues, f->dec_size, &f->sz))
THUNK(h_decoder_reset, spk_decoder_reset(net))
THUNK(h_membrane, spk_membrane(net, f->out_pop, 0, &f->i32))
THUNK(h_membranes, spk_membranes(net, f->out_pop, f->values, f->out_size, &f->sz))
THUNK(h_learning_enable, spk_learning_enable(net, 0, 1))
THUNK(h_learning_param, spk_learning_param(net, 0, SPK_PARAM_A_PLUS, &f->i32))
THUNK(h_learning_set_param, spk_learning_set_param(net, 0, SPK_PARAM_A_PLUS, 1))
THUNK(h_reward, spk_reward(net, 65536))
THUNK(h_power_mode, spk_power_mode(net, SPK_POWER_NORMAL, 1))
THUNK(h_power_threshold_scale, spk_power_threshold_scale(net, 65536))
THUNK(h_quiescent, spk_quiescent(net, &f->flag))
THUNK(h_idle, spk_idle(net, 3))
THUNK(h_counter, spk_counter(net, SPK_COUNTER_TICKS, &f->u64))
THUNK(h_energy, spk_energy(net, f->costs, SPK_COUNTER_COUNT, &f->u64))
THUNK(h_checkpoint_size, spk_checkpoint_size(net, &f->sz))
THUNK(h_checkpoint, spk_checkpoint(net, f->ckpt, f->nckpt, &f->sz))
THUNK(h_unload, spk_unload(net))

typedef struct { const char *name; thunk fn; } named_thunk;

/* spk_unload last: if a fake handle were wrongly accepted, the others ran first. */
static const named_thunk HANDLE_CALLS[] = {
    {"spk_reset", h_reset},
    {"spk_count", h_count},
    {"spk_find", h_find},
    {"spk_population_size", h_population_size},
    {"spk_encoder_channels", h_encoder_channels},
    {"spk_population_model", h_population_model},
    {"spk_decoder_population", h_decoder_population},
    {"spk_tick", h_tick},
    {"spk_tick_ns", h_tick_ns},
    {"spk_state_hash", h_state_hash},
    {"spk_input_spike", h_input_spike},
    {"spk_input_spikes", h_input_spikes},
    {"spk_encoder_set", h_encoder_set},
    {"spk_encoder_set_all", h_encoder_set_all},
    {"spk_step", h_step},
    {"spk_spikes", h_spikes},
    {"spk_spike_bitmap", h_spike_bitmap},
    {"spk_spikes_foreach", h_spikes_foreach},
    {"spk_decoder_read", h_decoder_read},
    {"spk_decoder_reset", h_decoder_reset},
    {"spk_membrane", h_membrane},
    {"spk_membranes", h_membranes},
    {"spk_learning_enable", h_learning_enable},
    {"spk_learning_param", h_learning_param},
    {"spk_learning_set_param", h_learning_set_param},
    {"spk_reward", h_reward},
    {"spk_power_mode", h_power_mode},
    {"spk_power_threshold_scale", h_power_threshold_scale},
    {"spk_quiescent", h_quiescent},
    {"spk_idle", h_idle},
    {"spk_counter", h_counter},
    {"spk_energy", h_energy},
    {"spk_checkpoint_size", h_checkpoint_size},
    {"spk_checkpoint", h_checkpoint},
    {"spk_unload", h_unload},
};
#define N_HANDLE_CALLS (sizeof HANDLE_CALLS / sizeof HANDLE_CALLS[0])

/* Every handle-taking function with `net`: all must return `want` and write nothing. */
static void handle_matrix(const char *group, spk_net *net, fixture *f, spk_status want)
{
    size_t k;
    char name[96];
    for (k = 0; k < N_HANDLE_CALLS; k++) {
        const char *t;
        refill(f);
        expect_case(group, HANDLE_CALLS[k].name, want, HANDLE_CALLS[k].fn(net, f));
        t = touched(f);
        if (t[0]) {
            sprintf(name, "%s (output untouched)", HANDLE_CALLS[k].name);
            expect_true(group, name, 0, t);
        }
    }
}

/* A table entry: name, expected status, call on a live handle. */
typedef struct { const char *name; spk_status want; thunk fn; } case_row;

static void run_rows(const char *group, const case_row *rows, size_t n, spk_net *net,
                     fixture *f)
{
    size_t k;
    char name[128];
    for (k = 0; k < n; k++) {
        const char *t;
        refill(f);
        expect_case(group, rows[k].name, rows[k].want, rows[k].fn(net, f));
        t = touched(f);
        if (t[0]) {
            sprintf(name, "%.100s (output untouched)", rows[k].name);
            expect_true(group, name, 0, t);
        }
    }
}

/* NULL for each pointer argument, one at a time, on a live handle. */
THUNK(n_count, spk_count(net, SPK_POPULATION, NULL))
THUNK(n_find_name, spk_find(net, SPK_POPULATION, NULL, &f->u32))
THUNK(n_find_index, spk_find(net, SPK_POPULATION, "x", NULL))
THUNK(n_population_size, spk_population_size(net, f->in_pop, NULL))
THUNK(n_encoder_channels, spk_encoder_channels(net, 0, NULL))
THUNK(n_population_model, spk_population_model(net, f->in_pop, NULL))
THUNK(n_decoder_population, spk_decoder_population(net, 0, NULL, &f->u32b))
THUNK(n_tick, spk_tick(net, NULL))
THUNK(n_tick_ns, spk_tick_ns(net, NULL))
THUNK(n_state_hash, spk_state_hash(net, NULL))
THUNK(n_input_spikes, spk_input_spikes(net, f->in_pop, NULL, 2))
THUNK(n_encoder_set_all, spk_encoder_set_all(net, 0, NULL, 1))
THUNK(n_spikes_neurons, spk_spikes(net, f->out_pop, NULL, f->out_size, &f->sz))
THUNK(n_spikes_count, spk_spikes(net, f->out_pop, f->neurons, f->out_size, NULL))
THUNK(n_spike_bitmap, spk_spike_bitmap(net, f->out_pop, NULL, f->nbits))
THUNK(n_spikes_foreach_fn, spk_spikes_foreach(net, SPK_ALL_POPULATIONS, NULL, f))
THUNK(n_decoder_read_values, spk_decoder_read(net, 0, NULL, f->dec_size, &f->sz))
THUNK(n_decoder_read_count, spk_decoder_read(net, 0, f->dvalues, f->dec_size, NULL))
THUNK(n_membrane, spk_membrane(net, f->out_pop, 0, NULL))
THUNK(n_membranes_v, spk_membranes(net, f->out_pop, NULL, f->out_size, &f->sz))
THUNK(n_membranes_count, spk_membranes(net, f->out_pop, f->values, f->out_size, NULL))
THUNK(n_learning_param, spk_learning_param(net, 0, SPK_PARAM_A_PLUS, NULL))
THUNK(n_quiescent, spk_quiescent(net, NULL))
THUNK(n_counter, spk_counter(net, SPK_COUNTER_TICKS, NULL))
THUNK(n_energy_costs, spk_energy(net, NULL, SPK_COUNTER_COUNT, &f->u64))
THUNK(n_energy_costs0, spk_energy(net, NULL, 0, &f->u64))
THUNK(n_energy_total, spk_energy(net, f->costs, SPK_COUNTER_COUNT, NULL))
THUNK(n_checkpoint_size, spk_checkpoint_size(net, NULL))
THUNK(n_checkpoint_buffer, spk_checkpoint(net, NULL, f->nckpt, &f->sz))
THUNK(n_checkpoint_written, spk_checkpoint(net, f->ckpt, f->nckpt, NULL))
/* NULLs the header allows */
THUNK(ok_input_spikes_empty, spk_input_spikes(net, f->in_pop, NULL, 0))
THUNK(ok_foreach_user_null, spk_spikes_foreach(net, SPK_ALL_POPULATIONS, noop_cb, NULL))

static const case_row NULL_ROWS[] = {
    {"spk_count(count=NULL)", SPK_E_NULL, n_count},
    {"spk_find(name=NULL)", SPK_E_NULL, n_find_name},
    {"spk_find(index=NULL)", SPK_E_NULL, n_find_index},
    {"spk_population_size(size=NULL)", SPK_E_NULL, n_population_size},
    {"spk_encoder_channels(channels=NULL)", SPK_E_NULL, n_encoder_channels},
    {"spk_population_model(model=NULL)", SPK_E_NULL, n_population_model},
    {"spk_decoder_population(population=NULL)", SPK_E_NULL, n_decoder_population},
    {"spk_tick(tick=NULL)", SPK_E_NULL, n_tick},
    {"spk_tick_ns(ns=NULL)", SPK_E_NULL, n_tick_ns},
    {"spk_state_hash(hash=NULL)", SPK_E_NULL, n_state_hash},
    {"spk_input_spikes(neurons=NULL, count=2)", SPK_E_NULL, n_input_spikes},
    {"spk_encoder_set_all(values=NULL, count=1)", SPK_E_NULL, n_encoder_set_all},
    {"spk_spikes(neurons=NULL, capacity=size)", SPK_E_NULL, n_spikes_neurons},
    {"spk_spikes(count=NULL)", SPK_E_NULL, n_spikes_count},
    {"spk_spike_bitmap(bits=NULL)", SPK_E_NULL, n_spike_bitmap},
    {"spk_spikes_foreach(fn=NULL)", SPK_E_NULL, n_spikes_foreach_fn},
    {"spk_decoder_read(values=NULL, capacity=size)", SPK_E_NULL, n_decoder_read_values},
    {"spk_decoder_read(count=NULL)", SPK_E_NULL, n_decoder_read_count},
    {"spk_membrane(v=NULL)", SPK_E_NULL, n_membrane},
    {"spk_membranes(v=NULL, capacity=size)", SPK_E_NULL, n_membranes_v},
    {"spk_membranes(count=NULL)", SPK_E_NULL, n_membranes_count},
    {"spk_learning_param(value=NULL)", SPK_E_NULL, n_learning_param},
    {"spk_quiescent(quiescent=NULL)", SPK_E_NULL, n_quiescent},
    {"spk_counter(value=NULL)", SPK_E_NULL, n_counter},
    {"spk_energy(costs=NULL)", SPK_E_NULL, n_energy_costs},
    {"spk_energy(costs=NULL, n_costs=0)", SPK_E_NULL, n_energy_costs0},
    {"spk_energy(total=NULL)", SPK_E_NULL, n_energy_total},
    {"spk_checkpoint_size(size=NULL)", SPK_E_NULL, n_checkpoint_size},
    {"spk_checkpoint(buffer=NULL, capacity=size)", SPK_E_NULL, n_checkpoint_buffer},
    {"spk_checkpoint(written=NULL)", SPK_E_NULL, n_checkpoint_written},
    {"spk_input_spikes(neurons=NULL, count=0)", SPK_OK, ok_input_spikes_empty},
    {"spk_spikes_foreach(user=NULL)", SPK_OK, ok_foreach_user_null},
};

/* Indices out of range, wrong population kinds, unknown ids, on a live handle. */
#define BIG 0xFFFFFFFFu
THUNK(r_pop_size, spk_population_size(net, f->vc->npop, &f->u32))
THUNK(r_pop_size_big, spk_population_size(net, BIG, &f->u32))
THUNK(r_enc_channels, spk_encoder_channels(net, f->vc->nenc, &f->u32))
THUNK(r_enc_channels_big, spk_encoder_channels(net, BIG, &f->u32))
THUNK(r_pop_model, spk_population_model(net, f->vc->npop, &f->u32))
THUNK(r_pop_model_big, spk_population_model(net, BIG, &f->u32))
THUNK(r_dec_population, spk_decoder_population(net, f->vc->ndec, &f->u32, &f->u32b))
THUNK(r_dec_population_big, spk_decoder_population(net, BIG, &f->u32, NULL))
THUNK(r_input_pop, spk_input_spike(net, f->vc->npop, 0))
THUNK(r_input_pop_big, spk_input_spike(net, BIG, 0))
THUNK(r_input_neuron, spk_input_spike(net, f->in_pop, f->in_size))
THUNK(r_input_neuron_big, spk_input_spike(net, f->in_pop, BIG))
THUNK(s_input_noninput, spk_input_spike(net, f->out_pop, 0))
THUNK(r_inputs_pop, spk_input_spikes(net, f->vc->npop, f->in_neurons, 1))
THUNK(r_inputs_neuron, (f->in_neurons[1] = f->in_size,
                        spk_input_spikes(net, f->in_pop, f->in_neurons, 2)))
THUNK(r_inputs_neuron_big, (f->in_neurons[1] = BIG,
                            spk_input_spikes(net, f->in_pop, f->in_neurons, 2)))
THUNK(s_inputs_noninput, (f->in_neurons[1] = 0,
                          spk_input_spikes(net, f->out_pop, f->in_neurons, 1)))
THUNK(r_enc_set_enc, spk_encoder_set(net, f->vc->nenc, 0, 30000))
THUNK(r_enc_set_enc_big, spk_encoder_set(net, BIG, 0, 30000))
THUNK(r_enc_set_channel, spk_encoder_set(net, 0, f->vc->enc_channels[0], 30000))
THUNK(r_enc_set_channel_big, spk_encoder_set(net, 0, BIG, 30000))
THUNK(r_enc_set_all_enc, spk_encoder_set_all(net, f->vc->nenc, f->enc_values, 1))
THUNK(r_enc_set_all_count, spk_encoder_set_all(net, 0, f->enc_all,
                                               (size_t)f->vc->enc_channels[0] + 1))
THUNK(r_spikes_pop, spk_spikes(net, f->vc->npop, f->neurons, f->out_size, &f->sz))
THUNK(r_spikes_pop_big, spk_spikes(net, BIG, f->neurons, f->out_size, &f->sz))
THUNK(r_bitmap_pop, spk_spike_bitmap(net, f->vc->npop, f->bits, f->nbits))
THUNK(r_bitmap_pop_big, spk_spike_bitmap(net, BIG, f->bits, f->nbits))
THUNK(r_foreach_pop, spk_spikes_foreach(net, f->vc->npop, count_cb, f))
THUNK(r_foreach_pop_big1, spk_spikes_foreach(net, BIG - 1u, count_cb, f))
THUNK(r_decoder_read, spk_decoder_read(net, f->vc->ndec, f->dvalues, f->dec_size, &f->sz))
THUNK(r_decoder_read_big, spk_decoder_read(net, BIG, f->dvalues, f->dec_size, &f->sz))
THUNK(r_membrane_pop, spk_membrane(net, f->vc->npop, 0, &f->i32))
THUNK(r_membrane_pop_big, spk_membrane(net, BIG, 0, &f->i32))
THUNK(r_membrane_neuron, spk_membrane(net, f->out_pop, f->out_size, &f->i32))
THUNK(r_membrane_neuron_big, spk_membrane(net, f->out_pop, BIG, &f->i32))
THUNK(s_membrane_input, spk_membrane(net, f->in_pop, 0, &f->i32))
THUNK(r_membranes_pop, spk_membranes(net, f->vc->npop, f->values, f->out_size, &f->sz))
THUNK(r_membranes_pop_big, spk_membranes(net, BIG, f->values, f->out_size, &f->sz))
THUNK(r_learn_enable, spk_learning_enable(net, f->vc->nproj, 1))
THUNK(r_learn_enable_big, spk_learning_enable(net, BIG, 1))
THUNK(r_learn_param, spk_learning_param(net, f->vc->nproj, SPK_PARAM_A_PLUS, &f->i32))
THUNK(r_learn_param_big, spk_learning_param(net, BIG, SPK_PARAM_A_PLUS, &f->i32))
THUNK(r_learn_set, spk_learning_set_param(net, f->vc->nproj, SPK_PARAM_A_PLUS, 1))
THUNK(r_learn_set_big, spk_learning_set_param(net, BIG, SPK_PARAM_A_PLUS, 1))
THUNK(a_count_kind, spk_count(net, 4, &f->u32))
THUNK(a_count_kind_big, spk_count(net, BIG, &f->u32))
THUNK(a_find_kind, spk_find(net, 4, "x", &f->u32))
THUNK(a_find_kind_big, spk_find(net, BIG, "x", &f->u32))
THUNK(a_counter, spk_counter(net, SPK_COUNTER_COUNT, &f->u64))
THUNK(a_counter_big, spk_counter(net, BIG, &f->u64))
THUNK(a_power_mode, spk_power_mode(net, 3, 1))
THUNK(a_power_mode_big, spk_power_mode(net, BIG, 2))
THUNK(a_power_normal_fold0, spk_power_mode(net, SPK_POWER_NORMAL, 0))
THUNK(a_power_normal_fold2, spk_power_mode(net, SPK_POWER_NORMAL, 2))
THUNK(a_power_full_fold0, spk_power_mode(net, SPK_POWER_FULL, 0))
THUNK(a_power_full_fold2, spk_power_mode(net, SPK_POWER_FULL, 2))
THUNK(a_power_low_fold1, spk_power_mode(net, SPK_POWER_LOW, 1))
THUNK(a_power_low_fold257, spk_power_mode(net, SPK_POWER_LOW, 257))
THUNK(a_power_low_fold_big, spk_power_mode(net, SPK_POWER_LOW, BIG))
THUNK(a_scale0, spk_power_threshold_scale(net, 0))
THUNK(a_scale_over, spk_power_threshold_scale(net, (1u << 20) + 1u))
THUNK(a_scale_big, spk_power_threshold_scale(net, BIG))
THUNK(a_energy_8, spk_energy(net, f->costs, SPK_COUNTER_COUNT + 1u, &f->u64))
THUNK(a_energy_max, spk_energy(net, f->costs, (size_t)-1, &f->u64))
THUNK(u_learn_enable, spk_learning_enable(net, 0, 1))
THUNK(u_learn_disable, spk_learning_enable(net, 0, 0))
THUNK(u_learn_enable_last, spk_learning_enable(net, f->vc->nproj - 1u, -1))
THUNK(u_learn_param, spk_learning_param(net, 0, SPK_PARAM_DECAY_ELIG, &f->i32))
THUNK(u_learn_param_norm, spk_learning_param(net, f->vc->nproj - 1u, SPK_PARAM_NORM_TARGET,
                                             &f->i32))
THUNK(u_learn_set, spk_learning_set_param(net, 0, SPK_PARAM_A_PLUS, 1))
THUNK(u_learn_set_bounds, spk_learning_set_param(net, f->vc->nproj - 1u, SPK_PARAM_BOUNDS, 0))
THUNK(u_reward, spk_reward(net, -1))
THUNK(u_reward0, spk_reward(net, 0))
THUNK(u_reward_max, spk_reward(net, INT32_MAX))

static const case_row RANGE_ROWS[] = {
    {"spk_population_size(pop=npop)", SPK_E_RANGE, r_pop_size},
    {"spk_population_size(pop=0xFFFFFFFF)", SPK_E_RANGE, r_pop_size_big},
    {"spk_encoder_channels(enc=nenc)", SPK_E_RANGE, r_enc_channels},
    {"spk_encoder_channels(enc=0xFFFFFFFF)", SPK_E_RANGE, r_enc_channels_big},
    {"spk_population_model(pop=npop)", SPK_E_RANGE, r_pop_model},
    {"spk_population_model(pop=0xFFFFFFFF)", SPK_E_RANGE, r_pop_model_big},
    {"spk_decoder_population(dec=ndec)", SPK_E_RANGE, r_dec_population},
    {"spk_decoder_population(dec=0xFFFFFFFF)", SPK_E_RANGE, r_dec_population_big},
    {"spk_input_spike(pop=npop)", SPK_E_RANGE, r_input_pop},
    {"spk_input_spike(pop=0xFFFFFFFF)", SPK_E_RANGE, r_input_pop_big},
    {"spk_input_spike(neuron=size)", SPK_E_RANGE, r_input_neuron},
    {"spk_input_spike(neuron=0xFFFFFFFF)", SPK_E_RANGE, r_input_neuron_big},
    {"spk_input_spikes(pop=npop)", SPK_E_RANGE, r_inputs_pop},
    {"spk_input_spikes({0,size})", SPK_E_RANGE, r_inputs_neuron},
    {"spk_input_spikes({0,0xFFFFFFFF})", SPK_E_RANGE, r_inputs_neuron_big},
    {"spk_encoder_set(enc=nenc)", SPK_E_RANGE, r_enc_set_enc},
    {"spk_encoder_set(enc=0xFFFFFFFF)", SPK_E_RANGE, r_enc_set_enc_big},
    {"spk_encoder_set(channel=channels)", SPK_E_RANGE, r_enc_set_channel},
    {"spk_encoder_set(channel=0xFFFFFFFF)", SPK_E_RANGE, r_enc_set_channel_big},
    {"spk_encoder_set_all(enc=nenc)", SPK_E_RANGE, r_enc_set_all_enc},
    {"spk_encoder_set_all(count=channels+1)", SPK_E_RANGE, r_enc_set_all_count},
    {"spk_spikes(pop=npop)", SPK_E_RANGE, r_spikes_pop},
    {"spk_spikes(pop=0xFFFFFFFF)", SPK_E_RANGE, r_spikes_pop_big},
    {"spk_spike_bitmap(pop=npop)", SPK_E_RANGE, r_bitmap_pop},
    {"spk_spike_bitmap(pop=0xFFFFFFFF)", SPK_E_RANGE, r_bitmap_pop_big},
    {"spk_spikes_foreach(pop=npop)", SPK_E_RANGE, r_foreach_pop},
    {"spk_spikes_foreach(pop=0xFFFFFFFE)", SPK_E_RANGE, r_foreach_pop_big1},
    {"spk_decoder_read(dec=ndec)", SPK_E_RANGE, r_decoder_read},
    {"spk_decoder_read(dec=0xFFFFFFFF)", SPK_E_RANGE, r_decoder_read_big},
    {"spk_membrane(pop=npop)", SPK_E_RANGE, r_membrane_pop},
    {"spk_membrane(pop=0xFFFFFFFF)", SPK_E_RANGE, r_membrane_pop_big},
    {"spk_membrane(neuron=size)", SPK_E_RANGE, r_membrane_neuron},
    {"spk_membrane(neuron=0xFFFFFFFF)", SPK_E_RANGE, r_membrane_neuron_big},
    {"spk_membranes(pop=npop)", SPK_E_RANGE, r_membranes_pop},
    {"spk_membranes(pop=0xFFFFFFFF)", SPK_E_RANGE, r_membranes_pop_big},
    {"spk_learning_enable(proj=nproj)", SPK_E_RANGE, r_learn_enable},
    {"spk_learning_enable(proj=0xFFFFFFFF)", SPK_E_RANGE, r_learn_enable_big},
    {"spk_learning_param(proj=nproj)", SPK_E_RANGE, r_learn_param},
    {"spk_learning_param(proj=0xFFFFFFFF)", SPK_E_RANGE, r_learn_param_big},
    {"spk_learning_set_param(proj=nproj)", SPK_E_RANGE, r_learn_set},
    {"spk_learning_set_param(proj=0xFFFFFFFF)", SPK_E_RANGE, r_learn_set_big},
};

static const case_row STATE_ROWS[] = {
    {"spk_input_spike(non-input pop)", SPK_E_STATE, s_input_noninput},
    {"spk_input_spikes(non-input pop)", SPK_E_STATE, s_inputs_noninput},
    {"spk_membrane(input pop)", SPK_E_STATE, s_membrane_input},
};

static const case_row ARGUMENT_ROWS[] = {
    {"spk_count(kind=4)", SPK_E_ARGUMENT, a_count_kind},
    {"spk_count(kind=0xFFFFFFFF)", SPK_E_ARGUMENT, a_count_kind_big},
    {"spk_find(kind=4)", SPK_E_ARGUMENT, a_find_kind},
    {"spk_find(kind=0xFFFFFFFF)", SPK_E_ARGUMENT, a_find_kind_big},
    {"spk_counter(id=SPK_COUNTER_COUNT)", SPK_E_ARGUMENT, a_counter},
    {"spk_counter(id=0xFFFFFFFF)", SPK_E_ARGUMENT, a_counter_big},
    {"spk_power_mode(mode=3, fold=1)", SPK_E_ARGUMENT, a_power_mode},
    {"spk_power_mode(mode=0xFFFFFFFF, fold=2)", SPK_E_ARGUMENT, a_power_mode_big},
    {"spk_power_mode(NORMAL, fold=0)", SPK_E_ARGUMENT, a_power_normal_fold0},
    {"spk_power_mode(NORMAL, fold=2)", SPK_E_ARGUMENT, a_power_normal_fold2},
    {"spk_power_mode(FULL, fold=0)", SPK_E_ARGUMENT, a_power_full_fold0},
    {"spk_power_mode(FULL, fold=2)", SPK_E_ARGUMENT, a_power_full_fold2},
    {"spk_power_mode(LOW, fold=1)", SPK_E_ARGUMENT, a_power_low_fold1},
    {"spk_power_mode(LOW, fold=257)", SPK_E_ARGUMENT, a_power_low_fold257},
    {"spk_power_mode(LOW, fold=0xFFFFFFFF)", SPK_E_ARGUMENT, a_power_low_fold_big},
    {"spk_power_threshold_scale(0)", SPK_E_ARGUMENT, a_scale0},
    {"spk_power_threshold_scale(2^20+1)", SPK_E_ARGUMENT, a_scale_over},
    {"spk_power_threshold_scale(0xFFFFFFFF)", SPK_E_ARGUMENT, a_scale_big},
    {"spk_energy(n_costs=SPK_COUNTER_COUNT+1)", SPK_E_ARGUMENT, a_energy_8},
    {"spk_energy(n_costs=SIZE_MAX)", SPK_E_ARGUMENT, a_energy_max},
};

/* The primary case has no learning rule at all: learning calls on its projections and
 * rewards are SPK_E_UNSUPPORTED. */
static const case_row UNSUPPORTED_ROWS[] = {
    {"spk_learning_enable(proj=0, 1) without a rule", SPK_E_UNSUPPORTED, u_learn_enable},
    {"spk_learning_enable(proj=0, 0) without a rule", SPK_E_UNSUPPORTED, u_learn_disable},
    {"spk_learning_enable(proj=last, -1) without a rule", SPK_E_UNSUPPORTED, u_learn_enable_last},
    {"spk_learning_param(proj=0, DECAY_ELIG) without a rule", SPK_E_UNSUPPORTED, u_learn_param},
    {"spk_learning_param(proj=last, NORM_TARGET) w/o rule", SPK_E_UNSUPPORTED, u_learn_param_norm},
    {"spk_learning_set_param(proj=0, A_PLUS) without a rule", SPK_E_UNSUPPORTED, u_learn_set},
    {"spk_learning_set_param(proj=last, BOUNDS) w/o rule", SPK_E_UNSUPPORTED, u_learn_set_bounds},
    {"spk_reward(-1) without R-STDP", SPK_E_UNSUPPORTED, u_reward},
    {"spk_reward(0) without R-STDP", SPK_E_UNSUPPORTED, u_reward0},
    {"spk_reward(INT32_MAX) without R-STDP", SPK_E_UNSUPPORTED, u_reward_max},
};

/* ------------------------------------------------------------------------ helpers */

static uint64_t hash_of(const spk_net *net)
{
    uint64_t h = 0;
    if (spk_state_hash(net, &h) != SPK_OK) return 0;
    return h;
}

/* Load `blob` with `flags` into a fresh exact-size arena; NULL on failure (reported). */
static spk_net *load_fresh(const char *group, const unsigned char *blob, size_t len,
                           uint32_t flags, aligned_buf *arena)
{
    size_t size = 0;
    spk_net *net = NULL;
    if (!expect_case(group, "spk_arena_size", SPK_OK,
                     spk_arena_size(blob, len, flags, &size, NULL)))
        return NULL;
    if (aligned_alloc16(arena, size)) exit(2);
    memset(arena->p, 0x5C, size);
    if (!expect_case(group, "spk_load", SPK_OK,
                     spk_load(blob, len, arena->p, size, flags, &net, NULL))) {
        aligned_free(arena);
        return NULL;
    }
    return net;
}

/* Two handles that must stay equal: after each step of the matrix, the misused one
 * must still match the untouched twin. */
static void compare_twins(const char *group, const char *what, spk_net *m, spk_net *r)
{
    char name[128];
    uint64_t hm, hr;
    sprintf(name, "%.80s: state equals the untouched twin", what);
    hm = hash_of(m);
    hr = hash_of(r);
    expect_true(group, name, hm == hr && hm != 0, hm == hr ? "" : "state hash differs");
    /* and after a step (pending injections and held encoder values show up here) */
    spk_step(m, 1);
    spk_step(r, 1);
    sprintf(name, "%.80s: equal after one more tick", what);
    hm = hash_of(m);
    hr = hash_of(r);
    expect_true(group, name, hm == hr && hm != 0, hm == hr ? "" : "state hash differs");
}

/* One recorded action (reset_decoders, reward, idle, power, learning...) on `net`. */
static spk_status apply_action(spk_net *net, const vec_action *a)
{
    switch (a->kind) {
    case VEC_ACT_REWARD: return spk_reward(net, (int32_t)a->a);
    case VEC_ACT_IDLE: return spk_idle(net, (uint64_t)a->a);
    case VEC_ACT_POWER: return spk_power_mode(net, (uint32_t)a->a, (uint32_t)a->b);
    case VEC_ACT_THRESHOLD_SCALE: return spk_power_threshold_scale(net, (uint32_t)a->a);
    case VEC_ACT_LEARNING: return spk_learning_enable(net, (uint32_t)a->a, (int)a->b);
    case VEC_ACT_PARAM:
        return spk_learning_set_param(net, (uint32_t)a->a, (uint32_t)a->b, (int32_t)a->c);
    case VEC_ACT_RESET_DECODERS: return spk_decoder_reset(net);
    default: return SPK_E_ARGUMENT;
    }
}

/* Step the handles through the case's recorded actions and inputs up to (not including)
 * step t. */
static void advance(const vec_case *vc, spk_net *const *nets, int nnets, uint32_t from,
                    uint32_t to)
{
    uint32_t t;
    size_t k;
    int h;
    for (t = from; t < to; t++) {
        for (h = 0; h < nnets; h++) {
            for (k = 0; k < vc->nactions; k++)
                if (vc->actions[k].step == t) {
                    spk_status st = apply_action(nets[h], &vc->actions[k]);
                    if (st != SPK_OK) {
                        char name[64];
                        sprintf(name, "%s: recorded action of step %" PRIu32, vc->name, t);
                        expect_case("advance", name, SPK_OK, st);
                    }
                }
            for (k = 0; k < vc->nin_spikes; k++)
                if (vc->in_spikes[k].step == t)
                    spk_input_spike(nets[h], vc->in_spikes[k].pop, vc->in_spikes[k].neuron);
            for (k = 0; k < vc->nin_values; k++)
                if (vc->in_values[k].step == t)
                    spk_encoder_set(nets[h], vc->in_values[k].enc, vc->in_values[k].channel,
                                    vc->in_values[k].value);
            spk_step(nets[h], 1);
        }
    }
}

static size_t expected_spikes(const vec_case *vc, uint32_t t, uint32_t pop, uint32_t *first)
{
    size_t k, n = 0;
    for (k = 0; k < vc->nspikes; k++)
        if (vc->spikes[k].step == t && vc->spikes[k].pop == pop) {
            if (n == 0 && first) *first = vc->spikes[k].neuron;
            n++;
        }
    return n;
}

/* ------------------------------------------------------------------------ groups */

/* NULL handles, dead handles, fake handles, for every handle-taking function. */
static void group_handles(fixture *f)
{
    aligned_buf live_arena, fake, copy;
    spk_net *live, *twin;
    aligned_buf twin_arena;
    size_t size = 0;
    int k;
    char group[32];

    printf("handles: NULL, unloaded, never loaded, misaligned, copied, overwritten\n");
    handle_matrix("NULL handle", NULL, f, SPK_E_NULL);

    live = load_fresh("handles", f->blob, f->len, SPK_LOAD_IN_PLACE, &live_arena);
    twin = load_fresh("handles", f->blob, f->len, SPK_LOAD_IN_PLACE, &twin_arena);
    if (!live || !twin) return;
    size = live_arena.size;

    /* never loaded: zeroed, all-ones and blob bytes, 16-byte aligned */
    if (aligned_alloc16(&fake, size)) exit(2);
    memset(fake.p, 0, size);
    handle_matrix("zeroed buffer", (spk_net *)(void *)fake.p, f, SPK_E_BAD_HANDLE);
    memset(fake.p, 0xFF, size);
    handle_matrix("0xFF buffer", (spk_net *)(void *)fake.p, f, SPK_E_BAD_HANDLE);
    memset(fake.p, 0, size);
    memcpy(fake.p, f->blob, f->len < size ? f->len : size);
    handle_matrix("blob bytes", (spk_net *)(void *)fake.p, f, SPK_E_BAD_HANDLE);

    /* misaligned pointers into a live arena */
    for (k = 1; k < 16; k++) {
        sprintf(group, "live arena + %d", k);
        handle_matrix(group, (spk_net *)(void *)(live_arena.p + k), f, SPK_E_BAD_HANDLE);
    }
    compare_twins("handles", "live handle after the misaligned calls", live, twin);

    /* a memcpy of a live arena */
    if (aligned_alloc16(&copy, size)) exit(2);
    memcpy(copy.p, live_arena.p, size);
    handle_matrix("memcpy'd arena", (spk_net *)(void *)copy.p, f, SPK_E_BAD_HANDLE);
    compare_twins("handles", "original after its copy was used", live, twin);
    {   /* the copy holds no live network: loading into it works */
        spk_net *n2 = (spk_net *)(void *)f;
        if (expect_case("memcpy'd arena", "spk_load into the copy", SPK_OK,
                        spk_load(f->blob, f->len, copy.p, size, SPK_LOAD_IN_PLACE, &n2, NULL))) {
            expect_true("memcpy'd arena", "handle is the copy", (void *)n2 == (void *)copy.p, "");
            expect_case("memcpy'd arena", "spk_unload(loaded copy)", SPK_OK, spk_unload(n2));
        }
        compare_twins("handles", "original after loading into its copy", live, twin);
    }
    aligned_free(&copy);

    /* a second spk_load into the live arena */
    {
        spk_net *n2 = (spk_net *)(void *)f;
        spk_error err;
        memset(&err, 0, sizeof err);
        expect_case("arena in use", "spk_load into a live arena", SPK_E_ARENA_IN_USE,
                    spk_load(f->blob, f->len, live_arena.p, size, SPK_LOAD_IN_PLACE, &n2, &err));
        expect_true("arena in use", "*net set to NULL", n2 == NULL, n2 ? "not NULL" : "");
        expect_true("arena in use", "error->status", err.status == SPK_E_ARENA_IN_USE,
                    status_name(err.status));
        n2 = (spk_net *)(void *)f;
        expect_case("arena in use", "spk_load(COPY) into a live arena", SPK_E_ARENA_IN_USE,
                    spk_load(f->blob, f->len, live_arena.p, size, SPK_LOAD_COPY, &n2, NULL));
        expect_true("arena in use", "*net set to NULL (COPY)", n2 == NULL, n2 ? "not NULL" : "");
        compare_twins("arena in use", "first handle after the refused load", live, twin);
    }

    /* after spk_unload: every call, then a second unload, then the arena is reusable */
    expect_case("unloaded", "spk_unload(live)", SPK_OK, spk_unload(live));
    handle_matrix("unloaded", live, f, SPK_E_BAD_HANDLE); /* ends with the double unload */
    expect_case("unloaded", "spk_unload twice more", SPK_E_BAD_HANDLE, spk_unload(live));
    {
        spk_net *n2 = NULL;
        if (expect_case("unloaded", "spk_load into the unloaded arena", SPK_OK,
                        spk_load(f->blob, f->len, live_arena.p, size, SPK_LOAD_IN_PLACE, &n2,
                                 NULL))) {
            spk_net *fresh = NULL;
            aligned_buf fresh_arena;
            fresh = load_fresh("unloaded", f->blob, f->len, SPK_LOAD_IN_PLACE, &fresh_arena);
            if (fresh) {
                compare_twins("unloaded", "reloaded arena vs a fresh load", n2, fresh);
                spk_unload(fresh);
                aligned_free(&fresh_arena);
            }
            /* overwritten while live: no longer a handle */
            memset(live_arena.p, 0, size);
            handle_matrix("overwritten arena", n2, f, SPK_E_BAD_HANDLE);
            /* and loadable again */
            if (expect_case("overwritten arena", "spk_load into it", SPK_OK,
                            spk_load(f->blob, f->len, live_arena.p, size, SPK_LOAD_IN_PLACE,
                                     &n2, NULL)))
                expect_case("overwritten arena", "spk_unload", SPK_OK, spk_unload(n2));
        }
    }
    spk_unload(twin);
    aligned_free(&twin_arena);
    aligned_free(&live_arena);
    aligned_free(&fake);
}

/* NULL arguments, ranges, states, unknown ids, learning calls without a rule on a live handle,
 * each compared with an untouched twin afterwards. */
static void group_arguments(fixture *f)
{
    aligned_buf am, ar;
    spk_net *m = load_fresh("arguments", f->blob, f->len, SPK_LOAD_IN_PLACE, &am);
    spk_net *r = load_fresh("arguments", f->blob, f->len, SPK_LOAD_IN_PLACE, &ar);
    spk_net *both[2];
    uint32_t t_mid;
    printf("arguments: NULL pointers, ranges, states, unknown ids, learning without a rule\n");
    if (!m || !r) return;
    both[0] = m;
    both[1] = r;
    /* somewhere in the middle, so that state is not at rest */
    t_mid = f->vc->steps / 2;
    advance(f->vc, both, 2, 0, t_mid);
    compare_twins("arguments", "twins before the matrix", m, r);
    t_mid++; /* compare_twins stepped once */

    run_rows("NULL argument", NULL_ROWS, sizeof NULL_ROWS / sizeof NULL_ROWS[0], m, f);
    compare_twins("NULL argument", "after the NULL-argument calls", m, r);
    run_rows("range", RANGE_ROWS, sizeof RANGE_ROWS / sizeof RANGE_ROWS[0], m, f);
    compare_twins("range", "after the out-of-range calls", m, r);
    run_rows("state", STATE_ROWS, sizeof STATE_ROWS / sizeof STATE_ROWS[0], m, f);
    compare_twins("state", "after the wrong-population calls", m, r);
    run_rows("argument", ARGUMENT_ROWS, sizeof ARGUMENT_ROWS / sizeof ARGUMENT_ROWS[0], m, f);
    compare_twins("argument", "after the unknown-id calls", m, r);
    run_rows("unsupported", UNSUPPORTED_ROWS,
             sizeof UNSUPPORTED_ROWS / sizeof UNSUPPORTED_ROWS[0], m, f);
    compare_twins("unsupported", "after the learning calls without a rule", m, r);
    {   /* spk_membranes from an input population: SPK_E_STATE ("a membrane read from an
         * input population"), count untouched */
        int32_t *v = xmalloc(sizeof(int32_t) * f->in_size);
        size_t count = (size_t)S64;
        expect_case("state", "spk_membranes(input pop)", SPK_E_STATE,
                    spk_membranes(m, f->in_pop, v, f->in_size, &count));
        expect_true("state", "spk_membranes(input pop): count untouched", count == (size_t)S64, "");
        free(v);
    }
    spk_unload(m);
    spk_unload(r);
    aligned_free(&am);
    aligned_free(&ar);
}

/* Capacity-0 count queries and too-small output buffers. */
static void group_buffers(fixture *f)
{
    const vec_case *vc = f->vc;
    aligned_buf a;
    spk_net *net = load_fresh("buffers", f->blob, f->len, SPK_LOAD_IN_PLACE, &a);
    uint32_t t, pop = BIG, quiet = BIG, first = 0, p;
    size_t n = 0, count;
    char name[128];
    printf("buffers: count queries, short buffers, checkpoints\n");
    if (!net) return;
    /* the first tick where some population has >= 2 spikes */
    for (t = 0; t < vc->steps && pop == BIG; t++)
        for (p = 0; p < vc->npop; p++)
            if (expected_spikes(vc, t, p, NULL) >= 2) {
                pop = p;
                break;
            }
    if (pop == BIG) {
        expect_true("buffers", "case has a tick with two spikes in one population", 0, "");
        spk_unload(net);
        aligned_free(&a);
        return;
    }
    t--; /* the loop incremented past it */
    advance(vc, &net, 1, 0, t + 1);
    n = expected_spikes(vc, t, pop, &first);
    for (p = 0; p < vc->npop; p++)
        if (expected_spikes(vc, t, p, NULL) == 0) quiet = p;

    /* spk_spikes */
    count = 0;
    sprintf(name, "spk_spikes(pop %" PRIu32 ", NULL, 0) with %zu spikes", pop, n);
    expect_case("count query", name, SPK_E_BUFFER_TOO_SMALL, spk_spikes(net, pop, NULL, 0, &count));
    expect_true("count query", "  *count = spikes", count == n, "wrong *count");
    if (quiet != BIG) {
        count = 99;
        sprintf(name, "spk_spikes(pop %" PRIu32 ", NULL, 0) with no spikes", quiet);
        expect_case("count query", name, SPK_OK, spk_spikes(net, quiet, NULL, 0, &count));
        expect_true("count query", "  *count = 0", count == 0, "wrong *count");
    }
    {
        uint32_t *buf = xmalloc(sizeof(uint32_t) * (n - 1));
        count = 0;
        expect_case("short buffer", "spk_spikes(capacity = spikes - 1)", SPK_E_BUFFER_TOO_SMALL,
                    spk_spikes(net, pop, buf, n - 1, &count));
        expect_true("short buffer", "  *count = spikes, first copied", count == n && buf[0] == first,
                    "wrong *count or first neuron");
        free(buf);
    }
    /* spk_membranes, spk_decoder_read */
    {
        uint32_t size = f->out_size;
        int32_t *v = xmalloc(sizeof(int32_t) * size);
        int32_t one = 0;
        count = 0;
        expect_case("count query", "spk_membranes(NULL, 0)", SPK_E_BUFFER_TOO_SMALL,
                    spk_membranes(net, f->out_pop, NULL, 0, &count));
        expect_true("count query", "  *count = population size", count == size, "wrong *count");
        count = 0;
        expect_case("short buffer", "spk_membranes(capacity = size - 1)",
                    SPK_E_BUFFER_TOO_SMALL,
                    spk_membranes(net, f->out_pop, v, size - 1, &count));
        spk_membrane(net, f->out_pop, 0, &one);
        expect_true("short buffer", "  *count = size, first copied",
                    count == size && (size < 2 || v[0] == one), "wrong *count or value");
        free(v);
    }
    if (vc->ndec > 0) {
        uint32_t size = f->dec_size;
        int64_t *v = xmalloc(sizeof(int64_t) * size);
        count = 0;
        expect_case("count query", "spk_decoder_read(NULL, 0)", SPK_E_BUFFER_TOO_SMALL,
                    spk_decoder_read(net, 0, NULL, 0, &count));
        expect_true("count query", "  *count = population size", count == size, "wrong *count");
        count = 0;
        expect_case("short buffer", "spk_decoder_read(capacity = size - 1)",
                    SPK_E_BUFFER_TOO_SMALL,
                    spk_decoder_read(net, 0, v, size - 1, &count));
        expect_true("short buffer", "  *count = size", count == size, "wrong *count");
        free(v);
    }
    /* bitmap one byte short: nothing written */
    {
        uint32_t size = vc->pop_size[pop];
        size_t need = (size + 7u) / 8u, have = need - 1;
        uint8_t *bits = xmalloc(have ? have : 1);
        memset(bits, SBYTE, have ? have : 1);
        expect_case("short buffer", "spk_spike_bitmap(bytes = needed - 1)", SPK_E_BUFFER_TOO_SMALL,
                    spk_spike_bitmap(net, pop, bits, have));
        expect_true("short buffer", "  bitmap untouched", all_bytes(bits, have ? have : 1, SBYTE),
                    "written");
        free(bits);
        bits = xmalloc(need);
        expect_case("short buffer", "spk_spike_bitmap(bytes = needed)", SPK_OK,
                    spk_spike_bitmap(net, pop, bits, need));
        expect_true("short buffer", "  first spiking neuron's bit set",
                    (bits[first / 8u] >> (first % 8u)) & 1u, "not set");
        free(bits);
    }
    /* checkpoint: too small (various), exact; *written = size needed */
    {
        size_t need = 0, written = 0, caps[4];
        int k;
        unsigned char *buf;
        expect_case("checkpoint", "spk_checkpoint_size", SPK_OK, spk_checkpoint_size(net, &need));
        caps[0] = 0;
        caps[1] = 1;
        caps[2] = need / 2;
        caps[3] = need - 1;
        for (k = 0; k < 4; k++) {
            buf = xmalloc(caps[k]);
            written = 0;
            sprintf(name, "spk_checkpoint(capacity %zu of %zu)", caps[k], need);
            expect_case("checkpoint", name, SPK_E_BUFFER_TOO_SMALL,
                        spk_checkpoint(net, buf, caps[k], &written));
            expect_true("checkpoint", "  *written = size needed", written == need, "wrong *written");
            free(buf);
        }
        buf = xmalloc(need);
        written = 0;
        expect_case("checkpoint", "spk_checkpoint(capacity = size)", SPK_OK,
                    spk_checkpoint(net, buf, need, &written));
        expect_true("checkpoint", "  *written = size", written == need, "wrong *written");
        {   /* the checkpoint loads (in place, from the exact buffer) and continues */
            aligned_buf b;
            spk_net *restored = load_fresh("checkpoint", buf, written, SPK_LOAD_IN_PLACE, &b);
            if (restored) {
                uint64_t t1 = 0, t2 = 0;
                spk_tick(net, &t1);
                spk_tick(restored, &t2);
                expect_true("checkpoint", "restored tick", t1 == t2, "differs");
                compare_twins("checkpoint", "restored vs source", restored, net);
                spk_unload(restored);
                aligned_free(&b);
            }
        }
        free(buf);
    }
    spk_unload(net);
    aligned_free(&a);
}

/* spk_arena_size / spk_load argument errors on the fixture's blob. */
static void group_load_arguments(fixture *f)
{
    size_t size = 0, s2 = (size_t)S64;
    aligned_buf a;
    spk_net *net;
    spk_error err;
    static const uint32_t bad_flags[] = {2u, 3u, 0x80000000u, 0xFFFFFFFEu, 0xFFFFFFFFu};
    size_t k;
    char name[96];
    printf("load arguments: NULL, flags, arena\n");

    memset(&err, 0, sizeof err);
    expect_case("spk_arena_size", "blob=NULL", SPK_E_NULL,
                spk_arena_size(NULL, f->len, SPK_LOAD_IN_PLACE, &s2, &err));
    expect_true("spk_arena_size", "  size untouched, error->status", s2 == (size_t)S64 &&
                err.status == SPK_E_NULL && err.field != NULL, "");
    expect_case("spk_arena_size", "blob=NULL, len=0", SPK_E_NULL,
                spk_arena_size(NULL, 0, SPK_LOAD_IN_PLACE, &s2, NULL));
    expect_case("spk_arena_size", "size=NULL", SPK_E_NULL,
                spk_arena_size(f->blob, f->len, SPK_LOAD_IN_PLACE, NULL, NULL));
    expect_case("spk_arena_size", "error=NULL (allowed)", SPK_OK,
                spk_arena_size(f->blob, f->len, SPK_LOAD_IN_PLACE, &size, NULL));
    for (k = 0; k < sizeof bad_flags / sizeof bad_flags[0]; k++) {
        sprintf(name, "flags=0x%08" PRIx32, bad_flags[k]);
        s2 = (size_t)S64;
        expect_case("spk_arena_size", name, SPK_E_ARGUMENT,
                    spk_arena_size(f->blob, f->len, bad_flags[k], &s2, NULL));
        expect_true("spk_arena_size", "  size untouched", s2 == (size_t)S64, "written");
    }

    if (aligned_alloc16(&a, size + 16)) exit(2);
    net = (spk_net *)(void *)f;
    expect_case("spk_load", "blob=NULL", SPK_E_NULL,
                spk_load(NULL, f->len, a.p, size, SPK_LOAD_IN_PLACE, &net, NULL));
    expect_true("spk_load", "  *net = NULL", net == NULL, "not NULL");
    net = (spk_net *)(void *)f;
    expect_case("spk_load", "arena=NULL", SPK_E_NULL,
                spk_load(f->blob, f->len, NULL, size, SPK_LOAD_IN_PLACE, &net, NULL));
    expect_true("spk_load", "  *net = NULL", net == NULL, "not NULL");
    net = (spk_net *)(void *)f;
    expect_case("spk_load", "arena=NULL, arena_len=0", SPK_E_NULL,
                spk_load(f->blob, f->len, NULL, 0, SPK_LOAD_IN_PLACE, &net, NULL));
    expect_true("spk_load", "  *net = NULL", net == NULL, "not NULL");
    expect_case("spk_load", "net=NULL", SPK_E_NULL,
                spk_load(f->blob, f->len, a.p, size, SPK_LOAD_IN_PLACE, NULL, NULL));
    for (k = 0; k < sizeof bad_flags / sizeof bad_flags[0]; k++) {
        sprintf(name, "flags=0x%08" PRIx32, bad_flags[k]);
        net = (spk_net *)(void *)f;
        expect_case("spk_load", name, SPK_E_ARGUMENT,
                    spk_load(f->blob, f->len, a.p, size, bad_flags[k], &net, NULL));
        expect_true("spk_load", "  *net = NULL", net == NULL, "not NULL");
    }
    /* none of the refused loads left a live handle behind */
    net = NULL;
    if (expect_case("spk_load", "load after the refused ones (arena not in use)", SPK_OK,
                    spk_load(f->blob, f->len, a.p, size, SPK_LOAD_IN_PLACE, &net, NULL))) {
        expect_true("spk_load", "  handle = arena", (void *)net == (void *)a.p, "");
        expect_case("spk_load", "  spk_unload", SPK_OK, spk_unload(net));
    }
    aligned_free(&a);
}

/* ------------------------------------------------------------------------ learning, power
 * On golden cases that have what the calls need (a DENSE STDP and an R-STDP rule; STDP on
 * SPARSE and ONE_TO_ONE projections; rules on some projections only; an Izhikevich
 * population). Each misused handle is compared with an untouched twin that got only the
 * valid calls. */

#define LEARNING_CASES 4
static const char *const LEARNING_CASE_NAMES[LEARNING_CASES] = {
    "learning_toggle_params", /* STDP on DENSE (normalization allowed), R-STDP */
    "stdp_sparse_one_to_one", /* STDP on SPARSE and ONE_TO_ONE, no R-STDP */
    "power_low_fold",         /* rules on projections 1 and 2 of 5; LOW is allowed */
    "mixed_all_models",       /* an Izhikevich population: LOW is refused */
};

/* All ten parameters of projection p; 0 if any read fails. */
static int read_params(spk_net *net, uint32_t p, int32_t out[10])
{
    uint32_t k;
    for (k = 0; k < 10; k++)
        if (spk_learning_param(net, p, k, &out[k]) != SPK_OK) return 0;
    return 1;
}

/* Values parameter k cannot take given the current parameters cur (SEMANTICS.md 9):
 * just outside each end of its range, w_min above w_max and w_max below w_min,
 * normalization where it does not apply, and the extremes of int32. Returns the count. */
static int bad_values(uint32_t k, const int32_t cur[10], int stdp_dense, int32_t out[8])
{
    int n = 0;
    switch (k) {
    case SPK_PARAM_A_PLUS: case SPK_PARAM_A_MINUS: case SPK_PARAM_LEARNING_RATE:
        out[n++] = -1; out[n++] = (1 << 24) + 1; break;
    case SPK_PARAM_DECAY_PRE: case SPK_PARAM_DECAY_POST: case SPK_PARAM_DECAY_ELIG:
        out[n++] = -1; out[n++] = 65537; break;
    case SPK_PARAM_W_MIN:
        out[n++] = -129; out[n++] = cur[SPK_PARAM_W_MAX] + 1; out[n++] = 128; break;
    case SPK_PARAM_W_MAX:
        out[n++] = 128; out[n++] = cur[SPK_PARAM_W_MIN] - 1; out[n++] = -129; break;
    case SPK_PARAM_BOUNDS:
        out[n++] = -1; out[n++] = 2; break;
    case SPK_PARAM_NORM_TARGET:
        out[n++] = -1;
        out[n++] = (1 << 23) + 1;
        if (!stdp_dense) { out[n++] = 1; out[n++] = 1 << 23; }
        break;
    default: break;
    }
    out[n++] = INT32_MIN;
    out[n++] = INT32_MAX;
    return n;
}

/* Values at the ends of parameter k's range (accepted). */
static int edge_values(uint32_t k, const int32_t cur[10], int stdp_dense, int32_t out[4])
{
    int n = 0;
    switch (k) {
    case SPK_PARAM_A_PLUS: case SPK_PARAM_A_MINUS: case SPK_PARAM_LEARNING_RATE:
        out[n++] = 0; out[n++] = 1 << 24; break;
    case SPK_PARAM_DECAY_PRE: case SPK_PARAM_DECAY_POST: case SPK_PARAM_DECAY_ELIG:
        out[n++] = 0; out[n++] = 65536; break;
    case SPK_PARAM_W_MIN: out[n++] = -128; out[n++] = cur[SPK_PARAM_W_MAX]; break;
    case SPK_PARAM_W_MAX: out[n++] = 127; out[n++] = cur[SPK_PARAM_W_MIN]; break;
    case SPK_PARAM_BOUNDS: out[n++] = 0; out[n++] = 1; break;
    case SPK_PARAM_NORM_TARGET:
        out[n++] = 0;
        if (stdp_dense) out[n++] = 1 << 23;
        break;
    default: break;
    }
    return n;
}

static void learning_case(const vec_case *vc, const unsigned char *blob, size_t len)
{
    aligned_buf am, ar;
    spk_net *m = load_fresh("learning", blob, len, SPK_LOAD_IN_PLACE, &am);
    spk_net *r = load_fresh("learning", blob, len, SPK_LOAD_IN_PLACE, &ar);
    spk_net *both[2];
    uint32_t p, k, q;
    int has_rstdp = 0, has_izh = 0, n;
    char group[48], name[160];
    static const uint32_t bad_ids[] = {10u, 11u, 0x80000000u, 0xFFFFFFFFu};

    printf("learning and power: %s\n", vc->name);
    if (!m || !r) return;
    for (q = 0; q < vc->nrules; q++)
        if (vc->rule_kind[q] >= 2) has_rstdp = 1;
    for (q = 0; q < vc->npop; q++)
        if (vc->pop_model[q] == VEC_MODEL_IZH) has_izh = 1;
    both[0] = m;
    both[1] = r;
    advance(vc, both, 2, 0, vc->steps / 2); /* traces, eligibilities, changed parameters */
    sprintf(group, "learning %.30s", vc->name);
    compare_twins(group, "twins before the learning calls", m, r);

    for (p = 0; p < vc->nproj; p++) {
        int rule = -1, stdp_dense;
        int32_t cur[10], now[10], v;
        for (q = 0; q < vc->nrules; q++)
            if (vc->rule_proj[q] == p) rule = (int)q;
        if (rule < 0) {
            sprintf(name, "projection %" PRIu32 " (no rule): spk_learning_enable(1)", p);
            expect_case(group, name, SPK_E_UNSUPPORTED, spk_learning_enable(m, p, 1));
            sprintf(name, "projection %" PRIu32 " (no rule): spk_learning_enable(0)", p);
            expect_case(group, name, SPK_E_UNSUPPORTED, spk_learning_enable(m, p, 0));
            for (k = 0; k < 10; k++) {
                v = (int32_t)S32;
                sprintf(name, "projection %" PRIu32 " (no rule): spk_learning_param(%" PRIu32 ")",
                        p, k);
                expect_case(group, name, SPK_E_UNSUPPORTED, spk_learning_param(m, p, k, &v));
                expect_true(group, name, v == (int32_t)S32, "output written");
                sprintf(name, "projection %" PRIu32 " (no rule): spk_learning_set_param(%" PRIu32
                        ", 0)", p, k);
                expect_case(group, name, SPK_E_UNSUPPORTED, spk_learning_set_param(m, p, k, 0));
            }
            continue;
        }
        stdp_dense = vc->rule_kind[rule] < 2 && vc->proj_kind[p] == VEC_PROJ_DENSE;
        sprintf(name, "projection %" PRIu32 ": read all parameters", p);
        if (!expect_true(group, name, read_params(m, p, cur), "spk_learning_param failed"))
            continue;
        for (q = 0; q < sizeof bad_ids / sizeof bad_ids[0]; q++) {
            v = (int32_t)S32;
            sprintf(name, "projection %" PRIu32 ": spk_learning_param(param=0x%" PRIx32 ")", p,
                    bad_ids[q]);
            expect_case(group, name, SPK_E_ARGUMENT, spk_learning_param(m, p, bad_ids[q], &v));
            expect_true(group, name, v == (int32_t)S32, "output written");
            sprintf(name, "projection %" PRIu32 ": spk_learning_set_param(param=0x%" PRIx32 ")",
                    p, bad_ids[q]);
            expect_case(group, name, SPK_E_ARGUMENT,
                        spk_learning_set_param(m, p, bad_ids[q], 0));
        }
        sprintf(name, "projection %" PRIu32 ": spk_learning_param(value=NULL)", p);
        expect_case(group, name, SPK_E_NULL, spk_learning_param(m, p, SPK_PARAM_A_PLUS, NULL));
        for (k = 0; k < 10; k++) {
            int32_t bad[8], edge[4];
            int i;
            n = bad_values(k, cur, stdp_dense, bad);
            for (i = 0; i < n; i++) {
                sprintf(name, "projection %" PRIu32 " (%s): param %" PRIu32 " = %" PRId32, p,
                        vc->rule_kind[rule] >= 2 ? "R-STDP" : stdp_dense ? "STDP dense" :
                        "STDP", k, bad[i]);
                expect_case(group, name, SPK_E_RANGE, spk_learning_set_param(m, p, k, bad[i]));
                strcat(name, ": nothing changed");
                expect_true(group, name, read_params(m, p, now) &&
                            memcmp(now, cur, sizeof now) == 0, "a parameter changed");
            }
            n = edge_values(k, cur, stdp_dense, edge);
            for (i = 0; i < n; i++) {
                sprintf(name, "projection %" PRIu32 ": param %" PRIu32 " = %" PRId32 " (edge)",
                        p, k, edge[i]);
                expect_case(group, name, SPK_OK, spk_learning_set_param(m, p, k, edge[i]));
                v = (int32_t)S32;
                spk_learning_param(m, p, k, &v);
                strcat(name, ": read back");
                expect_true(group, name, v == edge[i], "reads back another value");
            }
            sprintf(name, "projection %" PRIu32 ": param %" PRIu32 " back to %" PRId32, p, k,
                    cur[k]);
            expect_case(group, name, SPK_OK, spk_learning_set_param(m, p, k, cur[k]));
        }
        sprintf(name, "projection %" PRIu32 ": all parameters as before", p);
        expect_true(group, name, read_params(m, p, now) && memcmp(now, cur, sizeof now) == 0,
                    "a parameter changed");
        sprintf(name, "after the calls on projection %" PRIu32, p);
        compare_twins(group, name, m, r);
    }
    sprintf(name, "spk_learning_enable(proj=nproj)");
    expect_case(group, name, SPK_E_RANGE, spk_learning_enable(m, vc->nproj, 1));
    sprintf(name, "spk_learning_set_param(proj=0xFFFFFFFF)");
    expect_case(group, name, SPK_E_RANGE, spk_learning_set_param(m, BIG, 0, 0));

    /* rewards */
    if (has_rstdp) {
        expect_case(group, "spk_reward(65536) with R-STDP", SPK_OK, spk_reward(m, 65536));
        spk_reward(r, 65536);
        expect_case(group, "spk_reward(-65536) with R-STDP", SPK_OK, spk_reward(m, -65536));
        spk_reward(r, -65536);
    } else {
        expect_case(group, "spk_reward(65536) without R-STDP", SPK_E_UNSUPPORTED,
                    spk_reward(m, 65536));
        expect_case(group, "spk_reward(INT32_MIN) without R-STDP", SPK_E_UNSUPPORTED,
                    spk_reward(m, INT32_MIN));
    }
    compare_twins(group, "after the rewards", m, r);

    /* power */
    expect_case(group, "spk_power_mode(LOW, 257)", SPK_E_ARGUMENT,
                spk_power_mode(m, SPK_POWER_LOW, 257));
    expect_case(group, "spk_power_mode(LOW, 1)", SPK_E_ARGUMENT,
                spk_power_mode(m, SPK_POWER_LOW, 1));
    expect_case(group, "spk_power_mode(3, 1)", SPK_E_ARGUMENT, spk_power_mode(m, 3, 1));
    expect_case(group, "spk_power_threshold_scale(0)", SPK_E_ARGUMENT,
                spk_power_threshold_scale(m, 0));
    expect_case(group, "spk_power_threshold_scale(2^20+1)", SPK_E_ARGUMENT,
                spk_power_threshold_scale(m, (1u << 20) + 1u));
    if (has_izh) {
        static const uint32_t folds[] = {0u, 2u, 3u, 256u};
        for (q = 0; q < sizeof folds / sizeof folds[0]; q++) {
            sprintf(name, "spk_power_mode(LOW, %" PRIu32 ") with Izhikevich neurons", folds[q]);
            expect_case(group, name, SPK_E_UNSUPPORTED, spk_power_mode(m, SPK_POWER_LOW, folds[q]));
        }
        compare_twins(group, "after the refused LOW switches", m, r);
    }
    expect_case(group, "spk_power_threshold_scale(98304)", SPK_OK,
                spk_power_threshold_scale(m, 98304));
    spk_power_threshold_scale(r, 98304);
    expect_case(group, "spk_power_mode(FULL, 1)", SPK_OK, spk_power_mode(m, SPK_POWER_FULL, 1));
    spk_power_mode(r, SPK_POWER_FULL, 1);
    if (!has_izh) {
        expect_case(group, "spk_power_mode(LOW, 0)", SPK_OK, spk_power_mode(m, SPK_POWER_LOW, 0));
        spk_power_mode(r, SPK_POWER_LOW, 0);
        compare_twins(group, "in LOW with the blob's fold", m, r);
        expect_case(group, "spk_power_mode(LOW, 256)", SPK_OK,
                    spk_power_mode(m, SPK_POWER_LOW, 256));
        spk_power_mode(r, SPK_POWER_LOW, 256);
        expect_case(group, "spk_power_threshold_scale(1) in LOW", SPK_OK,
                    spk_power_threshold_scale(m, 1));
        spk_power_threshold_scale(r, 1);
        expect_case(group, "spk_power_mode(LOW, 257) in LOW", SPK_E_ARGUMENT,
                    spk_power_mode(m, SPK_POWER_LOW, 257));
        expect_case(group, "spk_power_threshold_scale(0) in LOW", SPK_E_ARGUMENT,
                    spk_power_threshold_scale(m, 0));
    }
    compare_twins(group, "after the power switches", m, r);

    /* spk_energy with cost arrays of exactly n_costs entries (ASan sees an overread) */
    for (q = 0; q <= SPK_COUNTER_COUNT; q++) {
        uint64_t *costs = xmalloc(sizeof(uint64_t) * q), total = S64, want = 0, c;
        for (k = 0; k < q; k++) {
            costs[k] = k + 1u;
            c = 0;
            spk_counter(m, k, &c);
            want += c * (k + 1u);
        }
        sprintf(name, "spk_energy(n_costs=%" PRIu32 ") in an exact block", q);
        expect_case(group, name, SPK_OK, spk_energy(m, costs, q, &total));
        expect_true(group, name, total == want, "wrong total");
        free(costs);
    }
    spk_unload(m);
    spk_unload(r);
    aligned_free(&am);
    aligned_free(&ar);
}

/* The blobs with a learning rule the loader must refuse, listed in VEC_DIR/BAD as
 * "NAME STATUS FIELD" (python3 -m spikert_tools.cvectors writes them to VEC_DIR/bad/):
 * spk_arena_size and spk_load (both flags) give STATUS, spk_error names FIELD at an
 * offset inside the blob, *net is NULL. Returns the number of blobs, -1 if BAD is
 * missing. */
static int bad_rule_blobs(const char *vec_dir)
{
    char *list = path_join(vec_dir, "BAD"), line[256], bname[96], field[64], group[] = "refused rule";
    FILE *f = fopen(list, "r");
    int n = 0, st;
    free(list);
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        char *rel, *path, name[256];
        unsigned char *b;
        size_t len = 0, size = (size_t)S64;
        int fl;
        if (sscanf(line, "%95s %d %63s", bname, &st, field) != 3) continue;
        n++;
        rel = path_join("bad", bname);
        path = xmalloc(strlen(rel) + 6);
        sprintf(path, "%s.spkb", rel);
        free(rel);
        rel = path_join(vec_dir, path);
        free(path);
        b = read_file(rel, &len);
        free(rel);
        if (!b) {
            sprintf(name, "%s: blob readable", bname);
            expect_true(group, name, 0, "missing");
            continue;
        }
        for (fl = 0; fl < 2; fl++) {
            uint32_t flags = fl ? SPK_LOAD_COPY : SPK_LOAD_IN_PLACE;
            spk_error err;
            aligned_buf a;
            spk_net *net = (spk_net *)(void *)&err;
            memset(&err, 0, sizeof err);
            sprintf(name, "%s (%s): spk_arena_size", bname, fl ? "COPY" : "IN_PLACE");
            expect_case(group, name, (spk_status)st, spk_arena_size(b, len, flags, &size, &err));
            sprintf(name, "%s (%s): error field \"%s\", offset in the blob", bname,
                    fl ? "COPY" : "IN_PLACE", field);
            expect_true(group, name, err.status == (spk_status)st && err.field &&
                        strcmp(err.field, field) == 0 && err.offset > 0 && err.offset < len &&
                        size == (size_t)S64, err.field ? err.field : "(NULL)");
            if (aligned_alloc16(&a, 1u << 16)) exit(2);
            memset(&err, 0, sizeof err);
            sprintf(name, "%s (%s): spk_load", bname, fl ? "COPY" : "IN_PLACE");
            expect_case(group, name, (spk_status)st,
                        spk_load(b, len, a.p, a.size, flags, &net, &err));
            expect_true(group, name, net == NULL && err.status == (spk_status)st && err.field &&
                        strcmp(err.field, field) == 0, "*net not NULL or error not filled");
            aligned_free(&a);
        }
        free(b);
    }
    fclose(f);
    return n;
}

/* Arena too small, zero and misaligned, for one blob and both flags. */
static void arena_cases(const char *cname, const unsigned char *blob, size_t len)
{
    static const uint32_t flags[2] = {SPK_LOAD_IN_PLACE, SPK_LOAD_COPY};
    int fl, k;
    char name[160];
    for (fl = 0; fl < 2; fl++) {
        size_t size = 0;
        spk_net *net;
        spk_error err;
        aligned_buf a;
        const char *fn = fl ? "COPY" : "IN_PLACE";
        sprintf(name, "%s %s: spk_arena_size", cname, fn);
        if (!expect_case("arena", name, SPK_OK, spk_arena_size(blob, len, flags[fl], &size, NULL)))
            continue;
        if (aligned_alloc16(&a, size)) exit(2);
        {
            size_t lens[2];
            lens[0] = 0;
            lens[1] = size - 1;
            for (k = 0; k < 2; k++) {
                memset(&err, 0, sizeof err);
                net = (spk_net *)(void *)&err;
                sprintf(name, "%s %s: arena_len %zu of %zu", cname, fn, lens[k], size);
                expect_case("arena too small", name, SPK_E_ARENA_TOO_SMALL,
                            spk_load(blob, len, a.p, lens[k], flags[fl], &net, &err));
                sprintf(name, "%s %s: arena_len %zu: needed, *net, error", cname, fn, lens[k]);
                expect_true("arena too small", name,
                            err.needed == size && net == NULL &&
                            err.status == SPK_E_ARENA_TOO_SMALL && err.field != NULL,
                            "error->needed != spk_arena_size, *net not NULL or error->status");
            }
        }
        aligned_free(&a);
        /* misaligned by 1..15: the arena has the full size after the offset */
        {
            unsigned char *raw = xmalloc(size + 32);
            unsigned char *base = raw + ((16u - ((uintptr_t)raw & 15u)) & 15u);
            for (k = 1; k < 16; k++) {
                memset(&err, 0, sizeof err);
                net = (spk_net *)(void *)&err;
                sprintf(name, "%s %s: arena at 16n+%d", cname, fn, k);
                expect_case("arena misaligned", name, SPK_E_ARENA_MISALIGNED,
                            spk_load(blob, len, base + k, size, flags[fl], &net, &err));
                if (net != NULL || err.status != SPK_E_ARENA_MISALIGNED) {
                    sprintf(name, "%s %s: arena at 16n+%d: *net, error->status", cname, fn, k);
                    expect_true("arena misaligned", name, 0, "*net not NULL or wrong error->status");
                }
            }
            free(raw);
        }
        /* the exact size works, in an exact heap block; the network runs and writes a
         * checkpoint into an exact block (AddressSanitizer watches both) */
        if (aligned_alloc16(&a, size)) exit(2);
        net = NULL;
        sprintf(name, "%s %s: arena_len = size", cname, fn);
        if (expect_case("arena exact", name, SPK_OK,
                        spk_load(blob, len, a.p, size, flags[fl], &net, NULL))) {
            size_t need = 0, written = 0;
            unsigned char *ck;
            spk_step(net, 5);
            spk_checkpoint_size(net, &need);
            ck = xmalloc(need);
            sprintf(name, "%s %s: checkpoint into exact buffer", cname, fn);
            expect_case("arena exact", name, SPK_OK, spk_checkpoint(net, ck, need, &written));
            free(ck);
            spk_unload(net);
        }
        aligned_free(&a);
    }
}

/* Damaged blobs: every truncation, empty, trailing byte, flipped bytes, magic, version. */
static void blob_cases(const char *cname, const unsigned char *blob, size_t len)
{
    size_t k, size, wrong = 0, first_wrong = 0;
    spk_status first_got = SPK_OK;
    spk_error err;
    unsigned char *b;
    char name[160];
    aligned_buf a;
    spk_net *net;
    size_t arena_size = 0;

    spk_arena_size(blob, len, SPK_LOAD_COPY, &arena_size, NULL);
    if (aligned_alloc16(&a, arena_size + 64)) exit(2);

    /* every truncation, in exact heap blocks */
    for (k = 0; k < len; k++) {
        spk_status s;
        b = xmalloc(k);
        memcpy(b, blob, k);
        memset(&err, 0, sizeof err);
        s = spk_arena_size(b, k, SPK_LOAD_IN_PLACE, &size, &err);
        if (s != SPK_E_TRUNCATED || err.status != s || err.offset > k || !err.field) {
            if (!wrong) {
                first_wrong = k;
                first_got = s;
            }
            wrong++;
        }
        free(b);
    }
    sprintf(name, "%s: all %zu truncations", cname, len);
    n_cases++;
    if (wrong) {
        n_failed++;
        printf("  FAIL %-22s %-58s %zu not SPK_E_TRUNCATED (with error->offset <= length); "
               "first at length %zu: %s\n", "truncated", name, wrong, first_wrong,
               status_name(first_got));
    } else if (verbose) {
        printf("  ok   %-22s %-58s -> SPK_E_TRUNCATED\n", "truncated", name);
    }
    {   /* spk_load of a few truncations: status, *net NULL */
        size_t cuts[3];
        cuts[0] = 1;
        cuts[1] = len / 2;
        cuts[2] = len - 1;
        for (k = 0; k < 3; k++) {
            b = xmalloc(cuts[k]);
            memcpy(b, blob, cuts[k]);
            net = (spk_net *)(void *)&err;
            sprintf(name, "%s: spk_load of %zu of %zu bytes", cname, cuts[k], len);
            expect_case("truncated", name, SPK_E_TRUNCATED,
                        spk_load(b, cuts[k], a.p, a.size, SPK_LOAD_COPY, &net, NULL));
            if (net != NULL) expect_true("truncated", name, 0, "*net not set to NULL");
            free(b);
        }
    }
    /* empty (not NULL) blob: undocumented in the header which blob status it is; the
     * loader reports it as truncated (docs/LOADER.md: every truncation) */
    b = xmalloc(1);
    sprintf(name, "%s: empty blob (len 0)", cname);
    expect_case("empty", name, SPK_E_TRUNCATED, spk_arena_size(b, 0, SPK_LOAD_COPY, &size, NULL));
    net = (spk_net *)(void *)&err;
    expect_case("empty", name, SPK_E_TRUNCATED,
                spk_load(b, 0, a.p, a.size, SPK_LOAD_COPY, &net, NULL));
    if (net != NULL) expect_true("empty", name, 0, "*net not set to NULL");
    free(b);

    /* a trailing byte */
    b = xmalloc(len + 1);
    memcpy(b, blob, len);
    b[len] = 0;
    sprintf(name, "%s: one trailing byte", cname);
    expect_case("trailing", name, SPK_E_TRAILING,
                spk_arena_size(b, len + 1, SPK_LOAD_COPY, &size, NULL));
    free(b);

    /* CRC mismatch: the CRC value's last byte, and a byte inside the model name */
    {
        size_t at[2], nat = 0, q;
        at[nat++] = len - 1;
        /* meta name: the first text string after the body's map heads; found as the
         * first run of 4+ lowercase/underscore characters after the magic */
        for (q = 10; q + 4 < len && nat < 2; q++) {
            size_t r = q;
            while (r < len && ((blob[r] >= 'a' && blob[r] <= 'z') || blob[r] == '_')) r++;
            if (r - q >= 4) at[nat++] = q + 1;
        }
        for (q = 0; q < nat; q++) {
            spk_status s;
            b = xmalloc(len);
            memcpy(b, blob, len);
            b[at[q]] ^= 1u;
            memset(&err, 0, sizeof err);
            sprintf(name, "%s: byte %zu flipped%s", cname, at[q], q ? " (in a name)" : " (CRC)");
            s = spk_arena_size(b, len, SPK_LOAD_IN_PLACE, &size, &err);
            if (expect_case("checksum", name, SPK_E_CHECKSUM, s)) {
                sprintf(name, "%s: byte %zu: error offset %" PRIu64 " field \"%s\"", cname,
                        at[q], err.offset, err.field ? err.field : "(NULL)");
                expect_true("checksum", name, err.status == SPK_E_CHECKSUM && err.field &&
                            err.field[0] != '\0' && err.offset < len,
                            "offset past the blob, or field NULL or empty");
            }
            net = (spk_net *)(void *)&err;
            sprintf(name, "%s: byte %zu flipped: spk_load", cname, at[q]);
            expect_case("checksum", name, SPK_E_CHECKSUM,
                        spk_load(b, len, a.p, a.size, SPK_LOAD_IN_PLACE, &net, NULL));
            if (net != NULL) expect_true("checksum", name, 0, "*net not set to NULL");
            free(b);
        }
    }
    /* magic and version (the envelope is 0x84, text(7) "SpikeRT", 1) */
    if (len > 10 && blob[0] == 0x84 && blob[1] == 0x67 && memcmp(blob + 2, "SpikeRT", 7) == 0 &&
        blob[9] == 0x01) {
        b = xmalloc(len);
        memcpy(b, blob, len);
        b[2] = 's';
        sprintf(name, "%s: magic \"spikeRT\"", cname);
        expect_case("bad magic", name, SPK_E_BAD_MAGIC,
                    spk_arena_size(b, len, SPK_LOAD_COPY, &size, NULL));
        memcpy(b, blob, len);
        b[9] = 0x02;
        sprintf(name, "%s: version 2", cname);
        expect_case("version", name, SPK_E_VERSION,
                    spk_arena_size(b, len, SPK_LOAD_COPY, &size, NULL));
        free(b);
    } else {
        sprintf(name, "%s: envelope as expected", cname);
        expect_true("bad magic", name, 0, "blob does not start with 84 67 'SpikeRT' 01");
    }
    aligned_free(&a);
}

/* ------------------------------------------------------------------------ main */

static int setup_fixture(fixture *f, const vec_case *vc, const unsigned char *blob, size_t len)
{
    uint32_t p;
    aligned_buf a;
    spk_net *net;
    memset(f, 0, sizeof *f);
    f->vc = vc;
    f->blob = blob;
    f->len = len;
    f->in_pop = f->out_pop = BIG;
    for (p = 0; p < vc->npop; p++) {
        if (vc->pop_model[p] == VEC_MODEL_INPUT && f->in_pop == BIG) f->in_pop = p;
        if (vc->pop_model[p] != VEC_MODEL_INPUT && f->out_pop == BIG) f->out_pop = p;
    }
    if (f->in_pop == BIG || f->out_pop == BIG || vc->nenc == 0 || vc->ndec == 0 ||
        vc->nproj == 0) {
        fprintf(stderr, "misuse_test: case %s needs an input and a non-input population, an "
                        "encoder, a decoder and a projection\n", vc->name);
        return -1;
    }
    f->in_size = vc->pop_size[f->in_pop];
    f->out_size = vc->pop_size[f->out_pop];
    f->dec_size = vc->pop_size[vc->dec_pop[0]];
    f->neurons = xmalloc(sizeof(uint32_t) * (f->out_size + f->in_size));
    f->values = xmalloc(sizeof(int32_t) * f->out_size);
    f->dvalues = xmalloc(sizeof(int64_t) * f->dec_size);
    f->nbits = (f->out_size + 7u) / 8u;
    f->bits = xmalloc(f->nbits);
    f->in_neurons[0] = 0;
    f->in_neurons[1] = 0;
    f->enc_values[0] = 40000;
    for (p = 0; p < SPK_COUNTER_COUNT; p++) f->costs[p] = 1;
    {
        uint32_t k, ch = vc->enc_channels[0];
        f->enc_all = xmalloc(sizeof(int32_t) * (ch + 1u));
        for (k = 0; k <= ch; k++) f->enc_all[k] = 65536;
    }
    /* checkpoint buffer: the size of a checkpoint of the fresh network */
    net = load_fresh("setup", blob, len, SPK_LOAD_IN_PLACE, &a);
    if (!net) return -1;
    spk_checkpoint_size(net, &f->nckpt);
    spk_unload(net);
    aligned_free(&a);
    f->nckpt += 4096; /* room for a few ticks of growth */
    f->ckpt = xmalloc(f->nckpt);
    return 0;
}

static void free_fixture(fixture *f)
{
    free(f->neurons);
    free(f->values);
    free(f->dvalues);
    free(f->bits);
    free(f->ckpt);
    free(f->enc_all);
}

int main(int argc, char **argv)
{
    const char *vec_dir, *blob_dir, *primary = "lif_subtract_delayed";
    char **files = NULL;
    int nfiles, i, argi = 1, found = 0, pass, learning_found[LEARNING_CASES] = {0, 0, 0, 0};

    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argi < argc && strcmp(argv[argi], "-v") == 0) {
        verbose = 1;
        argi++;
    }
    if (argc - argi < 2 || argc - argi > 3) {
        fprintf(stderr, "usage: %s [-v] VEC_DIR BLOB_DIR [CASE]\n", argv[0]);
        return 2;
    }
    vec_dir = argv[argi];
    blob_dir = argv[argi + 1];
    if (argc - argi == 3) primary = argv[argi + 2];

    nfiles = list_index(vec_dir, &files);
    if (nfiles < 0) return 2;
    /* pass 0: the matrix on the primary case; pass 1: learning and power on the cases
     * that have rules / Izhikevich neurons; pass 2: arena and blob cases on all */
    for (pass = 0; pass < 3; pass++) {
        int which = -1;
        if (pass == 0)
            printf("misuse_test: the matrix on %s\n", primary);
        else if (pass == 2)
            printf("arena and blob cases on all %d blobs\n", nfiles);
        for (i = 0; i < nfiles; i++) {
            vec_case vc;
            char *vpath, *bpath;
            unsigned char *blob;
            size_t len = 0, n = strlen(files[i]);
            int k;
            if (pass == 0 && !(n == strlen(primary) + 4 && strncmp(files[i], primary, n - 4) == 0))
                continue;
            if (pass == 1) {
                which = -1;
                for (k = 0; k < LEARNING_CASES; k++)
                    if (n == strlen(LEARNING_CASE_NAMES[k]) + 4 &&
                        strncmp(files[i], LEARNING_CASE_NAMES[k], n - 4) == 0)
                        which = k;
                if (which < 0) continue;
                learning_found[which] = 1;
            }
            vpath = path_join(vec_dir, files[i]);
            if (vec_read(vpath, &vc)) {
                free(vpath);
                free_names(files, nfiles);
                return 2;
            }
            free(vpath);
            bpath = path_join(blob_dir, vc.blob);
            blob = read_file(bpath, &len);
            free(bpath);
            if (!blob) {
                vec_free(&vc);
                free_names(files, nfiles);
                return 2;
            }
            if (pass == 0) {
                fixture f;
                found = 1;
                if (setup_fixture(&f, &vc, blob, len) == 0) {
                    group_load_arguments(&f);
                    group_handles(&f);
                    group_arguments(&f);
                    group_buffers(&f);
                    free_fixture(&f);
                } else {
                    n_failed++;
                }
            } else if (pass == 1) {
                learning_case(&vc, blob, len);
            } else {
                arena_cases(vc.name, blob, len);
                blob_cases(vc.name, blob, len);
            }
            free(blob);
            vec_free(&vc);
        }
        if (pass == 0 && !found) {
            fprintf(stderr, "misuse_test: no case %s in %s/INDEX\n", primary, vec_dir);
            free_names(files, nfiles);
            return 2;
        }
        if (pass == 1)
            for (i = 0; i < LEARNING_CASES; i++)
                if (!learning_found[i]) {
                    printf("  FAIL learning and power: no case %s in %s/INDEX\n",
                           LEARNING_CASE_NAMES[i], vec_dir);
                    n_failed++;
                }
    }
    free_names(files, nfiles);
    {
        int nbad = bad_rule_blobs(vec_dir);
        if (nbad < 0) {
            printf("  FAIL refused rule: no %s/BAD (write the vectors without NAMEs)\n", vec_dir);
            n_failed++;
        } else {
            printf("blobs with refused learning rules: %d\n", nbad);
        }
    }
    printf("misuse_test: %lu cases, %lu failed\n", n_cases, n_failed);
    return n_failed ? 1 : 0;
}
