// libFuzzer harness for the command-line parsers (docs/FUZZING.md): SpikeHost's
// RunCommandLine (the whole `spikert run` option parser), the Arguments cursor it and
// every other command use, and the option-value parsers (--ticks through
// Arguments.parseCount, --param through ParamOption, --power through PowerOption).
//
// The input is split at NUL bytes into words (what argv can hold: any bytes but NUL;
// invalid UTF-8 is repaired by String, as String(cString:) does for argv). For every
// input:
//   1. RunCommandLine.parse(words), twice: the same outcome both times (deterministic).
//      A usage failure has a non-empty message. A run's path options (--input,
//      --output, --checkpoint) never hold a value that starts with '-' other than "-"
//      unless the words have it in the `--name=VALUE` form; its model is not empty and
//      is "-" or does not start with '-'; it has an input or a tick count.
//   2. An independent parser of the rules in RunCommandLine's and Arguments' doc
//      comments (flags, `--name VALUE` and `--name=VALUE`, a next word that starts with
//      '-' other than "-" is never a value, an empty word or `--name=` is a missing value, unknown
//      options and second models refused, the last of a repeated option wins, numbers
//      checked as digit strings) gives the same outcome: help, a usage failure, or a
//      run with the same options.
//   3. The Arguments cursor walked over the words with take(flag), takeValue(name) and
//      take() in turn: .absent consumes nothing, .present consumes the option and its
//      value word (never empty, never an option other than "-") or one `--name=VALUE`
//      word with a non-empty VALUE, .missing consumes the option word only, and missingValue names
//      the option; peek and isAtEnd agree with the words left.
//   4. Every word through parseCount, ParamOption.parse and PowerOption.parse against
//      the same independent rules.
// A broken invariant is fatalError (a finding); traps (overflow, index out of range),
// ASan reports, leaks and hangs are findings too.

import SpikeCore
import SpikeHost

@inline(never)
func finding(_ what: String) -> Never {
    fatalError("OptionsFuzzer invariant broken: \(what)")
}

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
func startsWithDash(_ s: String) -> Bool { s.utf8.first == UInt8(ascii: "-") }
func show(_ words: [String]) -> String { words.map { "'\($0)'" }.joined(separator: " ") }
/// Byte-exact (String's == and contains compare canonically equivalent Unicode as equal,
/// and split by Characters; the parsers compare bytes).
func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }
func contains(_ haystack: String, _ needle: String) -> Bool {
    let h = bytes(haystack), n = bytes(needle)
    guard n.count <= h.count else { return false }
    if n.isEmpty { return true }
    for start in 0...(h.count - n.count) where h[start..<(start + n.count)].elementsEqual(n) { return true }
    return false
}

// MARK: independent value parsers

/// digits (leading zeros allowed) <= limit, as strings.
func notAbove(_ digits: ArraySlice<UInt8>, _ limit: Int) -> Bool {
    let l = Array(String(limit).utf8)
    let significant = digits.drop(while: { $0 == 48 })
    if significant.count != l.count { return significant.count < l.count }
    return !l.lexicographicallyPrecedes(significant)
}

func allDigits(_ b: ArraySlice<UInt8>) -> Bool { !b.isEmpty && b.allSatisfy { $0 >= 48 && $0 <= 57 } }

func decimal(_ b: ArraySlice<UInt8>) -> Int { b.reduce(0) { $0 &* 10 &+ Int($1 - 48) } }

/// `--ticks`: digits only, at most `limit`.
func countSpec(_ word: String, limit: Int) -> Int? {
    let b = bytes(word)[...]
    guard allDigits(b), notAbove(b, limit) else { return nil }
    return decimal(b)
}

let parameterNames: [(String, PlasticityParameter)] = [
    ("a_plus", .aPlus), ("a_minus", .aMinus), ("decay_pre", .decayPre), ("decay_post", .decayPost),
    ("w_min", .wMin), ("w_max", .wMax), ("learning_rate", .learningRate), ("decay_elig", .decayEligibility),
    ("bounds", .bounds), ("norm_target", .normTarget),
]

