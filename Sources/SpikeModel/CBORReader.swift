import SpikeCore
import CCBOR

/// A pull parser over the blob built on `cbor_stream_decode`, libcbor's stateless,
/// allocation-free decoder: each call decodes one item head (or one whole definite
/// string) and reports it through a callback. The callbacks are `@convention(c)`
/// closures without captures; their context pointer is the `CBOREvent` to fill. The
/// schema logic then runs in plain Swift on the returned events.
struct CBORReader {
    /// Arrays, maps and tags nested deeper than this are refused (`nestingTooDeep`).
    /// The schema needs 6 (blob, body, state, population states, one state, tag).
    static let maxDepth = 8

    let base: UnsafePointer<UInt8>
    let count: Int
    var offset: Int
    private var callbacks: cbor_callbacks
    private var event = CBOREvent()

    init(_ blob: UnsafeRawBufferPointer, offset: Int = 0) {
        base = blob.start
            .assumingMemoryBound(to: UInt8.self)
        count = blob.count
        self.offset = offset
        callbacks = CBORReader.makeCallbacks()
    }

    /// The next item, or `truncated` / `malformed`. Indefinite-length items are refused
    /// here as `malformed` ("indefinite"): SpikeRT blobs use definite lengths only.
    mutating func next(_ field: StaticString) throws(ModelError) -> CBOREvent {
        let start = offset
        let remaining = count &- start
        guard remaining > 0 else { throw ModelError(.truncated, offset: start, field: field) }
        try checkLongHead(at: start, remaining: remaining, field)
        event = CBOREvent()
        let result = withUnsafeMutablePointer(to: &event) { ctx in
            withUnsafePointer(to: &callbacks) { cb in
                cbor_stream_decode(base + start, remaining, cb, UnsafeMutableRawPointer(ctx))
            }
        }
        switch result.status {
        case CBOR_DECODER_FINISHED:
            break
        case CBOR_DECODER_NEDATA:
            throw ModelError(.truncated, offset: start, field: field)
        default:
            throw ModelError(.malformed, offset: start, field: field)
        }
        guard result.read > 0, result.read <= remaining, event.kind != .none else {
            throw ModelError(.malformed, offset: start, field: field)
        }
        if event.kind == .indefinite || event.kind == .indefiniteBreak {
            throw ModelError(.malformed, offset: start, field: "indefinite")
        }
        offset = start &+ result.read
        event.offset = start
        return event
    }

    /// A head with an 8-byte argument for a string, array or map whose length cannot
    /// fit in what is left is truncated. Checked here because libcbor narrows such
    /// lengths to `size_t`, which is 32 bits on the Arm targets.
    private func checkLongHead(at start: Int, remaining: Int, _ field: StaticString)
        throws(ModelError)
    {
        let head = base[start]
        let major = head &>> 5
        guard major >= 2, major <= 5, head & 31 == 27 else { return }
        guard remaining >= 9 else { throw ModelError(.truncated, offset: start, field: field) }
        var length: UInt64 = 0
        for k in 1...8 { length = (length &<< 8) | UInt64(_truncatingBits: UInt(base[start &+ k])) }
        if length > wide(remaining) {
            throw ModelError(.truncated, offset: start, field: field)
        }
    }

    /// Skip one complete item (of any type, however nested, up to `maxDepth`), whose
    /// head is `e` and which sits at nesting depth `depth`. Floats are skipped like any
    /// other item: extension values are `any` in docs/model.cddl and are never read.
    /// (A float where the schema wants a number is `wrongType`: the typed reads accept
    /// integers only.)
    mutating func skip(_ e: CBOREvent, depth: Int) throws(ModelError) {
        switch e.kind {
        case .array, .map, .tag:
            guard depth < CBORReader.maxDepth else {
                throw ModelError(.nestingTooDeep, offset: e.offset, field: "depth")
            }
            if e.kind == .tag {
                try skip(next("tag content"), depth: depth &+ 1)
                return
            }
            var left = e.value
            let perEntry: UInt64 = e.kind == .map ? 2 : 1
            // Each element takes at least one byte, so a huge count ends in `truncated`.
            while left > 0 {
                for _ in 0..<perEntry { try skip(next("element"), depth: depth &+ 1) }
                left &-= 1
            }
        default:
            return
        }
    }

    // MARK: callbacks

    @inline(__always)
    private static func record(_ ctx: UnsafeMutableRawPointer?, _ kind: CBOREvent.Kind,
                               _ value: UInt64, _ data: UnsafeRawPointer? = nil) {
        guard let e = ctx?.assumingMemoryBound(to: CBOREvent.self) else { return }
        e.pointee.kind = kind
        e.pointee.value = value
        e.pointee.data = data
    }

