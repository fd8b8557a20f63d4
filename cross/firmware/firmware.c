/*
 * firmware.c: a spiking network in a firmware main loop, the way a bare-metal
 * program uses SpikeRT.
 *
 *   - all memory is static and sized at compile time: the arena from
 *     MOTION_ARENA_SIZE (written into motion.h by `spikert export-c`), the checkpoint
 *     buffer from a measured bound; nothing is allocated;
 *   - the model is a const array (flash on a board) loaded in place, so the arena
 *     holds only the network's state and the blob's tensors stay where they are;
 *   - the board is reached only through platform.h: this file has no stdio and
 *     stays the same on every board.
 *
 * start-up    library version check; spk_arena_size for the embedded blob, checked
 *             against the static arena; spk_load in place; populations by name
 * every tick  this tick's sensor inputs (platform_read_inputs) -> spk_input_spikes,
 *             spk_step, output spikes -> spk_spikes_foreach -> platform_output_spike
 * every CHECKPOINT_EVERY ticks
 *             spk_checkpoint into a static buffer (a board would write it to flash)
 * at the end  (the hosted recording ends; a board runs forever) a self-test: the
 *             last checkpoint is loaded into a second arena, the ticks since are
 *             replayed, and the state hash and output spikes must be identical
 *
 * Every failure is logged with spk_status_str and, for the blob calls, the byte
 * offset, schema field and needed size from spk_error.
 */
#include <stddef.h>
#include <stdint.h>

#include "motion.h" /* generated: motion_blob, MOTION_BLOB_SIZE, MOTION_ARENA_SIZE */
#include "platform.h"
#include "spikert.h"

/* Ticks between checkpoints. */
#define CHECKPOINT_EVERY 128u

/* The checkpoint buffer. A checkpoint is a blob with the model and its whole run
 * state: for motion.spkb spk_checkpoint_size says 7498 bytes right after loading.
 * It grows a little over a run (a few integers take more CBOR bytes as they grow), by
 * at most SPK_CHECKPOINT_GROWTH bytes (spikert.h). Start-up checks the buffer holds
 * the size at load plus that. */
#define CHECKPOINT_CAPACITY 7568u

/* Most input channels one tick can carry (the model has 100). */
#define MAX_INPUTS 128u

/* Population names in the blob (spikert inspect docs/demo/motion.spkb). The output
 * population is the model's only decoded one, so its neuron j is output channel j,
 * as `spikert run` numbers output channels. */
#define INPUT_POPULATION  "input"
#define OUTPUT_POPULATION "motion"

#if defined(__GNUC__)
#define ALIGNED16 __attribute__((aligned(16)))
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define ALIGNED16 _Alignas(16)
#else
#error "align the arenas and the checkpoint buffer to 16 bytes with this compiler's syntax"
#endif

ALIGNED16 static uint8_t arena[MOTION_ARENA_SIZE];
/* Only for the checkpoint self-test; a board that never reloads does without it. */
ALIGNED16 static uint8_t replica_arena[MOTION_ARENA_SIZE];
/* Loaded in place by the self-test, so aligned like any blob. */
ALIGNED16 static uint8_t checkpoint[CHECKPOINT_CAPACITY];
static size_t checkpoint_length; /* 0: none taken yet */
static uint32_t checkpoint_tick;

static uint32_t inputs[MAX_INPUTS];

/* A loaded network and the populations the loop uses. */
struct model {
    spk_net *net;
    uint32_t input;
    uint32_t output;
};

/* The output spikes of a stretch of ticks: reported or only counted, and folded
 * into a digest (FNV-1a over tick and channel) so two runs compare spike for spike. */
struct spike_log {
    uint32_t tick;  /* the tick being reported */
    int report;     /* nonzero: pass each spike to platform_output_spike */
    uint32_t count;
    uint64_t digest;
};

#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME  0x00000100000001b3u

static uint64_t fnv1a_u32(uint64_t hash, uint32_t value)
{
    unsigned k;
    for (k = 0; k < 4u; k++) {
        hash = (hash ^ ((value >> (8u * k)) & 0xffu)) * FNV_PRIME;
    }
    return hash;
}

static void spike_log_clear(struct spike_log *spikes)
{
    spikes->count = 0;
    spikes->digest = FNV_OFFSET;
}

/* spk_spikes_foreach's callback: one spike of the output population. */
static void on_spike(void *user, uint32_t population, uint32_t neuron)
{
    struct spike_log *spikes = (struct spike_log *)user;

    (void)population;
    if (spikes->report) {
        platform_output_spike(spikes->tick, neuron);
    }
    spikes->count++;
    spikes->digest = fnv1a_u32(fnv1a_u32(spikes->digest, spikes->tick), neuron);
}

/* Log a failed call: its name, the status text and, when the library filled an
 * spk_error, where in the blob and how much memory. Returns 1 (an exit status). */
