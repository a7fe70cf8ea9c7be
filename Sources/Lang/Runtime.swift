/// The storage of one function activation: every variable the resolver assigned a slot.
/// Header and slots share one allocation; the resolver guarantees every index is below `count`.
final class Frame: ManagedBuffer<Int, Value> {
    static func make(size: Int) -> Frame {
        let frame = unsafeDowncast(Frame.create(minimumCapacity: Swift.max(size, 1)) { _ in size }, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .nil, count: size) }
        return frame
    }

    deinit {
        withUnsafeMutablePointers { count, slots in _ = slots.deinitialize(count: count.pointee) }
    }

    var count: Int { header }

    @inline(__always)
    subscript(slot: Int) -> Value {
        get {
            assert(slot >= 0 && slot < header, "frame slot out of range")
            return withUnsafeMutablePointerToElements { $0[slot] }
        }
        set {
            assert(slot >= 0 && slot < header, "frame slot out of range")
            withUnsafeMutablePointerToElements { $0[slot] = newValue }
        }
    }

    /// This frame, or a copy with room for `size` slots (top-level and module bodies grow
    /// as each expression is resolved).
    func grown(to size: Int) -> Frame {
        guard size > count else { return self }
        let bigger = Frame.make(size: size)
        for i in 0..<count { bigger[i] = self[i] }
        return bigger
    }
}

/// A compiled expression: reads and writes variables through its frame.
typealias Eval = (Frame) throws -> Value
/// A compiled pattern: binds variables into the frame and says whether the value matched.
typealias Match = (Value, Frame) throws -> Bool

/// One compiled clause of a function, `case`, `fn`...
struct CompiledClause {
    let patterns: [Match]
    let guardCheck: Eval?
    let body: Eval
    let line: Int
    /// Where the body starts: the stacktrace line of an error from a one-expression body
    /// (longer bodies are blocks, which note the line of each statement).
    var bodyLine = 0
    /// When every pattern is a fresh variable (or `_`): the slots they bind (-1 for `_`).
    var variableSlots: [Int]? = nil

    /// Whether `args` match the patterns and the guard holds (errors in guards mean false).
    @inline(__always)
    func matches(_ args: [Value], _ frame: Frame) throws -> Bool {
        if let slots = variableSlots {
            // Plain variables: bind without calling the pattern closures.
            for i in 0..<slots.count where slots[i] >= 0 { frame[slots[i]] = args[i] }
            return true
        }
        for i in 0..<patterns.count where !(try patterns[i](args[i], frame)) { return false }
        if let g = guardCheck { return (try? g(frame))?.isTruthy ?? false }
        return true
    }

    func matches(_ value: Value, _ frame: Frame) throws -> Bool {
        guard try patterns[0](value, frame) else { return false }
        if let g = guardCheck { return (try? g(frame))?.isTruthy ?? false }
        return true
    }
}

/// The compiled code of an anonymous function: its clauses and what it captures.
final class FnCode {
    let clauses: [CompiledClause]
    let arity: Int
    let frameSize: Int
    /// For each captured value, the slot it goes to in a new frame.
    let captureSlots: [Int]
    let line: Int
    let id: Int

    init(clauses: [CompiledClause], arity: Int, frameSize: Int, captureSlots: [Int], line: Int, id: Int) {
        self.clauses = clauses
        self.arity = arity
        self.frameSize = frameSize
        self.captureSlots = captureSlots
        self.line = line
        self.id = id
    }
}

/// An anonymous function value: code plus the values it closed over.
final class Closure {
    let code: FnCode
    let captured: [Value]
    /// The module the fn was written in, for `#Function<...>` text.
    init(code: FnCode, captured: [Value]) {
        self.code = code
        self.captured = captured
    }
}

/// A named function of a user module (`def`/`defp`), one arity.
final class FunctionDef {
    enum Kind { case def, defp, defn, defnp, deftransform, deftransformp }

    let module: String
    let name: String
    let arity: Int
    var kind: Kind
    var clauses: [CompiledClause] = []
    var frameSize = 0
    var doc: String?
    /// Raw clauses of `defn` bodies, kept for the defn engine.
    var defnClauses: [Clause] = []

    init(module: String, name: String, arity: Int, kind: Kind) {
        self.module = module
        self.name = name
        self.arity = arity
        self.kind = kind
    }

    var isPrivate: Bool { kind == .defp || kind == .defnp || kind == .deftransformp }
    var isDefn: Bool { kind == .defn || kind == .defnp }
}

/// A user module: its functions, attributes, struct fields and docs.
final class ModuleDef {
    let name: String
    /// The file the module was defined in, for stacktrace frames.
    let file: String
    var functions: [String: [Int: FunctionDef]] = [:]
    var attributes: [String: Value] = [:]
    /// `defstruct` fields in order, with defaults.
    var structFields: [(String, Value)]?
    var isException = false
    var moduledoc: String?
    /// Aliases and imports in effect inside the module body.
    var aliases: [String: String] = [:]
    var imports: [Import] = []

    init(name: String, file: String = "nofile") {
        self.name = name
        self.file = file
    }

    func function(_ name: String, _ arity: Int) -> FunctionDef? { functions[name]?[arity] }
}

/// An `import Mod, only: [...]` / `except: [...]` in effect.
struct Import {
    let module: String
    let only: [(String, Int)]?
    let except: [(String, Int)]

    func allows(_ name: String, _ arity: Int) -> Bool {
        if let o = only { return o.contains { $0.0 == name && $0.1 == arity } }
        return !except.contains { $0.0 == name && $0.1 == arity }
    }
}

extension Value {
    /// Whether this is the atom `name` (Value has no `==`: equality is `===` or `==` in Elixir).
    func isAtom(_ name: String) -> Bool {
        if case .atom(let a) = self { return a == name }
        return false
    }
}
