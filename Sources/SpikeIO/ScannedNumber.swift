/// What a run of decimal digits in a spike-file field turned out to be: nothing (no
/// digits), a value within the field's limit, or a number above it — told apart so
/// that the message can say "too large, the limit is …" instead of "expected a number".
enum ScannedNumber: Equatable {
    case none
    case value(UInt64)
    case tooLarge
}
