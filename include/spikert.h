/*
 * spikert.h — the C interface of SpikeRT, a spiking-neural-network runtime.
 *
 * One header, one static archive (libspikert.a, plus libcbor), no Swift runtime, no
 * heap: the library never allocates. A program
 *
 *   1. asks how many bytes a model blob needs   (spk_arena_size),
 *   2. hands that much 16-byte-aligned memory in (spk_load), which returns a handle
 *      (spk_net *) that lives inside that memory,
 *   3. feeds spikes and analog values, steps ticks, reads spikes, counts, membranes,
 *   4. writes a checkpoint when it wants one, and
 *   5. calls spk_unload before it reuses or frees the memory.
 *
 * Conventions that hold for every function below unless its comment says otherwise:
 *
 *   - Every function returns an spk_status: SPK_OK (0) or one of the SPK_E_* codes.
 *     Codes are never renumbered; spk_status_str() gives a static description.
 *   - A NULL pointer argument that the function needs returns SPK_E_NULL and changes
 *     nothing. Output pointers are written only on SPK_OK unless documented.
 *   - A handle argument that is not a live handle (never loaded, already unloaded,
 *     its arena moved, copied or overwritten, or a pointer into something else that is
 *     16-byte aligned) returns SPK_E_BAD_HANDLE. The check reads the first 8 bytes
 *     the pointer points at, so the pointer must still point into readable memory.
 *   - Indices (population, projection, encoder, decoder, neuron, channel) are 0-based,
 *     in the order of the model blob; an index out of range returns SPK_E_RANGE.
 *   - Ownership: the caller owns every buffer. The arena must stay valid, unmoved and
 *     otherwise untouched from spk_load until spk_unload. With SPK_LOAD_IN_PLACE the
 *     blob must also stay valid and unchanged for that long (a model in flash is fine);
 *     with SPK_LOAD_COPY the blob may be discarded as soon as spk_load returns.
 *     Pointers the library returns (strings) are static, or point into the arena or
 *     blob, and say so.
 *   - Threads: a handle is not thread-safe; calls on one handle must not overlap.
 *     Different handles share nothing and may be used from different threads at once.
 *     Functions without a handle (version, status strings, size query) are reentrant.
 *   - Nothing traps or aborts: every bad argument is a status.
 *
 * The integer semantics of a tick, of every neuron model, projection, encoder and
 * decoder are in docs/SEMANTICS.md; the blob schema is docs/model.cddl; a walk through
 * this interface is docs/C_API.md.
 */
#ifndef SPIKERT_H
#define SPIKERT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------
 * Version
 *
 * SPK_VERSION_NUMBER is major * 1000000 + minor * 1000 + patch. The major part changes
 * whenever an exported function disappears or changes its prototype (the committed
 * list include/spikert.symbols is checked against the header and the archive in CI);
 * minor when functions or codes are added. A program can check at start-up that the
 * header it was compiled with matches the library it was linked with:
 *
 *     if (spk_version_number() / 1000000 != SPK_VERSION_NUMBER / 1000000) ...
 */
#define SPK_VERSION        "1.1.0"
#define SPK_VERSION_NUMBER 1001000

/* The library's SPK_VERSION_NUMBER. */
uint32_t spk_version_number(void);

/* The library's SPK_VERSION as a static NUL-terminated string. */
const char *spk_version(void);

/* ------------------------------------------------------------------------------------
 * Status codes (never renumbered; new codes get new numbers)
 */
typedef int32_t spk_status;

#define SPK_OK                   0  /* success */
#define SPK_E_NULL               1  /* a required pointer argument is NULL */
#define SPK_E_ARENA_TOO_SMALL    2  /* arena shorter than spk_arena_size asked for */
#define SPK_E_ARENA_MISALIGNED   3  /* arena does not start on a 16-byte boundary */
#define SPK_E_INVALID_POPULATION 4  /* a population breaks a limit of SEMANTICS.md 9 */
#define SPK_E_INVALID_PROJECTION 5  /* a projection is inconsistent */
#define SPK_E_INVALID_ENCODER    6  /* an encoder is invalid */
#define SPK_E_INVALID_DECODER    7  /* a decoder is invalid */
#define SPK_E_ZERO_DELAY_CYCLE   8  /* zero-delay projections form a cycle */
#define SPK_E_LIMIT              9  /* a count or size exceeds its limit */
#define SPK_E_RANGE             10  /* an index argument is out of range */
#define SPK_E_STATE             11  /* the call does not fit the object (e.g. a spike
                                       injected into a population that is not an input,
                                       a membrane read from an input population) */
