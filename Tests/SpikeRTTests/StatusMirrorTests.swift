import CSpikeRT
import Foundation
import SpikeCore
@testable import SpikeRT
import Testing

/// The C header and the Swift side must agree number for number: SpikeStatus mirrors
/// the SPK_* status #defines, the library's version is the header's, and spk_error has
/// the layout the exports write.
@Suite("C ABI mirrors")
struct StatusMirrorTests {
    /// Every status, paired with its C #define as the compiler imports it from
    /// include/spikert.h.
    static let pairs: [(SpikeStatus, Int32, String)] = [
        (.ok, SPK_OK, "SPK_OK"),
        (.nullPointer, SPK_E_NULL, "SPK_E_NULL"),
        (.arenaTooSmall, SPK_E_ARENA_TOO_SMALL, "SPK_E_ARENA_TOO_SMALL"),
        (.arenaMisaligned, SPK_E_ARENA_MISALIGNED, "SPK_E_ARENA_MISALIGNED"),
        (.invalidPopulation, SPK_E_INVALID_POPULATION, "SPK_E_INVALID_POPULATION"),
        (.invalidProjection, SPK_E_INVALID_PROJECTION, "SPK_E_INVALID_PROJECTION"),
        (.invalidEncoder, SPK_E_INVALID_ENCODER, "SPK_E_INVALID_ENCODER"),
        (.invalidDecoder, SPK_E_INVALID_DECODER, "SPK_E_INVALID_DECODER"),
        (.zeroDelayCycle, SPK_E_ZERO_DELAY_CYCLE, "SPK_E_ZERO_DELAY_CYCLE"),
        (.limitExceeded, SPK_E_LIMIT, "SPK_E_LIMIT"),
        (.outOfRange, SPK_E_RANGE, "SPK_E_RANGE"),
        (.wrongState, SPK_E_STATE, "SPK_E_STATE"),
        (.unsupported, SPK_E_UNSUPPORTED, "SPK_E_UNSUPPORTED"),
        (.badMagic, SPK_E_BAD_MAGIC, "SPK_E_BAD_MAGIC"),
        (.unsupportedVersion, SPK_E_VERSION, "SPK_E_VERSION"),
        (.checksumMismatch, SPK_E_CHECKSUM, "SPK_E_CHECKSUM"),
        (.truncated, SPK_E_TRUNCATED, "SPK_E_TRUNCATED"),
        (.trailingBytes, SPK_E_TRAILING, "SPK_E_TRAILING"),
        (.wrongType, SPK_E_TYPE, "SPK_E_TYPE"),
        (.valueOutOfRange, SPK_E_VALUE, "SPK_E_VALUE"),
        (.missingField, SPK_E_MISSING, "SPK_E_MISSING"),
        (.duplicateField, SPK_E_DUPLICATE, "SPK_E_DUPLICATE"),
        (.unknownField, SPK_E_UNKNOWN_FIELD, "SPK_E_UNKNOWN_FIELD"),
        (.badShape, SPK_E_SHAPE, "SPK_E_SHAPE"),
        (.nestingTooDeep, SPK_E_NESTING, "SPK_E_NESTING"),
        (.malformed, SPK_E_MALFORMED, "SPK_E_MALFORMED"),
        (.bufferTooSmall, SPK_E_BUFFER_TOO_SMALL, "SPK_E_BUFFER_TOO_SMALL"),
        (.badHandle, SPK_E_BAD_HANDLE, "SPK_E_BAD_HANDLE"),
        (.arenaInUse, SPK_E_ARENA_IN_USE, "SPK_E_ARENA_IN_USE"),
        (.invalidArgument, SPK_E_ARGUMENT, "SPK_E_ARGUMENT"),
        (.invalidPlasticity, SPK_E_PLASTICITY, "SPK_E_PLASTICITY"),
    ]

    @Test("each SpikeStatus equals its C #define")
    func statusValues() {
        for (status, cValue, name) in Self.pairs {
            #expect(status.rawValue == cValue, "\(name): Swift \(status.rawValue), C \(cValue)")
        }
    }

    @Test("the codes are exactly 0 … SpikeStatus.last, each once")
    func statusCoverage() {
        let codes = Self.pairs.map(\.1).sorted()
        #expect(codes == Array(0...SpikeStatus.last.rawValue))
    }

    @Test("spk_status_str gives each code's own text, and one for unknown codes")
    func statusStrings() {
        var seen = Set<String>()
        for (status, cValue, name) in Self.pairs {
            let text = String(cString: spk_status_str(cValue))
            #expect(text == String(describing: status.text), "\(name)")
            #expect(!text.isEmpty && text != "unknown status", "\(name)")
            seen.insert(text)
        }
        #expect(seen.count == Self.pairs.count, "status texts must be distinct")
        #expect(String(cString: spk_status_str(SpikeStatus.last.rawValue + 1)) == "unknown status")
        #expect(String(cString: spk_status_str(-1)) == "unknown status")
    }