    @inline(__always)
    private static func widen(_ x: UInt32) -> UInt64 { UInt64(_truncatingBits: UInt(x)) }

    /// A string or collection length as libcbor hands it to the callbacks: `size_t`
    /// (`Int`) in libcbor 0.8, `uint64_t` (`UInt64`) from 0.9 on. Two overloads, not a
    /// generic conversion, so that either header version compiles on 32-bit targets
    /// under `-no-allocations` (see cross/README.md).
    @inline(__always)
    private static func length(_ n: Int) -> UInt64 { UInt64(_truncatingBits: UInt(bitPattern: n)) }
    @inline(__always)
    private static func length(_ n: UInt64) -> UInt64 { n }

    /// libcbor's `uint32`/`negint32` callback type, `void (*)(void *, uint32_t)`.
    private typealias UInt32Callback = @convention(c) (UnsafeMutableRawPointer?, UInt32) -> Void
    /// The same callback taking the value's bits as an `int32_t`. On RISC-V 64 the C
    /// ABI passes every 32-bit integer, unsigned ones too, sign-extended to 64 bits, and
    /// C compilers do so; Swift 6.3 declares a C function's `UInt32` parameter
    /// zero-extended instead (its `Int32` ones correctly sign-extended) and trusts the
    /// upper half, so a value with bit 31 set (half of all CRC-32s) arrived with the
    /// upper 32 bits set. An `Int32` parameter has the C ABI of `uint32_t` on every
    /// target (ARM and x86_64 do not extend 32-bit arguments), so these two callbacks
    /// are C functions of `Int32`, given to libcbor as the type it declares.
    private typealias Int32Callback = @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void

    private static func makeCallbacks() -> cbor_callbacks {
        var cb = cbor_callbacks()
        cb.uint8 = { c, v in CBORReader.record(c, .unsigned, CBORReader.widen(UInt32(v))) }
        cb.uint16 = { c, v in CBORReader.record(c, .unsigned, CBORReader.widen(UInt32(v))) }
        let uint32: Int32Callback = { c, v in
            CBORReader.record(c, .unsigned, CBORReader.widen(UInt32(bitPattern: v)))
        }
        cb.uint32 = unsafeBitCast(uint32, to: UInt32Callback.self)
        cb.uint64 = { c, v in CBORReader.record(c, .unsigned, v) }
        cb.negint8 = { c, v in CBORReader.record(c, .negative, CBORReader.widen(UInt32(v))) }
        cb.negint16 = { c, v in CBORReader.record(c, .negative, CBORReader.widen(UInt32(v))) }
        let negint32: Int32Callback = { c, v in
            CBORReader.record(c, .negative, CBORReader.widen(UInt32(bitPattern: v)))
        }
        cb.negint32 = unsafeBitCast(negint32, to: UInt32Callback.self)
        cb.negint64 = { c, v in CBORReader.record(c, .negative, v) }
        cb.byte_string = { c, d, n in
            CBORReader.record(c, .bytes, CBORReader.length(n), UnsafeRawPointer(d))
        }
        cb.byte_string_start = { c in CBORReader.record(c, .indefinite, 0) }
        cb.string = { c, d, n in
            CBORReader.record(c, .text, CBORReader.length(n), UnsafeRawPointer(d))
        }
        cb.string_start = { c in CBORReader.record(c, .indefinite, 0) }
        cb.array_start = { c, n in CBORReader.record(c, .array, CBORReader.length(n)) }
        cb.indef_array_start = { c in CBORReader.record(c, .indefinite, 0) }
        cb.map_start = { c, n in CBORReader.record(c, .map, CBORReader.length(n)) }
        cb.indef_map_start = { c in CBORReader.record(c, .indefinite, 0) }
        cb.tag = { c, v in CBORReader.record(c, .tag, v) }
        cb.float2 = { c, _ in CBORReader.record(c, .float, 0) }
        cb.float4 = { c, _ in CBORReader.record(c, .float, 0) }
        cb.float8 = { c, _ in CBORReader.record(c, .float, 0) }
        cb.undefined = { c in CBORReader.record(c, .undefined, 0) }
        cb.null = { c in CBORReader.record(c, .null, 0) }
        cb.boolean = { c, b in CBORReader.record(c, .bool, b ? 1 : 0) }
        cb.indef_break = { c in CBORReader.record(c, .indefiniteBreak, 0) }
        return cb
    }
}
