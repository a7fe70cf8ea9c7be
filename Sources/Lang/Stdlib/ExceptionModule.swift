/// `Exception`: reading exception structs (`Exception.message/1`, `exception?/1`).
enum ExceptionModule {
    static func install(into r: Registry) {
        r.document(module: "Exception", "Functions for exception structs.")
        r.native("Exception", "message", 1, doc: "The message of an exception struct.") { c in
            guard case .map(let m) = c[0], m[.atom("__exception__")].map({ Value.strictlyEqual($0, .true) }) ?? false else {
                throw c.noClause()
            }
            guard let message = m[.atom("message")], case .binary = message else {
                let module = m.structName.map { $0.hasPrefix("Elixir.") ? String($0.dropFirst(7)) : $0 } ?? "?"
                throw ElixirError.argument("\(module).message/1 did not return a binary for \(Inspector.inspect(c[0]))")
            }
            return message
        }
        r.native("Exception", "exception?", 1, doc: "True if the term is an exception struct.") { c in
            guard case .map(let m) = c[0], m.structName != nil else { return .false }
            return .bool(m[.atom("__exception__")].map { Value.strictlyEqual($0, .true) } ?? false)
        }
    }
}