/// `--param NAME=VALUE`: NAME one of docs/model.cddl's, VALUE an optionally negative
/// whole number in Int32 (no '+', no spaces) of at most 10 digits: leading zeros count,
/// so "a_plus=00000000001" is refused (as "low:000000002" is by --power, whose numbers
/// have at most 8 digits; --ticks takes any number of leading zeros).
func paramSpec(_ word: String) -> (PlasticityParameter, Int32)? {
    let b = bytes(word)
    guard let eq = b.firstIndex(of: UInt8(ascii: "=")) else { return nil }
    let name = String(decoding: b[..<eq], as: UTF8.self)
    guard b[..<eq].elementsEqual(name.utf8),  // not valid UTF-8: no parameter's name
          let parameter = parameterNames.first(where: { same($0.0, name) })?.1 else { return nil }
    var digits = b[(eq + 1)...]
    let negative = digits.first == UInt8(ascii: "-")
    if negative { digits = digits.dropFirst() }
    guard digits.count <= 10, allDigits(digits), notAbove(digits, negative ? 2_147_483_648 : 2_147_483_647) else {
        return nil
    }
    let magnitude = Int64(decimal(digits))
    return (parameter, Int32(negative ? -magnitude : magnitude))
}

/// `--power normal | full | low[:FOLD[:SCALE]]`, FOLD 2...256, SCALE 1...2^20 (0 in the
/// result: the model's).
func powerSpec(_ word: String) -> PowerSettings? {
    let parts = bytes(word).split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    guard parts.count <= 3 else { return nil }
    switch Array(parts[0].utf8) {
    case Array("normal".utf8), Array("full".utf8):
        guard parts.count == 1 else { return nil }
        return PowerSettings(mode: same(parts[0], "full") ? .full : .normal, fold: 2, thresholdScale: 0)
    case Array("low".utf8):
        var settings = PowerSettings(mode: .low, fold: 2, thresholdScale: 0)
        if parts.count >= 2 {
            let f = bytes(parts[1])[...]
            guard f.count <= 8, allDigits(f), notAbove(f, NetworkLimits.maxFold), decimal(f) >= 2 else { return nil }
            settings.fold = decimal(f)
        }
        if parts.count == 3 {
            let s = bytes(parts[2])[...]
            guard s.count <= 8, allDigits(s), notAbove(s, Int(NetworkLimits.maxThresholdScale)), decimal(s) >= 1 else {
                return nil
            }
            settings.thresholdScale = Int32(decimal(s))
        }
        return settings
    default:
        return nil
    }
}

// MARK: outcomes

struct Options: Equatable {
    var model = "", input = "", output = "", checkpoint = ""
    var ticks: Int? = nil
    var stats = false, copy = false
    var learn: Bool? = nil
    var parameters: [String] = []  // "raw=value", comparable
    var power: PowerSettings? = nil

    init() {}
    init(_ o: RunOptions) {
        model = o.model; input = o.input; output = o.output; checkpoint = o.checkpoint
        ticks = o.ticks; stats = o.stats; copy = o.copyTensors
        learn = o.settings.learn
        parameters = o.settings.parameters.map { "\($0.0.rawValue)=\($0.1)" }
        power = o.settings.power
    }
}

enum Outcome: Equatable {
    case help, usage, run(Options)

    init(_ p: RunCommandLine.Parsed) {
        switch p {
        case .help: self = .help
        case .usage: self = .usage
        case .run(let o): self = .run(Options(o))
        }
    }
}

