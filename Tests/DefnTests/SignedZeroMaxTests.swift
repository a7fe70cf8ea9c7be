import XCTest
import NxCore
@testable import Defn
import CPUInfo

/// `max` of equal operands (-0.0 and 0.0) gives its first operand, as Erlang's max does in Nx's
/// binary backend: the native op, the 8-lane kernel loop and the 16-lane code agree bit for bit.
final class SignedZeroMaxTests: XCTestCase {
    let a: [Float] = [-0.0, 0.0, -0.0, 0.0, 1, .nan]
    let b: [Float] = [0.0, -0.0, -0.0, 0.0, 1, 2]

    func bits(_ xs: [Float]) -> [UInt32] { xs.map { $0.isNaN ? Float.nan.bitPattern : $0.bitPattern } }

    func testNativeMaxKeepsTheFirstOfEqualOperands() throws {
        let t = { (xs: [Float]) in
            try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [xs.count]), xs.withUnsafeBytes { Array($0) })
        }
        let out = try Nx.binary(.max, .tensor(try t(a)), .tensor(try t(b)))
        let got = try Nx.toFlatList(out).map { Float($0.doubleValue) }
        XCTAssertEqual(bits(got), bits(a))
    }

    func testKernelMaxKeepsTheFirstOfEqualOperandsOnEachLaneWidth() {
        for wide in Set([false, CPUFeatures.avx512Hardware]) {
            var d = [Float](repeating: 7, count: a.count)
            BlockContext.binary(.max, a, b, &d, a.count, wide: wide)
            XCTAssertEqual(bits(d), bits(a), "wide: \(wide)")
        }
    }
}
