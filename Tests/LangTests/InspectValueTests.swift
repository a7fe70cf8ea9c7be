import XCTest
@testable import Lang
import BigInt
import NxCore

final class InspectValueTests: XCTestCase {
    private func ints(_ r: ClosedRange<Int>, times: Int = 1) -> Value { .list(r.map { Value.int($0 * times) }) }
    private func kw(_ pairs: [(String, Value)]) -> Value { .list(pairs.map { Value.tuple([.atom($0.0), $0.1]) }) }
    private func map(_ pairs: [(Value, Value)]) -> Value { .map(MapValue(pairs)) }
    private func io(_ v: Value, _ keyword: [(String, Value)] = []) throws -> String {
        try Inspector.ioInspect(v, keyword: kw(keyword))
    }

    func testMixedListPrintsLikeElixir() {
        let v = Value.list([.int(1), .string("two"), .atom("three"), .tuple([.float(4.0)]),
                            map([(.string("k"), kw([("a", .int(1))]))]), .nil, .true])
        XCTAssertEqual(Inspector.inspect(v), #"[1, "two", :three, {4.0}, %{"k" => [a: 1]}, nil, true]"#)
    }

    func testIOInspectBreaksLongListsAtWidth80WithFlexBreaks() throws {
        XCTAssertEqual(try io(ints(1...40)), """
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
             23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40]
            """)
        XCTAssertEqual(try io(ints(1...30, times: 1000)), """
            [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 12000,
             13000, 14000, 15000, 16000, 17000, 18000, 19000, 20000, 21000, 22000, 23000,
             24000, 25000, 26000, 27000, 28000, 29000, 30000]
            """)
    }

    func testDefaultLimitCutsAt50Entries() throws {
        XCTAssertEqual(try io(ints(1...120)), """
            [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
             23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42,
             43, 44, 45, 46, 47, 48, 49, 50, ...]
            """)
    }

    func testKernelInspectDoesNotBreakUnlessPretty() throws {
        XCTAssertFalse(Inspector.inspect(ints(1...40)).contains("\n"))
        XCTAssertTrue(try Inspector.inspect(ints(1...40), keyword: kw([("pretty", .true)])).contains("\n"))
    }

    func testNestedMapBreaksOneEntryPerLine() throws {
        let names = Value.list([.atom("batch"), .atom("height"), .atom("width")])
        let options = kw([("type", .atom("f32")), ("shape", .tuple([.int(2), .int(3), .int(4)])),
                          ("names", names), ("backend", .module("Nx.BinaryBackend"))])
        let words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
        let m = map([
            (.atom("name"), .string("conformance suite")),
            (.atom("options"), options),
            (.atom("nested"), map([(.atom("deep"), map([(.atom("deeper"), ints(1...20))]))])),
            (.atom("list"), .list(words.map { Value.string($0) })),
        ])
        XCTAssertEqual(try io(m), """
            %{
              list: ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"],
              name: "conformance suite",
              nested: %{
                deep: %{
                  deeper: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                   19, 20]
                }
              },
              options: [
                type: :f32,
                shape: {2, 3, 4},
                names: [:batch, :height, :width],
                backend: Nx.BinaryBackend
              ]
            }
            """)
    }

    func testLabelIsPrependedAndNotCountedInTheWidth() throws {
        XCTAssertEqual(try io(map([(.atom("a"), ints(1...3)), (.atom("b"), .string("text"))]), [("label", .string("value"))]),
                       #"value: %{a: [1, 2, 3], b: "text"}"#)
        XCTAssertEqual(try io(ints(1...30), [("label", .string("numbers")), ("pretty", .true)]), """
            numbers: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
             23, 24, 25, 26, 27, 28, 29, 30]
            """)
        XCTAssertEqual(try io(.tuple([.atom("ok"), kw([("x", .int(1)), ("y", .int(2))])]), [("label", .atom("tagged"))]),
                       "tagged: {:ok, [x: 1, y: 2]}")
        XCTAssertEqual(try io(.int(5), [("label", .nil)]), "5")
    }

    func testLimitAndPrintableLimitOptions() throws {
        XCTAssertEqual(try io(ints(1...30), [("limit", .int(5))]), "[1, 2, 3, 4, 5, ...]")
        XCTAssertEqual(try io(.string("a long string"), [("printable_limit", .int(4))]), #""a lo" <> ..."#)
        XCTAssertEqual(try io(.list([ints(1...3), ints(4...6)]), [("limit", .int(3))]), "[[1, 2, ...], [4, ...]]")
        XCTAssertEqual(try io(ints(1...3), [("limit", .atom("infinity"))]), "[1, 2, 3]")
    }

    func testStringsEscapeQuotesBackslashesAndControls() {
        XCTAssertEqual(Inspector.inspect(.string("quote \" and backslash \\")), #""quote \" and backslash \\""#)
        XCTAssertEqual(Inspector.inspect(.string("line\nbreak\ttab")), #""line\nbreak\ttab""#)
        XCTAssertEqual(Inspector.inspect(.string("héllo ünïcode")), "\"héllo ünïcode\"")
        XCTAssertEqual(Inspector.inspect(.string("a#{b}")), ##""a\#{b}""##)
        XCTAssertEqual(Inspector.inspect(.string("")), #""""#)
    }

    func testNonPrintableBinariesUseBitSyntax() throws {
        XCTAssertEqual(Inspector.inspect(.binary([0, 1, 2])), "<<0, 1, 2>>")
        XCTAssertEqual(Inspector.inspect(.binary([255])), "<<255>>")
        XCTAssertEqual(Inspector.inspect(.binary(Array("abc".utf8)), try InspectOptions(keyword: kw([("binaries", .atom("as_binaries"))]))), "<<97, 98, 99>>")
        XCTAssertEqual(Inspector.inspect(.binary([0, 255]), try InspectOptions(keyword: kw([("binaries", .atom("as_strings"))]))), #""\0\xFF""#)
        XCTAssertEqual(Inspector.inspect(.binary([1, 2, 3, 4]), try InspectOptions(keyword: kw([("limit", .int(2))]))), "<<1, 2, ...>>")
    }

    func testAtomsQuoteOnlyWhenNeeded() {
        let cases: [(String, String)] = [
            ("ok", ":ok"), ("with space", #":"with space""#), ("nil", "nil"), ("true", "true"),
            ("Elixir.Foo.Bar", "Foo.Bar"), ("+", ":+"), ("foo-bar", #":"foo-bar""#), ("ok?", ":ok?"),
            ("Foo", ":Foo"), ("", #":"""#), ("::", #":"::""#), ("%{}", ":%{}"), ("héllo", ":héllo"),
            ("1a", #":"1a""#), ("a?b", #":"a?b""#), ("Elixir", "Elixir"), ("node@host", ":node@host"),
        ]
        for (name, text) in cases { XCTAssertEqual(Inspector.inspect(.atom(name)), text, name) }
    }

    func testCharlistsPrintQuotedWhenPrintableAscii() throws {
        let hello = Value.list(Array("hello".utf8).map { Value.int(Int($0)) })
        XCTAssertEqual(Inspector.inspect(hello), "'hello'")
        XCTAssertEqual(Inspector.inspect(.list([.int(104), .int(105)])), "'hi'")
        XCTAssertEqual(Inspector.inspect(.list([.int(1), .int(2), .int(3)])), "[1, 2, 3]")
        XCTAssertEqual(Inspector.inspect(.list(Array("tab\tnew\n".utf8).map { Value.int(Int($0)) })), #"'tab\tnew\n'"#)
        XCTAssertEqual(Inspector.inspect(.list([.int(233)])), "[233]")
        let asLists = try InspectOptions(keyword: kw([("charlists", .atom("as_lists"))]))
        XCTAssertEqual(Inspector.inspect(.list([.int(97), .int(98), .int(99)]), asLists), "[97, 98, 99]")
    }

    func testKeywordListsAndTheirQuotedKeys() {
        XCTAssertEqual(Inspector.inspect(kw([("a", .int(1)), ("b", .int(2))])), "[a: 1, b: 2]")
        XCTAssertEqual(Inspector.inspect(kw([("my key", .int(1))])), #"["my key": 1]"#)
        XCTAssertEqual(Inspector.inspect(.list([.tuple([.atom("a"), .int(1)]), .tuple([.string("b"), .int(2)])])),
                       #"[{:a, 1}, {"b", 2}]"#)
        XCTAssertEqual(Inspector.inspect(.list([.tuple([.module("Foo"), .int(1)])])), "[{Foo, 1}]")
    }

    func testImproperListsShowTheirTail() {
        XCTAssertEqual(Inspector.inspect(.list([.int(1)], tail: .int(2))), "[1 | 2]")
        XCTAssertEqual(Inspector.inspect(.list([.int(1), .int(2)], tail: .atom("x"))), "[1, 2 | :x]")
    }

    func testMapsWithNonAtomKeysUseArrows() {
        XCTAssertEqual(Inspector.inspect(map([(.atom("a"), .int(1))])), "%{a: 1}")
        XCTAssertEqual(Inspector.inspect(map([(.int(1), .int(2)), (.atom("a"), .int(3))])), "%{1 => 2, :a => 3}")
        XCTAssertEqual(Inspector.inspect(map([])), "%{}")
        XCTAssertEqual(Inspector.inspect(.tuple([])), "{}")
        XCTAssertEqual(Inspector.inspect(.emptyList), "[]")
    }

    func testStructsPrintWithTheirModuleName() throws {
        let point = map([(.atom("__struct__"), .module("Point")), (.atom("x"), .int(3)), (.atom("y"), .int(0))])
        XCTAssertEqual(Inspector.inspect(point), "%Point{x: 3, y: 0}")
        let noStructs = try InspectOptions(keyword: kw([("structs", .false)]))
        XCTAssertEqual(Inspector.inspect(point, noStructs), "%{__struct__: Point, x: 3, y: 0}")
        let error = ElixirError.argument("boom").value
        XCTAssertEqual(Inspector.inspect(error), #"%ArgumentError{message: "boom"}"#)
    }

    func testStructFieldOrderHookSetsOrderAndRejectsForeignKeys() {
        Inspector.structFieldOrder = { $0 == "Elixir.Pair" ? ["b", "a"] : nil }
        defer { Inspector.structFieldOrder = nil }
        let pair = map([(.atom("__struct__"), .module("Pair")), (.atom("a"), .int(1)), (.atom("b"), .int(2))])
        XCTAssertEqual(Inspector.inspect(pair), "%Pair{b: 2, a: 1}")
        let odd = map([(.atom("__struct__"), .module("Pair")), (.atom("a"), .int(1))])
        XCTAssertEqual(Inspector.inspect(odd), "%{__struct__: Pair, a: 1}")
        let unknown = map([(.atom("__struct__"), .module("Nope")), (.atom("a"), .int(1))])
        XCTAssertEqual(Inspector.inspect(unknown), "%{__struct__: Nope, a: 1}")
        XCTAssertEqual(Inspector.inspect(ElixirError.argument("boom").value), #"%ArgumentError{message: "boom"}"#)
    }

    func testStructKeyThatIsNotAnAliasPrintsAsAMap() {
        let m = map([(.atom("__struct__"), .atom("foo")), (.atom("a"), .int(1))])
        XCTAssertEqual(Inspector.inspect(m), "%{__struct__: :foo, a: 1}")
    }

    func testRangesPrintTheirStepOnlyWhenNeeded() {
        XCTAssertEqual(Inspector.inspect(.range(first: 1, last: 10, step: 1)), "1..10")
        XCTAssertEqual(Inspector.inspect(.range(first: 1, last: 10, step: 3)), "1..10//3")
        XCTAssertEqual(Inspector.inspect(.range(first: 5, last: 1, step: -1)), "5..1//-1")
        XCTAssertEqual(Inspector.inspect(.range(first: 1, last: 0, step: 1)), "1..0//1")
    }

    func testIntegersInOtherBasesAndBigIntegers() throws {
        XCTAssertEqual(Inspector.inspect(.int(255), try InspectOptions(keyword: kw([("base", .atom("hex"))]))), "0xFF")
        XCTAssertEqual(Inspector.inspect(.int(-5), try InspectOptions(keyword: kw([("base", .atom("binary"))]))), "-0b101")
        XCTAssertEqual(Inspector.inspect(.integer(BigInt(2).power(100))), "1267650600228229401496703205376")
    }

    func testTensorsUseTheRegisteredPrinterAndBreakTheirContainer() throws {
        let tensor = try Nx.iota([2])
        let standard = Inspector.tensorInspector
        Inspector.tensorInspector = { _, _ in "#Nx.Tensor<\n  s64[2]\n  [1, 2]\n>" }
        defer { Inspector.tensorInspector = standard }
        XCTAssertEqual(Inspector.ioInspect(.list([.tensor(tensor)])), "[\n  #Nx.Tensor<\n    s64[2]\n    [1, 2]\n  >\n]")
        XCTAssertEqual(Inspector.inspect(.list([.tensor(tensor)])), "[#Nx.Tensor<\n    s64[2]\n    [1, 2]\n  >]")
    }

    func testTensorsPrintWithNxTextByDefault() throws {
        XCTAssertEqual(Inspector.ioInspect(.tuple([.atom("ok"), .tensor(try Nx.iota([3]))])), """
            {:ok,
             #Nx.Tensor<
               s64[3]
               [0, 1, 2]
             >}
            """)
        var options = InspectOptions()
        options.limit = 2
        XCTAssertEqual(Inspector.inspect(.tensor(try Nx.iota([5])), options), "#Nx.Tensor<\n  s64[5]\n  [0, 1, ...]\n>")
    }

    func testNestedContainersOfTensorsMatchTheNxConformanceCase() throws {
        func t(_ n: NestedNumbers) throws -> Value { .tensor(try Nx.tensor(n)) }
        let w = try t(.list([.number(.float(1.0)), .number(.float(2.0))]))
        let inner = Value.map(MapValue([(.atom("w"), w), (.atom("b"), .tuple([try t(.number(.int(0)))]))]))
        XCTAssertEqual(Inspector.ioInspect(.tuple([try t(.number(.int(1))), inner])), """
            {#Nx.Tensor<
               s64
               1
             >,
             %{
               b: {#Nx.Tensor<
                  s64
                  0
                >},
               w: #Nx.Tensor<
                 f32[2]
                 [1.0, 2.0]
               >
             }}
            """)
        let list = Value.list([try t(.list([.number(.int(1))])), try t(.list([.number(.int(2)), .number(.int(3))]))])
        XCTAssertEqual(Inspector.ioInspect(list), """
            [
              #Nx.Tensor<
                s64[1]
                [1]
              >,
              #Nx.Tensor<
                s64[2]
                [2, 3]
              >
            ]
            """)
    }

    func testBadOptionValuesRaiseArgumentError() {
        XCTAssertThrowsError(try InspectOptions(keyword: kw([("limit", .string("x"))]))) { error in
            XCTAssertEqual((error as? ElixirError)?.exceptionModule, "ArgumentError")
        }
        XCTAssertThrowsError(try InspectOptions(keyword: .int(3)))
    }

    func testToStringFollowsStringChars() throws {
        XCTAssertEqual(try Inspector.toString(.atom("nil")), "")
        XCTAssertEqual(try Inspector.toString(.module("Foo")), "Elixir.Foo")
        XCTAssertEqual(try Inspector.toString(.atom("ok")), "ok")
        XCTAssertEqual(try Inspector.toString(.int(42)), "42")
        XCTAssertEqual(try Inspector.toString(.list([.int(120), .string("yz"), .list([.int(33)])])), "xyz!")
        XCTAssertThrowsError(try Inspector.toString(.tuple([.int(1)]))) { error in
            XCTAssertEqual((error as? ElixirError)?.exceptionModule, "Protocol.UndefinedError")
        }
        XCTAssertThrowsError(try Inspector.toString(.list([.atom("a")]))) { error in
            XCTAssertEqual((error as? ElixirError)?.exceptionModule, "ArgumentError")
        }
    }
}

final class InspectStructDocTests: XCTestCase {
    func testMapSetPrintsAsTheExpressionThatBuildsIt() {
        let members = MapValue([(Value.int(97), Value.emptyList), (.int(98), .emptyList)])
        let set = Value.map(MapValue([(.atom("__struct__"), .module("MapSet")), (.atom("map"), .map(members)),
                                      (.atom("version"), .int(2))]))
        XCTAssertEqual(Inspector.inspect(set), "MapSet.new([97, 98])")
    }

    func testRangeStructMapPrintsAsARange() {
        let r = Value.map(MapValue([(.atom("__struct__"), .module("Range")), (.atom("first"), .int(1)),
                                    (.atom("last"), .int(9)), (.atom("step"), .int(2))]))
        XCTAssertEqual(Inspector.inspect(r), "1..9//2")
    }
}