#define SPK_E_UNSUPPORTED       12  /* not supported by this model or this build */
#define SPK_E_BAD_MAGIC         13  /* not a SpikeRT blob */
#define SPK_E_VERSION           14  /* blob format version this build does not read */
#define SPK_E_CHECKSUM          15  /* blob CRC-32 mismatch: the blob is corrupted */
#define SPK_E_TRUNCATED         16  /* blob ends in the middle of an item */
#define SPK_E_TRAILING          17  /* bytes follow the end of the blob */
#define SPK_E_TYPE              18  /* a CBOR item has the wrong type for its field */
#define SPK_E_VALUE             19  /* a blob number is outside its field's range */
#define SPK_E_MISSING           20  /* a required blob field is missing */
#define SPK_E_DUPLICATE         21  /* a blob field appears twice in one map */
#define SPK_E_UNKNOWN_FIELD     22  /* an unknown non-negative key in the blob */
#define SPK_E_SHAPE             23  /* a tensor length does not match its shape */
#define SPK_E_NESTING           24  /* arrays/maps nested deeper than the schema allows */
#define SPK_E_MALFORMED         25  /* the bytes are not well-formed CBOR */
#define SPK_E_BUFFER_TOO_SMALL  26  /* a caller's output buffer is too small */
#define SPK_E_BAD_HANDLE        27  /* not a live handle */
#define SPK_E_ARENA_IN_USE      28  /* the arena already holds a live network */
#define SPK_E_ARGUMENT          29  /* a non-index argument is invalid (unknown flag
                                       bit, mode, counter or parameter id) */
/* Since 1.1: */
#define SPK_E_PLASTICITY        30  /* a learning rule in the blob does not fit the
                                       model: a projection index it does not have, a
                                       second rule on one projection, a rule on a CONV2D
                                       projection, w_min > w_max, misplaced
                                       normalization (a field outside its own range is
                                       SPK_E_VALUE) */

/* A static NUL-terminated description of `status` ("unknown status" for a number
 * that is not a code). Never NULL. */
const char *spk_status_str(spk_status status);

/* ------------------------------------------------------------------------------------
 * Loading
 */

/* The opaque network handle. It lives at the start of the caller's arena. */
typedef struct spk_net spk_net;

/* spk_arena_size / spk_load flags. */
#define SPK_LOAD_IN_PLACE 0u /* use read-only tensors and strings in place in the blob
                                (the blob must outlive the handle, unchanged) */
#define SPK_LOAD_COPY     1u /* copy everything into the arena (blob may go after load) */

/* Where a blob failed to load. Filled by spk_arena_size and spk_load when they fail
 * (and cleared to status SPK_OK, offset 0, field "" when they succeed). */
typedef struct spk_error {
    spk_status  status; /* the status the call returned */
    uint32_t    reserved; /* 0 */
    uint64_t    offset; /* byte offset in the blob of the offending CBOR item (for a
                           missing field: of the map that lacks it); 0 if not a blob
                           problem */
    uint64_t    needed; /* for SPK_E_ARENA_TOO_SMALL: the bytes needed; else 0 */
    const char *field;  /* static NUL-terminated schema field name ("" if none);
                           never NULL */
} spk_error;

/* Bytes of arena spk_load needs for `blob` with `flags`. Validates the whole blob
 * (structure, CRC, every range and shape) without writing anything but `*size` and
 * `*error`. The size can depend on the blob's address modulo 4 (with
 * SPK_LOAD_IN_PLACE, misaligned index tensors are copied), so ask with the buffer
 * that will be loaded.
 *
 * blob:   the model or checkpoint blob; NULL -> SPK_E_NULL. An empty blob
 *         (blob_len 0) is SPK_E_TRUNCATED.
 * size:   receives the byte count; NULL -> SPK_E_NULL.
 * error:  may be NULL (no details); otherwise receives status, offset and field.
 * flags:  SPK_LOAD_IN_PLACE or SPK_LOAD_COPY; other bits -> SPK_E_ARGUMENT.
 * A blob with learning rules, given to a library built without learning ->
 * SPK_E_UNSUPPORTED, field "plasticity" (see "Online learning"); spk_load likewise. */
spk_status spk_arena_size(const void *blob, size_t blob_len, uint32_t flags,
                          size_t *size, spk_error *error);

