// libFuzzer harness for spike files (docs/FUZZING.md): SpikeIO's SpikeFileReader (the
// buffered line reader `spikert run --input` and the daemon's replay use) and
// SpikeEventParser (its line grammar).
//
// The input is the file's bytes. For every input:
//   1. Reference: the input split at '\n' (an unterminated last piece is a line, an
//      empty one is not), each line over SpikeFileReader.maximumLineLength refused with
//      its number, every other one given to a fresh SpikeEventParser in order, up to the
//      first error.
//   2. Specification: an independent parser of the grammar in SpikeEventParser's doc
//      comment (fields, optional spaces/tabs/CR, comments, blank lines, a header on line
//      1, a BOM on line 1, tick <= SpikeEvent.maximumTick, channel <= maximumChannel,
//      values in Int32, 'reward' needs a value, ticks not decreasing), with numbers
//      compared as digit strings, not with overflow arithmetic: same events, same
//      refused line as the reference.
//   3. The input written to a memfd and read with SpikeFileReader(path:
//      "/proc/self/fd/N") through next(): the same events and the same error (reason,
//      line) as the reference; after the reader's buffer is allocated, next() allocates
//      nothing (counted with the sanitizer's malloc hook): memory is bounded whatever
//      the line lengths.
//   4. Every accepted event: line numbers increase and lie within the input's line
//      count; ticks do not decrease; an error's line lies within the line count.
//   5. Round trip: every accepted event written as a line (plain, and with spaces, tabs
//      and CR around the fields) parses back to the same tick, channel and value; all
//      of them written as a file (with a header line) read back through the reader give
//      the same events, with line numbers 2, 3, ...
// A broken invariant is fatalError (a finding); traps (overflow, index out of range),
// ASan reports, leaks and hangs are findings too.

import SpikeIO
#if canImport(Glibc)
import Glibc
#endif

@inline(never)
func finding(_ what: String) -> Never {
    fatalError("SpikeFileFuzzer invariant broken: \(what)")
}

// MARK: allocation counter

/// Mallocs on this thread while `counting[0] != 0` (the reader's next() must make none).
let counting = UnsafeMutablePointer<Int>.allocate(capacity: 2)
let mainThread = pthread_self()

@_silgen_name("__sanitizer_install_malloc_and_free_hooks")
func installMallocHooks(
    _ malloc: (@convention(c) (UnsafeRawPointer?, Int) -> Void)?,
    _ free: (@convention(c) (UnsafeRawPointer?) -> Void)?) -> Int32

let hooksInstalled: Bool = {
    counting[0] = 0
    counting[1] = 0
    _ = mainThread
    guard installMallocHooks({ _, _ in
        if counting[0] != 0, pthread_equal(pthread_self(), mainThread) != 0 { counting[1] += 1 }
    }, { _ in }) != 0 else { return false }  // both hooks, or none is installed
    // The counter sees an allocation.
    counting[0] = 1
    let probe = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
    counting[0] = 0
    probe.deallocate()
    return counting[1] > 0
}()

// MARK: the file the reader reads

/// One unlinked file in /dev/shm (memory, like a memfd: Swift's Glibc has no
/// memfd_create) for every input; the reader opens it by its /proc path (a new open
/// file description: offset 0, its own descriptor that the reader closes).
let memfd: Int32 = {
    for directory in ["/dev/shm", "/tmp"] {
        var template = Array("\(directory)/spikefile-fuzz-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd >= 0 {
            template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
            return fd
        }
    }
    finding("cannot create a scratch file: errno \(errno)")
}()
let memfdPath = "/proc/self/fd/\(memfd)"

func store(_ bytes: UnsafeRawBufferPointer) {
    guard ftruncate(memfd, 0) == 0 else { finding("ftruncate: errno \(errno)") }
    var done = 0
    while done < bytes.count {
        let n = pwrite(memfd, bytes.baseAddress! + done, bytes.count - done, off_t(done))
        guard n > 0 else { finding("pwrite: errno \(errno)") }
        done += n
    }
}

// MARK: outcomes

