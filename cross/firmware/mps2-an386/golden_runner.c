/*
 * golden_runner.c: replay every golden vector through the C API, bit for bit.
 *
 * For each case of golden_cases[] (gen_cases.py) the blob is loaded three ways, each
 * followed by a full run:
 *
 *   in-place     SPK_LOAD_IN_PLACE from the const table (flash on a board)
 *   in-place+1   SPK_LOAD_IN_PLACE from a RAM copy at an address 1 modulo 4 (the
 *                loader copies misaligned index tensors into the arena)
 *   copy         SPK_LOAD_COPY from a RAM copy that is overwritten right after spk_load
 *
 * A run applies, before each explicit step, the step's recorded actions (reward, idle,
 * power mode, threshold scale, learning switch and parameters, decoder reset), its input
 * spikes (one spk_input_spike each in the first run, spk_input_spikes per population in
 * the others) and its encoder values, then spk_step(net, 1). After every step it checks
 * the tick, every spike of every population (spk_spikes_foreach against the recorded
 * list), the recorded membranes (spk_membranes) and spk_quiescent. At the end: the
 * decoders, the seven counters, the state hash, and an FNV-1a 64 digest of every spike
 * seen (tick, population, neuron), which must equal the digest of the recorded spikes. A
 * state hash alone can miss a wrong input when a leaky network returns to the same
 * state; the digest covers every spike of the run.
 *
 * Output (through golden_write) is the same on every target: one line per case, then
 * the checksums and a summary. Lines that depend on the target (arena sizes) start with
 * "note". C99; no stdio, no malloc: all memory is static.
 *
 * With GOLDEN_NO_LEARNING (a library built without learning, cross/embedded-build.sh
 * --no-learning) a case whose model has learning rules is not run: its blob must be
 * refused, by spk_arena_size and by spk_load in place and copied, with
 * SPK_E_UNSUPPORTED and the spk_error field "plasticity", and no handle. Every other
 * case runs as always.
 */
#include <string.h>

#include "golden_runner.h"
#include "spikert.h"

#ifndef GOLDEN_ARENA_BYTES
#define GOLDEN_ARENA_BYTES (256u * 1024u)
#endif
#ifndef GOLDEN_BLOB_MAX
#define GOLDEN_BLOB_MAX (64u * 1024u)
#endif
#ifndef GOLDEN_MAX_POP
#define GOLDEN_MAX_POP 4096u /* largest population */
#endif
#ifndef GOLDEN_MAX_STEP_SPIKES
#define GOLDEN_MAX_STEP_SPIKES 8192u /* spikes of all populations in one step */
#endif
#define DETAILS_PER_CASE 8u /* failures printed per case; the rest are counted */

static unsigned char arena[GOLDEN_ARENA_BYTES] GOLDEN_ALIGNED16;
static unsigned char blob_ram[GOLDEN_BLOB_MAX + 16u] GOLDEN_ALIGNED16;
static uint32_t u32buf[GOLDEN_MAX_POP];
static int32_t i32buf[GOLDEN_MAX_POP];
static int64_t i64buf[GOLDEN_MAX_POP];
static uint32_t seen_pop[GOLDEN_MAX_STEP_SPIKES];
static uint32_t seen_neuron[GOLDEN_MAX_STEP_SPIKES];
static size_t seen_count;
static unsigned long seen_overflow;

/* ------------------------------------------------------------------ output lines */

static char line[320];
static size_t line_len;

static void put(const char *s)
{
    while (*s && line_len + 1 < sizeof line) line[line_len++] = *s++;
}

static void put_u64(uint64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + (int)(v % 10u));
        v /= 10u;
    } while (v);
    while (n > 0 && line_len + 1 < sizeof line) line[line_len++] = tmp[--n];
}

static void put_i64(int64_t v)
{
    if (v < 0) {
        put("-");
        put_u64((uint64_t)0 - (uint64_t)v);
    } else {
        put_u64((uint64_t)v);
    }
}

