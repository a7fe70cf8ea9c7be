import Dispatch
import Foundation
import NxCore

/// A materialized transpose of a 2-D tensor of 4-byte elements, in square tiles so the rows
/// read and the rows written both stay in L1 (the native backend walks the output in index
/// order, striding through the input a row apart).
enum JITTranspose {
    static let tile = 32

    static func isEligible(_ t: Tensor, axes: [Int]) -> Bool {
        t.rank == 2 && axes == [1, 0] && t.type.byteSize == 4
    }

    static func run(_ out: TensorTemplate, _ input: Tensor) throws -> Tensor {
        let native = NativeBackend.shared
        let src = UnsafePointer(try native.rawBytes(input).assumingMemoryBound(to: UInt32.self))
        let (result, raw) = native.uninitialized(out)
        let dst = raw.assumingMemoryBound(to: UInt32.self)
        let (rows, cols) = (input.shape[0], input.shape[1])
        let tileRows = (rows + tile - 1) / tile
        let threads = rows * cols >= 1 << 16 ? max(1, ProcessInfo.processInfo.activeProcessorCount) : 1
        withExtendedLifetime(input) {
            let body = { (t: Int) in
                for tr in (tileRows * t / threads)..<(tileRows * (t + 1) / threads) {
                    let r0 = tr * tile, r1 = min(rows, r0 + tile)
                    var c0 = 0
                    while c0 < cols {
                        let c1 = min(cols, c0 + tile)
                        for r in r0..<r1 {
                            let from = src + r * cols
                            for c in c0..<c1 { dst[c * rows + r] = from[c] }
                        }
                        c0 = c1
                    }
                }
            }
            if threads == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: body) }
        }
        return result
    }
}
