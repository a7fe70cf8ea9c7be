import XCTest
@testable import Lang

/// Calls built-in functions without an interpreter; calling back a function value applies
/// it when it is native.
final class ModuleTestContext: Context {
    func call(_ function: Value, _ args: [Value]) throws -> Value {
        guard case .function(let f) = function, case .native(let body) = f.body else { throw ElixirError.argument("not callable") }
        return try body(args, self)
    }
    func callRemote(module: String, name: String, _ args: [Value]) throws -> Value { .nil }
    func write(_ text: String, to device: OutputDevice) {}
    func readLine(prompt: String) -> String? { nil }
    func checkInterrupt() throws {}
}

/// `Module.name(args...)` through a registry holding the standard library.
func callBuiltin(_ module: String, _ name: String, _ args: Value...) throws -> Value {
    let registry = Registry()
    Stdlib.install(into: registry)
    guard let entry = registry.lookup(module, name, arity: args.count) else {
        throw ElixirError.exception("UndefinedFunctionError", "\(module).\(name)/\(args.count)")
    }
    return try entry.call(args, ModuleTestContext())
}

/// The inspect text of a call's result, to compare with what Elixir prints.
func inspectCall(_ module: String, _ name: String, _ args: Value...) throws -> String {
    let registry = Registry()
    Stdlib.install(into: registry)
    guard let entry = registry.lookup(module, name, arity: args.count) else { return "undefined \(module).\(name)/\(args.count)" }
    return Inspector.inspect(try entry.call(args, ModuleTestContext()))
}

func errorMessage(_ body: () throws -> Any) -> (module: String?, message: String?) {
    do {
        _ = try body()
        return (nil, nil)
    } catch let e as ElixirError {
        guard case .map(let m) = e.value, case .binary(let b)? = m[.atom("message")] else { return (e.exceptionModule, nil) }
        return (e.exceptionModule, String(decoding: b, as: UTF8.self))
    } catch {
        return ("\(error)", nil)
    }
}

final class StringModuleTests: XCTestCase {
    private let s = Value.string
    private func kw(_ pairs: (String, Value)...) -> Value { .list(pairs.map { Value.tuple([.atom($0.0), $0.1]) }) }