struct Event: Equatable {
    var tick: UInt64
    var channel: Int
    var value: Int32?
    var line: Int

    init(_ e: SpikeEvent) { tick = e.tick; channel = e.channel; value = e.value; line = e.line }
    init(tick: UInt64, channel: Int, value: Int32?, line: Int) {
        self.tick = tick; self.channel = channel; self.value = value; self.line = line
    }
    var description: String { "\(tick),\(channel),\(value.map(String.init) ?? "-")@\(line)" }
}

struct Outcome {
    var events: [Event] = []
    var error: FileError? = nil
    var errorLine: Int? { error?.line }
}

/// Same reason text (the reference's line-length error is our own literal), line, errno.
func sameError(_ a: FileError?, _ b: FileError?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return a.line == b.line && a.systemError == b.systemError && "\(a.reason)" == "\(b.reason)"
}

func describe(_ e: FileError?) -> String {
    guard let e else { return "no error" }
    return "'\(e.reason)' line \(e.line) errno \(e.systemError)"
}

/// Line ranges: split at '\n'; an unterminated last piece is a line, an empty one is not
/// (the reader's rule at the end of the file).
func lineRanges(_ input: UnsafeRawBufferPointer) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    var start = 0
    for i in 0..<input.count where input[i] == 10 {
        ranges.append(start..<i)
        start = i + 1
    }
    if start < input.count { ranges.append(start..<input.count) }
    return ranges
}

/// 1: the parser line by line, with the reader's line-length rule.
func reference(_ input: UnsafeRawBufferPointer, _ lines: [Range<Int>]) -> Outcome {
    var out = Outcome()
    var parser = SpikeEventParser()
    for (k, r) in lines.enumerated() {
        if r.count > SpikeFileReader.maximumLineLength {
            out.error = FileError("line longer than 4096 bytes", line: k + 1)
            return out
        }
        do throws(FileError) {
            if let e = try parser.parse(line: UnsafeRawBufferPointer(rebasing: input[r])) {
                out.events.append(Event(e))
            }
        } catch {
            out.error = error
            return out
        }
    }
    return out
}

/// 3: the reader over the memfd. Returns the outcome and the mallocs made inside next().
func readThroughReader(_ input: UnsafeRawBufferPointer, events limit: Int) -> (Outcome, Int) {
    store(input)
    var out = Outcome()
    var mallocs = 0
    memfdPath.withCString { path in
        var reader: SpikeFileReader
        do throws(FileError) {
            reader = try SpikeFileReader(path: path)
        } catch {
            finding("cannot open \(memfdPath): \(describe(error))")
        }
        out.events.reserveCapacity(limit + 1)
        while true {
            counting[1] = 0
            counting[0] = 1
            let next: SpikeEvent?
            do throws(FileError) {
                next = try reader.next()
            } catch {
                counting[0] = 0
                mallocs += counting[1]
                out.error = error
                break
            }
            counting[0] = 0
            mallocs += counting[1]
            guard let next else { break }
            if out.events.count >= limit { finding("the reader gave more than the \(limit) events of the reference") }
            out.events.append(Event(next))
        }
    }
    return (out, mallocs)
}

// MARK: 2, the specification

/// The grammar of SpikeEventParser's doc comment, written independently: positions over
/// bytes, numbers checked as digit strings.
struct Spec {
    static let maximumTickDigits = Array(String(SpikeEvent.maximumTick).utf8)
    static let maximumChannelDigits = Array(String(SpikeEvent.maximumChannel).utf8)
    static let int32MaxDigits = Array("2147483647".utf8)
    static let int32MinMagnitudeDigits = Array("2147483648".utf8)

    var sawData = false
    var lastTick: UInt64 = 0

    enum Line: Equatable { case skip, event(UInt64, Int, Int32?), refused }

