import XCTest
@testable import Lang

final class StreamModuleTests: XCTestCase {
    let ctx = TestContext()

    func testMapFilterTakeOverInfiniteIterate() throws {
        let naturals = try ctx.run("Stream", "iterate", .int(1), fn(1) { try Value.add($0[0], .int(1)) })
        let evens = try ctx.run("Stream", "filter", naturals, isEven)
        let doubled = try ctx.run("Stream", "map", evens, double)
        XCTAssertEqual(try ctx.show("Enum", "take", doubled, .int(3)), "[4, 8, 12]")
        XCTAssertEqual(try ctx.show("Enum", "to_list", try ctx.run("Stream", "take", doubled, .int(2))), "[4, 8]")
    }

    func testStreamsAreLazyUntilConsumed() throws {
        var calls = 0
        let counting = fn(1) { a in calls += 1; return a[0] }
        let s = try ctx.run("Stream", "map", range(1, 1000), counting)
        XCTAssertEqual(calls, 0)
        _ = try ctx.run("Enum", "take", s, .int(2))
        XCTAssertEqual(calls, 2)
    }

    func testUnfoldCycleZipAndWithIndex() throws {
        let fib = try ctx.run("Stream", "unfold", .tuple([.int(0), .int(1)]), fn(1) { a in
            guard case .tuple(let t) = a[0] else { return .nil }
            return .tuple([t[0], .tuple([t[1], try Value.add(t[0], t[1])])])
        })
        XCTAssertEqual(try ctx.show("Enum", "take", fib, .int(7)), "[0, 1, 1, 2, 3, 5, 8]")
        let countdown = try ctx.run("Stream", "unfold", .int(3), fn(1) { a in
            Value.looselyEqual(a[0], .int(0)) ? .nil : .tuple([a[0], try Value.subtract(a[0], .int(1))])
        })
        XCTAssertEqual(try ctx.show("Enum", "to_list", countdown), "[3, 2, 1]")
        let cycle = try ctx.run("Stream", "cycle", ints(1, 2))
        XCTAssertEqual(try ctx.show("Enum", "take", cycle, .int(5)), "[1, 2, 1, 2, 1]")
        XCTAssertEqual(try ctx.show("Enum", "to_list", try ctx.run("Stream", "zip", cycle, .list([atom("a"), atom("b"), atom("c")]))),
                       "[{1, :a}, {2, :b}, {1, :c}]")
        XCTAssertEqual(try ctx.show("Enum", "to_list", try ctx.run("Stream", "with_index", .list([atom("a"), atom("b")]), .int(1))),
                       "[{:a, 1}, {:b, 2}]")
    }

    func testChunkEveryMatchesEnum() throws {
        for (n, count, step) in [(5, 2, 1), (7, 2, 3), (6, 2, 3), (10, 3, 3), (4, 3, 1)] {
            let source = range(1, n)
            let eager = try ctx.show("Enum", "chunk_every", source, .int(count), .int(step))
            let lazy = try ctx.show("Enum", "to_list", try ctx.run("Stream", "chunk_every", source, .int(count), .int(step)))
            XCTAssertEqual(lazy, eager, "n=\(n) count=\(count) step=\(step)")
            let eagerDiscard = try ctx.show("Enum", "chunk_every", source, .int(count), .int(step), atom("discard"))
            let lazyDiscard = try ctx.show("Enum", "to_list", try ctx.run("Stream", "chunk_every", source, .int(count), .int(step), atom("discard")))
            XCTAssertEqual(lazyDiscard, eagerDiscard, "discard n=\(n) count=\(count) step=\(step)")
        }
    }

    func testTakeWhileDropConcatTransformAndRun() throws {
        let small = fn(1) { .bool(Value.compare($0[0], .int(3)) < 0) }
        XCTAssertEqual(try ctx.show("Enum", "to_list", try ctx.run("Stream", "take_while", range(1, 10), small)), "[1, 2]")
        XCTAssertEqual(try ctx.show("Enum", "to_list", try ctx.run("Stream", "drop", range(1, 5), .int(3))), "[4, 5]")
        XCTAssertEqual(try ctx.show("Enum", "to_list", try ctx.run("Stream", "concat", ints(1), range(2, 3))), "[1, 2, 3]")
        let upToSum = fn(2) { a in
            Value.compare(a[1], .int(3)) >= 0 ? .tuple([atom("halt"), a[1]])
                : .tuple([.list([a[0], a[0]]), try Value.add(a[1], a[0])])
        }
        XCTAssertEqual(try ctx.show("Enum", "to_list", try ctx.run("Stream", "transform", range(1, 10), .int(0), upToSum)),
                       "[1, 1, 2, 2]")
        XCTAssertEqual(try ctx.show("Stream", "run", try ctx.run("Stream", "map", ints(1), double)), ":ok")
    }

    func testNonEnumerableSourceRaisesAtOnce() {
        XCTAssertRaises("Protocol.UndefinedError") { try ctx.run("Stream", "map", .int(1), double) }
    }

    func testEnumZipAndSliceStopEarlyOnInfiniteStreams() throws {
        let naturals = try ctx.run("Stream", "iterate", .int(0), fn(1) { try Value.add($0[0], .int(1)) })
        XCTAssertEqual(try ctx.show("Enum", "zip", naturals, .list([atom("a"), atom("b")])), "[{0, :a}, {1, :b}]")
        XCTAssertEqual(try ctx.show("Enum", "zip_with", ints(10, 20), naturals, plus), "[10, 21]")
        XCTAssertEqual(try ctx.show("Enum", "slice", naturals, .int(3), .int(2)), "[3, 4]")
        XCTAssertEqual(try ctx.show("Enum", "slice", naturals, range(2, 6, 2)), "[2, 4, 6]")
    }

    func testResourceAndChunkBy() throws {
        var closed = false
        let res = try ctx.run("Stream", "resource", fn(0) { _ in .int(0) }, fn(1) { a in
            Value.compare(a[0], .int(3)) >= 0 ? .tuple([atom("halt"), a[0]]) : .tuple([.list([a[0]]), try Value.add(a[0], .int(1))])
        }, fn(1) { _ in closed = true; return atom("ok") })
        XCTAssertEqual(try ctx.show("Enum", "to_list", res), "[0, 1, 2]")
        XCTAssertTrue(closed)
        XCTAssertEqual(try ctx.show("Enum", "to_list", try ctx.run("Stream", "chunk_by", ints(1, 1, 2, 3, 3), identity)),
                       "[[1, 1], [2], [3, 3]]")
    }
}