static void put_hex64(uint64_t v)
{
    static const char digits[] = "0123456789abcdef";
    int k;
    put("0x");
    for (k = 60; k >= 0; k -= 4) {
        char c[2];
        c[0] = digits[(v >> k) & 15u];
        c[1] = '\0';
        put(c);
    }
}

/* text padded with spaces to `width` */
static void put_pad(const char *s, size_t width)
{
    size_t n = strlen(s);
    put(s);
    while (n++ < width) put(" ");
}

/* right-aligned decimal in `width` */
static void put_u64w(uint64_t v, size_t width)
{
    uint64_t t = v;
    size_t digits = 1;
    while (t >= 10u) {
        t /= 10u;
        digits++;
    }
    while (digits++ < width) put(" ");
    put_u64(v);
}

static void end_line(void)
{
    line[line_len++] = '\n';
    line[line_len] = '\0';
    golden_write(line);
    line_len = 0;
}

/* ------------------------------------------------------------------ checks */

typedef struct {
    const golden_case *gc;
    const char        *pass;
    unsigned long      checks, failures;
} run_ctx;

static unsigned long total_checks, total_failures;

/* The end of a case's result line: its check count, and how many failed if any. */
static void put_checks(const run_ctx *c)
{
    put_u64w(c->checks, 7);
    put(" checks");
    if (c->failures) {
        put(" ");
        put_u64(c->failures);
        put(" failed");
    }
}

/* Count one check; on failure start a detail line (returns 1 if it should be
 * completed and ended by the caller, 0 if the check passed or details are used up). */
static int check(run_ctx *c, int ok)
{
    c->checks++;
    if (ok) return 0;
    c->failures++;
    if (c->failures > DETAILS_PER_CASE) return 0;
    put("  FAIL ");
    put(c->gc->name);
    put("/");
    put(c->pass);
    put(": ");
    return 1;
}

static void check_status(run_ctx *c, spk_status got, const char *call, uint32_t step)
{
    if (check(c, got == SPK_OK)) {
        put(call);
        put(" before/at step ");
        put_u64(step);
        put(" returned ");
        put_i64(got);
        put(" (");
        put(spk_status_str(got));
        put(")");
        end_line();
    }
}

static void check_u64(run_ctx *c, uint64_t got, uint64_t want, const char *what, uint32_t step)
{
    if (check(c, got == want)) {
        put(what);
        put(" at step ");
        put_u64(step);
        put(": got ");
        put_u64(got);
        put(", expected ");
        put_u64(want);
        end_line();
    }
}

/* ------------------------------------------------------------------ digest */

#define FNV_OFFSET 0xcbf29ce484222325u
#define FNV_PRIME  0x100000001b3u

static uint64_t fnv_bytes(uint64_t h, uint64_t v, int bytes)
{
    int k;
    for (k = 0; k < bytes; k++) {
        h ^= (uint64_t)((v >> (8 * k)) & 0xffu);
        h *= FNV_PRIME;
    }
    return h;
}

/* ------------------------------------------------------------------ one run */

static void collect(void *user, uint32_t population, uint32_t neuron)
{
    (void)user;
    if (seen_count < GOLDEN_MAX_STEP_SPIKES) {
        seen_pop[seen_count] = population;
        seen_neuron[seen_count] = neuron;
        seen_count++;
    } else {
        seen_overflow++;
    }
}

