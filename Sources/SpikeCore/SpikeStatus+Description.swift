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

extension SpikeStatus {
    /// The texts of `text`, codes 0 … `last` then "unknown status", NUL-separated.
    /// Keep in the order of the codes and equal to `text` (StatusMirrorTests compares
    /// them for every code through `spk_status_str`).
    private static let cTexts: StaticString = """
        ok\0null pointer\0arena too small\0arena not 16-byte aligned\0\
        invalid population\0invalid projection\0invalid encoder\0invalid decoder\0\
        zero-delay cycle\0limit exceeded\0index out of range\0\
        wrong state for this call\0not supported\0not a SpikeRT blob\0\
        unsupported blob version\0blob checksum mismatch\0blob truncated\0\
        bytes after the end of the blob\0wrong CBOR type for the field\0\
        value out of range\0missing required field\0duplicate field\0\
        unknown required field\0tensor shape mismatch\0nesting too deep\0\
        malformed CBOR\0output buffer too small\0not a live network handle\0\
        arena already holds a live network\0invalid argument\0\
        invalid learning rule\0unknown status
        """

    /// `text` as a NUL-terminated C string, for `spk_status_str()`. Found by counting
    /// NULs in one string rather than by `text`'s switch: the switch materializes a
    /// StaticString per case, about 430 bytes of Thumb-2 where this loop is a few dozen.
    public var cText: UnsafePointer<UInt8> {
        let unknown = Int(SpikeStatus.last.rawValue) &+ 1
        var skip = rawValue >= 0 && rawValue <= SpikeStatus.last.rawValue
            ? Int(rawValue) : unknown
        var p = SpikeStatus.cTexts.utf8Start
        while skip > 0 {
            if p.pointee == 0 { skip &-= 1 }
            p += 1
        }
        return p
    }
}
