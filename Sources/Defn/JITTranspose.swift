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
                // Each tile is read row by row into a local buffer, transposed there, and written
                // out row by row: no access strides a power-of-two distance through cache sets.
                let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: tile * tile)
                defer { buffer.deallocate() }
                for tr in (tileRows * t / threads)..<(tileRows * (t + 1) / threads) {
                    let r0 = tr * tile, h = min(tile, rows - r0)
                    var c0 = 0
                    while c0 < cols {
                        let w = min(tile, cols - c0)
                        for r in 0..<h {
                            let from = src + (r0 + r) * cols + c0
                            for c in 0..<w { buffer[c * tile + r] = from[c] }
                        }
                        for c in 0..<w { (dst + (c0 + c) * rows + r0).update(from: buffer + c * tile, count: h) }
                        c0 += w
                    }
                }
            }
            if threads == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: body) }
        }
        return result
    }
}
