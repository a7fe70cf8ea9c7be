import Foundation

/// `Process`: the process dictionary (put/get/delete) of the running program, and sleep.
enum ProcessModule {
    static func install(into r: Registry) {
        r.document(module: "Process", "The process dictionary and sleeping.")
        r.native("Process", "put", 2, doc: "Stores a value under a key; returns the previous value or nil.") { c in
            let state = c.ctx.processState
            let old = state.dictionary[c[0]] ?? .nil
            state.dictionary[c[0]] = c[1]
            return old
        }
        r.native("Process", "get", 0, doc: "All {key, value} pairs of the process dictionary.") { c in
            .list(c.ctx.processState.dictionary.pairs.map { Value.tuple([$0.0, $0.1]) })
        }
        r.native("Process", "get", 1, 2, clauseArity: 2, doc: "The value under a key, or the default (nil).") { c in
            c.ctx.processState.dictionary[c[0]] ?? (c.arity == 2 ? c[1] : .nil)
        }
        r.native("Process", "get_keys", 0, doc: "All keys of the process dictionary.") { c in
            .list(c.ctx.processState.dictionary.keys)
        }
        r.native("Process", "delete", 1, doc: "Removes a key; returns its value or nil.") { c in
            let state = c.ctx.processState
            let old = state.dictionary[c[0]] ?? .nil
            state.dictionary[c[0]] = nil
            return old
        }
        r.native("Process", "sleep", 1, doc: "Sleeps for a number of milliseconds (or :infinity is refused); returns :ok.") { c in
            try TimerModule.sleep(milliseconds: c[0], c)
        }
    }
}

/// `:timer`: timing a function call and sleeping.
enum TimerModule {
    static func install(into r: Registry) {
        r.document(module: ":timer", "Erlang's timer helpers: tc (time a call) and sleep.")
        r.native(":timer", "tc", 1, 2, 3, doc: "{microseconds, result} of calling fun (with args), or Module.fun(args).") { c in
            let start = DispatchTime.now().uptimeNanoseconds
            let result: Value
            switch c.arity {
            case 1: result = try c.ctx.call(try c.function(0, arity: 0), [])
            case 2:
                guard let args = c[1].listElements, case .function = c[0] else { throw c.noClause() }
                result = try c.ctx.call(c[0], args)
            default:
                guard case .atom(let m) = c[0], case .atom(let f) = c[1], let args = c[2].listElements else {
                    throw c.noClause()
                }
                let module = m.hasPrefix("Elixir.") ? String(m.dropFirst(7)) : ":" + m
                result = try c.ctx.callRemote(module: module, name: f, args)
            }
            let micros = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
            return .tuple([.int(micros), result])
        }
        r.native(":timer", "sleep", 1, doc: "Sleeps for a number of milliseconds; returns :ok.") { c in
            try sleep(milliseconds: c[0], c)
        }
        for (name, factor) in [("seconds", 1000), ("minutes", 60_000), ("hours", 3_600_000)] {
            r.native(":timer", name, 1, doc: "The duration in milliseconds.") { c in
                try Value.multiply(c[0], .int(factor))
            }
        }
    }

    /// Sleeps in short slices so an interrupt stops it promptly.
    static func sleep(milliseconds: Value, _ c: NativeCall) throws -> Value {
        guard case .int(let ms) = milliseconds, ms >= 0 else { throw c.noClause() }
        let (span, overflow) = UInt64(ms).multipliedReportingOverflow(by: 1_000_000)
        let (deadline, late) = DispatchTime.now().uptimeNanoseconds.addingReportingOverflow(overflow ? .max : span)
        let end = late ? UInt64.max : deadline
        while DispatchTime.now().uptimeNanoseconds < end {
            try c.ctx.checkInterrupt()
            let left = end &- DispatchTime.now().uptimeNanoseconds
            usleep(useconds_t(min(left / 1000, 20_000)))
        }
        return .okAtom
    }
}
