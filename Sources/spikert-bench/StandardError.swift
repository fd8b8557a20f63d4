import CSystem

/// Progress and error lines on file descriptor 2.
///
/// Written with `write(2)` rather than through libc's `stderr`: the imported C global is
/// shared mutable state that Swift 6 strict concurrency rejects, and unbuffered writes
/// keep progress visible while a long run goes on.
enum StandardError {
    static func line(_ text: String) {
        var message = text + "\n"
        message.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var done = 0
            while done < bytes.count {
                let n = write(2, base + done, bytes.count - done)
                if n <= 0 { return }
                done += n
            }
        }
    }
}
