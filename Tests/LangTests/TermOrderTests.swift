import XCTest
@testable import Lang

final class TermOrderTests: XCTestCase {
    func testNumbersSortBeforeAtomsAndListsBeforeBinaries() {
        let sorted = [Value.string("b"), .emptyList, .atom("a"), .int(3), .tuple([])]
            .sorted { Value.compare($0, $1) < 0 }
        XCTAssertEqual(sorted.map { Value.compare($0, .int(3)) }, [0, 1, 1, 1, 1])
        guard case .int = sorted[0], case .atom = sorted[1], case .tuple = sorted[2],
              case .list = sorted[3], case .binary = sorted[4] else {
            return XCTFail("wrong order: \(sorted)")
        }
    }

    func testIntegerEqualsFloatLooselyButNotStrictly() {
        XCTAssertTrue(Value.looselyEqual(.int(1), .float(1.0)))
        XCTAssertFalse(Value.strictlyEqual(.int(1), .float(1.0)))
    }

    func testMapKeysKeepTermOrderAndDistinguishIntFromFloat() {
        var m = MapValue()
        m[.atom("b")] = .int(1)
        m[.atom("a")] = .int(2)
        m[.float(1.0)] = .int(3)
        m[.int(1)] = .int(4)
        XCTAssertEqual(m.count, 4)
        guard case .int = m.keys[0], case .float = m.keys[1], case .atom("a") = m.keys[2] else {
            return XCTFail("wrong key order: \(m.keys)")
        }
        m[.atom("a")] = nil
        XCTAssertNil(m[.atom("a")])
    }

    func testReleasingAMillionCellListDoesNotOverflowTheStack() {
        var list: Value? = Value.list((0..<1_000_000).map { Value.int($0) })
        XCTAssertNotNil(list)
        list = nil
    }
}
