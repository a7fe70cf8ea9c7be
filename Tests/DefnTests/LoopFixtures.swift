import NxCore
@testable import Defn

/// Graphs several compiler tests run.
enum LoopFixtures {
    /// `while {x, i = 0}, i < 3 do {x * 2, i + 1} end` over an s64 scalar `x` (parameter 0):
    /// x = 5 gives {40, 3}.
    static func doublingLoop() throws -> [Tensor] {
        let x = ExprBackend.parameter(TensorTemplate(type: .s64, shape: []), 0)
        let initial = [x, ExprBackend.constant(TensorTemplate(type: .s64, shape: []), .int(0))]
        let params = initial.enumerated().map { ExprBackend.parameter($0.element.template, $0.offset) }
        let cond = try Nx.binary(.less, .tensor(params[1]), .int(3))
        let body = [try Nx.multiply(.tensor(params[0]), .int(2)), try Nx.add(.tensor(params[1]), .int(1))]
        return ExprBackend.whileLoop(WhileLoop(initial: initial, parameters: params, condition: cond, body: body))
    }
}