/* Validate `blob` and build its network in `arena`; `*net` receives the handle. A
 * checkpoint blob (one written by spk_checkpoint) also restores the saved run state,
 * so the network continues exactly where the checkpoint was taken.
 *
 * arena:     at least spk_arena_size bytes, 16-byte aligned, owned by the caller;
 *            NULL -> SPK_E_NULL, misaligned -> SPK_E_ARENA_MISALIGNED, short ->
 *            SPK_E_ARENA_TOO_SMALL (error->needed says how many bytes), already
 *            holding a live handle -> SPK_E_ARENA_IN_USE (unload it first). On any
 *            failure no handle exists and the arena's contents are unspecified.
 * net:       receives the handle, which equals `arena`; NULL -> SPK_E_NULL. Set to
 *            NULL on failure.
 * error:     may be NULL; see spk_error.
 * Lifetime:  the arena (and with SPK_LOAD_IN_PLACE the blob) until spk_unload. */
spk_status spk_load(const void *blob, size_t blob_len, void *arena, size_t arena_len,
                    uint32_t flags, spk_net **net, spk_error *error);

/* End the handle's life: afterwards every call with it returns SPK_E_BAD_HANDLE and
 * the arena (and blob) may be reused or freed. Unloading twice returns
 * SPK_E_BAD_HANDLE the second time. */
spk_status spk_unload(spk_net *net);

/* Back to the initial state (SEMANTICS.md 8): membranes, learning traces and
 * eligibilities, queues, encoders, decoders, counters, tick and PRNG as after loading
 * the model blob. Configuration stays: weights keep their current (learned) values,
 * and learning parameters, learning switches and the power mode stay as last set. */
spk_status spk_reset(spk_net *net);

/* ------------------------------------------------------------------------------------
 * The model's shape
 */

/* Element kinds for spk_count and spk_find. */
#define SPK_POPULATION 0u
#define SPK_PROJECTION 1u
#define SPK_ENCODER    2u
#define SPK_DECODER    3u

/* Number of populations, projections, encoders or decoders. Unknown kind ->
 * SPK_E_ARGUMENT. */
spk_status spk_count(const spk_net *net, uint32_t kind, uint32_t *count);

/* Index of the element of `kind` named `name` (NUL-terminated, exact bytes) in the
 * blob; the first one if several share the name. Not found, or the blob carries no
 * names -> SPK_E_RANGE. */
spk_status spk_find(const spk_net *net, uint32_t kind, const char *name,
                    uint32_t *index);

/* Neurons in population `population`. */
spk_status spk_population_size(const spk_net *net, uint32_t population,
                               uint32_t *size);

/* Neuron models (the blob's codes, docs/model.cddl), for spk_population_model. */
#define SPK_MODEL_INPUT 0u /* spikes come from the caller or an encoder */
#define SPK_MODEL_LIF   1u /* leaky integrate-and-fire */
#define SPK_MODEL_CUBA  2u /* current-based LIF */
#define SPK_MODEL_IF    3u /* integrate-and-fire */
#define SPK_MODEL_LI    4u /* leaky integrator (never spikes) */
#define SPK_MODEL_ALIF  5u /* adaptive-threshold LIF */
#define SPK_MODEL_IZH   6u /* Izhikevich */

/* The neuron model of population `population` (SPK_MODEL_*): SPK_MODEL_INPUT ones
 * take spk_input_spike and have no membrane. */
spk_status spk_population_model(const spk_net *net, uint32_t population,
                                uint32_t *model);

/* Decoder kinds, for spk_decoder_population. */
#define SPK_DECODER_COUNT       0u /* spikes per neuron in the window */
#define SPK_DECODER_FIRST_SPIKE 1u /* ticks from window start to the first spike */
#define SPK_DECODER_MEMBRANE    2u /* current membrane v */

/* The population decoder `decoder` reads, and its kind (SPK_DECODER_*). `kind` may be
 * NULL. */
spk_status spk_decoder_population(const spk_net *net, uint32_t decoder,
                                  uint32_t *population, uint32_t *kind);

/* Analog channels of encoder `encoder` (what spk_encoder_set's `channel` indexes). */
spk_status spk_encoder_channels(const spk_net *net, uint32_t encoder,
                                uint32_t *channels);

/* Ticks completed since load or reset (the index of the next tick). */
spk_status spk_tick(const spk_net *net, uint64_t *tick);

/* Length of one tick in nanoseconds, from the blob. */
spk_status spk_tick_ns(const spk_net *net, uint64_t *ns);