static void apply_action(run_ctx *c, spk_net *net, const golden_action *a)
{
    spk_status st = SPK_OK;
    const char *call = "?";
    switch (a->kind) {
    case GOLDEN_ACT_REWARD:
        st = spk_reward(net, (int32_t)a->a);
        call = "spk_reward";
        break;
    case GOLDEN_ACT_IDLE:
        st = spk_idle(net, (uint64_t)a->a);
        call = "spk_idle";
        break;
    case GOLDEN_ACT_POWER:
        st = spk_power_mode(net, (uint32_t)a->a, (uint32_t)a->b);
        call = "spk_power_mode";
        break;
    case GOLDEN_ACT_THRESHOLD_SCALE:
        st = spk_power_threshold_scale(net, (uint32_t)a->a);
        call = "spk_power_threshold_scale";
        break;
    case GOLDEN_ACT_LEARNING:
        st = spk_learning_enable(net, (uint32_t)a->a, a->b != 0);
        call = "spk_learning_enable";
        break;
    case GOLDEN_ACT_PARAM:
        st = spk_learning_set_param(net, (uint32_t)a->a, (uint32_t)a->b, (int32_t)a->c);
        call = "spk_learning_set_param";
        break;
    case GOLDEN_ACT_RESET_DECODERS:
        st = spk_decoder_reset(net);
        call = "spk_decoder_reset";
        break;
    default:
        st = SPK_E_ARGUMENT;
        call = "unknown action";
        break;
    }
    check_status(c, st, call, a->step);
}

/* Load `blob` with `flags` into the static arena; NULL (after a failed check) on error. */
static spk_net *load(run_ctx *c, const void *blob, size_t len, uint32_t flags,
                     size_t *arena_used)
{
    size_t need = 0;
    spk_error err;
    spk_net *net = NULL;
    spk_status st = spk_arena_size(blob, len, flags, &need, &err);
    check_status(c, st, "spk_arena_size", 0);
    if (st != SPK_OK) return NULL;
    if (check(c, need <= sizeof arena)) {
        put("the arena needs ");
        put_u64(need);
        put(" bytes, GOLDEN_ARENA_BYTES is ");
        put_u64(sizeof arena);
        end_line();
        return NULL;
    }
    st = spk_load(blob, len, arena, need, flags, &net, &err);
    check_status(c, st, "spk_load", 0);
    if (st != SPK_OK) return NULL;
    *arena_used = need;
    return net;
}

