import Foundation
import Workers

/// The loop shapes every elementwise kernel uses: a flat map and a broadcasting zip, both split
/// across cores for large inputs. They are `@inline(__always)` so each op's closure is inlined
/// into a loop specialized for its element types.
enum NativeLoops {
    /// Below this many elements a kernel runs on the calling thread.
    static let parallelThreshold = 1 << 16

    /// Runs `body(start, end)` over `0..<count` in chunks, in parallel when `work`
    /// (elements touched, `count` by default) is large.
    @inline(__always)
    static func chunked(_ count: Int, work: Int? = nil, _ body: (Int, Int) -> Void) {
        let workers = WorkerTeam.shared.size
        if (work ?? count) < parallelThreshold || workers < 2 || count < 2 {
            body(0, count)
            return
        }
        let chunks = Swift.min(workers * 4, count)
        let size = (count + chunks - 1) / chunks
        WorkerTeam.shared.parallelFor(chunks) { c in
            let start = c * size
            if start < count { body(start, Swift.min(start + size, count)) }
        }
    }

    @inline(__always)
    static func mapRange<A, R>(_ a: UnsafePointer<A>, _ out: UnsafeMutablePointer<R>, _ start: Int, _ end: Int, _ f: (A) -> R) {
        for i in start..<end { out[i] = f(a[i]) }
    }

    /// A flat map; the op closure is captured by the parallel chunks, so use it only where
    /// the op itself dominates (transcendentals). Hot kernels use `chunked` + `mapRange`.
    @inline(__always)
    static func map<A, R>(_ a: UnsafePointer<A>, _ out: UnsafeMutablePointer<R>, _ count: Int, _ f: (A) -> R) {
        chunked(count) { s, e in mapRange(a, out, s, e, f) }
    }

    /// Innermost rows `startRow..<endRow` of out[idx] = f(a[idx·aStrides], b[idx·bStrides]); a zero stride broadcasts.
    @inline(__always)
    static func zipRows<A, B, R>(_ a: UnsafePointer<A>, _ aStrides: [Int], _ b: UnsafePointer<B>, _ bStrides: [Int],
                                 _ out: UnsafeMutablePointer<R>, _ shape: [Int], _ startRow: Int, _ endRow: Int,
                                 _ f: (A, B) -> R) {
        // No rows (an empty dimension): nothing to write, and no coordinates to divide out.
        if startRow >= endRow { return }
        let rank = shape.count
        let inner = shape[rank - 1]
        let ai = aStrides[rank - 1], bi = bStrides[rank - 1]
        // Decompose the first row index into the outer coordinates once per chunk.
        var index = [Int](repeating: 0, count: rank)
        var rest = startRow
        var aBase = 0, bBase = 0
        for k in stride(from: rank - 2, through: 0, by: -1) {
            index[k] = rest % shape[k]
            rest /= shape[k]
            aBase += index[k] * aStrides[k]
            bBase += index[k] * bStrides[k]
        }
        for row in startRow..<endRow {
            let o = out + row * inner
            let pa = a + aBase, pb = b + bBase
            switch (ai, bi) {
            case (1, 1): for j in 0..<inner { o[j] = f(pa[j], pb[j]) }
            case (1, 0): let y = pb[0]; for j in 0..<inner { o[j] = f(pa[j], y) }
            case (0, 1): let x = pa[0]; for j in 0..<inner { o[j] = f(x, pb[j]) }
            default: for j in 0..<inner { o[j] = f(pa[j * ai], pb[j * bi]) }
            }
            var k = rank - 2
            while k >= 0 {
                index[k] += 1
                aBase += aStrides[k]
                bBase += bStrides[k]
                if index[k] < shape[k] { break }
                aBase -= aStrides[k] * shape[k]
                bBase -= bStrides[k] * shape[k]
                index[k] = 0
                k -= 1
            }
        }
    }

    /// Strides of a tensor of `shape` read as `outShape` (aligned right, size-1 axes broadcast).
    static func broadcastStrides(_ shape: [Int], to outShape: [Int]) -> [Int] {
        let own = Shape.strides(shape)
        let pad = outShape.count - shape.count
        return (0..<outShape.count).map { i in
            let k = i - pad
            return k < 0 || shape[k] == 1 ? 0 : own[k]
        }
    }
}
