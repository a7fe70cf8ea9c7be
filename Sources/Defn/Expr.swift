import Foundation
import NxCore

/// A node of a traced expression graph (`Nx.Defn.Expr`): the data of a tensor whose
/// template (shape, type, names) lives on the `Tensor` wrapping it. Nodes are plain data:
/// an id, an op and the tensors it reads. Every pass (printer, evaluator, grad) keeps one
/// table keyed by `ExprOp`.
public final class ExprNode: TensorData {
    public let id: Int
    public let op: ExprOp
    /// The traced tensors the op reads, in Nx's argument order.
    public private(set) var args: [Tensor]
    /// For nodes that produce a tuple (multi-output cond/while, token): its size.
    public let tupleSize: Int?

    public var backend: Backend { ExprBackend.shared }

    private static var counter = 0
    static func nextId() -> Int {
        counter += 1
        return counter
    }

    init(op: ExprOp, args: [Tensor], tupleSize: Int? = nil) {
        self.id = ExprNode.nextId()
        self.op = op
        self.args = args
        self.tupleSize = tupleSize
    }

    // Releasing a deep graph would recurse once per node and overflow the stack: a node
    // released while another is being released queues its arguments, and the outermost
    // release frees the queue in a loop.
    deinit {
        guard !args.isEmpty else { return }
        let queue = ReleaseQueue.current
        queue.pending.append(args)
        args = []
        guard !queue.draining else { return }
        queue.draining = true
        while !queue.pending.isEmpty { _ = queue.pending.removeLast() }
        queue.draining = false
    }
}

/// The per-thread queue of node arguments waiting to be released (see `ExprNode.deinit`).
private final class ReleaseQueue {
    var draining = false
    var pending: [[Tensor]] = []

    static var current: ReleaseQueue {
        let key = "SwiftNx.ExprNode.ReleaseQueue"
        if let queue = Thread.current.threadDictionary[key] as? ReleaseQueue { return queue }
        let queue = ReleaseQueue()
        Thread.current.threadDictionary[key] = queue
        return queue
    }
}

/// A `cond` node's branches: each clause's predicate and outputs (flattened containers),
/// then the outputs of the final `true ->` branch.
public struct CondBranches {
    public let clauses: [(pred: Tensor, outputs: [Tensor])]
    public let last: [Tensor]
}

/// A `while` node's parts: the initial state (flattened), the parameters that stand for the
/// state inside the loop, the condition and the body's new state.
public struct WhileLoop {
    public let initial: [Tensor]
    public let parameters: [Tensor]
    public let condition: Tensor
    public let body: [Tensor]

    public init(initial: [Tensor], parameters: [Tensor], condition: Tensor, body: [Tensor]) {
        self.initial = initial
        self.parameters = parameters
        self.condition = condition
        self.body = body
    }
}

/// The gradients of a `custom_grad`'s inputs, given the gradient of its output.
public typealias GradientFunction = (Tensor) throws -> [Tensor]

/// Runs a hook with the value its expression took (`hook/3`, `print_value/2`).
public typealias HookCallback = (Tensor) throws -> Void

/// One hook of a token: its name, the expression it observes and its default callback.
public struct Hook {
    public let name: String
    public let expr: Tensor
    public let callback: HookCallback?
}

public enum ExprOp {
    // Syntax nodes
    case parameter(Int)
    case constant(NxNumber)
    case tensor(Tensor)
    /// args[0] wrapped; `inspect` is the text shown after it (nil: invisible when printed).
    case metadata(name: String, inspect: String?)
    /// `custom_grad`: args[0] with its gradient with respect to `inputs` given by `gradient`
    /// (called with the gradient of the output). Invisible when printed.
    case customGrad(inputs: [Tensor], gradient: GradientFunction)
    /// args[0] is a tuple node.
    case elem(Int)
    case cond(CondBranches)
    case whileLoop(WhileLoop)
    case token([Hook])
    /// args: token, expr.
    case attachToken

    // Primitives (NxCore's Backend protocol)
    case iota(axis: Int?)
    case eye
    case asType
    case bitcast
    case reshape
    case broadcast(axes: [Int])
    case transpose(axes: [Int])
    case reverse(axes: [Int])
    case slice(starts: [Int], strides: [Int])
    case concatenate(axis: Int)
    case unary(UnaryOp)
    case binary(BinaryOp)
    case select
    case reduce(ReduceOp, axes: [Int], allAxes: Bool, keepAxes: Bool)
    case argReduce(max: Bool, axis: Int?, tieBreakHigh: Bool)
    case pad(config: [(Int, Int, Int)])
    case gather
    case indexedUpdate(add: Bool)
    case take(axis: Int)
    case takeAlongAxis(axis: Int)
    case putSlice(starts: [Int])
    case sort(axis: Int, descending: Bool, indices: Bool)
    case cumulative(ReduceOp, axis: Int, reverse: Bool)
    case dot(contractA: [Int], batchA: [Int], contractB: [Int], batchB: [Int])
    /// window_sum/product/max/min over a checked geometry (args: the tensor).
    case window(ReduceOp, Nx.WindowGeometry)
    /// A whole `Nx.conv` with its checked options (args: input, kernel).
    case conv(Nx.ConvPlan)
    /// A decomposition or transform; `outs` are its results (a tuple when more than one).
    case linalg(LinAlgOp, outs: [TensorTemplate])
}

extension Tensor {
    /// The expression node behind a traced tensor.
    public var expr: ExprNode? { data as? ExprNode }
}

extension ExprNode {
    /// The number of a scalar-valued constant node.
    public var constantValue: NxNumber? {
        if case .constant(let n) = op { return n }
        return nil
    }
}