static int fail(const char *call, spk_status status, const spk_error *error)
{
    platform_log("firmware: ");
    platform_log(call);
    platform_log(": ");
    platform_log(spk_status_str(status));
    if (error != NULL && error->status != SPK_OK) {
        if (error->field[0] != '\0') {
            platform_log(" (field ");
            platform_log(error->field);
            platform_log(")");
        }
        if (error->offset != 0u) {
            platform_log(" at blob byte ");
            platform_log_u64(error->offset);
        }
        if (error->needed != 0u) {
            platform_log(", needs ");
            platform_log_u64(error->needed);
            platform_log(" bytes");
        }
    }
    platform_log_end();
    return 1;
}

/* Size query, the check against the static buffer, load in place, populations by
 * name: start-up for the model, and the self-test for the checkpoint. */
static int load(const char *what, const void *blob, size_t blob_length,
                uint8_t *memory, size_t memory_length, struct model *model)
{
    spk_error error;
    size_t needed = 0;
    spk_status status;

    status = spk_arena_size(blob, blob_length, SPK_LOAD_IN_PLACE, &needed, &error);
    if (status != SPK_OK) {
        return fail("spk_arena_size", status, &error);
    }
    platform_log("firmware: ");
    platform_log(what);
    platform_log(": ");
    platform_log_u64(blob_length);
    platform_log(" bytes, arena ");
    platform_log_u64(needed);
    platform_log(" of ");
    platform_log_u64(memory_length);
    platform_log(" static bytes");
    platform_log_end();
    if (needed > memory_length) {
        platform_log("firmware: the static arena is too small: regenerate motion.h with "
                     "spikert export-c");
        platform_log_end();
        return 1;
    }
    status = spk_load(blob, blob_length, memory, memory_length, SPK_LOAD_IN_PLACE,
                      &model->net, &error);
    if (status != SPK_OK) {
        return fail("spk_load", status, &error);
    }
    status = spk_find(model->net, SPK_POPULATION, INPUT_POPULATION, &model->input);
    if (status != SPK_OK) {
        return fail("spk_find \"" INPUT_POPULATION "\"", status, NULL);
    }
    status = spk_find(model->net, SPK_POPULATION, OUTPUT_POPULATION, &model->output);
    if (status != SPK_OK) {
        return fail("spk_find \"" OUTPUT_POPULATION "\"", status, NULL);
    }
    return 0;
}

enum tick_result { TICK_DONE, TICK_END, TICK_FAILED };

/* One tick: the sensor inputs of `tick` in, one step, the output spikes out. */
static enum tick_result run_tick(const struct model *model, uint32_t tick,
                                 struct spike_log *spikes)
{
    size_t count = 0;
    spk_status status;

    switch (platform_read_inputs(tick, inputs, MAX_INPUTS, &count)) {
    case PLATFORM_INPUT_OK:
        break;
    case PLATFORM_INPUT_END:
        return TICK_END;
    default:
        platform_log("firmware: more inputs in tick ");
        platform_log_u64(tick);
        platform_log(" than MAX_INPUTS: ");
        platform_log_u64(count);
        platform_log_end();
        return TICK_FAILED;
    }
    status = spk_input_spikes(model->net, model->input, inputs, count);
    if (status != SPK_OK) {
        fail("spk_input_spikes", status, NULL);
        return TICK_FAILED;
    }
    status = spk_step(model->net, 1);
    if (status != SPK_OK) {
        fail("spk_step", status, NULL);
        return TICK_FAILED;
    }
    spikes->tick = tick;
    status = spk_spikes_foreach(model->net, model->output, on_spike, spikes);
    if (status != SPK_OK) {
        fail("spk_spikes_foreach", status, NULL);
        return TICK_FAILED;
    }
    return TICK_DONE;
}

/* Save the state into the checkpoint buffer (a board would then write the buffer to
 * flash, alternating between two slots so that a reset mid-write keeps one). */
static int take_checkpoint(const struct model *model, uint32_t tick)
{
    size_t written = 0;
    spk_status status = spk_checkpoint(model->net, checkpoint, sizeof checkpoint, &written);

    if (status != SPK_OK) {
        fail("spk_checkpoint", status, NULL);
        if (status == SPK_E_BUFFER_TOO_SMALL) {
            platform_log("firmware: the checkpoint needs ");
            platform_log_u64(written);
            platform_log(" bytes, CHECKPOINT_CAPACITY is ");
            platform_log_u64(sizeof checkpoint);
            platform_log_end();
        }
        checkpoint_length = 0; /* the buffer's contents are unspecified now */
        return 1;
    }
    checkpoint_length = written;
    checkpoint_tick = tick;
    return 0;
}

/* The self-test: the last checkpoint, loaded into a second arena and run over the
 * same inputs from its tick to `end_tick`, must end in the same state (hash) and
 * give the same output spikes (`since`: the main run's spikes after the
 * checkpoint). */