    static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 }
    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
    static func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }

    /// digits <= limit, both decimal digit strings (leading zeros allowed in `digits`).
    static func notAbove(_ digits: ArraySlice<UInt8>, _ limit: [UInt8]) -> Bool {
        let significant = digits.drop(while: { $0 == 48 })
        if significant.count != limit.count { return significant.count < limit.count }
        return !limit.lexicographicallyPrecedes(significant)
    }

    static func value(_ digits: ArraySlice<UInt8>) -> UInt64 {
        digits.reduce(0) { $0 &* 10 &+ UInt64($1 - 48) }
    }

    mutating func parse(_ b: [UInt8], number: Int) -> Line {
        var i = 0
        func spaces() { while i < b.count, Spec.isSpace(b[i]) { i += 1 } }
        func digits() -> ArraySlice<UInt8> {
            let s = i
            while i < b.count, Spec.isDigit(b[i]) { i += 1 }
            return b[s..<i]
        }
        if number == 1, b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { i = 3 }
        spaces()
        if i == b.count || b[i] == UInt8(ascii: "#") { return .skip }
        if number == 1, Spec.isLetter(b[i]) { return .skip }
        let tickDigits = digits()
        guard !tickDigits.isEmpty, Spec.notAbove(tickDigits, Spec.maximumTickDigits) else { return .refused }
        let tick = Spec.value(tickDigits)
        spaces()
        guard i < b.count, b[i] == UInt8(ascii: ",") else { return .refused }
        i += 1
        spaces()
        var channel = 0
        var reward = false
        let word = Array("reward".utf8)
        if b.count - i >= word.count, b[i..<(i + word.count)].elementsEqual(word),
           !(i + word.count < b.count && Spec.isLetter(b[i + word.count])) {
            reward = true
            i += word.count
            channel = SpikeEvent.rewardChannel
        } else {
            let c = digits()
            guard !c.isEmpty, Spec.notAbove(c, Spec.maximumChannelDigits) else { return .refused }
            channel = Int(Spec.value(c))
        }
        spaces()
        var value: Int32? = nil
        if i < b.count, b[i] == UInt8(ascii: ",") {
            i += 1
            spaces()
            var negative = false
            if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") {
                negative = b[i] == UInt8(ascii: "-")
                i += 1  // no spaces between a sign and its digits
            }
            let v = digits()
            guard !v.isEmpty,
                  Spec.notAbove(v, negative ? Spec.int32MinMagnitudeDigits : Spec.int32MaxDigits) else {
                return .refused
            }
            let magnitude = Int64(Spec.value(v))
            value = Int32(negative ? -magnitude : magnitude)
        }
        if reward && value == nil { return .refused }
        spaces()
        guard i == b.count else { return .refused }
        if sawData && tick < lastTick { return .refused }
        sawData = true
        lastTick = tick
        return .event(tick, channel, value)
    }
}

func specification(_ input: UnsafeRawBufferPointer, _ lines: [Range<Int>]) -> (events: [Event], refused: Int?) {
    var spec = Spec()
    var events: [Event] = []
    for (k, r) in lines.enumerated() {
        if r.count > SpikeFileReader.maximumLineLength { return (events, k + 1) }
        switch spec.parse(Array(input[r]), number: k + 1) {
        case .skip: break
        case .refused: return (events, k + 1)
        case let .event(t, c, v): events.append(Event(tick: t, channel: c, value: v, line: k + 1))
        }
    }
    return (events, nil)
}

// MARK: 5, round trips