    @Test("SPK_E_PLASTICITY is the last code, new in 1.1")
    func plasticityIsLast() {
        #expect(SpikeStatus.last == .invalidPlasticity)
        #expect(SPK_E_PLASTICITY == 30)
    }

    @Test("the header is version 1.1.0")
    func headerVersion() {
        #expect(SPK_VERSION == "1.1.0")
        #expect(SPK_VERSION_NUMBER == 1_001_000)
    }

    @Test("library version equals the header's")
    func version() {
        #expect(spk_version_number() == UInt32(SPK_VERSION_NUMBER))
        #expect(String(cString: spk_version()) == SPK_VERSION)
        let parts = SPK_VERSION.split(separator: ".").compactMap { UInt32($0) }
        #expect(parts.count == 3)
        #expect(parts.count == 3
            && parts[0] * 1_000_000 + parts[1] * 1000 + parts[2] == UInt32(SPK_VERSION_NUMBER))
    }

    @Test("spk_error and the Swift record the exports write have one layout")
    func errorLayout() {
        #expect(MemoryLayout<spk_error>.size == MemoryLayout<CErrorRecord>.size)
        #expect(MemoryLayout<spk_error>.alignment == MemoryLayout<CErrorRecord>.alignment)
        #expect(MemoryLayout<spk_error>.offset(of: \.status) == MemoryLayout<CErrorRecord>.offset(of: \.status))
        #expect(MemoryLayout<spk_error>.offset(of: \.reserved) == MemoryLayout<CErrorRecord>.offset(of: \.reserved))
        #expect(MemoryLayout<spk_error>.offset(of: \.offset) == MemoryLayout<CErrorRecord>.offset(of: \.offset))
        #expect(MemoryLayout<spk_error>.offset(of: \.needed) == MemoryLayout<CErrorRecord>.offset(of: \.needed))
        #expect(MemoryLayout<spk_error>.offset(of: \.field) == MemoryLayout<CErrorRecord>.offset(of: \.field))
    }
}

