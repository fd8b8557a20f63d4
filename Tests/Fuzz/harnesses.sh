# The libFuzzer harnesses of Tests/Fuzz (docs/FUZZING.md), one table entry each.
# Sourced by build.sh and run.sh; `harness NAME` sets:
#
#   H_SOURCE    the harness (Tests/Fuzz/...), which defines LLVMFuzzerTestOneInput
#   H_MODULES   the Sources/ modules it needs, dependencies first; each is compiled once
#               into out/fuzz/lib and shared by every harness that lists it
#   H_LINK      extra link flags (C libraries)
#   H_REQUIRES  files that must exist to build (C headers), with the package that has them
#   H_CORPUS    seed corpus directory (Tests/Fuzz/...; never written to)
#   H_DICT      libFuzzer dictionary (Tests/Fuzz/...)
#   H_MAX_LEN   -max_len
#   H_FLAGS     further libFuzzer flags of this harness
#
# The names, default first.
HARNESSES="loader control spikefile options"

harness() {
    H_LINK="" H_REQUIRES="" H_FLAGS=""
    case "$1" in
    loader)     # SpikeModel: the model-blob loader and checkpoints
        H_SOURCE=LoaderFuzzer.swift
        H_MODULES="SpikeCore SpikeModel"
        H_LINK="-lcbor"
        H_REQUIRES="/usr/include/cbor.h:libcbor-dev"
        H_CORPUS=corpus
        H_DICT=blob.dict
        H_MAX_LEN=65536 ;;
    control)    # SpikeControl: the daemon's JSON-lines control protocol
        H_SOURCE=ControlFuzzer.swift
        H_MODULES="SpikeCore SpikeControl"
        H_CORPUS=control-corpus
        H_DICT=control.dict
        H_MAX_LEN=8192 ;;
    spikefile)  # SpikeIO: spike files (SpikeFileReader through a pipe, SpikeEventParser)
        H_SOURCE=SpikeFileFuzzer.swift
        H_MODULES="SpikeIO"
        H_CORPUS=spikefile-corpus
        H_DICT=spikefile.dict
        H_MAX_LEN=16384 ;;
    options)    # SpikeHost: the command-line cursor and option-value parsers
        H_SOURCE=OptionsFuzzer.swift
        H_MODULES="SpikeCore SpikeModel SpikeIO SpikeHost"
        H_LINK="-lcbor"
        H_REQUIRES="/usr/include/cbor.h:libcbor-dev"
        H_CORPUS=options-corpus
        H_DICT=options.dict
        H_MAX_LEN=4096 ;;
    *) return 1 ;;
    esac
}
