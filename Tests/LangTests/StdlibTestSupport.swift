import XCTest
@testable import Lang

/// A context that runs native function values and built-in modules: enough to test the
/// standard library without the interpreter.
final class TestContext: Context {
    let registry: Registry
    var output = ""

    init() {
        registry = Registry()
        Stdlib.install(into: registry)
    }

    func call(_ function: Value, _ args: [Value]) throws -> Value {
        guard case .function(let f) = function else {
            throw ElixirError.exception("BadFunctionError", "expected a function, got: \(Inspector.inspect(function))")
        }
        guard f.arity == args.count else {
            throw ElixirError.exception("BadArityError", "bad arity")
        }
        switch f.body {
        case .native(let body): return try body(args, self)
        case .capture(let module, let name): return try callRemote(module: module, name: name, args)
        case .closure: throw ElixirError.argument("closures need the interpreter")
        }
    }

    func callRemote(module: String, name: String, _ args: [Value]) throws -> Value {
        guard let entry = registry.lookup(module, name, arity: args.count) else {
            throw ElixirError.exception("UndefinedFunctionError", "function \(module).\(name)/\(args.count) is undefined")
        }
        return try entry.call(args, self)
    }

    func write(_ text: String, to device: OutputDevice) { output += text }
    func readLine(prompt: String) -> String? { nil }
    func checkInterrupt() throws {}

    /// Calls `Module.name(args...)` from the registry.
    func run(_ module: String, _ name: String, _ args: Value...) throws -> Value {
        try callRemote(module: module, name: name, args)
    }

    /// A plain rendering of the call's result, for compact assertions.
    func show(_ module: String, _ name: String, _ args: Value...) throws -> String {
        render(try callRemote(module: module, name: name, args))
    }
}

/// A fixed, flat rendering for assertions, independent of the real inspect (which prints
/// keyword lists, charlists and atom-keyed maps in their short forms).
func render(_ value: Value) -> String {
    switch value {
    case .int(let i): return String(i)
    case .bigint(let b): return b.description
    case .float(let f): return f.description
    case .atom(let a):
        if a.hasPrefix("Elixir.") { return String(a.dropFirst(7)) }
        return ["nil", "true", "false"].contains(a) ? a : ":" + a
    case .binary(let bytes): return "\"" + String(decoding: bytes, as: UTF8.self) + "\""
    case .list:
        guard let items = value.listElements else { return "improper" }
        return "[" + items.map(render).joined(separator: ", ") + "]"
    case .tuple(let items): return "{" + items.map(render).joined(separator: ", ") + "}"
    case .map(let m): return "%{" + m.pairs.map { render($0.0) + " => " + render($0.1) }.joined(separator: ", ") + "}"
    case let .range(first, last, step): return step == 1 ? "\(first)..\(last)" : "\(first)..\(last)//\(step)"
    case .function(let f): return f.inspectText
    case .tensor: return "tensor"
    case .ref(let r): return "ref\(r)"
    case .opaque(let o): return o.inspectText
    }
}

/// A native function value of the given arity.
func fn(_ arity: Int, _ body: @escaping ([Value]) throws -> Value) -> Value {
    .function(Function(arity: arity, body: .native({ args, _ in try body(args) }), inspectText: "#Function<test>"))
}

/// Integers and lists of integers, briefly.
func ints(_ xs: Int...) -> Value { .list(xs.map(Value.int)) }
func atom(_ a: String) -> Value { .atom(a) }
func str(_ s: String) -> Value { .string(s) }
func kw(_ pairs: (String, Value)...) -> Value { .list(pairs.map { Value.tuple([.atom($0.0), $0.1]) }) }
func range(_ a: Int, _ b: Int, _ s: Int = 1) -> Value { .range(first: a, last: b, step: s) }

let double = fn(1) { try Value.multiply($0[0], .int(2)) }
let isEven = fn(1) { a in .bool(((try? Value.remainder(a[0], .int(2))).map { Value.looselyEqual($0, .int(0)) }) ?? false) }
let plus = fn(2) { try Value.add($0[0], $0[1]) }
let identity = fn(1) { $0[0] }

/// Asserts that `body` raises the Elixir exception `module` with exactly `message`.
func XCTAssertRaises(_ module: String, _ message: String? = nil, file: StaticString = #filePath, line: UInt = #line,
                     _ body: () throws -> Any) {
    do {
        _ = try body()
        XCTFail("expected \(module) to be raised", file: file, line: line)
    } catch let e as ElixirError {
        XCTAssertEqual(e.exceptionModule, module, file: file, line: line)
        if let message, case .map(let m) = e.value {
            XCTAssertEqual(m[.atom("message")]?.stringValue, message, file: file, line: line)
        }
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
    }
}
