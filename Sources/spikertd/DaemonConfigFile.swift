import SpikeHost
import SpikeIO

/// The daemon's config file: KEY=VALUE lines in the format of the board profiles
/// (boards/README.md), each KEY one of the option table's keys. A repeatable option's
/// value is a space-separated list (`GPIO_IN="GPIO17=0,edge=rising GPIO22=1"`); a
/// switch is yes or no. Unknown keys are errors naming the line, so a typo never
/// silently does nothing.
enum DaemonConfigFile {
    struct Failure: Error {
        var message: String
    }

    static func read(_ path: String, into options: inout DaemonOptions) -> Result<Void, Failure> {
        let file: KeyValueFile
        do { file = try KeyValueFile(path: path) } catch {
            return .failure(Failure(message: "\(path): \(error.message)"))
        }
        for entry in file.entries {
            guard let option = DaemonOption.all.first(where: { DaemonOption.same(key: $0.key, entry.key) }),
                  !option.named("--config") else {
                return .failure(Failure(message: "\(path) line \(entry.line): unknown key '\(entry.key)'"))
            }
            let values: [String]
            if option.repeatable {
                values = Array(entry.value.utf8).split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
            } else {
                values = [entry.value]
            }
            for value in values {
                if let message = option.apply(&options, value) {
                    return .failure(Failure(message: "\(path) line \(entry.line): \(message)"))
                }
            }
        }
        return .success(())
    }
}
