import SpikeIO

/// Loading a profile from boards/ through SpikeIO's `KeyValueFile`, the one reader of
/// the KEY=VALUE format (so the daemon reads a profile exactly as the cross scripts'
/// `board_load` does).
extension BoardProfile {
    /// Load the profile file at `path`.
    public init(path: String) throws(GPIOError) {
        let file: KeyValueFile
        do throws(KeyValueError) {
            file = try KeyValueFile(path: path)
        } catch {
            throw GPIOError("board profile \(path): \(error.message)", systemError: error.systemError)
        }
        try self.init(values: { file.value(for: $0) })
    }

    /// Load the profile of board `id` (e.g. `rpi4`) from `directory` (e.g. the
    /// installed boards/). The id must be a profile name — lowercase letters, digits
    /// and `-` — so that it can never reach outside the directory, and the file's `ID`
    /// must equal it.
    public init(boardID id: String, directory: String) throws(GPIOError) {
        var valid = !id.utf8.isEmpty
        for byte in id.utf8 where !(ASCIIText.isDigit(byte) || (byte >= 97 && byte <= 122) || byte == 45) {
            valid = false
        }
        guard valid else {
            throw GPIOError("\"\(id)\" is not a board id (lowercase letters, digits and -, e.g. rpi4; the profiles are in \(directory))")
        }
        try self.init(path: directory + "/" + id)
        guard ASCIIText.equal(self.id, id) else {
            throw GPIOError("board profile \(directory)/\(id) has ID=\(self.id); the ID must equal the file name")
        }
    }
}
