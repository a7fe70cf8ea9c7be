import XCTest
import Foundation
@testable import Lang

/// examples/mlp.exs (a 784-128-10 MLP trained with grad) at a small size: the loss it
/// prints must go down.
final class MLPExampleTests: XCTestCase {
    func testSmallMLPExampleLossGoesDown() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let code = try String(contentsOf: root.appendingPathComponent("examples/mlp.exs"), encoding: .utf8)
        for (name, value) in ["MLP_INPUTS": "12", "MLP_HIDDEN": "8", "MLP_CLASSES": "3", "MLP_SAMPLES": "32", "MLP_STEPS": "20"] {
            setenv(name, value, 1)
        }
        defer { for name in ["MLP_INPUTS", "MLP_HIDDEN", "MLP_CLASSES", "MLP_SAMPLES", "MLP_STEPS"] { unsetenv(name) } }
        let output = try evaluate(code).output
        func number(after prefix: String) -> Double? {
            guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) else { return nil }
            let rest = line.dropFirst(prefix.count).prefix { $0 == "." || $0 == "-" || $0.isNumber }
            return Double(rest)
        }
        let first = try XCTUnwrap(number(after: "initial loss: "), output)
        let last = try XCTUnwrap(number(after: "final loss: "), output)
        XCTAssertLessThan(last, first * 0.8, output)
        XCTAssertTrue(output.contains("loss went down"), output)
    }
}
