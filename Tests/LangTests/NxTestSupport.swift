import XCTest
@testable import Lang

/// Runs Elixir code through a fresh interpreter (which installs the Nx bindings).
func nxEval(_ code: String) throws -> Value {
    try Interpreter(output: { _, _ in }).evaluate(code)
}

/// `inspect/1` of the value of `code`, as IO.inspect prints it (layout included).
func nxInspect(_ code: String) throws -> String {
    Inspector.ioInspect(try nxEval(code))
}

/// Asserts that evaluating `code` raises `module` with exactly `message`.
func XCTAssertNxRaises(_ code: String, _ module: String, _ message: String,
                       file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertRaises(module, message, file: file, line: line) { try nxEval(code) }
}
