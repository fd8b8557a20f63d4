/// Why a GPIO operation failed, in words a user can act on: the message names the
/// offending text or line and, where there is one, what would have been valid.
///
/// One error type for the whole module, because every failure here ends the same way:
/// the daemon refuses a configuration or a request and prints `message`. `systemError`
/// keeps the `errno` of a failed system or libgpiod call (0 otherwise) so callers can
/// tell "busy" from "no permission" without parsing the text.
public struct GPIOError: Error {
    public var message: String
    /// `errno` of the failed call, or 0 when the error is about the input.
    public var systemError: Int32

    public init(_ message: String, systemError: Int32 = 0) {
        self.message = message
        self.systemError = systemError
    }
}
