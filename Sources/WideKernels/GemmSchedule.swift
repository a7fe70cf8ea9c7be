import Synchronization
import Workers

/// The work items of a parallel product, claimed in order by whichever team members are
/// running: for each block of B, first its packing (panels split in `members` parts, into one
/// of two shared buffers), then the pieces of C multiplied against it. An item waits only for
/// what it reads or overwrites: a piece for its block's packing and for the same piece of the
/// previous depth step; a packing for the last readers of its buffer. Claims go in order, so
/// whatever an item waits for was claimed earlier by a running member: one member alone
/// finishes everything, and a helper that starts late simply takes less.
final class GemmSchedule: @unchecked Sendable {
    /// Rows and columns of C in panels (14 rows, 32 columns of the block).
    struct Piece { let rows: Range<Int>, panels: Range<Int> }

    let product: Product
    let blocks: [Product.Block]
    /// Per block: its packing items, its pieces, and its first item number.
    let packs: [Int], pieces: [[Piece]], starts: [Int]
    let maxPieces: Int
    let bFloats: Int
    let shared: ScratchBuffer
    let claims: Claims
    /// Per block: packing items done, pieces done; and per (block, piece) a done flag.
    let packed: Counters, multiplied: Counters, pieceDone: Counters

    init(_ product: Product, members: Int) {
        self.product = product
        blocks = product.blocks(columns: 0..<product.n)
        let mPanels = (product.m + GemmMicroKernel.rows - 1) / GemmMicroKernel.rows
        let panels = blocks.map { ($0.width + GemmMicroKernel.columns - 1) / GemmMicroKernel.columns }
        packs = panels.map { min(members, $0) }
        let lastRows = product.m - (mPanels - 1) * GemmMicroKernel.rows
        let shortLast = lastRows <= GemmMicroKernel.fewRows && mPanels > 1
        pieces = panels.map { Self.pieces(mPanels: mPanels, nPanels: $0, members: members, shortLast: shortLast) }
        maxPieces = pieces.map(\.count).max() ?? 0
        var starts = [0]
        for t in blocks.indices { starts.append(starts.last! + packs[t] + pieces[t].count) }
        self.starts = starts
        bFloats = Product.bBlockFloats(columns: product.n)
        // Two B blocks, so the next one may be packed while the last pieces still read the previous one.
        shared = ScratchPool.shared.take(2 * bFloats)
        claims = Claims(count: starts.last!)
        packed = Counters(blocks.count)
        multiplied = Counters(blocks.count)
        pieceDone = Counters(blocks.count * maxPieces)
    }

    /// Row chunks of at most one A block, as many for each member (a late helper unbalances
    /// little). When that is one chunk each and the panels do not divide evenly (256 rows are
    /// 19 panels), the members take equal whole chunks and split the leftover panels by
    /// columns: 9 + ½ panels each rather than 9 and 10, and no A panel packed twice but those.
    /// A `shortLast` panel (≤ 4 rows, a third of the cost) does not count as a whole one:
    /// 128 rows (9 panels + 2 rows) give 4 panels each and the last two split by columns.
    static func pieces(mPanels: Int, nPanels: Int, members: Int, shortLast: Bool = false) -> [Piece] {
        let perBlock = WideGemm.rowBlock / GemmMicroKernel.rows
        func chunkCount(of panels: Int) -> Int { min(mPanels, ((mPanels + panels - 1) / panels + members - 1) / members * members) }
        var chunks = chunkCount(of: perBlock)
        // With several chunks each, half-size ones: the last one claimed leaves the other
        // members idle for less (1024: 14 chunks of ~5 panels, not 8 of ~9).
        if chunks > members { chunks = chunkCount(of: perBlock / 2) }
        let whole = (shortLast ? mPanels - 1 : mPanels) / members, leftover = mPanels - whole * members
        if chunks == members && leftover != 0 && nPanels >= members {
            let main = (0..<members).map { Piece(rows: $0 * whole..<($0 + 1) * whole, panels: 0..<nPanels) }
            let tail = (0..<members).map { p -> Piece in
                let (q0, q1) = WideGemm.share(p, of: members, nPanels)
                return Piece(rows: mPanels - leftover..<mPanels, panels: q0..<q1)
            }
            return (whole > 0 ? main : []) + tail
        }
        return (0..<chunks).map { c in
            let (r0, r1) = WideGemm.share(c, of: chunks, mPanels)
            return Piece(rows: r0..<r1, panels: 0..<nPanels)
        }
    }

    deinit { ScratchPool.shared.give(shared) }

    /// Claims and runs items until none are left.
    func work() {
        let scratch = ScratchPool.shared.take(Product.aBlockFloats)
        defer { ScratchPool.shared.give(scratch) }
        let mr = GemmMicroKernel.rows
        var t = 0
        while let item = claims.claim() {
            while item >= starts[t + 1] { t += 1 }
            let block = blocks[t], index = item - starts[t]
            let bp = shared.pointer + (t % 2) * bFloats
            if index < packs[t] {
                if t >= 2 { WorkerTeam.wait { multiplied.load(t - 2) == pieces[t - 2].count } }
                let panels = (block.width + GemmMicroKernel.columns - 1) / GemmMicroKernel.columns
                let (q0, q1) = WideGemm.share(index, of: packs[t], panels)
                product.packB(block, panels: q0..<q1, into: bp)
                packed.increment(t)
            } else {
                let number = index - packs[t], piece = pieces[t][number]
                let flag = t * maxPieces + number
                WorkerTeam.wait { packed.load(t) == packs[t] }
                // The previous depth step of the same columns (so the same pieces) adds into the same part of C.
                if t > 0 && blocks[t - 1].col0 == block.col0 {
                    WorkerTeam.wait { pieceDone.load(flag - maxPieces) == 1 }
                }
                product.multiply(rows: piece.rows.lowerBound * mr..<min(product.m, piece.rows.upperBound * mr), block,
                                 panels: piece.panels, packedB: bp, aBuffer: scratch.pointer)
                pieceDone.increment(flag)
                multiplied.increment(t)
            }
        }
    }

    /// Item numbers 0..<count handed out once each.
    final class Claims: @unchecked Sendable {
        let count: Int
        private let next = Atomic<Int>(0)

        init(count: Int) { self.count = count }

        func claim() -> Int? {
            let item = next.add(1, ordering: .relaxed).oldValue
            return item < count ? item : nil
        }
    }

    /// A fixed array of atomic counters.
    final class Counters: @unchecked Sendable {
        private let values: UnsafeMutablePointer<Atomic<Int>>
        private let count: Int

        init(_ count: Int) {
            self.count = count
            values = .allocate(capacity: max(count, 1))
            for i in 0..<count { (values + i).initialize(to: Atomic(0)) }
        }

        deinit {
            values.deinitialize(count: count)
            values.deallocate()
        }

        func increment(_ i: Int) { values[i].add(1, ordering: .releasing) }
        func load(_ i: Int) -> Int { values[i].load(ordering: .acquiring) }
    }
}
