import Foundation

/// Single-precision matrix product for AVX-512 CPUs, structured like GotoBLAS/BLIS: for each
/// block of B (depth × width) packed into 32-column panels, blocks of A packed into 14-row
/// panels are multiplied tile by tile by `GemmMicroKernel`. Block sizes fit Zen 4/5 caches:
/// a 14 × 256 A panel and a 256 × 32 B panel (32 KB) stay in L1/L2 while the kernel runs,
/// a packed A block (≤ 168 × 256, 168 KB) in L2, the packed B block (≤ 256 × 4096, 4 MB) in L3.
/// The work is split by blocks of C rows (or columns when C has few rows) across the cores.
public enum WideGemm {
    static let depthBlock = 256, rowBlock = 168, columnBlock = 4096
    /// Below this many multiply-adds one core finishes before a second one would start.
    static let parallelWork = 1 << 20
    public static let processors = ProcessInfo.processInfo.activeProcessorCount

    /// C (m × n, row stride `ldc`) = A·B, or C += A·B when `accumulate`; A is m × k, B is k × n.
    public static func sgemm(m: Int, n: Int, k: Int, _ a: StridedMatrix, _ b: StridedMatrix,
                             _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false,
                             threads: Int = processors) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            return
        }
        // A narrow C (say 128 × 10) wastes most of each 14 × 32 tile; Cᵀ = Bᵀ·Aᵀ fills them better.
        let mr = GemmMicroKernel.rows, nr = GemmMicroKernel.columns
        let tiles = ((m + mr - 1) / mr) * ((n + nr - 1) / nr)
        let transposedTiles = ((n + mr - 1) / mr) * ((m + nr - 1) / nr)
        if transposedTiles < tiles {
            let at = StridedMatrix(a.base, rowStride: a.columnStride, columnStride: a.rowStride)
            let bt = StridedMatrix(b.base, rowStride: b.columnStride, columnStride: b.rowStride)
            multiply(m: n, n: m, k: k, bt, at, c, ldc: 1, cStride: ldc, accumulate: accumulate, threads: threads)
        } else {
            multiply(m: m, n: n, k: k, a, b, c, ldc: ldc, cStride: 1, accumulate: accumulate, threads: threads)
        }
    }

    /// The blocked product for C[i * ldc + j * cStride]; m, n, k > 0. Each core takes one
    /// rectangle of C (row halves, or column halves when C has a single row panel) and packs
    /// what it needs itself: one dispatch a call, no barrier, at the price of packing B once per core.
    static func multiply(m: Int, n: Int, k: Int, _ a: StridedMatrix, _ b: StridedMatrix,
                         _ c: UnsafeMutablePointer<Float>, ldc: Int, cStride: Int, accumulate: Bool, threads: Int) {
        let mr = GemmMicroKernel.rows, nr = GemmMicroKernel.columns
        let mPanels = (m + mr - 1) / mr, nPanels = (n + nr - 1) / nr
        let workers = m * n * k >= parallelWork ? max(threads, 1) : 1
        let rowParts = min(workers, mPanels), columnParts = min(max(workers / rowParts, 1), nPanels)
        let product = Rectangle(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, cStride: cStride, accumulate: accumulate)
        parallel(rowParts * columnParts) { part in
            let (r0, r1) = share(part / columnParts, of: rowParts, mPanels)
            let (q0, q1) = share(part % columnParts, of: columnParts, nPanels)
            product.run(rows: r0 * mr..<min(m, r1 * mr), columns: q0 * nr..<min(n, q1 * nr))
        }
    }

    /// Part `index` of `parts` near-equal parts of 0..<total.
    @inline(__always)
    static func share(_ index: Int, of parts: Int, _ total: Int) -> (Int, Int) {
        (index * total / parts, (index + 1) * total / parts)
    }

    @inline(__always)
    static func parallel(_ parts: Int, _ body: (Int) -> Void) {
        if parts < 2 { body(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: body) }
    }
}

/// One product, and the loops over the blocks of one rectangle of its C.
struct Rectangle {
    let m: Int, n: Int, k: Int
    let a: StridedMatrix, b: StridedMatrix
    let c: UnsafeMutablePointer<Float>
    let ldc: Int, cStride: Int
    let accumulate: Bool

    func run(rows: Range<Int>, columns: Range<Int>) {
        let mr = GemmMicroKernel.rows, nr = GemmMicroKernel.columns
        let depthBlock = WideGemm.depthBlock, rowBlock = WideGemm.rowBlock, columnBlock = WideGemm.columnBlock
        let widest = min(columnBlock, (columns.count + nr - 1) / nr * nr)
        let scratch = ScratchPool.shared.take(depthBlock * (widest + rowBlock) + mr * nr)
        defer { ScratchPool.shared.give(scratch) }
        // Packed B, packed A, then the edge-tile scratch (which also takes packA's 2-float spill).
        let bp = scratch.pointer, ap = bp + depthBlock * widest, tile = ap + depthBlock * rowBlock
        for col0 in stride(from: columns.lowerBound, to: columns.upperBound, by: columnBlock) {
            let width = min(columnBlock, columns.upperBound - col0)
            // Equal depth steps (784 = 4 × 196, not 3 × 256 + 16): a thin last step would pay
            // a full load and store of C for little work.
            let steps = (k + depthBlock - 1) / depthBlock, step = (k + steps - 1) / steps
            for depth0 in stride(from: 0, to: k, by: step) {
                let depth = min(step, k - depth0)
                GemmPacking.packB(b, row0: depth0, depth: depth, col0: col0, columns: width, into: bp)
                let add = accumulate || depth0 > 0
                for row0 in stride(from: rows.lowerBound, to: rows.upperBound, by: rowBlock) {
                    let height = min(rowBlock, rows.upperBound - row0)
                    GemmPacking.packA(a, row0: row0, rows: height, col0: depth0, depth: depth, into: ap)
                    // The 32-column B panel stays in L1 while the A panels of the block stream from L2.
                    for j in stride(from: 0, to: width, by: nr) {
                        for i in stride(from: 0, to: height, by: mr) {
                            GemmMicroKernel.run(depth: depth, a: ap + i * depth, b: bp + j * depth,
                                                c: c + (row0 + i) * ldc + (col0 + j) * cStride, ldc: ldc, cStride: cStride,
                                                rows: min(mr, height - i), columns: min(nr, width - j),
                                                accumulate: add, scratch: tile)
                        }
                    }
                }
            }
        }
    }
}
