// libFuzzer harness for the model-blob loader (docs/FUZZING.md).
//
// For every input:
//   1. the bytes are copied into a fresh allocation at offset 0..3 from a 16-byte
//      boundary (offset = size % 4, so that length mutations explore all alignments;
//      the first byte is no good for this: every valid blob starts with 0x84);
//   2. ModelLoader.arenaSize for .inPlace and .copy: both succeed, or both fail with
//      the same status (a .copy-only limitExceeded is allowed: the arena is larger);
//   3. for each option that sized: allocate exactly that arena (16-byte aligned) and
//      load. In .copy mode the blob copy is freed right after load, so ASan reports
//      any pointer the model kept into the blob. Then, for every loaded model:
//      8 ticks, each injecting a spike into neuron 0 of every INPUT population;
//      checkpointSize + writeCheckpoint (written == size); the checkpoint must load
//      (in place) with the same stateHash; its own checkpoint must be byte-identical;
//      one more tick on both must again give equal hashes;
//   4. the .inPlace and .copy models must end with the same stateHash.
// An input refused only for its CRC is checked again with the CRC recomputed (below).
// Any ModelError from the input blob is fine. A broken invariant is fatalError (a
// finding); ASan/libFuzzer report crashes, out-of-bounds accesses, leaks and hangs.

import SpikeCore
import SpikeModel
#if canImport(Glibc)
import Glibc
#endif

/// SPIKERT_FUZZ_VERBOSE=1: one line per input (what loaded, the final hash), for
/// triage and for checking that the seeds really load: `loader-fuzzer -runs=0 corpus`.
let verbose = getenv("SPIKERT_FUZZ_VERBOSE") != nil

/// Arenas above this are not allocated (skipped, not a finding): libFuzzer's RSS
/// limit would otherwise turn a legal but huge model into a false OOM report.
let maxArena = 64 << 20
let ticks = 8

@inline(never)
func finding(_ what: String) -> Never {
    fatalError("LoaderFuzzer invariant broken: \(what)")
}

/// 16-byte aligned memory of `count` bytes (at least 1), zero-filled.
func alignedAllocate(_ count: Int) -> UnsafeMutableRawBufferPointer {
    let p = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
    p.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
    return UnsafeMutableRawBufferPointer(start: p, count: count)
}

/// A copy of `bytes` at `offset` (0..15) past a 16-byte boundary. Returns the view
/// and the allocation to free.
func placedCopy(_ bytes: UnsafeRawBufferPointer, offset: Int)
    -> (blob: UnsafeRawBufferPointer, allocation: UnsafeMutableRawPointer)
{
    let storage = UnsafeMutableRawPointer.allocate(byteCount: bytes.count + offset + 1, alignment: 16)
    if let base = bytes.baseAddress, bytes.count > 0 {
        (storage + offset).copyMemory(from: base, byteCount: bytes.count)
    }
    return (UnsafeRawBufferPointer(start: storage + offset, count: bytes.count), storage)
}

/// 8 ticks with a spike into neuron 0 of every INPUT population each tick.
func drive(_ model: inout LoadedModel) {
    for _ in 0..<ticks {
        for p in 0..<model.network.populationCount {
            // wrongState for non-INPUT populations: expected, ignored.
            try? model.network.injectSpike(population: p, neuron: 0)
        }
        model.network.step()
    }
}

