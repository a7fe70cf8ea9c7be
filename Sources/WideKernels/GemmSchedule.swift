import Synchronization

/// The work items of a parallel product, claimed in order by whichever team members are
/// running: for each block of B, first its packing (panels split in `members` parts, into one
/// of two shared buffers), then chunks of C's rows (cut in column parts when whole row chunks
/// would leave a member with one panel more) multiplied against it. An item waits only for
/// what it reads or overwrites: a row chunk for its block's packing and for the same chunk of
/// the previous depth step; a packing for the last readers of its buffer. Claims go
/// in order, so whatever an item waits for was claimed earlier by a running member: one
/// member alone finishes everything, and a helper that starts late simply takes less.
final class GemmSchedule: @unchecked Sendable {
    let product: Product
    let blocks: [Product.Block]
    /// Packing items of block t (`packs[t]`), row chunks per block, column parts of block t,
    /// first item of each block.
    let packs: [Int], chunks: Int, parts: [Int], starts: [Int]
    let maxParts: Int
    let mPanels: Int
    let bFloats: Int
    let shared: ScratchBuffer
    let claims: Claims
    /// Per block: packing items done; row chunks done; and per (block, chunk) a done flag.
    let packed: Counters, multiplied: Counters, chunkDone: Counters

    init(_ product: Product, members: Int) {
        self.product = product
        blocks = product.blocks(columns: 0..<product.n)
        mPanels = (product.m + GemmMicroKernel.rows - 1) / GemmMicroKernel.rows
        // Chunks of at most one A block, as many for each member (a late helper unbalances little).
        let perBlock = WideGemm.rowBlock / GemmMicroKernel.rows
        chunks = min(mPanels, ((mPanels + perBlock - 1) / perBlock + members - 1) / members * members)
        let panels = blocks.map { ($0.width + GemmMicroKernel.columns - 1) / GemmMicroKernel.columns }
        packs = panels.map { min(members, $0) }
        // 256 rows are 19 panels: one chunk each would give one member 10 panels' worth, while
        // two column parts per chunk give both 9.5 (packing A twice costs less than that).
        let maxParts = chunks == members && mPanels % members != 0 ? members : 1
        self.maxParts = maxParts
        parts = panels.map { min(maxParts, $0) }
        var starts = [0]
        for t in blocks.indices { starts.append(starts.last! + packs[t] + chunks * parts[t]) }
        self.starts = starts
        bFloats = Product.bBlockFloats(columns: product.n)
        // Two B blocks, so the next one may be packed while the last chunks still read the previous one.
        shared = ScratchPool.shared.take(2 * bFloats)
        claims = Claims(count: starts.last!)
        packed = Counters(blocks.count)
        multiplied = Counters(blocks.count)
        chunkDone = Counters(blocks.count * chunks * maxParts)
    }

    deinit { ScratchPool.shared.give(shared) }

    /// Claims and runs items until none are left.
    func work() {
        let scratch = ScratchPool.shared.take(Product.aBlockFloats)
        defer { ScratchPool.shared.give(scratch) }
        var t = 0
        while let item = claims.claim() {
            while item >= starts[t + 1] { t += 1 }
            let block = blocks[t], index = item - starts[t]
            let bp = shared.pointer + (t % 2) * bFloats
            if index < packs[t] {
                if t >= 2 { WorkerTeam.wait { multiplied.load(t - 2) == chunks * parts[t - 2] } }
                let panels = (block.width + GemmMicroKernel.columns - 1) / GemmMicroKernel.columns
                let (q0, q1) = WideGemm.share(index, of: packs[t], panels)
                product.packB(block, panels: q0..<q1, into: bp)
                packed.increment(t)
            } else {
                let piece = index - packs[t], chunk = piece / parts[t], part = piece % parts[t]
                let flag = (t * chunks + chunk) * maxParts + part
                WorkerTeam.wait { packed.load(t) == packs[t] }
                // The previous depth step of the same columns adds into the same part of C.
                if t > 0 && blocks[t - 1].col0 == block.col0 {
                    WorkerTeam.wait { chunkDone.load(flag - chunks * maxParts) == 1 }
                }
                let (r0, r1) = WideGemm.share(chunk, of: chunks, mPanels)
                let (q0, q1) = WideGemm.share(part, of: parts[t], (block.width + GemmMicroKernel.columns - 1) / GemmMicroKernel.columns)
                product.multiply(rows: r0 * GemmMicroKernel.rows..<min(product.m, r1 * GemmMicroKernel.rows), block,
                                 panels: q0..<q1, packedB: bp, aBuffer: scratch.pointer)
                chunkDone.increment(flag)
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
