/// The built-in modules (Enum, String, Nx, ...): functions implemented in Swift, with the
/// one-paragraph docs that `h` and completion show.
public final class Registry {
    public typealias Native = ([Value], Context) throws -> Value

    public struct Entry {
        public let call: Native
        public let doc: String?
    }

    /// module (e.g. "Enum", ":math") → name → arity → entry
    public private(set) var modules: [String: [String: [Int: Entry]]] = [:]
    public private(set) var moduleDocs: [String: String] = [:]

    public init() {}

    public func define(_ module: String, _ name: String, arity: Int, doc: String? = nil,
                       _ call: @escaping Native) {
        modules[module, default: [:]][name, default: [:]][arity] = Entry(call: call, doc: doc)
    }

    /// One body for several arities; the body sees the arguments it was given.
    public func define(_ module: String, _ name: String, arities: [Int], doc: String? = nil,
                       _ call: @escaping Native) {
        for a in arities { define(module, name, arity: a, doc: doc, call) }
    }

    public func document(module: String, _ doc: String) { moduleDocs[module] = doc }

    public func lookup(_ module: String, _ name: String, arity: Int) -> Entry? {
        modules[module]?[name]?[arity]
    }

    public func hasModule(_ module: String) -> Bool { modules[module] != nil }
}
