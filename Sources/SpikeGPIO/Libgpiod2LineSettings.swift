#if SPIKERT_LIBGPIOD2
import CGPIOD

/// How `InputLineConfig` and `OutputLineConfig` become libgpiod 2.x line settings: the
/// whole mapping in one place, so that tests check it without a GPIO chip (a settings
/// object reads back what was set, no kernel needed) and the backend only requests.
///
/// Every setting the daemon depends on is set explicitly rather than left to a default
/// that a libgpiod or kernel version might change:
/// - the event clock is CLOCK_MONOTONIC: `TickClock` bins kernel timestamps on the
///   monotonic clock (the v1 interface's clock since Linux 5.7, so both backends give
///   the daemon the same time base), never the realtime clock, which steps;
/// - debounce is the kernel's (`debounce_period_us`; gpiolib emulates it where the chip
///   cannot), with the period of the line's configuration, 0 for none;
/// - bias, active-low, direction and the initial output value as configured.
///
/// Only compiled against libgpiod 2.x (`SPIKERT_LIBGPIOD2`, set from the library's
/// pkg-config version): Swift cannot test for a C header's version.
public enum Libgpiod2LineSettings {
    /// The consumer name the kernel shows for our lines (`gpioinfo`).
    public static let consumer = "spikertd"

    /// The event queue asked of the kernel for each (one-line) request: 16, the v2
    /// default for one line and the v1 interface's fixed depth, so that both backends
    /// overflow at the same point and differ only in which event they drop.
    public static let eventBufferSize = EdgeEvent.batchCapacity

    public static func edgeDetection(_ edges: InputEdge) -> gpiod_line_edge {
        switch edges {
        case .rising: return GPIOD_LINE_EDGE_RISING
        case .falling: return GPIOD_LINE_EDGE_FALLING
        case .both: return GPIOD_LINE_EDGE_BOTH
        }
    }

    public static func bias(_ bias: LineBias) -> gpiod_line_bias {
        switch bias {
        case .asIs: return GPIOD_LINE_BIAS_AS_IS
        case .disabled: return GPIOD_LINE_BIAS_DISABLED
        case .pullUp: return GPIOD_LINE_BIAS_PULL_UP
        case .pullDown: return GPIOD_LINE_BIAS_PULL_DOWN
        }
    }

    /// The kernel's debounce period in whole microseconds, rounded up so that a period
    /// below 1 µs still debounces; saturates at the largest value `unsigned long` holds.
    public static func debouncePeriodMicroseconds(_ nanoseconds: UInt64) -> UInt {
        let micro = nanoseconds / 1000 + (nanoseconds % 1000 == 0 ? 0 : 1)
        return UInt(clamping: micro)
    }

    /// New settings for an input line (free them with `gpiod_line_settings_free`), or
    /// nil with `errno` set when libgpiod refuses one of the values.
    public static func makeInput(_ config: InputLineConfig) -> OpaquePointer? {
        guard let settings = gpiod_line_settings_new() else { return nil }
        gpiod_line_settings_set_active_low(settings, config.activeLow)
        gpiod_line_settings_set_debounce_period_us(settings, debouncePeriodMicroseconds(config.debounceNanoseconds))
        guard gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT) == 0,
              gpiod_line_settings_set_edge_detection(settings, edgeDetection(config.edges)) == 0,
              gpiod_line_settings_set_bias(settings, bias(config.bias)) == 0,
              gpiod_line_settings_set_event_clock(settings, GPIOD_LINE_CLOCK_MONOTONIC) == 0 else {
            gpiod_line_settings_free(settings)
            return nil
        }
        return settings
    }

    /// New settings for an output line, driven to its initial value from the moment of
    /// the request (never a glitch to the other level), or nil with `errno` set.
    public static func makeOutput(_ config: OutputLineConfig) -> OpaquePointer? {
        guard let settings = gpiod_line_settings_new() else { return nil }
        gpiod_line_settings_set_active_low(settings, config.activeLow)
        let value = config.initialActive ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE
        guard gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT) == 0,
              gpiod_line_settings_set_drive(settings, GPIOD_LINE_DRIVE_PUSH_PULL) == 0,
              gpiod_line_settings_set_output_value(settings, value) == 0 else {
            gpiod_line_settings_free(settings)
            return nil
        }
        return settings
    }
}
#endif
