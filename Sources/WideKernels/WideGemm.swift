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
        let mr = GemmMicroKernel.rows, nr = GemmMicroKernel.columns
        let workers = m * n * k >= parallelWork ? max(threads, 1) : 1
        let mPanels = (m + mr - 1) / mr
        // Equal row blocks, a multiple of the worker count, so no core idles at the end.
        var mBlocks = (mPanels + rowBlock / mr - 1) / (rowBlock / mr)
        mBlocks = min(mPanels, (mBlocks + workers - 1) / workers * workers)
        let packedB = ScratchPool.shared.take(depthBlock * min(columnBlock, (n + nr - 1) / nr * nr))
        defer { ScratchPool.shared.give(packedB) }

        for col0 in stride(from: 0, to: n, by: columnBlock) {
            let width = min(columnBlock, n - col0)
            let nPanels = (width + nr - 1) / nr
            // Few C rows: split the columns too, so every core has a share.
            let nChunks = mBlocks < workers ? min(nPanels, workers) : 1
            for depth0 in stride(from: 0, to: k, by: depthBlock) {
                let depth = min(depthBlock, k - depth0)
                let bp = packedB.pointer
                parallel(workers, chunks: min(workers, nPanels)) { chunk in
                    let (p0, p1) = share(chunk, of: min(workers, nPanels), nPanels)
                    GemmPacking.packB(b, row0: depth0, depth: depth, col0: col0 + p0 * nr,
                                      columns: min(width, p1 * nr) - p0 * nr, into: bp + p0 * nr * depth)
                }
                let add = accumulate || depth0 > 0
                parallel(workers, chunks: mBlocks * nChunks) { task in
                    let (r0, r1) = share(task / nChunks, of: mBlocks, mPanels)
                    let (q0, q1) = share(task % nChunks, of: nChunks, nPanels)
                    let row0 = r0 * mr, rows = min(m, r1 * mr) - row0
                    let packedA = ScratchPool.shared.take((r1 - r0) * mr * depth + mr * nr)
                    defer { ScratchPool.shared.give(packedA) }
                    let ap = packedA.pointer, tile = ap + (r1 - r0) * mr * depth
                    GemmPacking.packA(a, row0: row0, rows: rows, col0: depth0, depth: depth, into: ap)
                    for q in q0..<q1 {
                        let j = q * nr, columns = min(nr, width - j)
                        for i in stride(from: 0, to: rows, by: mr) {
                            GemmMicroKernel.run(depth: depth, a: ap + i * depth, b: bp + j * depth,
                                                c: c + (row0 + i) * ldc + col0 + j, ldc: ldc,
                                                rows: min(mr, rows - i), columns: columns, accumulate: add, scratch: tile)
                        }
                    }
                }
            }
        }
    }

    /// Part `index` of `parts` near-equal parts of 0..<total.
    @inline(__always)
    static func share(_ index: Int, of parts: Int, _ total: Int) -> (Int, Int) {
        (index * total / parts, (index + 1) * total / parts)
    }

    @inline(__always)
    static func parallel(_ workers: Int, chunks: Int, _ body: (Int) -> Void) {
        if workers < 2 || chunks < 2 {
            for i in 0..<chunks { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: body)
        }
    }
}
