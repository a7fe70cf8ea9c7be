import XCTest
@testable import NxCore

/// Shorthands so tests read like the Elixir they pin.
func ints(_ values: [Int64]) -> NestedNumbers { .list(values.map { .number(.int($0)) }) }
func floats(_ values: [Double]) -> NestedNumbers { .list(values.map { .number(.float($0)) }) }
func matrix(_ rows: [[Int64]]) -> NestedNumbers { .list(rows.map(ints)) }

func inspect(_ t: Tensor, limit: Int? = TensorInspect.defaultLimit) throws -> String {
    try TensorInspect.inspect(t, limit: limit)
}

/// The expected output of a conformance case, split into the blocks printed by each IO.inspect.
func conformanceOutput(_ name: String) throws -> String {
    try String(contentsOfFile: "/work/shared/conformance/cases/\(name).out", encoding: .utf8)
}

func flat(_ t: Tensor) throws -> [NxNumber] { try Nx.toFlatList(t) }

func assertThrows(_ expected: NxError, file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> Any) {
    do {
        _ = try body()
        XCTFail("expected \(expected)", file: file, line: line)
    } catch let e as NxError {
        XCTAssertEqual(e, expected, file: file, line: line)
    } catch {
        XCTFail("unexpected \(error)", file: file, line: line)
    }
}

/// `type[shape] [flat values]`: a one-line summary for asserting results.
func summary(_ t: Tensor) throws -> String {
    TensorInspect.header(t.template) + " [" + (try flat(t)).map(TensorInspect.format).joined(separator: ", ") + "]"
}
