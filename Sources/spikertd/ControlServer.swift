import CSystem
import SpikeControl
import SpikeIO

/// The control socket: a listening Unix stream socket (mode 0660) and its clients.
///
/// Everything is nonblocking and driven by the daemon's one poll loop: the server adds
/// its descriptors to the poll set, and after poll returns it accepts, reads complete
/// request lines (handing each to the daemon) and writes what the clients take. A
/// class, so that the daemon's handlers may read the server (counters) while it serves.
final class ControlServer {
    /// Connections at most; one more is told why and closed.
    static let maximumClients = 16

    let path: String
    private let listener: UnixListener
    private(set) var clients: [ControlClient] = []
    private var listenerSlot = -1
    private var clientSlots: [Int] = []
    /// Connections refused (credentials, too many clients).
    private(set) var refused: UInt64 = 0

    init(path: String) throws(SystemError) {
        self.path = path
        listener = try UnixListener(path: path, mode: 0o660, backlog: 16)
    }

    /// Add the listener and every client to `poll` (write interest only for clients
    /// with output waiting, so an idle daemon is never woken by writable sockets).
    func register(in poll: inout PollSet) {
        listenerSlot = poll.add(listener.descriptor, events: PollSet.readable)
        clientSlots.removeAll(keepingCapacity: true)
        for client in clients {
            var events = PollSet.readable
            if client.hasPendingOutput { events |= PollSet.writable }
            clientSlots.append(poll.add(client.descriptor.rawValue, events: events))
        }
    }

    /// Accept, read and write after `poll` returned. `handle` gets each complete line
    /// (or oversized-line report) with its client.
    func service(_ poll: borrowing PollSet, handle: (ControlClient, AssembledLine) -> Void) {
        for (k, client) in clients.enumerated() where k < clientSlots.count {
            let slot = clientSlots[k]
            if poll.has(PollSet.readable | PollSet.hangUp | PollSet.error, at: slot) {
                read(client, handle: handle)
            }
            if client.hasPendingOutput { client.flush() }
        }
        if listenerSlot >= 0, poll.has(PollSet.readable, at: listenerSlot) { acceptAll() }
        // Closing clients had their last answers flushed above (as far as the socket
        // took them); they go now.
        clients.removeAll { $0.closing }
    }

    /// Write what every client takes now (after answers and notifications were queued).
    func flushAll() {
        for client in clients where client.hasPendingOutput { client.flush() }
    }

    /// Send a notification line to the clients subscribed to spikes (`spikes` true) or
    /// to events.
    func broadcast(_ line: [UInt8], spikes: Bool) {
        for client in clients where spikes ? client.subscribedToSpikes : client.subscribedToEvents {
            client.notify(line)
        }
    }

    var hasSpikeSubscribers: Bool { clients.contains { $0.subscribedToSpikes } }

    private func read(_ client: ControlClient, handle: (ControlClient, AssembledLine) -> Void) {
        // 1 KiB per client per turn (about 30 short requests): what one turn spends on
        // the busiest clients stays small, so every other client is answered within
        // milliseconds; a larger request simply takes a few turns (poll wakes at once).
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 16)
        defer { buffer.deallocate() }
        // One read per wake-up, so one chatty client cannot starve the ticks or the
        // other clients; none at all from a client already being dropped.
        for _ in 0..<1 where !client.closing {
            let n: Int
            do {
                n = try client.descriptor.read(into: buffer)
            } catch {
                client.closing = true
                return
            }
            if n == FileDescriptor.wouldBlock { return }
            if n == 0 {
                client.assembler.finish { line in handle(client, line) }
                client.closing = true
                return
            }
            client.assembler.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { line in
                handle(client, line)
            }
        }
    }

    private func acceptAll() {
        while true {
            let accepted: AcceptedConnection?
            do { accepted = try listener.accept() } catch {
                Log.warning("control socket \(path): accept: \(error.message)")
                return
            }
            guard let connection = accepted else { return }
            let peer = connection.peer
            let client = ControlClient(descriptor: connection.descriptor, peer: peer)
            if let reason = PeerPolicy.refusal(peer) {
                refused &+= 1
                Log.warning("control socket: refused pid \(peer.processID) uid \(peer.userID): \(reason)")
                client.send(ControlResponse.error(ControlError(.invalidRequest, reason)))
                client.flush()
                continue
            }
            guard clients.count < ControlServer.maximumClients else {
                refused &+= 1
                client.send(ControlResponse.error(ControlError(.invalidRequest,
                    "too many control connections (at most \(ControlServer.maximumClients))")))
                client.flush()
                continue
            }
            clients.append(client)
        }
    }
}
