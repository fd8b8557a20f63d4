/// Static text for each status: what `spk_status_str()` returns in the C ABI, and what
/// tools print. StaticString so it needs no allocation and no String machinery.
extension SpikeStatus {
    public var text: StaticString {
        switch rawValue {
        case SpikeStatus.ok.rawValue: return "ok"
        case SpikeStatus.nullPointer.rawValue: return "null pointer"
        case SpikeStatus.arenaTooSmall.rawValue: return "arena too small"
        case SpikeStatus.arenaMisaligned.rawValue: return "arena not 16-byte aligned"
        case SpikeStatus.invalidPopulation.rawValue: return "invalid population"
        case SpikeStatus.invalidProjection.rawValue: return "invalid projection"
        case SpikeStatus.invalidEncoder.rawValue: return "invalid encoder"
        case SpikeStatus.invalidDecoder.rawValue: return "invalid decoder"
        case SpikeStatus.zeroDelayCycle.rawValue: return "zero-delay cycle"
        case SpikeStatus.limitExceeded.rawValue: return "limit exceeded"
        case SpikeStatus.outOfRange.rawValue: return "index out of range"
        case SpikeStatus.wrongState.rawValue: return "wrong state for this call"
        case SpikeStatus.unsupported.rawValue: return "not supported"
        case SpikeStatus.badMagic.rawValue: return "not a SpikeRT blob"
        case SpikeStatus.unsupportedVersion.rawValue: return "unsupported blob version"
        case SpikeStatus.checksumMismatch.rawValue: return "blob checksum mismatch"
        case SpikeStatus.truncated.rawValue: return "blob truncated"
        case SpikeStatus.trailingBytes.rawValue: return "bytes after the end of the blob"
        case SpikeStatus.wrongType.rawValue: return "wrong CBOR type for the field"
        case SpikeStatus.valueOutOfRange.rawValue: return "value out of range"
        case SpikeStatus.missingField.rawValue: return "missing required field"
        case SpikeStatus.duplicateField.rawValue: return "duplicate field"
        case SpikeStatus.unknownField.rawValue: return "unknown required field"
        case SpikeStatus.badShape.rawValue: return "tensor shape mismatch"
        case SpikeStatus.nestingTooDeep.rawValue: return "nesting too deep"
        case SpikeStatus.malformed.rawValue: return "malformed CBOR"
        case SpikeStatus.bufferTooSmall.rawValue: return "output buffer too small"
        case SpikeStatus.badHandle.rawValue: return "not a live network handle"
        case SpikeStatus.arenaInUse.rawValue: return "arena already holds a live network"
        case SpikeStatus.invalidArgument.rawValue: return "invalid argument"
        case SpikeStatus.invalidPlasticity.rawValue: return "invalid learning rule"
        default: return "unknown status"
        }
    }
}
