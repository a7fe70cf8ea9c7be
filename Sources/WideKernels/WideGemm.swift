import Foundation
import Workers

/// Single-precision matrix product for AVX-512 CPUs, structured like GotoBLAS/BLIS: for each
/// block of B (depth × width) packed into 32-column panels, blocks of A packed into 14-row
/// panels are multiplied tile by tile by `GemmMicroKernel`. Block sizes fit Zen 4/5 caches:
/// a 14 × 256 A panel and a 256 × 32 B panel (32 KB) stay in L1/L2 while the kernel runs,
/// a packed A block (≤ 168 × 256, 168 KB) in L2, the packed B block (≤ 256 × 4096, 4 MB) in L3.
/// The cores share the work through `WorkerTeam` and `GemmSchedule`.
public enum WideGemm {
    static let depthBlock = 256, rowBlock = 168, columnBlock = 4096
    /// Below this many multiply-adds one core finishes before a second one would start.
    static let parallelWork = 1 << 20

    /// C (m × n, row stride `ldc`) = A·B, or C += A·B when `accumulate`; A is m × k, B is k × n.
    /// With an `update` (not with `accumulate`), C = addend ∓ fl(scale · A·B) instead (GemmUpdate;
    /// the addend has C's row stride). With `threads` > 1 a large product runs on the whole
    /// worker team (one helper per other core).
    public static func sgemm(m: Int, n: Int, k: Int, _ a: StridedMatrix, _ b: StridedMatrix,
                             _ c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool = false,
                             update: GemmUpdate? = nil, threads: Int = WorkerTeam.shared.size) {
        precondition(!accumulate || update == nil, "sgemm: an update replaces C, it does not accumulate")
        if m == 0 || n == 0 { return }
        if k == 0 {
            if !accumulate { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
            if let update {
                let zeros = [Float](repeating: 0, count: n)
                for i in 0..<m {
                    update.offset(by: i * ldc).store(zeros, to: c + i * ldc, ldc: 0, cStride: 1, rows: 1, columns: n, accumulate: false)
                }
            }
            return
        }
        // A narrow C (say 128 × 10) wastes most of each 14 × 32 tile; Cᵀ = Bᵀ·Aᵀ fills them better.
        let mr = GemmMicroKernel.rows, nr = GemmMicroKernel.columns
        let tiles = ((m + mr - 1) / mr) * ((n + nr - 1) / nr)
        let transposedTiles = ((n + mr - 1) / mr) * ((m + nr - 1) / nr)
        if transposedTiles < tiles {
            let at = StridedMatrix(a.base, rowStride: a.columnStride, columnStride: a.rowStride)
            let bt = StridedMatrix(b.base, rowStride: b.columnStride, columnStride: b.rowStride)
            multiply(m: n, n: m, k: k, bt, at, c, ldc: 1, cStride: ldc, accumulate: accumulate, update: update, threads: threads)
        } else {
            multiply(m: m, n: n, k: k, a, b, c, ldc: ldc, cStride: 1, accumulate: accumulate, update: update, threads: threads)
        }
    }

    /// The blocked product for C[i * ldc + j * cStride]; m, n, k > 0. In parallel, the helpers
    /// of `WorkerTeam` join the caller in claiming the work items of a `GemmSchedule`: each
    /// block of B packed once (its panels split), then pieces of C against it. When C
    /// has a single row panel, the members take column shares and pack everything themselves.
    static func multiply(m: Int, n: Int, k: Int, _ a: StridedMatrix, _ b: StridedMatrix,
                         _ c: UnsafeMutablePointer<Float>, ldc: Int, cStride: Int, accumulate: Bool, update: GemmUpdate?,
                         threads: Int) {
        let mPanels = (m + GemmMicroKernel.rows - 1) / GemmMicroKernel.rows
        let nPanels = (n + GemmMicroKernel.columns - 1) / GemmMicroKernel.columns
        let team = WorkerTeam.shared
        let product = Product(m: m, n: n, k: k, a: a, b: b, c: c, ldc: ldc, cStride: cStride, accumulate: accumulate,
                              update: update)
        let members = min(team.size, max(mPanels, nPanels))
        guard m * n * k >= parallelWork && threads > 1 && members > 1 else {
            product.runAlone(columns: 0..<n)
            return
        }
        if mPanels < members {
            let parts = GemmSchedule.Claims(count: members)
            team.run(parallel: true) {
                while let part = parts.claim() {
                    let (q0, q1) = share(part, of: members, nPanels)
                    product.runAlone(columns: q0 * GemmMicroKernel.columns..<min(n, q1 * GemmMicroKernel.columns))
                }
            }
            return
        }
        let schedule = GemmSchedule(product, members: members)
        team.run(parallel: true) { schedule.work() }
    }

    /// Part `index` of `parts` near-equal parts of 0..<total.
    @inline(__always)
    static func share(_ index: Int, of parts: Int, _ total: Int) -> (Int, Int) {
        (index * total / parts, (index + 1) * total / parts)
    }
}

/// One product: its blocks (a column block of C times a depth step), and the two steps
/// every way of running it is made of: packing panels of a B block, and multiplying rows of A
/// against a packed B block.
struct Product {
    let m: Int, n: Int, k: Int
    let a: StridedMatrix, b: StridedMatrix
    let c: UnsafeMutablePointer<Float>
    let ldc: Int, cStride: Int
    let accumulate: Bool
    /// Applied by the last depth step (C then holds the earlier steps' partial sums).
    let update: GemmUpdate?

