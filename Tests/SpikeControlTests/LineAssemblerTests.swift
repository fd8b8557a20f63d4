import TestSupport
import Testing
import SpikeControl

/// Splitting a socket's byte stream into lines, with a bounded buffer.
@Suite("Line assembler")
struct LineAssemblerTests {
    enum Piece: Equatable { case line(String), oversized(Int) }

    /// Feed `chunks` one by one, then finish; everything handed out, in order.
    func run(_ chunks: [[UInt8]], limit: Int, finish: Bool = true) -> ([Piece], Int) {
        var assembler = LineAssembler(limit: limit)
        var pieces: [Piece] = []
        var maxPending = 0
        let collect: (AssembledLine) -> Void = { out in
            switch out {
            case .line(let raw): pieces.append(.line(String(decoding: raw, as: UTF8.self)))
            case .oversized(let n): pieces.append(.oversized(n))
            }
        }
        for chunk in chunks {
            chunk.withUnsafeBytes { assembler.feed($0, collect) }
            maxPending = max(maxPending, assembler.pendingCount)
        }
        if finish { assembler.finish(collect) }
        return (pieces, maxPending)
    }

    @Test("several lines per read, lines split across reads, empty lines, last line without newline")
    func splitting() {
        let (pieces, _) = run([bytes("a\nbc"), bytes("d\n\nef"), bytes("g"), bytes("\nh")], limit: 10)
        #expect(pieces == [.line("a"), .line("bcd"), .line(""), .line("efg"), .line("h")])
    }

    @Test("a line of exactly the limit passes; one byte more is reported once and skipped")
    func oversized() {
        let (pieces, maxPending) = run([bytes("12345\n123456"), bytes("789"), bytes("0\nok\n")], limit: 5)
        #expect(pieces == [.line("12345"), .oversized(6), .line("ok")])
        #expect(maxPending <= 5)
        // Reported once even when the oversized line spans many reads.
        let flood = [bytes("x")] + Array(repeating: Array(repeating: UInt8(ascii: "y"), count: 1000), count: 50) + [bytes("\nnext\n")]
        let (floodPieces, floodPending) = run(flood, limit: 64)
        #expect(floodPieces == [.oversized(1001), .line("next")])
        #expect(floodPending <= 64)
        // An oversized line that ends inside the same read.
        #expect(run([bytes("abcdefgh\nz\n")], limit: 4).0 == [.oversized(8), .line("z")])
        // An unfinished oversized line at the end of the stream is not handed out again.
        #expect(run([bytes("abcdefgh")], limit: 4).0 == [.oversized(8)])
    }

    @Test("without finish, an unfinished line stays pending")
    func pending() {
        var assembler = LineAssembler(limit: 8)
        var count = 0
        bytes("abc").withUnsafeBytes { assembler.feed($0) { _ in count += 1 } }
        #expect(count == 0)
        #expect(assembler.pendingCount == 3)
    }

    @Test("a throwing handler stops the feed and leaves no stale pending bytes")
    func throwingHandler() {
        struct Stop: Error {}
        var assembler = LineAssembler(limit: 8)
        bytes("ab").withUnsafeBytes { assembler.feed($0) { _ in } }
        let thrown: Bool = bytes("c\nd\n").withUnsafeBytes { raw in
            do throws(Stop) {
                try assembler.feed(raw) { (_: AssembledLine) throws(Stop) in throw Stop() }
                return false
            } catch { return true }
        }
        #expect(thrown)
        #expect(assembler.pendingCount == 0)
    }

    @Test("random chunking gives the same lines as splitting the whole stream", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func randomChunks(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        let limit = 1 + rng.below(40)
        var stream: [UInt8] = []
        for _ in 0..<200 {
            let n = rng.below(60)
            for _ in 0..<n { stream.append(UInt8(ascii: "a") + UInt8(rng.below(26))) }
            stream.append(0x0A)
        }
        var expected: [Piece] = []
        for line in stream.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast() {
            expected.append(line.count <= limit ? .line(String(decoding: line, as: UTF8.self)) : .oversized(-1))
        }
        var chunks: [[UInt8]] = []
        var i = 0
        while i < stream.count {
            let n = min(1 + rng.below(90), stream.count - i)
            chunks.append(Array(stream[i..<(i + n)]))
            i += n
        }
        let (pieces, maxPending) = run(chunks, limit: limit)
        // Oversized counts depend on where reads ended; compare only the kind.
        let normalized = pieces.map { piece -> Piece in if case .oversized(let n) = piece { #expect(n > limit); return .oversized(-1) }; return piece }
        #expect(normalized == expected)
        #expect(maxPending <= limit)
    }
}
