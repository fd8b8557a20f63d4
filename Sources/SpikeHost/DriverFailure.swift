import SpikeIO

/// Why `TickDriver.run` stopped early: the source could not be read, or (when the
/// driver stops on rejections) an event did not fit the model.
public enum DriverFailure: Error {
    case source(FileError)
    case event(EventRejection)
}
