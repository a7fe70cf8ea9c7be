import XCTest
@testable import Lang

final class NxReductionBindingsTests: XCTestCase {
    func testSumOfS8PromotesToS64() throws {
        XCTAssertEqual(render(try nxEval("Nx.sum(Nx.tensor([100, 100], type: :s8)) |> Nx.to_number()")), "200")
        XCTAssertEqual(render(try nxEval("Nx.type(Nx.sum(Nx.tensor([1], type: :s8)))")), "{:s, 64}")
    }

    func testSumOverNamedAxis() throws {
        XCTAssertEqual(render(try nxEval("Nx.sum(Nx.tensor([[1, 2], [3, 4]], names: [:x, :y]), axes: [:y]) |> Nx.to_list()")), "[3, 7]")
    }

    func testKeepAxesKeepsSizeOne() throws {
        XCTAssertEqual(render(try nxEval("Nx.sum(Nx.iota({2, 3}), axes: [1], keep_axes: true) |> Nx.shape()")), "{2, 1}")
    }

    func testSumOverMissingAxisRaises() {
        XCTAssertNxRaises("Nx.sum(Nx.iota({2}), axes: [3])", "ArgumentError", "given axis (3) invalid for shape with rank 1")
    }

    func testArgminTieBreakHigh() throws {
        XCTAssertEqual(render(try nxEval("Nx.argmin(Nx.tensor([1, 0, 0]), tie_break: :high) |> Nx.to_number()")), "2")
        XCTAssertEqual(render(try nxEval("Nx.argmin(Nx.tensor([1, 0, 0])) |> Nx.to_number()")), "1")
    }

    func testBadTieBreakRaises() {
        XCTAssertRaises("ArgumentError") { try nxEval("Nx.argmax(Nx.tensor([1]), tie_break: :middle)") }
    }

    func testReduceWithFunctionAndAxes() throws {
        XCTAssertEqual(render(try nxEval("Nx.reduce(Nx.tensor([[1, 2, 3], [4, 5, 6]]), 1, [axes: [1]], fn x, acc -> Nx.multiply(x, acc) end) |> Nx.to_list()")),
                       "[6, 120]")
        XCTAssertEqual(render(try nxEval("Nx.reduce(Nx.tensor([1, 2, 3]), 0, fn x, acc -> Nx.add(x, acc) end) |> Nx.to_number()")), "6")
    }

    func testMeanIsFloat() throws {
        XCTAssertEqual(render(try nxEval("Nx.mean(Nx.tensor([1, 2])) |> Nx.to_number()")), "1.5")
    }

    func testLogsumexpScalingFactor() throws {
        let v = try nxEval("Nx.logsumexp(Nx.tensor([0.0, 0.0]), exp_scaling_factor: Nx.tensor([1.0, 3.0])) |> Nx.to_number()")
        guard case .float(let d) = v else { return XCTFail("expected a float, got \(render(v))") }
        XCTAssertEqual(d, Foundation.log(4.0), accuracy: 1e-6)
    }

    func testAllCloseEqualNaN() throws {
        XCTAssertEqual(render(try nxEval("Nx.all_close(Nx.tensor([:nan]), Nx.tensor([:nan]), equal_nan: true) |> Nx.to_number()")), "1")
        XCTAssertEqual(render(try nxEval("Nx.all_close(Nx.tensor([:nan]), Nx.tensor([:nan])) |> Nx.to_number()")), "0")
    }

    func testCumulativeSumReverse() throws {
        XCTAssertEqual(render(try nxEval("Nx.cumulative_sum(Nx.tensor([1, 2, 3]), reverse: true) |> Nx.to_list()")), "[6, 5, 3]")
    }

    func testSumOfRandomShapesEqualsSumOfPartialSums() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let a = Int.random(in: 1...4, using: &generator), b = Int.random(in: 1...4, using: &generator)
            let total = try nxEval("Nx.sum(Nx.iota({\(a), \(b)})) |> Nx.to_number()")
            let partial = try nxEval("Nx.iota({\(a), \(b)}) |> Nx.sum(axes: [0]) |> Nx.sum() |> Nx.to_number()")
            XCTAssertEqual(render(total), render(partial))
            XCTAssertEqual(render(total), String((a * b) * (a * b - 1) / 2))
        }
    }
}

import Foundation
