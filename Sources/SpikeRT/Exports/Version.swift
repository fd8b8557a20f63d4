import SpikeCore
import SpikeModel

// Version and status strings (include/spikert.h, "Version" and "Status codes").

/// SPK_VERSION_NUMBER of this library (SpikeVersion): major·1000000 + minor·1000 +
/// patch. Must equal the header's (a test compares them; cross/check-abi.py ties the
/// major part to the committed symbol list).
let libraryVersionNumber: UInt32 = SpikeVersion.number
let libraryVersion: StaticString = SpikeVersion.text

@_cdecl("spk_version_number")
public func spkVersionNumber() -> UInt32 {
    libraryVersionNumber
}

@_cdecl("spk_version")
public func spkVersion() -> UnsafeRawPointer {
    UnsafeRawPointer(libraryVersion.utf8Start)
}

@_cdecl("spk_status_str")
public func spkStatusStr(_ status: Int32) -> UnsafeRawPointer {
    UnsafeRawPointer(SpikeStatus(rawValue: status).cText)
}