/// Append `e` as a spike-file line (no newline): `tick,channel[,value]` or
/// `tick,reward,value`; `spaced` puts spaces, tabs and a CR around the fields.
func appendLine(_ e: Event, spaced: Bool, to out: inout [UInt8]) {
    func decimal(_ v: UInt64) {
        let first = out.count
        var v = v
        repeat { out.append(UInt8(48 + v % 10)); v /= 10 } while v > 0
        out[first...].reverse()
    }
    func bytes(_ s: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
    if spaced { bytes(" \t") }
    decimal(e.tick)
    bytes(spaced ? " ,  " : ",")
    if e.channel == SpikeEvent.rewardChannel { bytes("reward") } else { decimal(UInt64(e.channel)) }
    if let v = e.value {
        bytes(spaced ? " ,\t" : ",")
        if v < 0 { bytes("-") }
        decimal(UInt64(v.magnitude))
    }
    if spaced { bytes(" \t\r") }
}

func roundTrip(_ events: [Event]) {
    var line: [UInt8] = []
    line.reserveCapacity(64)
    for e in events {
        for spaced in [false, true] {
            line.removeAll(keepingCapacity: true)
            appendLine(e, spaced: spaced, to: &line)
            var parser = SpikeEventParser()
            var result: Result<SpikeEvent?, FileError> = .success(nil)
            line.withUnsafeBytes { raw in
                do throws(FileError) { result = .success(try parser.parse(line: raw)) } catch {
                    result = .failure(error)
                }
            }
            var text: String { String(decoding: line, as: UTF8.self) }
            switch result {
            case .failure(let error):
                finding("event \(e.description) written as '\(text)' refused: \(describe(error))")
            case .success(let back):
                guard let back, back.tick == e.tick, back.channel == e.channel, back.value == e.value,
                      back.line == 1 else {
                    finding("event \(e.description) written as '\(text)' parsed back differently")
                }
            }
        }
    }
    // The whole file, with a header.
    var file = Array("tick,channel,value\n".utf8)
    file.reserveCapacity(file.count + 32 * events.count)
    for e in events {
        appendLine(e, spaced: false, to: &file)
        file.append(10)
    }
    let (back, _) = file.withUnsafeBytes { readThroughReader($0, events: events.count) }
    if let error = back.error { finding("written file refused: \(describe(error))") }
    guard back.events.count == events.count else {
        finding("written file: \(back.events.count) events back, \(events.count) written")
    }
    for (k, (a, b)) in zip(events, back.events).enumerated() {
        guard a.tick == b.tick, a.channel == b.channel, a.value == b.value, b.line == k + 2 else {
            finding("written file: event \(k) \(a.description) read back as \(b.description)")
        }
    }
}

// MARK: the entry point

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard hooksInstalled else { finding("the malloc hook is not installed or does not count") }
    let input = UnsafeRawBufferPointer(start: size > 0 ? UnsafeRawPointer(data) : nil, count: size)
    let lines = lineRanges(input)

    let expected = reference(input, lines)
    for (k, e) in expected.events.enumerated() {
        guard e.line >= 1, e.line <= lines.count else { finding("event line \(e.line) of \(lines.count) lines") }
        if k > 0 {
            let p = expected.events[k - 1]
            guard e.line > p.line else { finding("event lines \(p.line) then \(e.line)") }
            guard e.tick >= p.tick else { finding("ticks \(p.tick) then \(e.tick)") }
        }
        guard e.tick <= SpikeEvent.maximumTick else { finding("tick \(e.tick) above the maximum") }
        if e.channel == SpikeEvent.rewardChannel {
            guard e.value != nil else { finding("reward without a value") }
        } else {
            guard e.channel >= 0, UInt64(e.channel) <= SpikeEvent.maximumChannel else {
                finding("channel \(e.channel)")
            }
        }
    }
    if let error = expected.error {
        guard error.line >= 1, error.line <= lines.count else {
            finding("error \(describe(error)) outside the \(lines.count) lines")
        }
        guard error.systemError == 0 else { finding("parser error with an errno: \(describe(error))") }
    }

    let spec = specification(input, lines)
    guard spec.events == expected.events, spec.refused == expected.errorLine else {
        finding("specification: \(spec.events.count) events, refused line \(spec.refused.map(String.init) ?? "-"); "
                + "parser: \(expected.events.count) events, \(describe(expected.error))")
    }

    let (read, mallocs) = readThroughReader(input, events: expected.events.count)
    guard read.events == expected.events else {
        finding("reader: \(read.events.count) events, reference \(expected.events.count)")
    }
    guard sameError(read.error, expected.error) else {
        finding("reader: \(describe(read.error)); reference: \(describe(expected.error))")
    }
    guard mallocs == 0 else { finding("the reader's next() allocated \(mallocs) times") }

    roundTrip(expected.events)
    return 0
}
