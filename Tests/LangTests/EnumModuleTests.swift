import XCTest
@testable import Lang

final class EnumModuleTests: XCTestCase {
    let ctx = TestContext()

    func testReduceOverRangeSums() throws {
        XCTAssertEqual(try ctx.show("Enum", "reduce", range(1, 5), .int(0), plus), "15")
        XCTAssertEqual(try ctx.show("Enum", "reduce", ints(1, 2, 3), plus), "6")
    }

    func testReduceOfEmptyWithoutAccRaisesEmptyError() {
        XCTAssertRaises("Enum.EmptyError", "empty error") { try ctx.run("Enum", "reduce", ints(), plus) }
    }

    func testFilterMapAndReject() throws {
        XCTAssertEqual(try ctx.show("Enum", "filter", ints(1, 2, 3, 4), isEven), "[2, 4]")
        XCTAssertEqual(try ctx.show("Enum", "reject", ints(1, 2, 3, 4), isEven), "[1, 3]")
        XCTAssertEqual(try ctx.show("Enum", "map", range(1, 3), double), "[2, 4, 6]")
    }

    func testWithIndexZipAndJoin() throws {
        XCTAssertEqual(try ctx.show("Enum", "with_index", .list([atom("a"), atom("b")])), "[{:a, 0}, {:b, 1}]")
        XCTAssertEqual(try ctx.show("Enum", "with_index", .list([atom("a")]), .int(3)), "[{:a, 3}]")
        XCTAssertEqual(try ctx.show("Enum", "zip", ints(1, 2, 3), .list([atom("a"), atom("b")])), "[{1, :a}, {2, :b}]")
        XCTAssertEqual(try ctx.show("Enum", "zip", .list([ints(1, 2), ints(3, 4), ints(5, 6)])), "[{1, 3, 5}, {2, 4, 6}]")
        XCTAssertEqual(try ctx.show("Enum", "join", .list([str("a"), atom("b"), .int(1)]), str(",")), "\"a,b,1\"")
        XCTAssertEqual(try ctx.show("Enum", "map_join", ints(1, 2), str("-"), double), "\"2-4\"")
    }

    func testChunkEveryMatchesElixir() throws {
        XCTAssertEqual(try ctx.show("Enum", "chunk_every", range(1, 10), .int(3)),
                       "[[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]")
        XCTAssertEqual(try ctx.show("Enum", "chunk_every", ints(1, 2, 3, 4, 5), .int(2), .int(1), atom("discard")),
                       "[[1, 2], [2, 3], [3, 4], [4, 5]]")
        XCTAssertEqual(try ctx.show("Enum", "chunk_every", ints(1, 2, 3, 4, 5), .int(2), .int(1)),
                       "[[1, 2], [2, 3], [3, 4], [4, 5], [5]]")
        XCTAssertEqual(try ctx.show("Enum", "chunk_every", ints(1, 2, 3, 4, 5, 6, 7), .int(2), .int(3)),
                       "[[1, 2], [4, 5], [7]]")
        XCTAssertEqual(try ctx.show("Enum", "chunk_every", ints(1, 2, 3, 4), .int(3), .int(3), ints(0, 0, 0)),
                       "[[1, 2, 3], [4, 0, 0]]")
        XCTAssertRaises("FunctionClauseError", "no function clause matching in Enum.chunk_every/4") {
            try ctx.run("Enum", "chunk_every", ints(1), .int(0))
        }
    }

    func testGroupByKeepsOrderWithinGroupsAndFrequencies() throws {
        let first = fn(1) { a in .string(String(a[0].stringValue!.prefix(1))) }
        XCTAssertEqual(try ctx.show("Enum", "group_by", .list([str("apple"), str("banana"), str("avocado")]), first),
                       "%{\"a\" => [\"apple\", \"avocado\"], \"b\" => [\"banana\"]}")
        XCTAssertEqual(try ctx.show("Enum", "frequencies", .list([str("a"), str("b"), str("a")])),
                       "%{\"a\" => 2, \"b\" => 1}")
        let parity = fn(1) { try Value.remainder($0[0], .int(2)) }
        XCTAssertEqual(try ctx.show("Enum", "frequencies_by", ints(1, 2, 3, 4, 5), parity), "%{0 => 2, 1 => 3}")
        XCTAssertEqual(try ctx.show("Enum", "group_by", ints(1, 2, 3), parity, double), "%{0 => [4], 1 => [2, 6]}")
    }

