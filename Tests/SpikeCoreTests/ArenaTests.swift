import Testing
import SpikeCore

/// The caller-owned arena: the size query is exact, short or misaligned arenas are
/// refused before anything is written, tensors can stay in place, networks are
/// independent and reset is complete.
@Suite("Arena and lifecycle")
struct ArenaTests {
    static let pops = [PopulationSpec(size: 8, model: .input),
                       NetworkBuilder.population(.lif, size: 16, threshold: 300, beta: 60000)]
    static let weights = (0..<128).map { Int8(truncatingIfNeeded: $0 * 37) }

    func withSpec<R>(inPlace: Bool = false, _ body: (NetworkSpec) throws -> R) rethrows -> R {
        try Self.weights.withUnsafeBufferPointer { w in
            var projection = NetworkBuilder.projection(0, 1, shift: 3)
            projection.weights = w
            return try Self.pops.withUnsafeBufferPointer { p in
                try [projection].withUnsafeBufferPointer { q in
                    var spec = NetworkSpec(populations: p, projections: q, seed: 3)
                    spec.tensorsInPlace = inPlace
                    return try body(spec)
                }
            }
        }
    }

    func run(_ net: inout Network, ticks: Int) throws -> UInt64 {
        for t in 0..<ticks {
            try net.injectSpike(population: 0, neuron: t % 8)
            try net.injectSpike(population: 0, neuron: (t * 3) % 8)
            net.step()
        }
        return net.stateHash()
    }

    @Test("exact size works; one byte short and misaligned arenas are refused")
    func sizes() throws {
        try withSpec { spec in
            let size = try Network.arenaSize(for: spec)
            let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: size + 16, alignment: 16)
            defer { raw.deallocate() }
            let exact = UnsafeMutableRawBufferPointer(start: raw.baseAddress, count: size)
            #expect(throws: Never.self) { _ = try Network(spec: spec, arena: exact) }
            let short = UnsafeMutableRawBufferPointer(start: raw.baseAddress, count: size - 1)
            #expect(throws: SpikeError(.arenaTooSmall, index: size)) { _ = try Network(spec: spec, arena: short) }
            let shifted = UnsafeMutableRawBufferPointer(start: raw.baseAddress! + 4, count: size)
            #expect((try? Network(spec: spec, arena: shifted)) == nil)
            do throws(SpikeError) { _ = try Network(spec: spec, arena: shifted) } catch {
                #expect(error.status == .arenaMisaligned)
            }
            #expect(throws: SpikeError(.nullPointer)) {
                _ = try Network(spec: spec, arena: UnsafeMutableRawBufferPointer(start: nil, count: 0))
            }
        }
    }

    @Test("tensors used in place: smaller arena, identical behaviour")
    func inPlace() throws {
        let copied = try withSpec { spec -> (Int, UInt64) in
            let size = try Network.arenaSize(for: spec)
            let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer { raw.deallocate() }
            var net = try Network(spec: spec, arena: raw)
            return (size, try run(&net, ticks: 50))
        }
        let borrowed = try withSpec(inPlace: true) { spec -> (Int, UInt64) in
            let size = try Network.arenaSize(for: spec)
            let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer { raw.deallocate() }
            var net = try Network(spec: spec, arena: raw)
            return (size, try run(&net, ticks: 50))
        }
        #expect(borrowed.0 <= copied.0 - Self.weights.count)
        #expect(borrowed.1 == copied.1)
    }

    @Test("two networks never share state; reset returns to the initial state")
    func independenceAndReset() throws {
        try withSpec { spec in
            let size = try Network.arenaSize(for: spec)
            let a = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            let b = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
            defer { a.deallocate(); b.deallocate() }
            var first = try Network(spec: spec, arena: a)
            var second = try Network(spec: spec, arena: b)
            let initial = first.stateHash()
            let h1 = try run(&first, ticks: 40)
            #expect(second.stateHash() == initial)
            let h2 = try run(&second, ticks: 40)
            #expect(h1 == h2 && h1 != initial)
            first.reset()
            #expect(first.stateHash() == initial)
            #expect(first.counters == NetworkCounters())
            #expect(try run(&first, ticks: 40) == h1)
        }
    }
}
