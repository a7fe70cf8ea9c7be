import Foundation

/// `System`: clocks, environment variables and version information.
enum SystemModule {
    /// Elixir's and OTP's versions, as the reference run reports them.
    static let elixirVersion = "1.14.0"
    static let otpRelease = "25"

    static func install(into r: Registry) {
        r.document(module: "System", "Clocks, environment variables and version information.")
        let monotonic: (NativeCall) throws -> Value = { c in
            try convert(nanoseconds: Int(DispatchTime.now().uptimeNanoseconds), c.arity == 1 ? c[0] : .atom("native"), c)
        }
        let wallClock: (NativeCall) throws -> Value = { c in
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let ns = now.tv_sec * 1_000_000_000 + now.tv_nsec
            return try convert(nanoseconds: ns, c.arity == 1 ? c[0] : .atom("native"), c)
        }
        let monotonicDoc = "A monotonically increasing time, in :native units (nanoseconds) or the given unit."
        let wallDoc = "The wall-clock time since the Unix epoch, in :native units (nanoseconds) or the given unit."
        // The same clocks under the names Elixir and Erlang give them.
        r.native("System", "monotonic_time", 0, 1, doc: monotonicDoc, monotonic)
        r.native(":erlang", "monotonic_time", 0, 1, doc: monotonicDoc, monotonic)
        for (module, name) in [("System", "system_time"), ("System", "os_time"), (":erlang", "system_time"), (":os", "system_time")] {
            r.native(module, name, 0, 1, doc: wallDoc, wallClock)
        }
        r.native("System", "convert_time_unit", 3, doc: "Converts a time between units (:second, :millisecond, :microsecond, :nanosecond, :native).") { c in
            guard case .int(let t) = c[0] else { throw c.noClause() }
            let from = try unitsPerSecond(c[1], c), to = try unitsPerSecond(c[2], c)
            // Erlang floors when converting to a coarser unit.
            let (scaled, overflow) = t.multipliedReportingOverflow(by: to)
            guard !overflow else { throw ElixirError.arithmetic() }
            return .int(Int((Double(scaled) / Double(from)).rounded(.down)))
        }
        r.native("System", "get_env", 0, doc: "All environment variables as a map.") { _ in
            .map(MapValue(ProcessInfo.processInfo.environment.map { (Value.string($0.key), Value.string($0.value)) }))
        }
        r.native("System", "get_env", 1, 2, clauseArity: 2, doc: "The value of an environment variable, or the default (nil).") { c in
            guard let name = c[0].stringValue else { throw c.noClause() }
            return ProcessInfo.processInfo.environment[name].map(Value.string) ?? (c.arity == 2 ? c[1] : .nil)
        }
        r.native("System", "fetch_env", 1, doc: "{:ok, value} of an environment variable, or :error.") { c in
            guard let name = c[0].stringValue else { throw c.noClause() }
            return ProcessInfo.processInfo.environment[name].map { Value.ok(.string($0)) } ?? .error
        }
        r.native("System", "fetch_env!", 1, doc: "The value of an environment variable; raises System.EnvError when unset.") { c in
            guard let name = c[0].stringValue else { throw c.noClause() }
            guard let v = ProcessInfo.processInfo.environment[name] else {
                throw ElixirError.exception("System.EnvError", "could not fetch environment variable \(Inspector.inspect(c[0])) because it is not set",
                                            fields: [("env", c[0])])
            }
            return .string(v)
        }
        r.native("System", "version", 0, doc: "The Elixir version this engine follows.") { _ in .string(elixirVersion) }
        r.native("System", "otp_release", 0, doc: "The OTP release this engine follows.") { _ in .string(otpRelease) }
        r.native("System", "schedulers_online", 0, doc: "The number of cores in use.") { _ in
            .int(ProcessInfo.processInfo.activeProcessorCount)
        }
        r.native("System", "unique_integer", 0, 1, doc: "An integer unique within this run (positive with [:positive]).") { c in
            .int(UniqueCounter.next())
        }
    }

    /// Units per second for a time unit atom (or an integer count per second).
    private static func unitsPerSecond(_ unit: Value, _ c: NativeCall) throws -> Int {
        switch unit {
        case .atom("second"), .atom("seconds"): return 1
        case .atom("millisecond"), .atom("milli_seconds"): return 1000
        case .atom("microsecond"), .atom("micro_seconds"): return 1_000_000
        case .atom("nanosecond"), .atom("nano_seconds"), .atom("native"): return 1_000_000_000
        case .int(let n) where n > 0: return n
        default: throw ElixirError.argument("unsupported time unit. Expected :second, :millisecond, :microsecond, "
                                           + ":nanosecond, or a positive integer, got \(Inspector.inspect(unit))")
        }
    }

    private static func convert(nanoseconds ns: Int, _ unit: Value, _ c: NativeCall) throws -> Value {
        let per = try unitsPerSecond(unit, c)
        if per == 1_000_000_000 { return .int(ns) }
        let whole = ns / 1_000_000_000, rest = ns % 1_000_000_000
        return .int(whole * per + Int((Double(rest) * Double(per) / 1e9).rounded(.down)))
    }
}

/// A process-wide counter for `System.unique_integer/0,1`.
private enum UniqueCounter {
    private static let lock = NSLock()
    private static var value = 0
    static func next() -> Int {
        lock.lock(); defer { lock.unlock() }
        value += 1
        return value
    }
}