    func testMapReduceScanAndSortBy() throws {
        let step = fn(2) { a in .tuple([try Value.multiply(a[0], .int(2)), try Value.add(a[1], a[0])]) }
        XCTAssertEqual(try ctx.show("Enum", "map_reduce", ints(1, 2, 3), .int(0), step), "{[2, 4, 6], 6}")
        XCTAssertEqual(try ctx.show("Enum", "scan", ints(1, 2, 3, 4), plus), "[1, 3, 6, 10]")
        let second = fn(1) { a in if case .tuple(let t) = a[0] { return t[1] }; return .nil }
        let pairs = Value.list([Value.tuple([atom("b"), .int(2)]), .tuple([atom("a"), .int(3)]), .tuple([atom("c"), .int(1)])])
        XCTAssertEqual(try ctx.show("Enum", "sort_by", pairs, second), "[{:c, 1}, {:b, 2}, {:a, 3}]")
        let len = fn(1) { .int($0[0].stringValue!.count) }
        XCTAssertEqual(try ctx.show("Enum", "sort_by", .list([str("bb"), str("a"), str("ccc")]), len, atom("desc")),
                       "[\"ccc\", \"bb\", \"a\"]")
    }

    func testSortIsStableForDescAndCustomSorters() throws {
        let pairs = Value.list([Value.tuple([.int(1), atom("x")]), .tuple([.int(1), atom("y")]), .tuple([.int(2), atom("z")])])
        let first = fn(1) { a in if case .tuple(let t) = a[0] { return t[0] }; return .nil }
        XCTAssertEqual(try ctx.show("Enum", "sort_by", pairs, first, atom("desc")), "[{2, :z}, {1, :x}, {1, :y}]")
        XCTAssertEqual(try ctx.show("Enum", "sort", ints(3, 1, 2)), "[1, 2, 3]")
        XCTAssertEqual(try ctx.show("Enum", "sort", ints(3, 1, 2), atom("desc")), "[3, 2, 1]")
        let ge = fn(2) { .bool(Value.compare($0[0], $0[1]) >= 0) }
        XCTAssertEqual(try ctx.show("Enum", "sort", .list([.int(1), .float(1.0), .int(2)]), ge), "[2, 1, 1.0]")
    }

    func testUniqDedupAndUniqByUseStrictEquality() throws {
        XCTAssertEqual(try ctx.show("Enum", "uniq", ints(3, 1, 3, 2, 1)), "[3, 1, 2]")
        XCTAssertEqual(try ctx.show("Enum", "uniq", .list([.int(1), .float(1.0)])), "[1, 1.0]")
        let abs = fn(1) { a in if case .int(let i) = a[0] { return .int(Swift.abs(i)) }; return a[0] }
        XCTAssertEqual(try ctx.show("Enum", "uniq_by", ints(1, -1, 2, -2), abs), "[1, 2]")
        XCTAssertEqual(try ctx.show("Enum", "dedup", ints(1, 1, 2, 1, 1)), "[1, 2, 1]")
    }

    func testExtremesAndTies() throws {
        XCTAssertEqual(try ctx.show("Enum", "max", ints(3, 9, 2)), "9")
        XCTAssertEqual(try ctx.show("Enum", "min_max", ints(3, 9, 2)), "{2, 9}")
        XCTAssertEqual(try ctx.show("Enum", "max", .list([.int(1), .float(1.0)])), "1")
        XCTAssertEqual(try ctx.show("Enum", "min", .list([.float(1.0), .int(1)])), "1.0")
        let neg = fn(1) { try Value.negate($0[0]) }
        XCTAssertEqual(try ctx.show("Enum", "max_by", ints(3, 9, 2), neg), "2")
        XCTAssertEqual(try ctx.show("Enum", "min_max_by", ints(3, 9, 2), neg), "{9, 2}")
        XCTAssertRaises("Enum.EmptyError", "empty error") { try ctx.run("Enum", "max", ints()) }
        XCTAssertEqual(try ctx.show("Enum", "max", ints(), fn(0) { _ in atom("none") }), ":none")
    }

