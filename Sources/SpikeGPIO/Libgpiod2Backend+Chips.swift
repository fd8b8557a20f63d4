#if SPIKERT_LIBGPIOD2
import CGPIOD
import CSystem

/// Chips by label and lines by name for `Libgpiod2Backend`. libgpiod 2.x dropped
/// `gpiod_chip_open_by_label` and `gpiod_line_find` (1.6 iterated the chips inside the
/// library), so the backend visits the GPIO chips of its device directory itself, in
/// number order (`GPIOChipPaths`): a label is found on the first chip that has it, a
/// kernel line name on the first chip that has a line of that name.
extension Libgpiod2Backend {
    // MARK: GPIOLineLookup

    public func lineCount(chipLabel: String) -> UInt32? {
        for chip in chips where ASCIIText.equal(chip.label, chipLabel) {
            return Libgpiod2Backend.info(of: chip.handle)?.lines
        }
        let found = Libgpiod2Backend.firstChip(in: deviceDirectory) { _, label in ASCIIText.equal(label, chipLabel) }
        guard let handle = found.chip else { return nil }
        defer { gpiod_chip_close(handle) }
        return Libgpiod2Backend.info(of: handle)?.lines
    }

    public func findLine(named name: String) -> LineAddress? {
        guard !name.utf8.isEmpty else { return nil }
        var offset: Int32 = -1
        let found = Libgpiod2Backend.firstChip(in: deviceDirectory) { chip, _ in
            offset = name.withCString { gpiod_chip_get_line_offset_from_name(chip, $0) }
            return offset >= 0
        }
        guard let handle = found.chip, offset >= 0 else { return nil }
        gpiod_chip_close(handle)
        return LineAddress(chipLabel: found.label, offset: UInt32(offset))
    }

    // MARK: Chips

    /// The chip labelled `label`, opened on first use and kept open with the lines
    /// requested on it.
    mutating func openChip(_ label: String) throws(GPIOError) -> OpaquePointer {
        for chip in chips where ASCIIText.equal(chip.label, label) { return chip.handle }
        let found = Libgpiod2Backend.firstChip(in: deviceDirectory) { _, chipLabel in ASCIIText.equal(chipLabel, label) }
        guard let handle = found.chip else {
            // A chip that could not be opened may be the one: say why, not "no chip".
            if found.failure == 0 || found.failure == ENOENT { throw GPIOError.noChip(label) }
            throw GPIOError.chipUnopenable(label, systemError: found.failure)
        }
        chips.append((label: label, handle: handle))
        return handle
    }

    /// The line count of an open chip, or nil when libgpiod cannot read its info.
    static func lineCount(of chip: OpaquePointer) -> UInt32? {
        info(of: chip)?.lines
    }

    /// The label and line count of an open chip.
    static func info(of chip: OpaquePointer) -> (label: String, lines: UInt32)? {
        guard let info = gpiod_chip_get_info(chip) else { return nil }
        defer { gpiod_chip_info_free(info) }
        let label = gpiod_chip_info_get_label(info).map { String(cString: $0) } ?? ""
        return (label: label, lines: UInt32(clamping: gpiod_chip_info_get_num_lines(info)))
    }

    /// The first chip of `directory`, in number order, that `wanted` accepts (given the
    /// open chip and its label), left open for the caller; every other chip is closed
    /// again. Entries that are not GPIO character devices are skipped. Without a match:
    /// nil, and the `errno` of the first chip that could not be opened (0 when every
    /// chip could), so that "permission denied" is not reported as "no such chip".
    static func firstChip(in directory: String,
                          where wanted: (OpaquePointer, String) -> Bool) -> (chip: OpaquePointer?, label: String, failure: Int32) {
        var failure: Int32 = 0
        for path in GPIOChipPaths.list(in: directory) {
            guard path.withCString({ gpiod_is_gpiochip_device($0) }) else { continue }
            guard let chip = path.withCString({ gpiod_chip_open($0) }) else {
                if failure == 0 { failure = spk_errno() }
                continue
            }
            let label = info(of: chip)?.label ?? ""
            if wanted(chip, label) { return (chip: chip, label: label, failure: 0) }
            gpiod_chip_close(chip)
        }
        return (chip: nil, label: "", failure: failure)
    }
}
#endif
