import SpikeCore
import SpikeModel

// Size query, load, unload, reset (include/spikert.h, "Loading").

private let loadFlagCopy: UInt32 = 1

private func loadOptions(_ flags: UInt32) -> ModelLoadOptions? {
    guard flags & ~loadFlagCopy == 0 else { return nil }
    return flags & loadFlagCopy != 0 ? .copy : .inPlace
}

/// Handle bytes + the loader's arena bytes for `blob`, or the loader's error.
private func totalArenaSize(_ blob: UnsafeRawBufferPointer, _ options: ModelLoadOptions)
    -> (Int, CErrorRecord?)
{
    let modelBytes: Int
    do throws(ModelError) { modelBytes = try ModelLoader.arenaSize(blob: blob, options: options) } catch {
        return (0, CErrorRecord(error))
    }
    let (total, overflow) = modelBytes.addingReportingOverflow(NetHandle.reservedBytes)
    guard !overflow else { return (0, CErrorRecord(.limitExceeded, field: "arena")) }
    return (total, nil)
}

@_cdecl("spk_arena_size")
public func spkArenaSize(_ blob: UnsafeRawPointer?, _ blobLength: UInt, _ flags: UInt32,
                           _ size: UnsafeMutablePointer<UInt>?,
                           _ detail: UnsafeMutableRawPointer?) -> Int32
{
    let detail = CErrorRecord.destination(detail)
    guard let blob else { return detail.report(CErrorRecord(.nullPointer, field: "blob")) }
    guard let size else { return detail.report(CErrorRecord(.nullPointer, field: "size")) }
    guard let options = loadOptions(flags) else {
        return detail.report(CErrorRecord(.invalidArgument, field: "flags"))
    }
    let bytes = UnsafeRawBufferPointer(start: blob, count: CArguments.length(blobLength))
    let (total, failure) = totalArenaSize(bytes, options)
    if let failure { return detail.report(failure) }
    size.pointee = CArguments.size(total)
    return detail.report(.success)
}

@_cdecl("spk_load")
public func spkLoad(_ blob: UnsafeRawPointer?, _ blobLength: UInt,
                     _ arena: UnsafeMutableRawPointer?, _ arenaLength: UInt, _ flags: UInt32,
                     _ net: UnsafeMutablePointer<OpaquePointer?>?,
                     _ detail: UnsafeMutableRawPointer?) -> Int32
{
    let detail = CErrorRecord.destination(detail)
    guard let net else { return detail.report(CErrorRecord(.nullPointer, field: "net")) }
    net.pointee = nil
    guard let blob else { return detail.report(CErrorRecord(.nullPointer, field: "blob")) }
    guard let arena else { return detail.report(CErrorRecord(.nullPointer, field: "arena")) }
    guard let options = loadOptions(flags) else {
        return detail.report(CErrorRecord(.invalidArgument, field: "flags"))
    }
    guard UInt(bitPattern: arena) % 16 == 0 else {
        return detail.report(CErrorRecord(.arenaMisaligned, field: "arena"))
    }
    let blobBytes = UnsafeRawBufferPointer(start: blob, count: CArguments.length(blobLength))
    let arenaLength = CArguments.length(arenaLength)
    let reserved = NetHandle.reservedBytes
    if arenaLength >= 8, NetHandle.isLive(at: arena) {
        return detail.report(CErrorRecord(.arenaInUse, field: "arena"))
    }
    // Too small for even the handle, or for the model: say how much is needed.
    func tooSmall() -> Int32 {
        let (total, failure) = totalArenaSize(blobBytes, options)
        if let failure { return detail.report(failure) }
        return detail.report(CErrorRecord(.arenaTooSmall, field: "arena", needed: total))
    }
    guard arenaLength >= reserved else { return tooSmall() }
    let modelArena = UnsafeMutableRawBufferPointer(start: arena + reserved,
                                                   count: arenaLength &- reserved)
    let model: LoadedModel
    do throws(ModelError) { model = try ModelLoader.load(blob: blobBytes, arena: modelArena, options: options) }
    catch {
        if error.status == .arenaTooSmall { return tooSmall() }
        return detail.report(CErrorRecord(error))
    }
    // The tag is written with the handle, after everything else succeeded.
    arena.bindMemory(to: NetHandle.self, capacity: 1)
        .initialize(to: NetHandle(tag: NetHandle.tag(for: arena), model: model))
    net.pointee = OpaquePointer(arena)
    return detail.report(.success)
}

@_cdecl("spk_unload")
public func spkUnload(_ net: OpaquePointer?) -> Int32 {
    withHandle(net) { h in
        h.deinitialize(count: 1)
        UnsafeMutableRawPointer(h).storeBytes(of: 0 as UInt64, as: UInt64.self)
        return .ok
    }
}

@_cdecl("spk_reset")
public func spkReset(_ net: OpaquePointer?) -> Int32 {
    withHandle(net) { h in
        h.pointee.model.network.reset()
        return .ok
    }
}
