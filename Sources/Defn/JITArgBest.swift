import Dispatch
import Foundation
import NxCore

/// argmax/argmin of float32 along the last axis: per row, a vectorized max (or min) pass, then
/// a scan for the first (or last, with tie_break: :high) position holding it. A row with a NaN
/// answers the NaN's position, as the native backend does.
enum JITArgBest {
    static func isEligible(_ node: ExprNode, _ out: TensorTemplate) -> Bool {
        guard case .argReduce(_, let axis, _) = node.op, out.type == .s64 else { return false }
        let input = node.args[0]
        guard input.type == .f32, input.rank >= 1, input.size > 0 else { return false }
        return axis == input.rank - 1 || (axis == nil && input.rank == 1)
    }

    static func run(_ node: ExprNode, _ out: TensorTemplate, _ input: Tensor) throws -> Tensor {
        guard case .argReduce(let max, _, let high) = node.op else {
            throw NxError(module: "RuntimeError", message: "SwiftNx.JIT: not an argmax/argmin node")
        }
        let native = NativeBackend.shared
        let src = UnsafePointer(try native.rawBytes(input).assumingMemoryBound(to: Float.self))
        let (result, raw) = native.uninitialized(out)
        let dst = raw.assumingMemoryBound(to: Int64.self)
        let len = input.shape[input.rank - 1]
        let rows = input.size / len
        let op: ReduceOp = max ? .reduce_max : .reduce_min
        let threads = input.size >= 1 << 16 ? Swift.max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        withExtendedLifetime(input) {
            let body = { (t: Int) in
                for r in (rows * t / threads)..<(rows * (t + 1) / threads) {
                    let row = src + r * len
                    let best = FusedKernel.reduceBlock(op, row, len)
                    let isNaN = best != best
                    var index = 0
                    if high {
                        var k = len - 1
                        while k >= 0 { let v = row[k]; if isNaN ? v != v : v == best { index = k; break }; k -= 1 }
                    } else {
                        for k in 0..<len { let v = row[k]; if isNaN ? v != v : v == best { index = k; break } }
                    }
                    dst[r] = Int64(index)
                }
            }
            if threads == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: body) }
        }
        return result
    }
}