/* The 64-bit FNV-1a hash of the whole run state (SEMANTICS.md 8): equal hashes on two
 * machines mean the same state, bit for bit. */
spk_status spk_state_hash(const spk_net *net, uint64_t *hash);

/* ------------------------------------------------------------------------------------
 * Inputs (applied at the next spk_step)
 */

/* Inject a spike into neuron `neuron` of INPUT population `population` for the next
 * tick. Twice before a step is one spike. A population that is not an input ->
 * SPK_E_STATE. */
spk_status spk_input_spike(spk_net *net, uint32_t population, uint32_t neuron);

/* Inject `count` spikes. All neurons are checked first: on any error none is
 * injected. `neurons` may be NULL when count is 0. */
spk_status spk_input_spikes(spk_net *net, uint32_t population,
                            const uint32_t *neurons, size_t count);

/* Set the held analog value of `channel` of encoder `encoder` (Q16.16: 65536 is full
 * scale; see SEMANTICS.md 5 for rate, latency and delta encoders). */
spk_status spk_encoder_set(spk_net *net, uint32_t encoder, uint32_t channel,
                           int32_t value);

/* Set channels 0 … count−1 of encoder `encoder` from `values`. count greater than the
 * encoder's channels -> SPK_E_RANGE and nothing is set. */
spk_status spk_encoder_set_all(spk_net *net, uint32_t encoder, const int32_t *values,
                               size_t count);

/* ------------------------------------------------------------------------------------
 * Running
 */

/* Run `ticks` steps (0 is allowed and does nothing). A step is one tick, or `fold`
 * ticks in SPK_POWER_LOW; inputs set before the call apply to its first step. */
spk_status spk_step(spk_net *net, uint32_t ticks);

/* ------------------------------------------------------------------------------------
 * Outputs. "Spikes" are those of the last completed tick; before the first step there
 * are none. Returned data is copied; nothing points into the arena.
 */

/* Ascending indices of the neurons of `population` that spiked in the last tick.
 * `*count` receives how many spiked; up to `capacity` of them are copied to `neurons`.
 * If more spiked than fit, the first `capacity` are copied and SPK_E_BUFFER_TOO_SMALL
 * is returned (with *count set). `neurons` may be NULL when capacity is 0 (a count
 * query). */
spk_status spk_spikes(const spk_net *net, uint32_t population, uint32_t *neurons,
                      size_t capacity, size_t *count);

/* The spikes of `population` in the last tick as a bitmap: bit (j % 8) of byte j / 8 is
 * neuron j (least significant bit first). `bytes` must be at least
 * (size + 7) / 8, else SPK_E_BUFFER_TOO_SMALL and nothing is written; all bytes up to
 * `bytes` are written (zero past the population). */
spk_status spk_spike_bitmap(const spk_net *net, uint32_t population, uint8_t *bits,
                            size_t bytes);

/* Called once per spike by spk_spikes_foreach. */
typedef void (*spk_spike_fn)(void *user, uint32_t population, uint32_t neuron);

/* Call `fn(user, population, neuron)` for each spike of the last tick, in ascending
 * neuron order; SPK_ALL_POPULATIONS visits every population in index order. `user` is
 * passed through and may be NULL. `fn` must not call back into this handle. */
#define SPK_ALL_POPULATIONS 0xFFFFFFFFu
spk_status spk_spikes_foreach(const spk_net *net, uint32_t population,
                              spk_spike_fn fn, void *user);

/* Per-neuron values of decoder `decoder` since the decoding window started (load,
 * reset or spk_decoder_reset): COUNT spikes, FIRST_SPIKE ticks from the window start
 * (4294967295 = no spike yet), MEMBRANE the current v. Copies and counts like
 * spk_spikes: *count is the population size. */
spk_status spk_decoder_read(const spk_net *net, uint32_t decoder, int64_t *values,
                            size_t capacity, size_t *count);

/* Start a new decoding window now (counts to 0, first spikes to none). */
spk_status spk_decoder_reset(spk_net *net);

/* Membrane v of one neuron (not of an INPUT population: SPK_E_STATE). */
spk_status spk_membrane(const spk_net *net, uint32_t population, uint32_t neuron,
                        int32_t *v);

/* Membranes of all neurons of `population`; copies and counts like spk_spikes. An
 * INPUT population -> SPK_E_STATE. */
spk_status spk_membranes(const spk_net *net, uint32_t population, int32_t *v,
                         size_t capacity, size_t *count);

