import CSystem

/// The refusals of line requests, worded once for every backend so that the fake and
/// libgpiod report the same situation with the same text (and tests of one stand for
/// the other).
extension GPIOError {
    static func noChip(_ label: String, systemError: Int32 = ENOENT) -> GPIOError {
        GPIOError("no GPIO chip is labelled \(label) (gpiodetect lists the labels)", systemError: systemError)
    }

    /// No chip with the label could be found because a chip could not be opened (most
    /// often permission: /dev/gpiochip* belong to group gpio).
    static func chipUnopenable(_ label: String, systemError: Int32) -> GPIOError {
        GPIOError("cannot open the GPIO chip labelled \(label) (errno \(systemError); permission denied is fixed by group gpio)",
                  systemError: systemError)
    }

    static func offsetOutOfRange(_ address: LineAddress, lines: UInt32) -> GPIOError {
        GPIOError("\(address.description): the chip \(address.chipLabel) \(linesText(lines))", systemError: EINVAL)
    }

    /// "has 58 lines (0-57)": what a valid offset is.
    static func linesText(_ count: UInt32) -> String {
        count == 0 ? "has no lines" : "has \(count) lines (0-\(count - 1))"
    }

    static func busy(_ address: LineAddress) -> GPIOError {
        GPIOError("\(address.description) is already in use by another consumer (gpioinfo shows which)",
                  systemError: EBUSY)
    }

    static func biasRefused(_ address: LineAddress, _ bias: LineBias, systemError: Int32) -> GPIOError {
        GPIOError("\(address.description): the kernel refused bias=\(bias.name) (bias needs Linux 5.5 or later and a chip that supports it; request bias=as-is and fit an external resistor)",
                  systemError: systemError)
    }

    /// A line request the kernel refused with `failure`: a bias it cannot set (drivers
    /// that cannot answer "not supported", ENOTSUPP being 524 inside the kernel; kernels
    /// before 5.5 answer EINVAL to the bias flags), a line in use, or anything else.
    static func requestRefused(_ what: String, _ address: LineAddress, bias: LineBias = .asIs,
                               failure: Int32) -> GPIOError {
        if bias != .asIs, failure == EINVAL || failure == EOPNOTSUPP || failure == 524 {
            return biasRefused(address, bias, systemError: failure)
        }
        if failure == EBUSY { return busy(address) }
        return system(what, address, systemError: failure)
    }

    /// A failed read of a line's events; nil when there was simply nothing to read.
    static func readFailed(_ address: LineAddress, failure: Int32) -> GPIOError? {
        if failure == EAGAIN || failure == EWOULDBLOCK { return nil }
        return system("cannot read events of", address, systemError: failure)
    }

    static func noSuchIndex(_ kind: StaticString, _ index: Int, count: Int) -> GPIOError {
        GPIOError("\(kind) index \(index) was never requested (\(count) requested)", systemError: EINVAL)
    }

    /// A failed call with its `errno` in words a user at a board can act on.
    static func system(_ what: String, _ address: LineAddress, systemError: Int32) -> GPIOError {
        let hint: StaticString
        switch systemError {
        case EACCES, EPERM: hint = "permission denied: run as a member of group gpio"
        case EBUSY: hint = "the line is in use by another consumer"
        case ENOENT, ENODEV: hint = "no such chip or line"
        default: hint = "system error"
        }
        return GPIOError("\(what) \(address.description): \(hint) (errno \(systemError))", systemError: systemError)
    }
}
