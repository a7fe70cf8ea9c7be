import XCTest
@testable import NxCore

final class HeatmapTests: XCTestCase {
    func testMatrixHeatmapScalesDigitsBetweenExtremes() throws {
        let t = try Nx.tensor(matrix([[0, 1, 2], [3, 4, 5]]))
        XCTAssertEqual(try HeatmapInspect.inspect(t), "#Nx.Heatmap<\n  s64[2][3]\n  \n  024\n  579\n>")
    }

    func testVectorHeatmapIsOneLine() throws {
        let t = try Nx.tensor(ints([0, 5, 10]))
        XCTAssertEqual(try HeatmapInspect.inspect(t), "#Nx.Heatmap<\n  s64[3]\n  059\n>")
    }

    func testNonFiniteCellsAreMarked() throws {
        let t = try Nx.tensor(floats([.infinity, -.infinity, .nan, 1]))
        XCTAssertEqual(try HeatmapInspect.inspect(t), "#Nx.Heatmap<\n  f32[4]\n  +-x0\n>")
    }

    func testEachMatrixOfARank3HeatmapScalesOnItsOwn() throws {
        let t = try Nx.iota([2, 1, 2])
        XCTAssertEqual(try HeatmapInspect.inspect(t), "#Nx.Heatmap<\n  s64[2][1][2]\n  [\n    09,\n    \n    09\n  ]\n>")
    }

    func testScalarHeatmapRaises() throws {
        XCTAssertThrowsError(try HeatmapInspect.inspect(try Nx.iota([])))
    }
}
