import SpikeCore
import SpikeModel

/// What a `spk_net *` points at: the first bytes of the caller's arena, followed by the
/// loaded model (`ModelLoader` places the network and all its buffers after it).
///
/// The handle is the arena's address, so the library keeps no table of handles and
/// needs no globals. `tag` is a fixed magic XOR-ed with the handle's own address: it
/// tells a live handle apart from a zeroed, unloaded or overwritten arena, and from a
/// copy of a live arena made with memcpy (whose internal pointers still point into the
/// original, so using it would be unsafe).
struct NetHandle: ~Copyable {
    var tag: UInt64
    var model: LoadedModel

    /// "SPKNET" + format 1.
    static let magic: UInt64 = 0x5350_4B4E_4554_0001

    /// Bytes reserved for the handle at the start of the arena: its size rounded up
    /// to the arena alignment, so the model's part stays 16-byte aligned.
    static var reservedBytes: Int {
        (MemoryLayout<NetHandle>.stride &+ 15) & ~15
    }

    static func tag(for address: UnsafeRawPointer) -> UInt64 {
        magic ^ UInt64(_truncatingBits: UInt(bitPattern: address))
    }

    /// True if `address` (16-byte aligned) holds a live handle.
    static func isLive(at address: UnsafeRawPointer) -> Bool {
        address.load(as: UInt64.self) == tag(for: address)
    }

    /// The live handle at `net`, or the status that says why there is none. Out of
    /// line: every export starts with it, and inlined it cost each one about 30 bytes.
    @inline(never)
    static func lookup(_ net: OpaquePointer?) -> (UnsafeMutablePointer<NetHandle>?, SpikeStatus) {
        guard let net else { return (nil, .nullPointer) }
        let raw = UnsafeMutableRawPointer(net)
        guard UInt(bitPattern: raw) % 16 == 0, isLive(at: raw) else { return (nil, .badHandle) }
        return (raw.assumingMemoryBound(to: NetHandle.self), .ok)
    }
}

/// Run `body` with the live handle behind a C `spk_net *`; its status becomes the C
/// return value. `nullPointer` and `badHandle` are answered here, before `body`.
@inline(__always)
func withHandle(_ net: OpaquePointer?, _ body: (UnsafeMutablePointer<NetHandle>) -> SpikeStatus)
    -> Int32
{
    let (handle, status) = NetHandle.lookup(net)
    guard let handle else { return status.rawValue }
    return body(handle).rawValue
}