/// 2: the rules, written independently of RunCommandLine and Arguments.
func specification(_ words: [String]) -> Outcome {
    var o = Options()
    var i = 0
    let valueOptions = ["--input", "--output", "--checkpoint", "--param", "--power", "--ticks"]
    while i < words.count {
        let w = words[i]
        if same(w, "--help") || same(w, "-h") { return .help }
        if same(w, "--stats") { o.stats = true; i += 1; continue }
        if same(w, "--learn") { o.learn = true; i += 1; continue }
        if same(w, "--freeze") { o.learn = false; i += 1; continue }
        if same(w, "--copy") { o.copy = true; i += 1; continue }
        var value: String? = nil
        var option = ""
        for name in valueOptions {
            if bytes(w) == bytes(name) {
                guard i + 1 < words.count, !words[i + 1].isEmpty,
                      !startsWithDash(words[i + 1]) || bytes(words[i + 1]) == [45] else {
                    return .usage  // missing: at the end, an empty word, or the next word is an option
                }
                value = words[i + 1]
                i += 2
            } else if bytes(w).starts(with: bytes(name + "=")) {
                value = String(decoding: bytes(w)[(bytes(name).count + 1)...], as: UTF8.self)
                guard !value!.isEmpty else { return .usage }  // `--name=`
                i += 1
            } else {
                continue
            }
            option = name
            break
        }
        if let value {
            switch option {
            case "--input": o.input = value  // option names are ASCII: == is exact here
            case "--output": o.output = value
            case "--checkpoint": o.checkpoint = value
            case "--param":
                guard let p = paramSpec(value) else { return .usage }
                o.parameters.append("\(p.0.rawValue)=\(p.1)")
            case "--power":
                guard let p = powerSpec(value) else { return .usage }
                o.power = p
            default:  // --ticks
                guard let n = countSpec(value, limit: RunLimits.maximumTicks) else { return .usage }
                o.ticks = n
            }
            continue
        }
        i += 1
        if startsWithDash(w) && bytes(w) != [45] { return .usage }  // unknown option
        guard o.model.isEmpty, !w.isEmpty else { return .usage }    // a second model, an empty word
        o.model = w
    }
    guard !o.model.isEmpty, !o.input.isEmpty || o.ticks != nil else { return .usage }
    return .run(o)
}

// MARK: 1, RunCommandLine

func checkRunCommandLine(_ words: [String]) {
    let first = RunCommandLine.parse(words)
    let second = RunCommandLine.parse(words)
    let outcome = Outcome(first)
    guard outcome == Outcome(second) else { finding("two parses of \(show(words)) differ") }
    switch first {
    case .usage(let message):
        guard !message.isEmpty else { finding("empty usage message for \(show(words))") }
        if case .usage(let again) = second, !same(again, message) { finding("two messages for \(show(words))") }
    case .run(let o):
        for (name, value) in [("--input", o.input), ("--output", o.output), ("--checkpoint", o.checkpoint)]
        where startsWithDash(value) && !same(value, "-") {
            guard words.contains(where: { bytes($0) == bytes(name + "=" + value) }) else {
                finding("\(name) took the option-like word '\(value)' as its value in \(show(words))")
            }
        }
        guard !o.model.isEmpty, !startsWithDash(o.model) || same(o.model, "-") else {
            finding("model '\(o.model)' from \(show(words))")
        }
        guard !o.input.isEmpty || o.ticks != nil else { finding("a run with neither input nor ticks: \(show(words))") }
        if let t = o.ticks, t < 0 || t > RunLimits.maximumTicks { finding("--ticks \(t)") }
    case .help:
        guard words.contains(where: { same($0, "--help") || same($0, "-h") }) else { finding("help without --help: \(show(words))") }
    }
    let expected = specification(words)
    if expected != outcome {
        finding("\(show(words)): parsed as \(outcome), the rules say \(expected)")
    }
}

// MARK: 3, the cursor

let flags: [StaticString] = ["--stats", "--copy", "-h", "-"]
let valueNames: [StaticString] = ["--input", "--ticks", "--output", "--param", "--power", "--checkpoint", "--socket", "-o"]

