import XCTest
@testable import NxCore

/// Window reductions, checked against Nx's documented examples.
final class WindowTests: XCTestCase {
    let t3x4 = matrix([[1, 5, 2, 0], [3, 4, 8, 1], [7, 6, 0, 2]])

    func testWindowSumOf2x2ValidWindowsKeepsS64() throws {
        let t = try Nx.iota([4, 4])
        XCTAssertEqual(try summary(try Nx.windowReduce(.sum, .tensor(t), window: [2, 2])),
                       "s64[3][3] [10, 14, 18, 26, 30, 34, 42, 46, 50]")
    }

    func testWindowSumWithStridesSkipsWindows() throws {
        let t = try Nx.iota([4, 4])
        XCTAssertEqual(try summary(try Nx.windowReduce(.sum, .tensor(t), window: [2, 2], strides: [2, 2])),
                       "s64[2][2] [10, 18, 42, 50]")
    }

    func testWindowSumSamePaddingKeepsTheShape() throws {
        let t = try Nx.iota([4, 4])
        XCTAssertEqual(try summary(try Nx.windowReduce(.sum, .tensor(t), window: [3, 3], padding: .same)),
                       "s64[4][4] [10, 18, 24, 18, 27, 45, 54, 39, 51, 81, 90, 63, 42, 66, 72, 50]")
    }

    func testWindowSumExplicitPaddingWithStride() throws {
        let t = try Nx.tensor(ints([1, 2, 3, 4, 5]))
        XCTAssertEqual(try summary(try Nx.windowReduce(.sum, .tensor(t), window: [2], strides: [2], padding: .explicit([(1, 1)]))),
                       "s64[3] [1, 5, 9]")
    }

    func testWindowMaxSamePaddingPadsWithTheLowestValue() throws {
        let t = try Nx.tensor(t3x4)
        XCTAssertEqual(try summary(try Nx.windowReduce(.reduce_max, .tensor(t), window: [2, 2], strides: [1, 2], padding: .same)),
                       "s64[3][2] [5, 8, 7, 8, 7, 2]")
    }

    func testWindowMaxOfNegativeFloatsIgnoresPadding() throws {
        let t = try Nx.tensor(floats([-1, -2, -3]))
        XCTAssertEqual(try summary(try Nx.windowReduce(.reduce_max, .tensor(t), window: [2], padding: .same)),
                       "f32[3] [-1.0, -2.0, -3.0]")
    }

    func testWindowMinOfColumns() throws {
        let t = try Nx.tensor(t3x4)
        XCTAssertEqual(try summary(try Nx.windowReduce(.reduce_min, .tensor(t), window: [3, 1])), "s64[1][4] [1, 4, 0, 0]")
    }

    func testWindowMeanIsAFloat() throws {
        let t = try Nx.tensor(t3x4)
        XCTAssertEqual(try summary(try Nx.windowMean(.tensor(t), window: [1, 2], strides: [1, 2])),
                       "f32[3][2] [3.0, 1.0, 3.5, 4.5, 6.5, 1.0]")
    }

    func testWindowProductWithDilationSkipsElements() throws {
        let t = try Nx.tensor(ints([1, 2, 3, 4]))
        XCTAssertEqual(try summary(try Nx.windowReduce(.product, .tensor(t), window: [2], dilations: [2])), "s64[2] [3, 8]")
    }

    func testWindowReduceFoldsAFunctionFromTheAccumulator() throws {
        let t = try Nx.tensor(ints([1, 2, 3, 4]))
        let r = try Nx.windowReduce(.tensor(t), initial: .number(.int(0)), window: [2]) { x, acc in
            try Nx.add(.tensor(x), .tensor(acc))
        }
        XCTAssertEqual(try summary(r), "s64[3] [3, 5, 7]")
    }

    func testWindowScatterMaxAddsSourceAtEachWindowMaximum() throws {
        // Nx's documented example.
        let t = try Nx.tensor(matrix([[7, 2, 5, 3, 10, 2], [3, 8, 9, 3, 4, 2], [1, 5, 7, 5, 6, 1], [0, 6, 2, 7, 2, 8]]))
        let source = try Nx.tensor(matrix([[2, 6], [3, 1]]))
        let r = try Nx.windowScatter(max: true, .tensor(t), .tensor(source), .number(.int(0)), window: [2, 3], strides: [2, 3])
        XCTAssertEqual(try summary(r), "s64[4][6] [0, 0, 0, 0, 6, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 1]")
    }

    func testWindowScatterMinAddsSourceAtEachWindowMinimum() throws {
        let t = try Nx.tensor(matrix([[7, 2, 5, 3, 10, 2], [3, 8, 9, 3, 4, 2], [1, 5, 7, 5, 6, 1], [0, 6, 2, 7, 2, 8]]))
        let source = try Nx.tensor(matrix([[2, 6], [3, 1]]))
        let r = try Nx.windowScatter(max: false, .tensor(t), .tensor(source), .number(.int(0)), window: [2, 3], strides: [2, 3])
        XCTAssertEqual(try summary(r), "s64[4][6] [0, 2, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0, 0]")
    }

    func testWindowRankMismatchRaises() throws {
        let t = try Nx.iota([4, 4])
        assertThrows(.argument("invalid window dimensions, rank of shape (2) does not match rank of window (1)")) {
            try Nx.windowReduce(.sum, .tensor(t), window: [2])
        }
    }

    func testWindowLargerThanInputRaises() throws {
        let t = try Nx.iota([2])
        XCTAssertThrowsError(try Nx.windowReduce(.sum, .tensor(t), window: [3]))
    }
}
