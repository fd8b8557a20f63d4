// libFuzzer harness for the control protocol (docs/FUZZING.md): SpikeControl's request
// parser, JSON parser and writer, and LineAssembler.
//
// For every input:
//   1. ControlRequest(parsing:) on the whole input: a request must serialize (`line`)
//      and parse back equal; a refusal must render as an error response line that
//      parses as JSON with an integer error code, and name a JSON-RPC code;
//   2. JSONValue(parsing:): an accepted value written by JSONWriter is one line that
//      parses back equal; a refusal's offset lies within the input;
//   3. LineAssembler with a limit and read sizes taken from the input's first bytes:
//      the lines it hands out equal those of splitting the input at newlines (lines over
//      the limit reported once as oversized, with more than `limit` bytes seen), and the
//      pending bytes never exceed the limit.
// A broken invariant is fatalError (a finding); ASan/libFuzzer report crashes, traps
// (overflow, out-of-range index), leaks and hangs.

import SpikeControl

@inline(never)
func finding(_ what: String) -> Never {
    fatalError("ControlFuzzer invariant broken: \(what)")
}

func checkRequest(_ input: UnsafeRawBufferPointer) {
    do throws(ControlError) {
        let request = try ControlRequest(parsing: input)
        let again: ControlRequest
        do throws(ControlError) {
            again = try ControlRequest(parsing: request.line)
        } catch {
            finding("request line refused: \(error.message)")
        }
        guard again == request else { finding("request line parsed to another request") }
    } catch {
        let line = ControlResponse.error(error)
        guard line.last == 0x0A, !line.dropLast().contains(0x0A) else { finding("error response not one line") }
        let parsed: JSONValue
        do throws(JSONParseError) {
            parsed = try JSONValue(parsing: line)
        } catch {
            finding("error response is not JSON: \(error.reason) at \(error.offset)")
        }
        guard let code = parsed["error"]?["code"]?.integerValue, ControlErrorCode(rawValue: Int32(truncatingIfNeeded: code)) != nil,
              parsed["error"]?["message"]?.stringBytes != nil else {
            finding("error response without code and message")
        }
    }
}

func checkJSON(_ input: UnsafeRawBufferPointer) {
    do throws(JSONParseError) {
        let value = try JSONValue(parsing: input)
        let line = JSONWriter.line(value)
        guard line.last == 0x0A, !line.dropLast().contains(0x0A) else { finding("written value not one line") }
        let back: JSONValue
        do throws(JSONParseError) {
            back = try JSONValue(parsing: line)
        } catch {
            finding("written value refused: \(error.reason) at \(error.offset)")
        }
        guard back == value else { finding("written value parsed to another value") }
    } catch {
        guard error.offset >= 0, error.offset <= input.count else { finding("offset \(error.offset) outside the input") }
    }
}

func checkAssembler(_ input: UnsafeRawBufferPointer) {
    guard input.count >= 2 else { return }
    let limit = 1 + Int(input[0]) % 64
    let readSeed = Int(input[1])
    let stream = UnsafeRawBufferPointer(rebasing: input[2...])

    // Reference: split at newlines; the last piece is unterminated (handed out by finish).
    enum Piece: Equatable { case line([UInt8]), oversized }
    var expected: [Piece] = []
    var current: [UInt8] = []
    for b in stream {
        if b == 0x0A {
            expected.append(current.count <= limit ? .line(current) : .oversized)
            current = []
        } else {
            current.append(b)
        }
    }
    if current.count > limit { expected.append(.oversized) } else if !current.isEmpty { expected.append(.line(current)) }

    var assembler = LineAssembler(limit: limit)
    var pieces: [Piece] = []
    let collect: (AssembledLine) -> Void = { out in
        switch out {
        case .line(let raw):
            if raw.count > limit { finding("line of \(raw.count) bytes over the limit \(limit)") }
            pieces.append(.line(Array(raw)))
        case .oversized(let seen):
            if seen <= limit { finding("oversized with \(seen) bytes, limit \(limit)") }
            pieces.append(.oversized)
        }
    }
    var offset = 0
    var k = 0
    while offset < stream.count {
        let size = min(stream.count - offset, 1 + (readSeed &* 31 &+ k &* 17) % 97)
        assembler.feed(UnsafeRawBufferPointer(rebasing: stream[offset..<(offset + size)]), collect)
        if assembler.pendingCount > limit { finding("pending \(assembler.pendingCount) over the limit \(limit)") }
        offset += size
        k += 1
    }
    assembler.finish(collect)
    guard pieces == expected else { finding("assembled \(pieces.count) pieces, expected \(expected.count)") }
    guard assembler.pendingCount == 0 else { finding("bytes left after finish") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let input = UnsafeRawBufferPointer(start: data, count: size)
    checkRequest(input)
    checkJSON(input)
    checkAssembler(input)
    return 0
}
