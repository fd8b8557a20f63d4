import SpikeCore
import SpikeModel

/// Swift's view of the C `spk_error` (include/spikert.h): same fields, same order,
/// same natural alignment, so the layouts agree on every target (a test compares them
/// with the C declaration). Public for Swift callers of the exports (the CLI's
/// export-c asks `spkArenaSize` the way a C program would).
public struct CErrorRecord {
    public var status: Int32
    public var reserved: UInt32
    public var offset: UInt64
    public var needed: UInt64
    /// A static NUL-terminated string.
    public var field: UnsafeRawPointer

    /// What a successful call stores (and a blank record to pass in).
    public static var success: CErrorRecord {
        CErrorRecord(status: 0, reserved: 0, offset: 0, needed: 0,
                     field: UnsafeRawPointer(("" as StaticString).utf8Start))
    }

    /// The C `spk_error *` argument (a Swift struct cannot appear in a @_cdecl
    /// signature, so it arrives as a raw pointer), or nil when the caller passed NULL.
    static func destination(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<CErrorRecord>? {
        raw?.bindMemory(to: CErrorRecord.self, capacity: 1)
    }

    init(status: Int32, reserved: UInt32, offset: UInt64, needed: UInt64, field: UnsafeRawPointer) {
        self.status = status
        self.reserved = reserved
        self.offset = offset
        self.needed = needed
        self.field = field
    }

    /// A failure with no blob position (bad arguments, arena problems).
    init(_ status: SpikeStatus, field: StaticString, needed: Int = 0) {
        self.init(status: status.rawValue, reserved: 0, offset: 0,
                  needed: UInt64(_truncatingBits: UInt(bitPattern: needed)),
                  field: UnsafeRawPointer(field.utf8Start))
    }

    /// A loader failure: status, byte offset, schema field and, for an arena or buffer
    /// that is too small, the bytes it needs.
    init(_ error: ModelError) {
        self.init(status: error.status.rawValue, reserved: 0,
                  offset: UInt64(_truncatingBits: UInt(bitPattern: error.offset)),
                  needed: UInt64(_truncatingBits: UInt(bitPattern: error.needed)),
                  field: UnsafeRawPointer(error.field.utf8Start))
    }
}

extension Optional where Wrapped == UnsafeMutablePointer<CErrorRecord> {
    /// Store `record` if the caller asked for details, and return its status.
    @inline(__always)
    func report(_ record: CErrorRecord) -> Int32 {
        self?.pointee = record
        return record.status
    }
}