/* ------------------------------------------------------------------------------------
 * Online learning (docs/SEMANTICS.md section 11). A projection learns if the blob gives
 * it a learning rule (pair STDP, nearest-spike or all-to-all; or reward-modulated STDP)
 * and learning is enabled for it (the blob's setting, default on). Learning runs inside
 * spk_step; weights change in the arena (a checkpoint saves them).
 *
 * A library built without learning (cross/embedded-build.sh --no-learning, for
 * firmware that never learns; it leaves the learning code out) refuses every blob that
 * has a learning rule: spk_arena_size and spk_load return SPK_E_UNSUPPORTED with
 * error->field "plasticity" and error->offset at the rule. The calls below then answer
 * as for a model without rules (SPK_E_UNSUPPORTED; SPK_E_RANGE for a projection out of
 * range).
 */

/* Learning parameter ids for spk_learning_param / spk_learning_set_param. Values are
 * the integers of the blob's plasticity map (docs/model.cddl): amplitudes and the
 * learning rate in 1/65536 weight steps (Q16), decays as Q16 multipliers per tick. */
#define SPK_PARAM_A_PLUS        0u /* potentiation amplitude, 0 .. 2^24 */
#define SPK_PARAM_A_MINUS       1u /* depression amplitude, 0 .. 2^24 */
#define SPK_PARAM_DECAY_PRE     2u /* pre-trace decay multiplier, 0 .. 65536 */
#define SPK_PARAM_DECAY_POST    3u /* post-trace decay multiplier, 0 .. 65536 */
#define SPK_PARAM_W_MIN         4u /* lower weight bound, -128 .. w_max */
#define SPK_PARAM_W_MAX         5u /* upper weight bound, w_min .. 127 */
#define SPK_PARAM_LEARNING_RATE 6u /* reward-modulated learning rate, 0 .. 2^24 */
#define SPK_PARAM_DECAY_ELIG    7u /* eligibility-trace decay multiplier, 0 .. 65536 */
#define SPK_PARAM_BOUNDS        8u /* since 1.1: 0 hard (additive), 1 soft (multiplicative) */
#define SPK_PARAM_NORM_TARGET   9u /* since 1.1: column-sum target, 0 .. 2^23, 0 = off;
                                      nonzero only for STDP on DENSE */

/* Enable (nonzero) or disable (0) learning on projection `projection`. A disabled rule
 * keeps its traces and ignores rewards. Out-of-range projection -> SPK_E_RANGE; a
 * projection without a learning rule -> SPK_E_UNSUPPORTED. */
spk_status spk_learning_enable(spk_net *net, uint32_t projection, int enable);

/* Read or change one learning parameter of `projection` at run time; a change applies
 * from the next step and leaves the traces as they are. Unknown `param` ->
 * SPK_E_ARGUMENT; a value the rule cannot take (ranges above; SPK_PARAM_NORM_TARGET
 * nonzero on a reward-modulated or non-DENSE rule) -> SPK_E_RANGE, nothing changes;
 * errors for `projection` as spk_learning_enable. */
spk_status spk_learning_param(const spk_net *net, uint32_t projection, uint32_t param,
                              int32_t *value);
spk_status spk_learning_set_param(spk_net *net, uint32_t projection, uint32_t param,
                                  int32_t value);

/* Deliver a reward (Q16.16, may be negative) to every enabled reward-modulated rule,
 * now (between steps): every synapse's weight changes by learning rate x reward x its
 * eligibility (Izhikevich 2007). A model without a reward-modulated rule ->
 * SPK_E_UNSUPPORTED. */
spk_status spk_reward(spk_net *net, int32_t reward);

/* ------------------------------------------------------------------------------------
 * Power
 */

#define SPK_POWER_NORMAL 0u /* exact; resting populations and quiescent steps skipped */
#define SPK_POWER_LOW    1u /* `fold` ticks folded into one step, thresholds scaled */
#define SPK_POWER_FULL   2u /* since 1.1: exact, nothing skipped (for measurements) */

/* Set the power mode between steps (docs/SEMANTICS.md section 12). SPK_POWER_NORMAL
 * and SPK_POWER_FULL take fold 1 and compute the same bits (FULL only does more
 * work). SPK_POWER_LOW takes fold 2 .. 256, or 0 for the fold the blob (or the last
 * switch) set: one spk_step then advances `fold` ticks with decays raised to the
 * fold's power and thresholds scaled (spk_power_threshold_scale) — less work, some
 * accuracy lost; bin your input into steps of `fold` ticks. Unknown mode or bad fold
 * -> SPK_E_ARGUMENT; SPK_POWER_LOW on a model with Izhikevich neurons ->
 * SPK_E_UNSUPPORTED. State is kept across switches. */