static int check_resume(uint64_t hash, uint32_t end_tick, const struct spike_log *since)
{
    struct model replica;
    struct spike_log replay;
    uint64_t tick = 0, replica_hash = 0;
    uint32_t t;
    spk_status status;

    if (checkpoint_length == 0u) {
        platform_log("firmware: no checkpoint taken, nothing to resume");
        platform_log_end();
        return 0;
    }
    if (load("checkpoint", checkpoint, checkpoint_length, replica_arena,
             sizeof replica_arena, &replica) != 0) {
        return 1;
    }
    status = spk_tick(replica.net, &tick);
    if (status != SPK_OK) {
        return fail("spk_tick", status, NULL);
    }
    if (tick != checkpoint_tick) {
        platform_log("firmware: the checkpoint resumes at the wrong tick");
        platform_log_end();
        return 1;
    }
    replay.report = 0;
    spike_log_clear(&replay);
    for (t = checkpoint_tick; t < end_tick; t++) {
        if (run_tick(&replica, t, &replay) != TICK_DONE) {
            return 1;
        }
    }
    status = spk_state_hash(replica.net, &replica_hash);
    if (status != SPK_OK) {
        return fail("spk_state_hash", status, NULL);
    }
    platform_log("firmware: checkpoint of tick ");
    platform_log_u64(checkpoint_tick);
    platform_log(" (");
    platform_log_u64(checkpoint_length);
    platform_log(" bytes) resumed in a second arena for ");
    platform_log_u64(end_tick - checkpoint_tick);
    platform_log(" ticks: ");
    platform_log_u64(replay.count);
    platform_log(" output spikes, state hash ");
    platform_log_hex64(replica_hash);
    if (replica_hash != hash || replay.count != since->count
        || replay.digest != since->digest) {
        platform_log(": DIFFERENT from the uninterrupted run");
        platform_log_end();
        return 1;
    }
    platform_log(": identical to the uninterrupted run");
    platform_log_end();
    status = spk_unload(replica.net);
    if (status != SPK_OK) {
        return fail("spk_unload", status, NULL);
    }
    return 0;
}

int main(void)
{
    struct model model;
    struct spike_log spikes;
    uint32_t tick, total = 0;
    size_t checkpoint_size = 0;
    uint64_t hash = 0;
    spk_status status;

    platform_init();
    if (spk_version_number() / 1000000u != SPK_VERSION_NUMBER / 1000000u) {
        platform_log("firmware: libspikert ");
        platform_log(spk_version());
        platform_log(" does not match spikert.h " SPK_VERSION);
        platform_log_end();
        return platform_exit(1);
    }
    if (load("motion.spkb", motion_blob, MOTION_BLOB_SIZE, arena, sizeof arena,
             &model) != 0) {
        return platform_exit(1);
    }
    status = spk_checkpoint_size(model.net, &checkpoint_size);
    if (status != SPK_OK) {
        return platform_exit(fail("spk_checkpoint_size", status, NULL));
    }
    if (checkpoint_size + SPK_CHECKPOINT_GROWTH > sizeof checkpoint) {
        platform_log("firmware: checkpoints need up to ");
        platform_log_u64(checkpoint_size + SPK_CHECKPOINT_GROWTH);
        platform_log(" bytes, CHECKPOINT_CAPACITY is ");
        platform_log_u64(sizeof checkpoint);
        platform_log_end();
        return platform_exit(1);
    }

    spikes.report = 1;
    spike_log_clear(&spikes);
    for (tick = 0;; tick++) {
        enum tick_result result = run_tick(&model, tick, &spikes);
        if (result == TICK_END) {
            break;
        }
        if (result == TICK_FAILED) {
            return platform_exit(1);
        }
        if ((tick + 1u) % CHECKPOINT_EVERY == 0u) {
            if (take_checkpoint(&model, tick + 1u) != 0) {
                return platform_exit(1);
            }
            /* From here on `spikes` holds the spikes after this checkpoint. */
            total += spikes.count;
            spike_log_clear(&spikes);
        }
    }
    total += spikes.count;

    status = spk_state_hash(model.net, &hash);
    if (status != SPK_OK) {
        return platform_exit(fail("spk_state_hash", status, NULL));
    }
    platform_log("firmware: ran ");
    platform_log_u64(tick);
    platform_log(" ticks, ");
    platform_log_u64(total);
    platform_log(" output spikes; state hash ");
    platform_log_hex64(hash);
    platform_log(" at tick ");
    platform_log_u64(tick);
    platform_log_end();

    if (check_resume(hash, tick, &spikes) != 0) {
        return platform_exit(1);
    }
    status = spk_unload(model.net);
    if (status != SPK_OK) {
        return platform_exit(fail("spk_unload", status, NULL));
    }
    return platform_exit(0);
}
