/// What `Arguments.takeValue` found for an option that takes a value.
///
/// Three cases rather than an optional so that `--ticks` at the end of the line is a
/// usage error ("needs a value") instead of silently meaning "not given".
public enum OptionValue {
    /// The next word is not this option.
    case absent
    /// The option is there but its value is not.
    case missing
    /// The option and its value.
    case present(String)
}
