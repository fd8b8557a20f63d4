import SpikeControl
import SpikeIO

/// One connection on the control socket: its descriptor (nonblocking), who it is, the
/// bytes of a request line still arriving, the answers and notifications not yet
/// written, and what it subscribed to.
///
/// A class because the server keeps a list of them and Swift's Array needs copyable
/// elements; the descriptor inside stays non-copyable and closes when the client goes.
final class ControlClient {
    /// Bytes waiting to be written at most; a client that stops reading is dropped
    /// when its answers pile up past this, so it can never make the daemon buffer
    /// without bound or block.
    static let outboxLimit = 64 * 1024

    let descriptor: FileDescriptor
    let peer: PeerCredentials
    var assembler = LineAssembler()
    private(set) var outbox: [UInt8] = []
    private var sent = 0
    var subscribedToSpikes = false
    var subscribedToEvents = false
    /// Set when the client must be closed (end of stream, error, overflow).
    var closing = false
    /// Notifications dropped for it (its outbox was full of them).
    private(set) var droppedNotifications: UInt64 = 0

    init(descriptor: consuming FileDescriptor, peer: PeerCredentials) {
        self.descriptor = descriptor
        self.peer = peer
    }

    var hasPendingOutput: Bool { sent < outbox.count }

    /// Queue an answer. Answers are never dropped: a client that lets them pile up
    /// past the limit is disconnected instead.
    func send(_ line: [UInt8]) {
        guard !closing else { return }
        if outbox.count - sent + line.count > ControlClient.outboxLimit {
            closing = true
            return
        }
        outbox.append(contentsOf: line)
    }

    /// Queue a notification; dropped (and counted) when the client is behind by more
    /// than half the limit, so a slow subscriber loses spikes, not its connection.
    func notify(_ line: [UInt8]) {
        guard !closing else { return }
        if outbox.count - sent + line.count > ControlClient.outboxLimit / 2 {
            droppedNotifications &+= 1
            return
        }
        outbox.append(contentsOf: line)
    }

    /// Write what the socket takes now.
    func flush() {
        while sent < outbox.count {
            var n = 0
            var failed = false
            outbox.withUnsafeBytes { raw in
                do throws(SystemError) {
                    n = try descriptor.write(UnsafeRawBufferPointer(rebasing: raw[sent...]))
                } catch {
                    failed = true
                }
            }
            if failed {
                closing = true
                return
            }
            if n <= 0 { break }
            sent += n
        }
        if sent == outbox.count {
            outbox.removeAll(keepingCapacity: true)
            sent = 0
        } else if sent > 64 * 1024 {
            outbox.removeFirst(sent)
            sent = 0
        }
    }
}