/* One full run of the case on a freshly loaded handle; returns the spike digest. */
static uint64_t run(run_ctx *c, spk_net *net, int batch, uint64_t *hash_out)
{
    const golden_case *g = c->gc;
    uint32_t s, p, k_act = 0, k_in = 0, k_val = 0, k_sp = 0;
    size_t mem_at = 0;
    uint64_t digest = FNV_OFFSET, tick = 0, hash = 0;
    int q = 0;

    for (s = 0; s < g->steps; s++) {
        while (k_act < g->nactions && g->actions[k_act].step == s)
            apply_action(c, net, &g->actions[k_act++]);
        if (!batch) {
            for (; k_in < g->nin_spikes && g->in_spikes[k_in].step == s; k_in++)
                check_status(c, spk_input_spike(net, g->in_spikes[k_in].pop,
                                                g->in_spikes[k_in].neuron),
                             "spk_input_spike", s);
        } else {
            while (k_in < g->nin_spikes && g->in_spikes[k_in].step == s) {
                uint32_t pop = g->in_spikes[k_in].pop;
                size_t n = 0;
                while (k_in < g->nin_spikes && g->in_spikes[k_in].step == s &&
                       g->in_spikes[k_in].pop == pop && n < GOLDEN_MAX_POP)
                    u32buf[n++] = g->in_spikes[k_in++].neuron;
                check_status(c, spk_input_spikes(net, pop, u32buf, n), "spk_input_spikes", s);
            }
        }
        for (; k_val < g->nin_values && g->in_values[k_val].step == s; k_val++)
            check_status(c, spk_encoder_set(net, g->in_values[k_val].enc,
                                            g->in_values[k_val].channel,
                                            g->in_values[k_val].value),
                         "spk_encoder_set", s);

        check_status(c, spk_tick(net, &tick), "spk_tick", s);
        check_u64(c, tick, g->t0[s], "tick before the step", s);
        check_status(c, spk_step(net, 1), "spk_step", s);
        check_status(c, spk_tick(net, &tick), "spk_tick", s);
        check_u64(c, tick, g->t1[s], "tick after the step", s);

        /* every spike of every population, against the recorded ones of this step */
        seen_count = 0;
        seen_overflow = 0;
        check_status(c, spk_spikes_foreach(net, SPK_ALL_POPULATIONS, collect, NULL),
                     "spk_spikes_foreach", s);
        {
            size_t first = k_sp, n, i;
            while (k_sp < g->nspikes && g->spikes[k_sp].step == s) k_sp++;
            n = k_sp - first;
            if (check(c, seen_count == n && seen_overflow == 0)) {
                put("step ");
                put_u64(s);
                put(": ");
                put_u64(seen_count + seen_overflow);
                put(" spikes, expected ");
                put_u64(n);
                end_line();
            }
            for (i = 0; i < seen_count; i++) {
                digest = fnv_bytes(digest, g->t0[s], 8);
                digest = fnv_bytes(digest, seen_pop[i], 4);
                digest = fnv_bytes(digest, seen_neuron[i], 4);
                if (i < n && check(c, seen_pop[i] == g->spikes[first + i].pop &&
                                      seen_neuron[i] == g->spikes[first + i].neuron)) {
                    put("step ");
                    put_u64(s);
                    put(" spike ");
                    put_u64(i);
                    put(": population ");
                    put_u64(seen_pop[i]);
                    put(" neuron ");
                    put_u64(seen_neuron[i]);
                    put(", expected population ");
                    put_u64(g->spikes[first + i].pop);
                    put(" neuron ");
                    put_u64(g->spikes[first + i].neuron);
                    end_line();
                }
            }
        }

        /* recorded membranes */
        for (p = 0; p < g->nmem_pops; p++) {
            uint32_t pop = g->mem_pops[p], size = g->pop_size[pop], j;
            size_t count = 0;
            spk_status st = spk_membranes(net, pop, i32buf, GOLDEN_MAX_POP, &count);
            check_status(c, st, "spk_membranes", s);
            check_u64(c, count, size, "membrane count", s);
            for (j = 0; j < size && j < count; j++) {
                if (check(c, i32buf[j] == g->mem[mem_at + j])) {
                    put("step ");
                    put_u64(s);
                    put(" membrane of population ");
                    put_u64(pop);
                    put(" neuron ");
                    put_u64(j);
                    put(": ");
                    put_i64(i32buf[j]);
                    put(", expected ");
                    put_i64(g->mem[mem_at + j]);
                    end_line();
                }
            }
            mem_at += size;
        }

        check_status(c, spk_quiescent(net, &q), "spk_quiescent", s);
        check_u64(c, (uint64_t)q, (uint64_t)(g->quiescent[s] == '1'), "spk_quiescent", s);
    }
    check_u64(c, k_act, g->nactions, "actions applied", g->steps);
    check_u64(c, k_in, g->nin_spikes, "input spikes applied", g->steps);
    check_u64(c, k_val, g->nin_values, "input values applied", g->steps);

    /* end of the run: decoders, counters, state hash, spike digest */
    {
        uint32_t d, j;
        size_t at = 0;
        for (d = 0; d < g->ndec; d++) {
            size_t count = 0;
            check_status(c, spk_decoder_read(net, d, i64buf, GOLDEN_MAX_POP, &count),
                         "spk_decoder_read", g->steps);
            check_u64(c, count, g->dec_count[d], "decoder value count", g->steps);
            for (j = 0; j < g->dec_count[d] && j < count; j++) {
                if (check(c, i64buf[j] == g->dec_values[at + j])) {
                    put("decoder ");
                    put_u64(d);
                    put(" value ");
                    put_u64(j);
                    put(": ");
                    put_i64(i64buf[j]);
                    put(", expected ");
                    put_i64(g->dec_values[at + j]);
                    end_line();
                }
            }
            at += g->dec_count[d];
        }
        for (d = 0; d < GOLDEN_COUNTERS; d++) {
            uint64_t v = 0;
            check_status(c, spk_counter(net, d, &v), "spk_counter", g->steps);
            if (check(c, v == g->counters[d])) {
                put("counter ");
                put_u64(d);
                put(": ");
                put_u64(v);
                put(", expected ");
                put_u64(g->counters[d]);
                end_line();
            }
        }
    }
    check_status(c, spk_state_hash(net, &hash), "spk_state_hash", g->steps);
    if (check(c, hash == g->hash)) {
        put("state hash ");
        put_hex64(hash);
        put(", expected ");
        put_hex64(g->hash);
        end_line();
    }
    if (check(c, digest == g->spike_digest)) {
        put("spike digest ");
        put_hex64(digest);
        put(", expected ");
        put_hex64(g->spike_digest);
        end_line();
    }
    *hash_out = hash;
    return digest;
}

