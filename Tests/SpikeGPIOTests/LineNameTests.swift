import Testing
import SpikeGPIO

/// The gpiozero-style forms parse into the right request; what is not one of them is a
/// kernel line name.
@Suite("Line names")
struct LineNameTests {
    func describe(_ name: LineName) -> String {
        switch name {
        case .bcm(let n): return "bcm \(n)"
        case .headerPin(let n): return "pin \(n)"
        case .chipOffset(let label, let offset): return "chip \(label) \(offset)"
        case .kernelName(let text): return "kernel \(text)"
        }
    }

    @Test("forms", arguments: [
        ("17", "bcm 17"), ("0", "bcm 0"), ("GPIO17", "bcm 17"), ("gpio4", "bcm 4"), ("BCM27", "bcm 27"),
        ("Bcm2", "bcm 2"), ("BOARD11", "pin 11"), ("board40", "pin 40"), ("J8:11", "pin 11"), ("j8:3", "pin 3"),
        ("pinctrl-rp1:17", "chip pinctrl-rp1 17"), ("13040000.pinctrl:58", "chip 13040000.pinctrl 58"),
        ("gpio-sim.0:0", "chip gpio-sim.0 0"), ("BCM2711:3", "chip BCM2711 3"),
        ("PIN11", "kernel PIN11"), ("GPIO17x", "kernel GPIO17x"), ("GPIO", "kernel GPIO"),
        ("ID_SDA", "kernel ID_SDA"), ("chip:", "kernel chip:"), (":5", "kernel :5"), ("J8:", "kernel J8:"),
    ])
    func forms(_ text: String, _ expected: String) throws {
        #expect(describe(try LineName(parsing: text)) == expected)
    }

    @Test("empty text and numbers beyond 32 bits are refused, naming the text")
    func refusals() {
        for text in ["4294967296", "GPIO4294967296", "BOARD99999999999", "chip:4294967296"] {
            let message = gpioErrorMessage { () throws(GPIOError) in try LineName(parsing: text) }
            #expect(message == "\(text): the number is too large for a GPIO line or pin")
        }
        #expect(describe(try! LineName(parsing: "4294967295")) == "bcm 4294967295")
        #expect(gpioErrorMessage { () throws(GPIOError) in try LineName(parsing: "") }?.contains("17, GPIO17") == true)
    }
}
