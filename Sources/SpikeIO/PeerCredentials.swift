import CSystem

/// Who connected to a Unix socket: the process, user and group the kernel recorded
/// when the peer called connect(2) (SO_PEERCRED; the peer cannot forge them). The
/// control socket checks them before it obeys.
public struct PeerCredentials: Equatable, Sendable {
    public var processID: pid_t
    public var userID: uid_t
    public var groupID: gid_t

    public init(processID: pid_t, userID: uid_t, groupID: gid_t) {
        self.processID = processID
        self.userID = userID
        self.groupID = groupID
    }
}
