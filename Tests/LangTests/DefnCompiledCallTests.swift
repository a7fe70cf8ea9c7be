import XCTest
@testable import Lang

/// Calls of an `Nx.Defn.compile`d function: plain tensors matching their templates take the
/// direct path (no key strings), everything else the checked one; both compilers agree.
final class DefnCompiledCallTests: XCTestCase {
    func run(_ defn: String, templates: String, call: String, compiler: String) throws -> String {
        let code = """
        defmodule C do
        import Nx.Defn
        \(defn)
        end
        fun = Nx.Defn.compile(&C.f/\(templates.split(separator: ";").count), [\(templates.replacingOccurrences(of: ";", with: ","))], compiler: \(compiler))
        fun.(\(call))
        """
        return try evaluate(code).result
    }

    func bothCompilers(_ defn: String, templates: String, call: String) throws -> String {
        let jit = try run(defn, templates: templates, call: call, compiler: "SwiftNx.JIT")
        XCTAssertEqual(jit, try run(defn, templates: templates, call: call, compiler: "Nx.Defn.Evaluator"))
        return jit
    }

    func testMatchingTensorsGiveTheValuesAndANaN() throws {
        let t = "Nx.template({3}, {:f, 32})"
        let out = try bothCompilers("defn f(a, b), do: a + b", templates: "\(t);\(t)",
                                    call: "Nx.tensor([1.0, :nan, 3.0]), Nx.tensor([4.0, 5.0, 6.0])")
        XCTAssertTrue(out.contains("[5.0, NaN, 9.0]"), out)
    }

    func testParametersInAnyOrderRepeatedOrUnused() throws {
        let t = "Nx.template({2, 2}, {:f, 32})"
        let out = try bothCompilers("defn f(a, b, c), do: c * c - a", templates: "\(t);\(t);\(t)",
                                    call: "Nx.iota({2, 2}, type: :f32), Nx.tensor([[9.0, 9.0], [9.0, 9.0]]), Nx.tensor([[1.0, 2.0], [3.0, 4.0]])")
        XCTAssertTrue(out.contains("[1.0, 3.0]") && out.contains("[7.0, 13.0]"), out)
    }

    func testBroadcastAndNamedTemplates() throws {
        let out = try bothCompilers("defn f(m, r), do: m / r",
                                    templates: "Nx.template({2, 3}, {:f, 32}, names: [:i, :j]);Nx.template({3}, {:f, 32}, names: [:j])",
                                    call: "Nx.tensor([[2.0, 4.0, 6.0], [1.0, 0.0, -3.0]], names: [:i, :j]), Nx.tensor([2.0, 0.0, 3.0], names: [:j])")
        XCTAssertTrue(out.contains("f32[i: 2][j: 3]") && out.contains("[1.0, Inf, 2.0]") && out.contains("[0.5, NaN, -1.0]"), out)
    }

    func testMismatchedShapeTypeOrNamesStillRaise() {
        let defn = "defn f(a), do: a + 1.0"
        for (template, arg) in [("Nx.template({3}, {:f, 32})", "Nx.tensor([1.0, 2.0])"),
                                ("Nx.template({3}, {:f, 32})", "Nx.tensor([1, 2, 3])"),
                                ("Nx.template({3}, {:f, 32}, names: [:x])", "Nx.tensor([1.0, 2.0, 3.0], names: [:y])")] {
            let code = "defmodule C do\nimport Nx.Defn\n\(defn)\nend\nfun = Nx.Defn.compile(&C.f/1, [\(template)], compiler: SwiftNx.JIT)\nfun.(\(arg))"
            XCTAssertEqual(errorBanner(code)?.components(separatedBy: "\n").first,
                           "** (ArgumentError) argument at position 1 is not compatible with compiled function template.", arg)
        }
    }

    func testContainerArgumentsTakeTheCheckedPath() throws {
        let t = "Nx.template({2}, {:f, 32})"
        let out = try bothCompilers("defn f({a, b}, c), do: a * b + c", templates: "{\(t), \(t)};\(t)",
                                    call: "{Nx.tensor([1.0, 2.0]), Nx.tensor([3.0, 4.0])}, Nx.tensor([0.5, 0.5])")
        XCTAssertTrue(out.contains("[3.5, 8.5]"), out)
    }

    func testANonTensorArgumentWhereATensorIsExpectedRaises() {
        let code = "defmodule C do\nimport Nx.Defn\ndefn f(a), do: a + 1.0\nend\nfun = Nx.Defn.compile(&C.f/1, [Nx.template({2}, {:f, 32})], compiler: SwiftNx.JIT)\nfun.({1, 2})"
        XCTAssertEqual(errorBanner(code)?.components(separatedBy: "\n").first,
                       "** (ArgumentError) argument at position 1 is not compatible with compiled function template.")
    }
}
