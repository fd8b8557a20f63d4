/// A client accepted by `UnixListener`: its nonblocking, close-on-exec descriptor, and
/// who it is (the kernel's record, checked before the daemon obeys a request).
///
/// No deinit of its own and `@frozen`, so a caller in another module may take the
/// parts apart (`let fd = connection.descriptor`: partial consumption is allowed only
/// for frozen types across modules).
@frozen
public struct AcceptedConnection: ~Copyable {
    public var descriptor: FileDescriptor
    public var peer: PeerCredentials

    public init(descriptor: consuming FileDescriptor, peer: PeerCredentials) {
        self.descriptor = descriptor
        self.peer = peer
    }
}