/// The header's enumerations that repeat SpikeCore's raw values (blob codes).
@Suite("C ABI enumerations")
struct EnumerationMirrorTests {
    @Test("SPK_MODEL_* equal NeuronModel's raw values")
    func models() {
        let pairs: [(NeuronModel, UInt32)] = [
            (.input, SPK_MODEL_INPUT), (.lif, SPK_MODEL_LIF), (.cuba, SPK_MODEL_CUBA),
            (.integrateAndFire, SPK_MODEL_IF), (.leakyIntegrator, SPK_MODEL_LI),
            (.adaptiveLIF, SPK_MODEL_ALIF), (.izhikevich, SPK_MODEL_IZH),
        ]
        for (model, c) in pairs { #expect(UInt32(model.rawValue) == c, "\(model)") }
        #expect(NeuronModel(rawValue: UInt8(SPK_MODEL_IZH) + 1) == nil, "a model without a SPK_MODEL_ constant")
    }

    @Test("SPK_DECODER_* equal DecoderKind's raw values")
    func decoders() {
        let pairs: [(DecoderKind, UInt32)] = [
            (.count, SPK_DECODER_COUNT), (.firstSpike, SPK_DECODER_FIRST_SPIKE),
            (.membrane, SPK_DECODER_MEMBRANE),
        ]
        for (kind, c) in pairs { #expect(UInt32(kind.rawValue) == c, "\(kind)") }
        #expect(DecoderKind(rawValue: UInt8(SPK_DECODER_MEMBRANE) + 1) == nil, "a kind without a SPK_DECODER_ constant")
    }
}

/// The 1.1 enumerations: learning parameter ids, power modes, the counter count.
@Suite("C ABI 1.1 enumerations")
struct LearningPowerMirrorTests {
    @Test("SPK_PARAM_* equal PlasticityParameter's raw values")
    func parameters() {
        let pairs: [(PlasticityParameter, UInt32, String)] = [
            (.aPlus, SPK_PARAM_A_PLUS, "SPK_PARAM_A_PLUS"),
            (.aMinus, SPK_PARAM_A_MINUS, "SPK_PARAM_A_MINUS"),
            (.decayPre, SPK_PARAM_DECAY_PRE, "SPK_PARAM_DECAY_PRE"),
            (.decayPost, SPK_PARAM_DECAY_POST, "SPK_PARAM_DECAY_POST"),
            (.wMin, SPK_PARAM_W_MIN, "SPK_PARAM_W_MIN"),
            (.wMax, SPK_PARAM_W_MAX, "SPK_PARAM_W_MAX"),
            (.learningRate, SPK_PARAM_LEARNING_RATE, "SPK_PARAM_LEARNING_RATE"),
            (.decayEligibility, SPK_PARAM_DECAY_ELIG, "SPK_PARAM_DECAY_ELIG"),
            (.bounds, SPK_PARAM_BOUNDS, "SPK_PARAM_BOUNDS"),
            (.normTarget, SPK_PARAM_NORM_TARGET, "SPK_PARAM_NORM_TARGET"),
        ]
        for (parameter, c, name) in pairs {
            #expect(UInt32(parameter.rawValue) == c, "\(name)")
        }
        #expect(pairs.map(\.1) == Array(0...SPK_PARAM_NORM_TARGET), "ids 0 … 9, each once")
        #expect(PlasticityParameter(rawValue: UInt8(SPK_PARAM_NORM_TARGET) + 1) == nil,
                "a parameter without a SPK_PARAM_ constant")
    }

    @Test("SPK_POWER_* equal PowerMode's raw values")
    func powerModes() {
        let pairs: [(PowerMode, UInt32)] = [
            (.normal, SPK_POWER_NORMAL), (.low, SPK_POWER_LOW), (.full, SPK_POWER_FULL),
        ]
        for (mode, c) in pairs { #expect(UInt32(mode.rawValue) == c, "\(mode)") }
        #expect(PowerMode(rawValue: UInt8(SPK_POWER_FULL) + 1) == nil, "a mode without a SPK_POWER_ constant")
    }

    @Test("SPK_COUNTER_COUNT counters are readable, the next id is not; spk_energy takes that many costs")
    func counterCount() throws {
        #expect(SPK_COUNTER_COUNT == SPK_COUNTER_PLASTICITY_UPDATES + 1)
        try withLoaded("learning_toggle_params") { net in
            var v: UInt64 = 0
            for id in 0..<SPK_COUNTER_COUNT {
                #expect(spk_counter(net, id, &v) == SPK_OK, "counter \(id)")
            }
            #expect(spk_counter(net, SPK_COUNTER_COUNT, &v) == SPK_E_ARGUMENT)
            let costs = [UInt64](repeating: 1, count: Int(SPK_COUNTER_COUNT) + 1)
            var total: UInt64 = 0
            #expect(spk_energy(net, costs, Int(SPK_COUNTER_COUNT), &total) == SPK_OK)
            #expect(spk_energy(net, costs, Int(SPK_COUNTER_COUNT) + 1, &total) == SPK_E_ARGUMENT)
        }
    }

    @Test("spk_learning_param reads the blob's rule by SPK_PARAM_* id")
    func parameterIdsReadTheRule() throws {
        // rule 0 of learning_toggle_params (projection 0): Golden/learning_toggle_params.json
        let want: [(UInt32, Int32)] = [
            (SPK_PARAM_A_PLUS, 98304), (SPK_PARAM_A_MINUS, 98304),
            (SPK_PARAM_DECAY_PRE, 57835), (SPK_PARAM_DECAY_POST, 57835),
            (SPK_PARAM_W_MIN, -20), (SPK_PARAM_W_MAX, 80), (SPK_PARAM_LEARNING_RATE, 0),
            (SPK_PARAM_DECAY_ELIG, 0), (SPK_PARAM_BOUNDS, 0), (SPK_PARAM_NORM_TARGET, 0),
        ]
        try withLoaded("learning_toggle_params") { net in
            for (id, value) in want {
                var got: Int32 = -1
                #expect(spk_learning_param(net, 0, id, &got) == SPK_OK, "param \(id)")
                #expect(got == value, "param \(id)")
            }
            var got: Int32 = -1
            #expect(spk_learning_param(net, 0, SPK_PARAM_NORM_TARGET + 1, &got) == SPK_E_ARGUMENT)
            #expect(spk_learning_set_param(net, 0, SPK_PARAM_BOUNDS, 2) == SPK_E_RANGE)
        }
    }

    /// Load Tests/SpikeCoreTests/Blobs/<name>.spkb through the C ABI (copied into a
    /// 16-byte aligned arena), run `body` with the handle, unload.
    private func withLoaded(_ name: String, _ body: (OpaquePointer) throws -> Void) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SpikeCoreTests/Blobs/\(name).spkb")
        let blob = [UInt8](try Data(contentsOf: url))
        var size = 0
        try #require(spk_arena_size(blob, blob.count, SPK_LOAD_COPY, &size, nil) == SPK_OK)
        let arena = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { arena.deallocate() }
        var net: OpaquePointer?
        try #require(spk_load(blob, blob.count, arena, size, SPK_LOAD_COPY, &net, nil) == SPK_OK)
        let handle = try #require(net)
        defer { _ = spk_unload(handle) }
        try body(handle)
    }
}