    func testTruthTestsCountFindAndReduceWhile() throws {
        let big = fn(1) { .bool(Value.compare($0[0], .int(1)) > 0) }
        XCTAssertEqual(try ctx.show("Enum", "any?", ints(1, 2), big), "true")
        XCTAssertEqual(try ctx.show("Enum", "all?", ints(), big), "true")
        XCTAssertEqual(try ctx.show("Enum", "all?", .list([.int(1), .nil])), "false")
        XCTAssertEqual(try ctx.show("Enum", "count", ints(1, 2, 3), big), "2")
        XCTAssertEqual(try ctx.show("Enum", "find", ints(1, 2, 3), big), "2")
        XCTAssertEqual(try ctx.show("Enum", "find_index", ints(1, 2, 3), big), "1")
        XCTAssertEqual(try ctx.show("Enum", "find", ints(1), atom("d"), big), ":d")
        let upTo = fn(2) { a in
            Value.compare(a[1], .int(5)) > 0 ? .tuple([atom("halt"), a[1]]) : .tuple([atom("cont"), try Value.add(a[0], a[1])])
        }
        XCTAssertEqual(try ctx.show("Enum", "reduce_while", range(1, 10), .int(0), upTo), "6")
        XCTAssertEqual(try ctx.show("Enum", "product", ints(1, 2, 3, 4)), "24")
        XCTAssertEqual(try ctx.show("Enum", "flat_map", ints(1, 2), fn(1) { .list([$0[0], $0[0]]) }), "[1, 1, 2, 2]")
    }

    func testSumOfRangeUsesClosedFormAndPromotesToBigInt() throws {
        XCTAssertEqual(try ctx.show("Enum", "sum", range(1, 100)), "5050")
        XCTAssertEqual(try ctx.show("Enum", "sum", range(1, 10, 3)), "22")
        XCTAssertEqual(try ctx.show("Enum", "sum", range(10, 1, -3)), "22")
        XCTAssertEqual(try ctx.show("Enum", "sum", .list([.int(Int.max), .int(1)])), "9223372036854775808")
        XCTAssertRaises("ArithmeticError") { try ctx.run("Enum", "sum", .list([.int(1), atom("a")])) }
    }

    func testSlicingTakingAndSplitting() throws {
        XCTAssertEqual(try ctx.show("Enum", "slice", range(1, 10), .int(2), .int(3)), "[3, 4, 5]")
        XCTAssertEqual(try ctx.show("Enum", "slice", ints(1, 2, 3, 4, 5), range(1, -2)), "[2, 3, 4]")
        XCTAssertEqual(try ctx.show("Enum", "slice", ints(1, 2, 3, 4, 5), range(0, 4, 2)), "[1, 3, 5]")
        XCTAssertEqual(try ctx.show("Enum", "take", ints(1, 2, 3), .int(-2)), "[2, 3]")
        XCTAssertEqual(try ctx.show("Enum", "drop", ints(1, 2, 3), .int(-2)), "[1]")
        XCTAssertEqual(try ctx.show("Enum", "split", ints(1, 2, 3, 4), .int(1)), "{[1], [2, 3, 4]}")
        XCTAssertEqual(try ctx.show("Enum", "split", ints(1, 2, 3, 4), .int(-1)), "{[1, 2, 3], [4]}")
        XCTAssertEqual(try ctx.show("Enum", "take_while", ints(1, 2, 5, 1), fn(1) { .bool(Value.compare($0[0], .int(3)) < 0) }), "[1, 2]")
        XCTAssertEqual(try ctx.show("Enum", "take_every", range(1, 10), .int(4)), "[1, 5, 9]")
        XCTAssertEqual(try ctx.show("Enum", "at", range(1, 10), .int(-1)), "10")
        XCTAssertEqual(try ctx.show("Enum", "fetch", ints(1), .int(3)), ":error")
        XCTAssertRaises("Enum.OutOfBoundsError", "out of bounds error") { try ctx.run("Enum", "fetch!", ints(1), .int(3)) }
        XCTAssertRaises("FunctionClauseError", "no function clause matching in Enum.at/3") { try ctx.run("Enum", "at", ints(1), atom("x")) }
    }

    func testSlideMovesElementsAndRanges() throws {
        XCTAssertEqual(try ctx.show("Enum", "slide", ints(0, 1, 2, 3, 4, 5, 6), .int(5), .int(1)), "[0, 5, 1, 2, 3, 4, 6]")
        XCTAssertEqual(try ctx.show("Enum", "slide", ints(0, 1, 2, 3, 4, 5, 6), range(1, 3), .int(5)), "[0, 4, 5, 1, 2, 3, 6]")
    }