    func testConformanceCaseStringFuncs() throws {
        XCTAssertEqual(try inspectCall("String", "split", s("  a b  c ")), #"["a", "b", "c"]"#)
        XCTAssertEqual(try inspectCall("String", "trim", s("  pad  ")), #""pad""#)
        XCTAssertEqual(try inspectCall("String", "replace", s("a-b-c"), s("-"), s("+")), #""a+b+c""#)
        XCTAssertEqual(try inspectCall("String", "pad_leading", s("7"), .int(3), s("0")), #""007""#)
        XCTAssertEqual(try inspectCall("String", "reverse", s("abc")), #""cba""#)
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .int(1), .int(3)), #""lix""#)
        XCTAssertEqual(try inspectCall("String", "duplicate", s("ab"), .int(3)), #""ababab""#)
        XCTAssertEqual(try inspectCall("String", "to_integer", s("42")), "42")
        XCTAssertEqual(try inspectCall("String", "to_float", s("2.5")), "2.5")
        XCTAssertEqual(try inspectCall("String", "contains?", s("tensor"), s("ns")), "true")
        XCTAssertEqual(try inspectCall("String", "starts_with?", s("tensor"), s("te")), "true")
        XCTAssertEqual(try inspectCall("String", "graphemes", s("héj")), #"["h", "é", "j"]"#)
        XCTAssertEqual(try inspectCall("String", "upcase", s("abc")), #""ABC""#)
        XCTAssertEqual(try inspectCall("String", "length", s("héllo")), "5")
    }

    func testToIntegerRaisesErlangArgumentError() {
        let e = errorMessage { try callBuiltin("String", "to_integer", .string("abc")) }
        XCTAssertEqual(e.module, "ArgumentError")
        XCTAssertEqual(e.message, "errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n")
        XCTAssertEqual(try inspectCall("String", "to_integer", s("-ff"), .int(16)), "-255")
        XCTAssertEqual(errorMessage { try callBuiltin("String", "to_float", .string("2")) }.module, "ArgumentError")
        XCTAssertEqual(try inspectCall("String", "to_float", s("1.5e3")), "1500.0")
    }

    func testGraphemeAwareLengthSliceAndReverse() throws {
        let family = "e\u{301}👨‍👩‍👧x"
        XCTAssertEqual(try inspectCall("String", "length", s(family)), "3")
        XCTAssertEqual(try inspectCall("String", "reverse", s(family)), "\"x👨‍👩‍👧e\u{301}\"")
        XCTAssertEqual(try inspectCall("String", "at", s(family), .int(-1)), #""x""#)
        XCTAssertEqual(try inspectCall("String", "at", s("abc"), .int(5)), "nil")
        XCTAssertEqual(try inspectCall("String", "first", s("")), "nil")
        XCTAssertEqual(try inspectCall("String", "last", s("abc")), #""c""#)
    }

    func testSliceWithRangesAndNegativePositions() throws {
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .range(first: 1, last: 3, step: 1)), #""lix""#)
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .range(first: -4, last: -1, step: 1)), #""ixir""#)
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .range(first: -100, last: 100, step: 1)), #""elixir""#)
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .range(first: 0, last: -1, step: 2)), #""eii""#)
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .int(-4), .int(4)), #""ixir""#)
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .int(-10), .int(3)), #""""#)
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .int(10), .int(3)), #""""#)
        XCTAssertEqual(try inspectCall("String", "slice", s("elixir"), .int(2), .int(Int.max)), #""ixir""#)
        XCTAssertEqual(try inspectCall("String", "at", s("elixir"), .int(Int.min)), "nil")
        XCTAssertEqual(try inspectCall("String", "split_at", s("elixir"), .int(-2)), #"{"elix", "ir"}"#)
    }

    func testSplitWithPatternsPartsAndTrim() throws {
        XCTAssertEqual(try inspectCall("String", "split", s("a,b,,c"), s(",")), #"["a", "b", "", "c"]"#)
        XCTAssertEqual(try inspectCall("String", "split", s(",a,b,,c,"), s(","), kw(("trim", .true))), #"["a", "b", "c"]"#)
        XCTAssertEqual(try inspectCall("String", "split", s("a,b,c"), s(","), kw(("parts", .int(2)))), #"["a", "b,c"]"#)
        XCTAssertEqual(try inspectCall("String", "split", s("a-b_c"), .list([s("-"), s("_")])), #"["a", "b", "c"]"#)
        XCTAssertEqual(try inspectCall("String", "split", s("abc"), s("")), #"["", "a", "b", "c", ""]"#)
        XCTAssertEqual(try inspectCall("String", "split", s("abc"), s(""), kw(("trim", .true))), #"["a", "b", "c"]"#)
        XCTAssertEqual(try inspectCall("String", "split", s("abc"), s(""), kw(("parts", .int(2)))), #"["", "abc"]"#)
        XCTAssertEqual(try inspectCall("String", "split", s("a\u{A0}b c")), "[\"a\u{A0}b\", \"c\"]")
    }

    func testTrimAndPadVariants() throws {
        XCTAssertEqual(try inspectCall("String", "trim_leading", s("\t x ")), #""x ""#)
        XCTAssertEqual(try inspectCall("String", "trim_trailing", s(" x \n")), #"" x""#)
        XCTAssertEqual(try inspectCall("String", "trim", s("--x--"), s("-")), #""x""#)
        XCTAssertEqual(try inspectCall("String", "trim_leading", s("abab1ab"), s("ab")), #""1ab""#)
        XCTAssertEqual(try inspectCall("String", "pad_trailing", s("ab"), .int(5), s("xy")), #""abxyx""#)
        XCTAssertEqual(try inspectCall("String", "pad_leading", s("abc"), .int(2)), #""abc""#)
    }

    func testReplaceFirstOnlyWithEmptyPatternAndWithAFunction() throws {
        XCTAssertEqual(try inspectCall("String", "replace", s("a,b,c"), s(","), s("-"), kw(("global", .false))), #""a-b,c""#)
        XCTAssertEqual(try inspectCall("String", "replace", s("abc"), s(""), s("-")), #""-a-b-c-""#)
        let upcase = Value.function(Function(arity: 1, body: .native({ args, _ in
            .string(args[0].stringValue!.uppercased())
        }), inspectText: "#Function<up>"))
        XCTAssertEqual(try inspectCall("String", "replace", s("a-b"), s("-"), upcase), #""a-b""#)
        XCTAssertEqual(try inspectCall("String", "replace", s("abc"), s("b"), upcase), #""aBc""#)
    }

    func testCaseConversions() throws {
        XCTAssertEqual(try inspectCall("String", "upcase", s("straße")), #""STRASSE""#)
        XCTAssertEqual(try inspectCall("String", "downcase", s("ÀB")), #""àb""#)
        XCTAssertEqual(try inspectCall("String", "capitalize", s("hELLO wORLD")), #""Hello world""#)
        XCTAssertEqual(try inspectCall("String", "upcase", s("é"), .atom("ascii")), #""é""#)
    }

    func testPredicatesAndConversions() throws {
        XCTAssertEqual(try inspectCall("String", "ends_with?", s("tensor"), .list([s("x"), s("or")])), "true")
        XCTAssertEqual(try inspectCall("String", "contains?", s("abc"), s("")), "true")
        XCTAssertEqual(try inspectCall("String", "printable?", .binary([97, 0])), "false")
        XCTAssertEqual(try inspectCall("String", "valid?", .binary([0xFF])), "false")
        XCTAssertEqual(try inspectCall("String", "equivalent?", s("e\u{301}"), s("é")), "true")
        XCTAssertEqual(try inspectCall("String", "to_atom", s("my atom")), #":"my atom""#)
        XCTAssertEqual(try inspectCall("String", "to_charlist", s("abc")), "'abc'")
        XCTAssertEqual(try inspectCall("String", "codepoints", s("é")), #"["é"]"#)
        XCTAssertEqual(try inspectCall("String", "jaro_distance", s("Dwayne"), s("Duane")), "0.8222222222222223")
        XCTAssertEqual(try inspectCall("String", "jaro_distance", s("martha"), s("marhta")), "0.9444444444444445")
    }

    func testNonStringArgumentsRaiseFunctionClauseError() {
        let e = errorMessage { try callBuiltin("String", "upcase", .int(1)) }
        XCTAssertEqual(e.module, "FunctionClauseError")
        XCTAssertEqual(e.message, "no function clause matching in String.upcase/1")
    }

    func testPrefixSuffixLeadingAndTrailingReplacement() throws {
        XCTAssertEqual(try inspectCall("String", "replace_prefix", s("world"), s("wo"), s("ha")), #""harld""#)
        XCTAssertEqual(try inspectCall("String", "replace_prefix", s("world"), s("x"), s("ha")), #""world""#)
        XCTAssertEqual(try inspectCall("String", "replace_suffix", s("hello"), s("lo"), s("p")), #""help""#)
        XCTAssertEqual(try inspectCall("String", "replace_leading", s("hello hello world"), s("hello "), s("ola ")), #""ola ola world""#)
        XCTAssertEqual(try inspectCall("String", "replace_trailing", s("x..."), s("."), s("!")), #""x!!!""#)
        XCTAssertEqual(errorMessage { try callBuiltin("String", "replace_leading", .string("a"), .string(""), .string("b")) }.module, "ArgumentError")
    }

    func testNextGraphemeAndCodepoint() throws {
        XCTAssertEqual(try inspectCall("String", "next_grapheme", s("e\u{301}x")), "{\"e\u{301}\", \"x\"}")
        XCTAssertEqual(try inspectCall("String", "next_codepoint", s("e\u{301}x")), "{\"e\", \"\u{301}x\"}")
        XCTAssertEqual(try inspectCall("String", "next_grapheme", s("")), "nil")
    }

    func testStringCharsProtocolFunction() throws {
        XCTAssertEqual(try inspectCall("String.Chars", "to_string", .float(1.5)), #""1.5""#)
        XCTAssertEqual(errorMessage { try callBuiltin("String.Chars", "to_string", .tuple([])) }.message,
                       "protocol String.Chars not implemented for {} of type Tuple")
    }

    func testInvalidBytesAreGraphemesOfTheirOwn() throws {
        let bytes = Value.binary([0x61, 0xFF, 0x62])
        XCTAssertEqual(try inspectCall("String", "length", bytes), "3")
        XCTAssertEqual(try inspectCall("String", "graphemes", bytes), #"["a", <<255>>, "b"]"#)
        XCTAssertEqual(try inspectCall("String", "reverse", bytes), "<<98, 255, 97>>")
        XCTAssertEqual(try inspectCall("String", "at", bytes, .int(1)), "<<255>>")
    }
}