/* A second run of the case on `net` (if it loaded), batched; it must end with the
   in-place run's spike digest and state hash. `net` is unloaded afterwards. */
static void rerun_and_compare(run_ctx *c, spk_net *net, const char *what,
                              uint64_t digest, uint64_t hash)
{
    uint64_t h2 = 0, d2;
    if (!net) return;
    d2 = run(c, net, 1, &h2);
    check_status(c, spk_unload(net), "spk_unload", c->gc->steps);
    if (check(c, d2 == digest && h2 == hash)) {
        put(what);
        put(" ended with hash ");
        put_hex64(h2);
        put(", the in-place run with ");
        put_hex64(hash);
        end_line();
    }
}

/* ------------------------------------------------------------------ no learning */

#ifdef GOLDEN_NO_LEARNING
/* A blob with learning rules, given to a library without learning: `call` said `st`
   with detail `err`; it must be SPK_E_UNSUPPORTED naming "plasticity". */
static void check_refused(run_ctx *c, spk_status st, const spk_error *err, const char *call)
{
    if (check(c, st == SPK_E_UNSUPPORTED && err->status == SPK_E_UNSUPPORTED &&
                     err->field != NULL && strcmp(err->field, "plasticity") == 0)) {
        put(call);
        put(" returned ");
        put_i64(st);
        put(" (");
        put(spk_status_str(st));
        put("), field \"");
        put(err->field ? err->field : "(null)");
        put("\"; expected SPK_E_UNSUPPORTED, field \"plasticity\"");
        end_line();
    }
}

/* Every way of loading the case's blob is refused (in place and copied). */
static void refuse_learning(run_ctx *c)
{
    const golden_case *g = c->gc;
    uint32_t k;
    for (k = 0; k < 2; k++) {
        uint32_t flags = k ? SPK_LOAD_COPY : SPK_LOAD_IN_PLACE;
        size_t need = 0;
        spk_error err;
        spk_net *net = NULL;
        spk_status st;
        c->pass = k ? "copy" : "in-place";
        st = spk_arena_size(g->blob, g->blob_len, flags, &need, &err);
        check_refused(c, st, &err, "spk_arena_size");
        st = spk_load(g->blob, g->blob_len, arena, sizeof arena, flags, &net, &err);
        check_refused(c, st, &err, "spk_load");
        if (check(c, net == NULL)) {
            put("spk_load refused the blob but returned a handle");
            end_line();
        }
    }
}
#endif

/* ------------------------------------------------------------------ all cases */

