import XCTest
@testable import NxCore

/// Inspect output compared with what real Nx 0.7.2 printed (the conformance .out files).
final class InspectTests: XCTestCase {
    func testFloatFormatMatchesErlangShortest() {
        XCTAssertEqual(FloatFormat.elixir(0.1), "0.1")
        XCTAssertEqual(FloatFormat.elixir(1.0e10), "1.0e10")
        XCTAssertEqual(FloatFormat.elixir(1000.0), "1.0e3")
        XCTAssertEqual(FloatFormat.elixir(100.0), "100.0")
        XCTAssertEqual(FloatFormat.elixir(0.0001), "0.0001")
        XCTAssertEqual(FloatFormat.elixir(1.0e-5), "1.0e-5")
        XCTAssertEqual(FloatFormat.elixir(123456792.0), "123456792.0")
        XCTAssertEqual(FloatFormat.elixir(-0.0), "-0.0")
        XCTAssertEqual(FloatFormat.elixir(0.0), "0.0")
        XCTAssertEqual(FloatFormat.elixir(Double(Float(2.0e-7))), "2.0000000233721948e-7")
        XCTAssertEqual(FloatFormat.elixir(2.9907629905160607e38), "2.9907629905160607e38")
    }

    func testF32TensorPrintsWidenedValues() throws {
        let t = try Nx.tensor(floats([0.1, 1.0 / 3, 2.0e-7, 1.0e10, 123456789.0]))
        XCTAssertEqual(try inspect(t) + "\n", try conformanceOutput("nx_float_format_f32"))
    }

    func testF16AndBF16Rounding() throws {
        let a = try Nx.tensor(floats([0.1, 1000.1, 2049.0, 1.0e-5, 3.14159]), type: .f16)
        let b = try Nx.tensor(floats([0.1, 1.01, 257.0, 1.0e-5, 3.14159]), type: .bf16)
        let c = try Nx.asType(.tensor(try Nx.tensor(floats([1.0e10, 70000.0]))), .f16)
        let text = [a, b, c].map { try! inspect($0) }.joined(separator: "\n") + "\n"
        XCTAssertEqual(text, try conformanceOutput("nx_print_f16_bf16_rounding"))
    }

    func testBF16LargeValue() throws {
        let t = try Nx.tensor(floats([0.1, 1.0 / 3, 3.0e38]), type: .bf16)
        XCTAssertEqual(try inspect(t) + "\n", try conformanceOutput("nx_float_format_bf16"))
    }

    func testNestedIotaAndLimits() throws {
        XCTAssertEqual(try inspect(try Nx.iota([2, 2, 2, 3])) + "\n", try conformanceOutput("nx_print_4d"))
        XCTAssertEqual(try inspect(try Nx.iota([10, 10])) + "\n", try conformanceOutput("nx_limit_matrix"))
        XCTAssertEqual(try inspect(try Nx.iota([100])) + "\n", try conformanceOutput("nx_limit_long"))
        XCTAssertEqual(try inspect(try Nx.iota([3, 40], names: ["rows", "cols"])) + "\n", try conformanceOutput("nx_print_names_limit"))
        let limited = [try inspect(try Nx.iota([2, 5]), limit: 3), try inspect(try Nx.iota([10]), limit: 1),
                       try inspect(try Nx.iota([4]), limit: nil)].joined(separator: "\n") + "\n"
        XCTAssertEqual(limited, try conformanceOutput("nx_print_inspect_limit"))
    }

    func testComplexAndNonFinite() throws {
        let a = try Nx.tensor(.list([.number(.complex(1, -2)), .number(.complex(-0.5, -0.25)), .number(.complex(0, 0))]))
        let b = try Nx.tensor(.list([.number(.complex(.nan, 1)), .number(.complex(2, .nan)), .number(.complex(.infinity, -.infinity))]))
        let c = try Nx.tensor(.number(.complex(1.5, 3)), type: .c128)
        let text = [a, b, c].map { try! inspect($0) }.joined(separator: "\n") + "\n"
        XCTAssertEqual(text, try conformanceOutput("nx_print_complex_edge"))
    }

    func testIntegerExtremes() throws {
        let a = try Nx.tensor(.list([.number(.uint(18446744073709551615)), .number(.int(0))]), type: .u64)
        let b = try Nx.tensor(ints([-128, 127]), type: .s8)
        let c = try Nx.tensor(ints([Int64.min, Int64.max]), type: .s64)
        let d = try Nx.tensor(ints([65535]), type: .u16)
        let text = [a, b, c, d].map { try! inspect($0) }.joined(separator: "\n") + "\n"
        XCTAssertEqual(text, try conformanceOutput("nx_print_int_extremes"))
    }

    func testWideRowsStayOnOneLine() throws {
        let a = try Nx.multiply(.tensor(try Nx.iota([2, 25])), .int(1001))
        let b = try Nx.divide(.tensor(try Nx.iota([2, 12])), .int(7))
        XCTAssertEqual(try inspect(a) + "\n" + inspect(b) + "\n", try conformanceOutput("nx_print_wide_wrap"))
    }
}