func checkCursor(_ words: [String]) {
    var args = Arguments(words)
    var position = 0
    var step = 0
    while !args.isAtEnd {
        guard position < words.count, let peek = args.peek, same(peek, words[position]) else {
            finding("peek \(args.peek ?? "nil") at word \(position) of \(show(words))")
        }
        let word = words[position]
        // The operation and the name depend on the word, so the fuzzer chooses them.
        let selector = word.utf8.reduce(step) { $0 &+ Int($1) }
        step += 1
        switch selector % 3 {
        case 0:
            let flag = flags[selector / 3 % flags.count]
            let matched = args.take(flag)
            guard matched == (bytes(word) == bytes("\(flag)")) else { finding("take(\(flag)) on '\(word)': \(matched)") }
            if matched { position += 1 } else { _ = args.take(); position += 1 }
        case 1:
            let name = valueNames[selector / 3 % valueNames.count]
            let n = "\(name)"
            switch args.takeValue(name) {
            case .absent:
                guard bytes(word) != bytes(n), !bytes(word).starts(with: bytes(n + "=")) else {
                    finding("takeValue(\(n)) on '\(word)': absent")
                }
                guard let peek = args.peek, same(peek, word) else { finding("takeValue(\(n)) absent but consumed '\(word)'") }
                _ = args.take()
                position += 1
            case .present(let value):
                if bytes(word) == bytes(n) {
                    guard position + 1 < words.count, same(value, words[position + 1]), !value.isEmpty,
                          !startsWithDash(value) || same(value, "-") else {
                        finding("takeValue(\(n)) gave '\(value)' after '\(word)' in \(show(words))")
                    }
                    position += 2
                } else {
                    guard bytes(word) == bytes(n + "=" + value), !value.isEmpty else {
                        finding("takeValue(\(n)) gave '\(value)' from '\(word)'")
                    }
                    position += 1
                }
            case .missing:
                if bytes(word) == bytes(n) {
                    let next = position + 1 < words.count ? words[position + 1] : nil
                    guard next == nil || next!.isEmpty || (startsWithDash(next!) && !same(next!, "-")) else {
                        finding("takeValue(\(n)) missing before '\(next!)'")
                    }
                    let message = args.missingValue(name)
                    guard message.utf8.starts(with: n.utf8) else { finding("missingValue: '\(message)'") }
                    if let next, !contains(message, next) { finding("missingValue does not name '\(next)': '\(message)'") }
                } else {
                    guard bytes(word) == bytes(n + "=") else { finding("takeValue(\(n)) missing on '\(word)'") }
                }
                position += 1
            }
        default:
            guard let taken = args.take(), same(taken, word) else { finding("take() on '\(word)'") }
            position += 1
        }
        guard args.isAtEnd == (position >= words.count) else { finding("isAtEnd at \(position) of \(words.count)") }
    }
    guard position == words.count, args.take() == nil, args.peek == nil else { finding("cursor past the end") }
}

// MARK: 4, the value parsers

func checkValues(_ word: String) {
    let count = Arguments.parseCount(word, limit: RunLimits.maximumTicks)
    guard count == countSpec(word, limit: RunLimits.maximumTicks) else { finding("parseCount('\(word)') = \(count.map(String.init) ?? "nil")") }
    let small = Arguments.parseCount(word, limit: 1000)
    guard small == countSpec(word, limit: 1000) else { finding("parseCount('\(word)', 1000) = \(small.map(String.init) ?? "nil")") }
    let param = ParamOption.parse(word)
    let paramExpected = paramSpec(word)
    guard param?.0 == paramExpected?.0, param?.1 == paramExpected?.1 else { finding("ParamOption.parse('\(word)')") }
    if let p = param, !bytes("\(p.0.name)").elementsEqual(bytes(word).prefix(while: { $0 != UInt8(ascii: "=") })) {
        finding("parameter name of '\(word)'")
    }
    guard PowerOption.parse(word) == powerSpec(word) else { finding("PowerOption.parse('\(word)')") }
}

// MARK: the entry point

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let input = UnsafeBufferPointer(start: size > 0 ? data : nil, count: size)
    // Words at NUL bytes; an empty input is no words (argv after `run`: nothing).
    let words = size == 0 ? [] : input.split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
    guard words.count <= 256 else { return 0 }
    checkRunCommandLine(words)
    checkCursor(words)
    for w in words { checkValues(w) }
    return 0
}