    struct Block { let col0: Int, width: Int, depth0: Int, depth: Int }

    /// The blocks of C's columns `columns`, column block by column block, depth step by depth step.
    func blocks(columns: Range<Int>) -> [Block] {
        // Equal depth steps (784 = 4 × 196, not 3 × 256 + 16): a thin last step would pay
        // a full load and store of C for little work.
        let steps = (k + WideGemm.depthBlock - 1) / WideGemm.depthBlock, step = (k + steps - 1) / steps
        var blocks: [Block] = []
        for col0 in stride(from: columns.lowerBound, to: columns.upperBound, by: WideGemm.columnBlock) {
            for depth0 in stride(from: 0, to: k, by: step) {
                blocks.append(Block(col0: col0, width: min(WideGemm.columnBlock, columns.upperBound - col0),
                                    depth0: depth0, depth: min(step, k - depth0)))
            }
        }
        return blocks
    }

    /// Floats of one packed B block `columns` wide (whole 32-column panels).
    static func bBlockFloats(columns: Int) -> Int {
        let nr = GemmMicroKernel.columns
        return WideGemm.depthBlock * min(WideGemm.columnBlock, (columns + nr - 1) / nr * nr)
    }

    /// Floats of the private buffers of `multiply`: a packed A block, then the edge-tile
    /// scratch (which also takes packA's 2-float spill).
    static let aBlockFloats = WideGemm.depthBlock * WideGemm.rowBlock + GemmMicroKernel.rows * GemmMicroKernel.columns

    /// Packs panels `panels` (of 32 columns) of `block` into the block's packed form at `bp`.
    func packB(_ block: Block, panels: Range<Int>, into bp: UnsafeMutablePointer<Float>) {
        let nr = GemmMicroKernel.columns, first = panels.lowerBound * nr
        let columns = min(block.width, panels.upperBound * nr) - first
        if columns <= 0 { return }
        GemmPacking.packB(b, row0: block.depth0, depth: block.depth, col0: block.col0 + first, columns: columns,
                          into: bp + first * block.depth)
    }

    /// C[rows, block's columns] (+)= A[rows, block's depth] · packed B block `bp`, for the
    /// block's 32-column panels `panels`; `aBuffer` holds `aBlockFloats`.
    func multiply(rows: Range<Int>, _ block: Block, panels: Range<Int>, packedB bp: UnsafePointer<Float>,
                  aBuffer: UnsafeMutablePointer<Float>) {
        let mr = GemmMicroKernel.rows, nr = GemmMicroKernel.columns
        let ap = aBuffer, tile = aBuffer + WideGemm.depthBlock * WideGemm.rowBlock
        let add = accumulate || block.depth0 > 0, depth = block.depth
        let last = block.depth0 + depth == k
        for row0 in stride(from: rows.lowerBound, to: rows.upperBound, by: WideGemm.rowBlock) {
            let height = min(WideGemm.rowBlock, rows.upperBound - row0)
            GemmPacking.packA(a, row0: row0, rows: height, col0: block.depth0, depth: depth, into: ap)
            // The 32-column B panel stays in L1 while the A panels of the block stream from L2.
            for j in stride(from: panels.lowerBound * nr, to: min(block.width, panels.upperBound * nr), by: nr) {
                for i in stride(from: 0, to: height, by: mr) {
                    let corner = (row0 + i) * ldc + (block.col0 + j) * cStride
                    GemmMicroKernel.run(depth: depth, a: ap + i * depth, b: bp + j * depth,
                                        c: c + corner, ldc: ldc, cStride: cStride,
                                        rows: min(mr, height - i), columns: min(nr, block.width - j),
                                        accumulate: add, scratch: tile, update: last ? update?.offset(by: corner) : nil)
                }
            }
        }
    }

    /// C[all rows, columns] on the calling thread alone, with private packing buffers.
    func runAlone(columns: Range<Int>) {
        let bFloats = Self.bBlockFloats(columns: columns.count)
        let scratch = ScratchPool.shared.take(Self.aBlockFloats + bFloats)
        defer { ScratchPool.shared.give(scratch) }
        let bp = scratch.pointer + Self.aBlockFloats
        for block in blocks(columns: columns) {
            let panels = (block.width + GemmMicroKernel.columns - 1) / GemmMicroKernel.columns
            packB(block, panels: 0..<panels, into: bp)
            multiply(rows: 0..<m, block, panels: 0..<panels, packedB: bp, aBuffer: scratch.pointer)
        }
    }
}