    func testIntoCollectsIntoMapsListsAndBinaries() throws {
        let kwl = kw(("a", .int(1)), ("b", .int(2)))
        XCTAssertEqual(try ctx.show("Enum", "into", kwl, .map(MapValue())), "%{:a => 1, :b => 2}")
        XCTAssertEqual(try ctx.show("Enum", "into", .map(MapValue([(atom("x"), .int(1))])), Value.emptyList), "[{:x, 1}]")
        XCTAssertEqual(try ctx.show("Enum", "into", .list([str("a"), str("b")]), str(">")), "\">ab\"")
        XCTAssertRaises("Protocol.UndefinedError") { try ctx.run("Enum", "into", ints(1), .int(5)) }
    }

    func testNonEnumerableRaisesProtocolError() {
        XCTAssertRaises("Protocol.UndefinedError", "protocol Enumerable not implemented for 5 of type Integer") {
            try ctx.run("Enum", "map", .int(5), double)
        }
    }

    func testSeededShuffleIsDeterministic() throws {
        _ = try ctx.run(":rand", "seed", atom("exsss"), .int(42))
        let a = try ctx.show("Enum", "shuffle", range(1, 10))
        _ = try ctx.run(":rand", "seed", atom("exsss"), .int(42))
        XCTAssertEqual(try ctx.show("Enum", "shuffle", range(1, 10)), a)
        let sorted = try ctx.run("Enum", "sort", try ctx.run("Enum", "shuffle", range(1, 10)))
        XCTAssertEqual(render(sorted), "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]")
    }

    func testZipWithZipReduceAndUnzip() throws {
        XCTAssertEqual(try ctx.show("Enum", "zip_with", ints(1, 2), ints(3, 4), plus), "[4, 6]")
        let tri = fn(3) { try Value.add(try Value.multiply($0[0], $0[1]), $0[2]) }
        XCTAssertEqual(try ctx.show("Enum", "zip_reduce", ints(1, 2), ints(3, 4), .int(0), tri), "11")
        XCTAssertEqual(try ctx.show("Enum", "unzip", .list([Value.tuple([atom("a"), .int(1)]), .tuple([atom("b"), .int(2)])])),
                       "{[:a, :b], [1, 2]}")
    }

    func testBadFunctionArgumentFailsOnlyWhenCalled() throws {
        XCTAssertEqual(try ctx.show("Enum", "map", ints(), .int(5)), "[]")
        XCTAssertRaises("BadFunctionError") { try ctx.run("Enum", "map", ints(1), .int(5)) }
        XCTAssertRaises("FunctionClauseError", "no function clause matching in Enum.with_index/2") {
            try ctx.run("Enum", "with_index", ints(1), double)
        }
    }

    func testChunkWhileDropEveryAndCountUntil() throws {
        // Chunks of consecutive even/odd runs, flushed by the after function.
        let chunker = fn(2) { a in
            guard case .list = a[1], let acc = a[1].listElements else { return .nil }
            if let last = acc.last, Value.looselyEqual(try Value.remainder(last, .int(2)), try Value.remainder(a[0], .int(2))) {
                return .tuple([atom("cont"), .list(acc + [a[0]])])
            }
            return acc.isEmpty ? .tuple([atom("cont"), .list([a[0]])]) : .tuple([atom("cont"), .list(acc), .list([a[0]])])
        }
        let after = fn(1) { a in a[0].listElements?.isEmpty ?? true ? .tuple([atom("cont"), .emptyList]) : .tuple([atom("cont"), a[0], .emptyList]) }
        XCTAssertEqual(try ctx.show("Enum", "chunk_while", ints(1, 3, 2, 4, 5), .emptyList, chunker, after), "[[1, 3], [2, 4], [5]]")
        XCTAssertEqual(try ctx.show("Enum", "drop_every", range(1, 10), .int(2)), "[2, 4, 6, 8, 10]")
        XCTAssertEqual(try ctx.show("Enum", "drop_every", ints(1, 2), .int(0)), "[1, 2]")
        XCTAssertEqual(try ctx.show("Enum", "count_until", range(1, 100), .int(5)), "5")
        XCTAssertEqual(try ctx.show("Enum", "count_until", range(1, 100), isEven, .int(3)), "3")
    }
}