int golden_run(void)
{
    uint32_t i, failed_cases = 0, ran = 0, refused = 0;
    uint64_t all_hashes = FNV_OFFSET, all_spikes = FNV_OFFSET;
    size_t max_in_place = 0, max_shifted = 0, max_copy = 0;

    put("golden: libspikert ");
    put(spk_version());
    put(" (header ");
    put(SPK_VERSION);
    put("), ");
    put_u64(golden_case_count);
    put(" cases");
    if (golden_cases_left_out) {
        put(" (");
        put_u64(golden_cases_left_out);
        put(" left out to fit)");
    }
    put(", each loaded in place, in place at +1 and copied");
    end_line();
    if (spk_version_number() / 1000000u != SPK_VERSION_NUMBER / 1000000u) {
        put("golden: the library's major version differs from the header's");
        end_line();
        return 1;
    }

    for (i = 0; i < golden_case_count; i++) {
        const golden_case *g = &golden_cases[i];
        run_ctx c;
        spk_net *net;
        size_t in_place = 0, shifted = 0, copied = 0;
        uint64_t hash = 0, digest = 0;
        unsigned char *ram = blob_ram + 1;

        c.gc = g;
        c.checks = 0;
        c.failures = 0;

#ifdef GOLDEN_NO_LEARNING
        if (g->nrules > 0) {
            refuse_learning(&c);
            total_checks += c.checks;
            total_failures += c.failures;
            ran++;
            refused++;
            put(c.failures ? "FAIL " : "ok   ");
            put_pad(g->name, 28);
            put(" refused: ");
            put_u64(g->nrules);
            put(g->nrules == 1 ? " learning rule" : " learning rules");
            put(", SPK_E_UNSUPPORTED \"plasticity\"");
            put_checks(&c);
            end_line();
            if (c.failures) failed_cases++;
            continue;
        }
#endif

        /* in place, from the const table */
        c.pass = "in-place";
        net = load(&c, g->blob, g->blob_len, SPK_LOAD_IN_PLACE, &in_place);
        if (net) {
            digest = run(&c, net, 0, &hash);
            check_status(&c, spk_unload(net), "spk_unload", g->steps);
        }

        /* in place from a RAM copy at 16n + 1 */
        c.pass = "in-place+1";
        if (check(&c, g->blob_len <= GOLDEN_BLOB_MAX)) {
            put("blob of ");
            put_u64(g->blob_len);
            put(" bytes, GOLDEN_BLOB_MAX is ");
            put_u64(GOLDEN_BLOB_MAX);
            end_line();
        } else {
            memcpy(ram, g->blob, g->blob_len);
            net = load(&c, ram, g->blob_len, SPK_LOAD_IN_PLACE, &shifted);
            rerun_and_compare(&c, net, "the run at +1", digest, hash);

            /* copied, and the source overwritten right after loading */
            c.pass = "copy";
            memcpy(blob_ram, g->blob, g->blob_len);
            net = load(&c, blob_ram, g->blob_len, SPK_LOAD_COPY, &copied);
            memset(blob_ram, 0xA5, g->blob_len);
            rerun_and_compare(&c, net, "the copied run", digest, hash);
        }
        if (in_place > max_in_place) max_in_place = in_place;
        if (shifted > max_shifted) max_shifted = shifted;
        if (copied > max_copy) max_copy = copied;

        all_hashes = fnv_bytes(all_hashes, hash, 8);
        all_spikes = fnv_bytes(all_spikes, digest, 8);
        total_checks += c.checks;
        total_failures += c.failures;
        ran++;
        if (c.failures > DETAILS_PER_CASE) {
            put("  (");
            put_u64(c.failures - DETAILS_PER_CASE);
            put(" more failures not shown)");
            end_line();
        }
        put(c.failures ? "FAIL " : "ok   ");
        put_pad(g->name, 28);
        put_u64w(g->steps, 5);
        put(" steps");
        put_u64w(g->nspikes, 6);
        put(" spikes");
        put_checks(&c);
        put("  hash ");
        put_hex64(hash);
        put("  spikes ");
        put_hex64(digest);
        end_line();
        if (c.failures) failed_cases++;
    }

    put("note: largest arena ");
    put_u64(max_in_place);
    put(" B in place, ");
    put_u64(max_shifted);
    put(" B in place at +1, ");
    put_u64(max_copy);
    put(" B copied (static arena ");
    put_u64(sizeof arena);
    put(" B)");
    end_line();
    put("checksums: state hashes ");
    put_hex64(all_hashes);
    put("  spike digests ");
    put_hex64(all_spikes);
    end_line();
    put("golden: ");
    put_u64(ran);
    put(" cases, ");
    put_u64(ran - failed_cases);
    put(" passed, ");
    put_u64(failed_cases);
    put(" failed; ");
    put_u64(total_checks);
    put(" checks, ");
    put_u64(total_failures);
    put(" failed");
    if (refused) {
        put("; ");
        put_u64(refused);
        put(" with learning rules refused (library without learning)");
    }
    end_line();
    return (failed_cases || ran == 0) ? 1 : 0;
}
