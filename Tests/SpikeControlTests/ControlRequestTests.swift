import Testing
import SpikeControl
import SpikeCore

/// Request lines into commands, every refusal with its code and the value it names,
/// and the response/notification builders.
@Suite("Control requests")
struct ControlRequestTests {
    @Test("every method with its params", arguments: [
        (#"{"id":1,"method":"status"}"#, ControlCommand.status),
        (#"{"id":2,"method":"counters","params":{}}"#, .counters),
        (#"{"id":3,"method":"reward","params":{"value":-65536}}"#, .reward(-65536, tick: nil)),
        (#"{"id":13,"method":"reward","params":{"value":65536,"tick":1200}}"#, .reward(65536, tick: 1200)),
        (#"{"id":14,"method":"pause"}"#, .pause),
        (#"{"id":15,"method":"resume","params":{}}"#, .resume),
        (#"{"id":4,"method":"learning","params":{"enabled":false}}"#, .learning(LearningChange(enabled: false))),
        (#"{"id":5,"method":"learning","params":{"a_plus":131072,"bounds":1,"decay_elig":7}}"#,
         .learning(LearningChange(parameters: [LearningParameterValue(.aPlus, 131072),
                                               LearningParameterValue(.bounds, 1),
                                               LearningParameterValue(.decayEligibility, 7)]))),
        (#"{"id":6,"method":"power","params":{"mode":"low","fold":4,"scale":32768}}"#,
         .power(PowerChange(mode: .low, fold: 4, scale: 32768))),
        (#"{"id":7,"method":"power","params":{"mode":"full"}}"#, .power(PowerChange(mode: .full))),
        (#"{"id":8,"method":"checkpoint"}"#, .checkpoint),
        (#"{"id":9,"method":"reload"}"#, .reload),
        (#"{"id":10,"method":"subscribe"}"#, .subscribe(SubscriptionChange(spikes: true, events: true))),
        (#"{"id":11,"method":"subscribe","params":{"spikes":false}}"#, .subscribe(SubscriptionChange(spikes: false, events: true))),
        (#"{"params":{},"method":"unsubscribe","id":12}"#, .unsubscribe),
    ])
    func methods(_ line: String, _ command: ControlCommand) throws {
        let r = try ControlRequest(parsing: bytes(line))
        #expect(r.command == command)
        #expect(r.method == command.method)
        // The client-side line of the request parses back to the same request.
        #expect(try ControlRequest(parsing: r.line) == r)
    }

    @Test("string ids are kept and echoed")
    func stringID() throws {
        let r = try ControlRequest(parsing: bytes(#"{"id":"a-\u00e9","method":"status"}"#))
        #expect(r.id == .string(bytes("a-é")))
        #expect(text(ControlResponse.result(id: r.id)) == "{\"id\":\"a-é\",\"result\":{}}\n")
    }

    @Test("each refusal has its code, the id when known, and names the offending value", arguments: [
        ("{\"id\":1,", ControlErrorCode.parseError, nil, "parse error at byte 8: unexpected end of line"),
        (#"{"id":1.5}"#, .parseError, nil, "byte 7: numbers must be integers"),
        (#"[1]"#, .invalidRequest, nil, "must be a JSON object, got [1]"),
        (#"{"method":"status"}"#, .invalidRequest, nil, #"missing "id""#),
        (#"{"id":true,"method":"status"}"#, .invalidRequest, nil, #""id" must be an integer or a string, got true"#),
        (#"{"id":1}"#, .invalidRequest, 1, #"missing "method""#),
        (#"{"id":1,"method":7}"#, .invalidRequest, 1, #""method" must be a string, got 7"#),
        (#"{"id":1,"method":"status","extra":0}"#, .invalidRequest, 1, #"unknown member "extra""#),
        (#"{"id":2,"method":"Status"}"#, .methodNotFound, 2, #"unknown method "Status""#),
        (#"{"id":3,"method":"status","params":[]}"#, .invalidParams, 3, #""params" must be an object, got []"#),
        (#"{"id":3,"method":"status","params":{"x":1}}"#, .invalidParams, 3, #"unknown parameter "x""#),
        (#"{"id":4,"method":"reward"}"#, .invalidParams, 4, #"missing "value""#),
        (#"{"id":4,"method":"reward","params":{"value":"1"}}"#, .invalidParams, 4, #""value" must be an integer, got "1""#),
        (#"{"id":4,"method":"reward","params":{"value":2147483648}}"#, .invalidParams, 4,
         #""value" 2147483648 is outside -2147483648...2147483647"#),
        (#"{"id":5,"method":"learning","params":{}}"#, .invalidParams, 5, #"needs "enabled" or a learning parameter"#),
        (#"{"id":5,"method":"learning","params":{"a_pluss":1}}"#, .invalidParams, 5, #"unknown parameter "a_pluss""#),
        (#"{"id":5,"method":"learning","params":{"enabled":1}}"#, .invalidParams, 5, #""enabled" must be true or false, got 1"#),
        (#"{"id":5,"method":"learning","params":{"bounds":2}}"#, .invalidParams, 5, #""bounds" 2 is outside 0...1"#),
        (#"{"id":6,"method":"power","params":{}}"#, .invalidParams, 6, #"missing "mode""#),
        (#"{"id":6,"method":"power","params":{"mode":"turbo"}}"#, .invalidParams, 6, #"got "turbo""#),
        (#"{"id":6,"method":"power","params":{"mode":"low","fold":1}}"#, .invalidParams, 6, #""fold" 1 is outside 2...256"#),
        (#"{"id":6,"method":"power","params":{"mode":"low","scale":1048577}}"#, .invalidParams, 6, #""scale" 1048577 is outside 1...1048576"#),
        (#"{"id":6,"method":"power","params":{"mode":"normal","fold":4}}"#, .invalidParams, 6, #"for mode "low" only, not "normal""#),
        (#"{"id":7,"method":"subscribe","params":{"spikes":false,"events":false}}"#, .invalidParams, 7, "nothing to subscribe to"),
    ] as [(String, ControlErrorCode, Int64?, String)])
    func refusals(_ line: String, _ code: ControlErrorCode, _ id: Int64?, _ fragment: String) {
        guard case .failure(let error) = request(line) else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(error.code == code, "\(line): \(error.message)")
        #expect(error.id == id.map { ControlRequestID.integer($0) }, "\(line)")
        #expect(error.message.contains(fragment), "\(line): \(error.message)")
    }

    @Test("long offending values are cut in the message")
    func longValueCut() {
        let line = #"{"id":1,"method":""# + String(repeating: "x", count: 1000) + #""}"#
        guard case .failure(let error) = request(line) else { Issue.record("accepted"); return }
        #expect(error.code == .methodNotFound)
        #expect(error.message.utf8.count < 120)
        #expect(error.message.hasSuffix("…"))
    }

    @Test("response and error lines")
    func responses() throws {
        let ok = ControlResponse.result(id: .integer(7)) { r in
            r.integer("tick", 1234)
            r.bool("learning", true)
        }
        #expect(text(ok) == "{\"id\":7,\"result\":{\"tick\":1234,\"learning\":true}}\n")
        let refused = ControlResponse.error(ControlError(.invalidParams, "bad \"x\"", id: .string(bytes("q"))))
        #expect(text(refused) == "{\"id\":\"q\",\"error\":{\"code\":-32602,\"message\":\"bad \\\"x\\\"\"}}\n")
        let anonymous = ControlResponse.error(ControlError(.parseError, "p"))
        #expect(try JSONValue(parsing: anonymous)["id"] == .null)
        #expect(try JSONValue(parsing: anonymous)["error"]?["code"] == .integer(-32700))
    }

    @Test("answer runs the handler for a request and answers a bad line with its error")
    func answer() {
        let good = bytes(#"{"id":3,"method":"counters"}"#)
        let bad = bytes(#"{"id":3,"method":"nope"}"#)
        let handler: (ControlRequest) -> [UInt8] = { r in
            ControlResponse.result(id: r.id) { o in o.string("method", literal: r.method.name) }
        }
        let a = good.withUnsafeBytes { ControlResponse.answer($0, handler) }
        let b = bad.withUnsafeBytes { ControlResponse.answer($0, handler) }
        #expect(text(a) == "{\"id\":3,\"result\":{\"method\":\"counters\"}}\n")
        #expect(text(b) == "{\"id\":3,\"error\":{\"code\":-32601,\"message\":\"unknown method \\\"nope\\\"\"}}\n")
    }

    @Test("notifications")
    func notifications() {
        #expect(text(ControlNotification.spike(tick: 42, channel: 3)) == "{\"event\":\"spike\",\"tick\":42,\"channel\":3}\n")
        let e = ControlNotification.event("checkpoint", tick: 9) { o in o.string("path", "/var/lib/spikertd/x.spkb") }
        #expect(text(e) == "{\"event\":\"checkpoint\",\"tick\":9,\"path\":\"/var/lib/spikertd/x.spkb\"}\n")
    }

    @Test("method and parameter names match their raw values")
    func names() throws {
        for m in ControlMethod.allCases { #expect(ControlMethod(name: bytes(String(describing: m.name))) == m) }
        for raw in UInt8(0)...9 {
            let p = try #require(PlasticityParameter(rawValue: raw))
            #expect(PlasticityParameter(name: bytes(String(describing: p.name))) == p)
        }
        #expect(PlasticityParameter(rawValue: 10) == nil)
        #expect(ControlPowerMode(name: bytes("low"))?.rawValue == 1)
    }
}
