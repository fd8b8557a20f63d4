"""The spikert-export command: options, files, and one line on stderr per error.

Order of the work: the option values (``--dt``, ``--plasticity``, ``--power``), ``-o``
(:func:`outfile.resolve_target`), the ``--calibrate`` file, then the graph file, its
checks and the export; the blob is written through :class:`outfile.AtomicOutput`, so
the target is replaced only when everything succeeded.

Exit status (:mod:`.exporterrors`): 0 written; 1 the blob could not be written (or an
unexpected error, reported as "internal error"); 2 a usage or input error: bad option
values, a malformed or refused graph, a bad calibration file. Every error is one line
on stderr starting with ``spikert-export:``; a refusal (the input is valid but the blob
cannot represent it) says ``refused:``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from . import blob, calibration, nircheck, outfile
from .export import export, parse_plasticity, parse_power
from .exporterrors import (EXIT_FAILURE, EXIT_OK, EXIT_USAGE, InputError, OutputError,
                           SetupError, UsageError)
from .nirsim import NIRError
from .closedpipe import survives_closed_stdout

PROG = "spikert-export"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, not argparse's usage block
        sys.stderr.write(f"{PROG}: {message} (see {PROG} --help)\n")
        sys.exit(EXIT_USAGE)


def parser() -> argparse.ArgumentParser:
    ap = _Parser(prog=PROG, description="Export a NIR graph (.nir) to a SpikeRT blob.",
                 epilog="Exit status: 0 written, 1 the output could not be written, 2 bad "
                        "options or input (one line on stderr says which).")
    ap.add_argument("graph", help="NIR file (HDF5, as written by nir.write)")
    ap.add_argument("-o", "--output", required=True,
                    help="blob to write (.spkb); replaced only when the export succeeds")
    ap.add_argument("--dt", type=float, default=None,
                    help=f"seconds per tick, {nircheck.DT_MIN:g} .. {nircheck.DT_MAX:g} "
                         f"(default: the step the graph shows, snnTorch's 1e-4 or Sinabs' 1, "
                         f"else 1e-4; docs/EXPORT.md, Time steps)")
    ap.add_argument("--reset-timing", choices=["immediate", "delayed"], default=None,
                    help="immediate = NIR semantics (default); delayed = snnTorch")
    ap.add_argument("--reset-mode", choices=["zero", "subtract"], default=None,
                    help="zero = reset to v_reset, NIR (default); subtract = snnTorch")
    ap.add_argument("--snntorch", action="store_true",
                    help="snnTorch conventions: dt 1e-4, delayed subtract reset")
    ap.add_argument("--calibrate", metavar="NPY",
                    help="sample input spike trains (T x input shape, or T x inputs, values "
                         "0/1) used to calibrate potential ranges and shifts")
    ap.add_argument("--plasticity", metavar="SPEC", action="append", default=[],
                    help="attach a learning rule (repeatable): projection=INDEX|NAME,"
                         "rule=stdp_nearest|stdp_all|rstdp_nearest|rstdp_all, then any of "
                         "a_plus= a_minus= (raw Q16) or a_plus_steps= a_minus_steps= "
                         "(weight steps), tau_pre= tau_post= tau_elig= (ticks) or "
                         "decay_pre= decay_post= decay_elig= (Q16), w_min= w_max= "
                         "bounds=hard|soft learning_rate= (Q16) or learning_rate_factor=, "
                         "norm_target= enabled=true|false (docs/EXPORT.md)")
    ap.add_argument("--power", metavar="SPEC",
                    help="power configuration: mode=normal|low|full,fold=2..256,"
                         "threshold_scale=FACTOR (or threshold_scale_q16=Q16)")
    ap.add_argument("--name", help="model name in the blob (default: file stem)")
    ap.add_argument("-q", "--quiet", action="store_true")
    return ap


def run(a) -> int:
    """Export as the parsed options ``a`` say; raises the errors of :mod:`.exporterrors`."""
    dt = nircheck.check_dt(a.dt) if a.dt is not None else (1e-4 if a.snntorch else None)
    timing = a.reset_timing or ("delayed" if a.snntorch else "immediate")
    mode = a.reset_mode or ("subtract" if a.snntorch else "zero")
    rules = [parse_plasticity(spec) for spec in a.plasticity]
    power = parse_power(a.power) if a.power is not None else None
    inputs = [("input graph", a.graph)]
    if a.calibrate:
        inputs.append(("--calibrate file", a.calibrate))
    target = outfile.resolve_target(a.output, inputs)
    samples = calibration.load(a.calibrate) if a.calibrate else None
    name = a.name or os.path.splitext(os.path.basename(a.graph))[0]
    with outfile.AtomicOutput(a.output, target) as out:
        data, exporter = export(a.graph, dt=dt, reset_mode=mode, reset_timing=timing, name=name,
                         samples=samples, quiet=a.quiet, plasticity=rules, power=power,
                         samples_label=f"--calibrate '{a.calibrate}'")
        out.commit(data)
    if a.quiet:  # -q quiets the report, not what the user must know
        for message in exporter.warnings:
            print(f"{PROG}: warning: {message}", file=sys.stderr)
    else:
        print(f"wrote {a.output} ({len(data)} bytes)")
    return EXIT_OK


def _say(message: str, status: int) -> int:
    sys.stdout.flush()
    print(f"{PROG}: {message}", file=sys.stderr)
    return status


class _Terminated(BaseException):
    """SIGTERM, raised where the program is, so that it unwinds (and the temporary output
    is removed)."""


def _terminate(signum, frame):
    raise _Terminated()


@survives_closed_stdout
def main(argv=None) -> int:
    a = parser().parse_args(argv)
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread
        previous = None
    try:
        return run(a)
    except (UsageError, InputError) as err:
        return _say(str(err), EXIT_USAGE)
    except (NIRError, blob.BlobError) as err:
        return _say(f"refused: {err}", EXIT_USAGE)
    except (OutputError, SetupError) as err:
        return _say(str(err), EXIT_FAILURE)
    except KeyboardInterrupt:
        return _say("interrupted", 128 + signal.SIGINT)
    except _Terminated:
        return _say("terminated", 128 + signal.SIGTERM)
    except MemoryError:
        return _say("out of memory (the graph is too large to export on this machine)",
                    EXIT_FAILURE)
    except Exception as err:  # last resort: one line, never a traceback
        reason = str(err).replace("\n", " ")
        return _say(f"internal error: {type(err).__name__}: {reason} (please report it with "
                    f"the input that caused it)", EXIT_FAILURE)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
