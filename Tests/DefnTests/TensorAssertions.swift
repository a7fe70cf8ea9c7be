import XCTest
import NxCore

/// Asserts that two tensors have the same template and values within
/// `absolute + relative · |a|` element by element (NaN matches NaN): the JIT against the
/// Evaluator, or one block path against the other.
func assertClose(_ a: Tensor, _ b: Tensor, relative: Double = 4e-6, absolute: Double = 1e-6,
                 file: StaticString = #filePath, line: UInt = #line) throws {
    XCTAssertEqual(a.template, b.template, file: file, line: line)
    let (x, y) = (try Nx.toFlatList(a).map(\.doubleValue), try Nx.toFlatList(b).map(\.doubleValue))
    XCTAssertEqual(x.count, y.count, file: file, line: line)
    for (p, q) in zip(x, y) where !(p.isNaN && q.isNaN) && p != q {
        XCTAssertLessThanOrEqual(abs(p - q), absolute + relative * abs(p), "\(p) vs \(q)", file: file, line: line)
    }
}
