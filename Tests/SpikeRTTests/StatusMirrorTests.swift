import CSpikeRT
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