/// Checkpoint `model`, reload the checkpoint, compare. Returns the final state hash.
func checkpointRoundTrip(_ model: inout LoadedModel, _ label: String) -> UInt64 {
    let size: Int
    do { size = try model.checkpointSize() } catch { finding("\(label): checkpointSize failed: \(error)") }
    guard size > 0, size <= maxArena else { finding("\(label): checkpointSize \(size)") }
    let buffer = alignedAllocate(size)
    defer { buffer.baseAddress!.deallocate() }
    let written: Int
    do { written = try model.writeCheckpoint(into: buffer) } catch {
        finding("\(label): writeCheckpoint failed: \(error)")
    }
    guard written == size else { finding("\(label): wrote \(written) bytes, size said \(size)") }
    let blob = UnsafeRawBufferPointer(start: buffer.baseAddress, count: written)

    let arenaBytes: Int
    do { arenaBytes = try ModelLoader.arenaSize(blob: blob, options: .inPlace) } catch {
        finding("\(label): checkpoint does not size: \(error)")
    }
    guard arenaBytes <= maxArena * 2 else { finding("\(label): checkpoint arena \(arenaBytes)") }
    let arena = alignedAllocate(arenaBytes)
    defer { arena.baseAddress!.deallocate() }
    var restored: LoadedModel
    do { restored = try ModelLoader.load(blob: blob, arena: arena, options: .inPlace) } catch {
        finding("\(label): checkpoint does not load: \(error)")
    }
    guard restored.restoredState else { finding("\(label): checkpoint restoredState == false") }
    let h0 = model.readNetwork { $0.stateHash() }
    let h1 = restored.readNetwork { $0.stateHash() }
    guard h0 == h1 else { finding("\(label): stateHash \(h0) != restored \(h1)") }

    // A checkpoint of the freshly loaded checkpoint is byte-identical (docs/LOADER.md).
    let again = alignedAllocate(size)
    defer { again.baseAddress!.deallocate() }
    let written2: Int
    do { written2 = try restored.writeCheckpoint(into: again) } catch {
        finding("\(label): re-checkpoint failed: \(error)")
    }
    guard written2 == written, memcmpEqual(buffer, again, written) else {
        finding("\(label): checkpoint of the checkpoint differs (\(written) vs \(written2) bytes)")
    }

    // Continuing from the checkpoint gives the same state.
    for p in 0..<model.network.populationCount { try? model.network.injectSpike(population: p, neuron: 0) }
    model.network.step()
    for p in 0..<restored.network.populationCount { try? restored.network.injectSpike(population: p, neuron: 0) }
    restored.network.step()
    let a = model.readNetwork { $0.stateHash() }
    let b = restored.readNetwork { $0.stateHash() }
    guard a == b else { finding("\(label): after one more tick \(a) != restored \(b)") }
    return a
}

func memcmpEqual(_ x: UnsafeMutableRawBufferPointer, _ y: UnsafeMutableRawBufferPointer, _ n: Int) -> Bool {
    for i in 0..<n where x[i] != y[i] { return false }
    return true
}

/// Load with `options` into an arena of `arenaBytes`, drive, checkpoint. Returns the
/// final hash, or nil if the load was refused (a ModelError: fine).
func exercise(_ input: UnsafeRawBufferPointer, offset: Int, options: ModelLoadOptions,
              arenaBytes: Int, label: String) -> UInt64?
{
    let (blob, storage) = placedCopy(input, offset: offset)
    var blobFreed = false
    defer { if !blobFreed { storage.deallocate() } }
    let arena = alignedAllocate(arenaBytes)
    defer { arena.baseAddress!.deallocate() }
    var model: LoadedModel
    do { model = try ModelLoader.load(blob: blob, arena: arena, options: options) } catch {
        return nil
    }
    if !options.inPlace {
        // The model must not keep anything pointing into the blob.
        storage.deallocate()
        blobFreed = true
    }
    drive(&model)
    return checkpointRoundTrip(&model, label)
}

/// CRC-32 (IEEE, reflected, as zlib.crc32), independent of SpikeModel's.
let crcTable: [UInt32] = (0..<256).map { (n: Int) -> UInt32 in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
}

