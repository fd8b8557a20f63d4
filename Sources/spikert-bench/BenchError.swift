/// Why the benchmark could not run a workload: a message for the user.
///
/// One concrete error type so every `throws` is typed, as Embedded Swift requires (no
/// existential `any Error`).
struct BenchError: Error {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
