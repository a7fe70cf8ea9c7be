import XCTest
import Foundation
@testable import NxCore

/// Timings of the eager benchmark workloads (`../shared/bench/`), run only when SWIFTNX_BENCH=1
/// (use a release build with testing enabled, and OpenBLAS left to pick its own kernels as
/// `reference.py` asks: `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE SWIFTNX_BENCH=1
/// swift test -c release -Xswiftc -enable-testing --filter NativeBenchmarkTests`). The argmax
/// workload also checks its result, so a fast wrong kernel fails.
final class NativeBenchmarkTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["SWIFTNX_BENCH"] == "1", "set SWIFTNX_BENCH=1 to run benchmarks")
    }

    /// Median seconds per call over ~0.3 s.
    func median(_ body: () throws -> Void) rethrows -> Double {
        for _ in 0..<3 { try body() }
        var samples: [Double] = []
        let deadline = Date().addingTimeInterval(0.3)
        repeat {
            let t0 = DispatchTime.now().uptimeNanoseconds
            try body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        } while Date() < deadline || samples.count < 5
        samples.sort()
        return samples[samples.count / 2]
    }

    func report(_ name: String, _ seconds: Double) {
        print(String(format: "BENCH %-36@ %10.1f us", name as NSString, seconds * 1e6))
    }

    func testEagerWorkloads() throws {
        let m = try Nx.divide(.tensor(try Nx.iota([2048, 2048], type: .f32)), .float(2048 * 2048))
        let row = try Nx.iota([2048], type: .f32)
        report("sum_2048x2048", try median { _ = try Nx.sum(.tensor(m)) })
        report("sum_axis1_2048x2048", try median { _ = try Nx.sum(.tensor(m), axes: [1]) })
        report("argmax_axis1_2048x2048", try median { _ = try Nx.argReduce(max: true, .tensor(m), axis: 1) })
        report("transpose_2048x2048", try median { _ = try Nx.transpose(.tensor(m)) })
        report("broadcast_add_2048x2048_plus_row", try median { _ = try Nx.add(.tensor(m), .tensor(row)) })
        let a1024 = try Nx.iota([1024, 1024], type: .f32), a256 = try Nx.iota([256, 256], type: .f32)
        report("matmul_1024", try median { _ = try Nx.dot(.tensor(a1024), .tensor(a1024)) })
        report("matmul_256", try median { _ = try Nx.dot(.tensor(a256), .tensor(a256)) })
        let s1 = try Nx.iota([4], type: .f32), s2 = try Nx.iota([4], type: .f32)
        report("small_op_latency", try median { _ = try Nx.add(.tensor(s1), .tensor(s2)) })

        let argmax = try flat(try Nx.argReduce(max: true, .tensor(m), axis: 1))
        XCTAssertEqual(argmax[5].doubleValue, 2047)
    }
}
