import XCTest
@testable import Lang

final class InspectFloatTests: XCTestCase {
    func testInspectMatchesElixirForTheConformanceTable() {
        let cases: [(Double, String)] = [
            (0.1 * 3, "0.30000000000000004"), (1.0 / 3, "0.3333333333333333"),
            (2.0e-7, "2.0e-7"), (1.0e-7, "1.0e-7"), (123456789.0, "123456789.0"),
            (1.0e16, "1.0e16"), (1.0e15, "1000000000000000.0"), (5.0e-324, "5.0e-324"),
            (1.7976931348623157e308, "1.7976931348623157e308"), (-0.0, "-0.0"),
            (3.0 * 1.1, "3.3000000000000003"), (0.1, "0.1"), (0.0, "0.0"), (2.5, "2.5"),
            (-1.5, "-1.5"), (1000.0, "1000.0"), (1.0e100, "1.0e100"), (1.5e300, "1.5e300"),
            (123.456, "123.456"), (0.001, "0.001"), (0.0001, "1.0e-4"), (1.0e-10, "1.0e-10"),
        ]
        for (f, text) in cases { XCTAssertEqual(Inspector.inspect(.float(f)), text, "\(f)") }
    }

    func testToStringUsesErlangLayoutWithoutTheWholeNumberRule() {
        XCTAssertEqual(FloatText.shortest(0.001), "0.001")
        XCTAssertEqual(FloatText.shortest(100.0), "100.0")
        XCTAssertEqual(FloatText.shortest(1000.0), "1.0e3")
        XCTAssertEqual(FloatText.shortest(123.0), "123.0")
        XCTAssertEqual(FloatText.shortest(1.0e15), "1.0e15")
        XCTAssertEqual(FloatText.shortest(2.67), "2.67")
        XCTAssertEqual(try Inspector.toString(.float(1.0e3)), "1.0e3")
    }
}