func crc32(_ b: UnsafeRawBufferPointer) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for x in b { c = crcTable[Int((c ^ UInt32(x)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    let refusal = check(input)
    // Almost every mutation breaks the CRC, which the loader checks before the schema.
    // So a blob refused for its CRC only, ending in a 4-byte CRC item (0x1A + 4 bytes,
    // as every writer emits it), is checked a second time with the CRC recomputed:
    // the schema, cross-reference, load and checkpoint code see mutated blobs too.
    // The error's offset is the CRC item's (a 0x1A at size - 5 can be inside the body
    // when the CRC item is a shorter uint).
    if let e = refusal, e.status == .checksumMismatch, size >= 5, e.offset == size - 5,
       input[size - 5] == 0x1A
    {
        let fixed = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { fixed.deallocate() }
        fixed.copyMemory(from: input)
        let c = crc32(UnsafeRawBufferPointer(rebasing: input[0..<(size - 5)]))
        fixed[size - 4] = UInt8(truncatingIfNeeded: c >> 24)
        fixed[size - 3] = UInt8(truncatingIfNeeded: c >> 16)
        fixed[size - 2] = UInt8(truncatingIfNeeded: c >> 8)
        fixed[size - 1] = UInt8(truncatingIfNeeded: c)
        let again = check(UnsafeRawBufferPointer(fixed))
        if again?.status == .checksumMismatch { finding("checksumMismatch after recomputing the CRC") }
    }
    return 0
}

/// One blob through every check. Returns arenaSize's refusal (nil: it sized).
func check(_ input: UnsafeRawBufferPointer) -> ModelError? {
    let size = input.count
    let offset = size % 4
    let (blob, storage) = placedCopy(input, offset: offset)
    defer { storage.deallocate() }

    var sizeInPlace: Int? = nil, sizeCopy: Int? = nil
    var errInPlace: ModelError? = nil, errCopy: ModelError? = nil
    do { sizeInPlace = try ModelLoader.arenaSize(blob: blob, options: .inPlace) } catch { errInPlace = error }
    do { sizeCopy = try ModelLoader.arenaSize(blob: blob, options: .copy) } catch { errCopy = error }

    switch (errInPlace, errCopy) {
    case (nil, nil):
        guard sizeCopy! >= sizeInPlace! else {
            finding("arenaSize .copy \(sizeCopy!) < .inPlace \(sizeInPlace!)")
        }
    case let (a?, b?):
        guard a.status == b.status else {
            finding("arenaSize statuses differ: .inPlace \(a) .copy \(b)")
        }
        if verbose { print("LoaderFuzzer: \(size) bytes at +\(offset): refused \(a.status) at \(a.offset) (\(a.field))") }
        return a
    case (nil, let b?):
        guard b.status == .limitExceeded else { finding("only .copy refused: \(b)") }
    case (let a?, nil):
        finding("only .inPlace refused: \(a)")
    }

    var hashInPlace: UInt64? = nil, hashCopy: UInt64? = nil
    if let n = sizeInPlace, n <= maxArena {
        hashInPlace = exercise(input, offset: offset, options: .inPlace, arenaBytes: n, label: "inPlace")
    }
    if let n = sizeCopy, n <= maxArena {
        hashCopy = exercise(input, offset: offset, options: .copy, arenaBytes: n, label: "copy")
    }
    if verbose {
        print("LoaderFuzzer: \(size) bytes at +\(offset): arena inPlace \(sizeInPlace.map(String.init) ?? "\(errInPlace!)") copy \(sizeCopy.map(String.init) ?? "\(errCopy!)"); hash inPlace \(hashInPlace.map(String.init) ?? "-") copy \(hashCopy.map(String.init) ?? "-")")
    }
    if let a = hashInPlace, let b = hashCopy, a != b {
        finding("stateHash .inPlace \(a) != .copy \(b)")
    }
    if (sizeInPlace ?? 0) <= maxArena, (sizeCopy ?? 0) <= maxArena,
       sizeInPlace != nil, sizeCopy != nil, (hashInPlace == nil) != (hashCopy == nil) {
        finding("load refused in one mode only (inPlace \(hashInPlace != nil), copy \(hashCopy != nil))")
    }
    return nil
}