spk_status spk_power_mode(spk_net *net, uint32_t mode, uint32_t fold);

/* Since 1.1: the Q16 factor (65536 = 1.0, 1 .. 2^20) on every threshold while in
 * SPK_POWER_LOW; it takes effect at once if the network is in that mode. Out of range
 * -> SPK_E_ARGUMENT. */
spk_status spk_power_threshold_scale(spk_net *net, uint32_t scale);

/* *quiescent = 1 when all state is at rest and nothing is queued: every neuron at its
 * exact rest, no spike in flight, encoders idle, learning traces zero. Stepping it
 * would only advance time, so a host can sleep until its next input; spk_idle then
 * costs nothing. */
spk_status spk_quiescent(const spk_net *net, int *quiescent);

/* Advance `ticks` steps with no new input (one step is one tick, or `fold` ticks in
 * SPK_POWER_LOW); bit-identical to spk_step with no input. Once the network is
 * quiescent the rest is one jump (counted in SPK_COUNTER_SKIPPED_TICKS), whatever its
 * length. */
spk_status spk_idle(spk_net *net, uint64_t ticks);

/* ------------------------------------------------------------------------------------
 * Statistics counters: 0 after spk_load of a model blob and after spk_reset; spk_load
 * of a checkpoint restores the saved values (they belong to the run it continues).
 * Not part of the state hash.
 */

#define SPK_COUNTER_TICKS              0u /* ticks run */
#define SPK_COUNTER_SYNAPTIC_EVENTS    1u /* weight additions by spike delivery */
#define SPK_COUNTER_NEURON_UPDATES     2u /* neuron state updates */
#define SPK_COUNTER_SPIKES             3u /* spikes of non-input populations */
#define SPK_COUNTER_INPUT_SPIKES       4u /* spikes of input populations */
#define SPK_COUNTER_SKIPPED_TICKS      5u /* ticks skipped while quiescent */
#define SPK_COUNTER_PLASTICITY_UPDATES 6u /* synapse updates evaluated by learning */
#define SPK_COUNTER_COUNT              7u /* since 1.1: number of counters */

/* Read one counter. Unknown id -> SPK_E_ARGUMENT. SPK_COUNTER_NEURON_UPDATES counts
 * updates actually performed: resting populations skipped in SPK_POWER_NORMAL and
 * SPK_POWER_LOW are not counted (SPK_POWER_FULL counts every one). */
spk_status spk_counter(const spk_net *net, uint32_t counter, uint64_t *value);

/* Since 1.1: an energy estimate from per-operation costs the caller supplies:
 * *total = sum over k < n_costs of counter k x costs[k], in whatever unit the costs
 * are in (say picojoules per synaptic event, per neuron update, ...), saturating at
 * UINT64_MAX. costs[k] is indexed by the SPK_COUNTER_* ids; n_costs may be less than
 * SPK_COUNTER_COUNT (the rest cost nothing). n_costs > SPK_COUNTER_COUNT ->
 * SPK_E_ARGUMENT; `costs` or `total` NULL -> SPK_E_NULL. */
spk_status spk_energy(const spk_net *net, const uint64_t *costs, size_t n_costs,
                      uint64_t *total);

/* ------------------------------------------------------------------------------------
 * Checkpoints: a blob of the same schema holding the model, its current weights and
 * the whole run state. spk_load on it continues the run bit for bit.
 */

/* Bytes spk_checkpoint would write for the current state. The size grows slightly as
 * the run goes on (the tick and the counters are CBOR integers, which take up to 8
 * more bytes each as their values grow), so a buffer meant for every later
 * checkpoint should allow SPK_CHECKPOINT_GROWTH more bytes than the size right after
 * loading. */
#define SPK_CHECKPOINT_GROWTH 64u
spk_status spk_checkpoint_size(const spk_net *net, size_t *size);

/* Write a checkpoint into `buffer`; `*written` receives its length. Too small ->
 * SPK_E_BUFFER_TOO_SMALL, *written receives the size needed, and the buffer's
 * contents are unspecified. `buffer` NULL -> SPK_E_NULL (spk_checkpoint_size is the
 * size query). */
spk_status spk_checkpoint(const spk_net *net, void *buffer, size_t capacity,
                          size_t *written);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SPIKERT_H */
