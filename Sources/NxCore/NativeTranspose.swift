import WideKernels
import CPUInfo

/// Transposes that move the last axis, as batches of 2-D planes copied in cache-sized tiles.
///
/// In such a plane the source rows run along the output's last axis and the source's
/// contiguous axis becomes an output axis of stride `dStride`; every other axis is a batch.
/// Tiles are 8x8 SIMD blocks (16x16 for 4-byte elements with AVX-512), so stores fill whole
/// output cache lines instead of one element each: for a 2048x2048 f32 matrix the strided
/// element loop ran ~3x slower.
extension NativeBackend {
    /// `nil` when the last axis stays (rows copy contiguously) or the planes are too thin for tiles.
    /// `wide` picks the AVX-512 blocks for 4-byte elements (tests run both paths).
    func tiledTranspose(_ out: TensorTemplate, _ t: Tensor, axes: [Int], wide: Bool = CPUFeatures.avx512) throws -> Tensor? {
        let r = t.rank
        guard r >= 2, let p = axes.last, p != r - 1, let q = axes.firstIndex(of: r - 1) else { return nil }
        let inStrides = Shape.strides(t.shape), outStrides = Shape.strides(out.shape)
        let plane = TransposePlane(rows: t.shape[p], cols: t.shape[r - 1], sStride: inStrides[p], dStride: outStrides[q])
        guard plane.rows >= 8, plane.cols >= 8 else { return nil }
        // (source, destination) offsets of each plane: every output axis but q and the last.
        var bases = [(0, 0)]
        for a in 0..<(r - 1) where a != q {
            let si = inStrides[axes[a]], di = outStrides[a]
            bases = bases.flatMap { b in (0..<out.shape[a]).map { k in (b.0 + k * si, b.1 + k * di) } }
        }
        let (result, dst) = try allocate(out)
        let src = try storage(t)
        switch out.type.byteSize {
        case 1: TiledTranspose.run(UInt8.self, src, dst, bases, plane)
        case 2: TiledTranspose.run(UInt16.self, src, dst, bases, plane)
        case 4: TiledTranspose.run(UInt32.self, src, dst, bases, plane, wide: wide)
        case 8: TiledTranspose.run(UInt64.self, src, dst, bases, plane)
        default: TiledTranspose.run(SIMD2<UInt64>.self, src, dst, bases, plane)
        }
        return result
    }
}

/// d[c * dStride + r] = s[r * sStride + c] for r < rows, c < cols (strides in elements).
struct TransposePlane {
    let rows: Int, cols: Int, sStride: Int, dStride: Int
}

enum TiledTranspose {
    /// Source rows per parallel unit.
    static let band = 64

    static func run<W: SIMDScalar>(_: W.Type, _ src: NativeStorage, _ dst: NativeStorage, _ bases: [(Int, Int)], _ p: TransposePlane,
                                   wide: Bool = false) {
        let wide = wide && MemoryLayout<W>.size == 4
        bands(src.pointer(W.self), dst.pointer(W.self), bases, p) { s, d, i0, i1 in
            var covered = 0
            if wide {
                // Whole 16x16 blocks in AVX-512; the rest below.
                WideTranspose.blocks32(UnsafeRawPointer(s + i0 * p.sStride), p.sStride, UnsafeMutableRawPointer(d + i0), p.dStride, rows: i1 - i0, cols: p.cols)
                covered = p.cols / 16 * 16
                let fullRows = i0 + (i1 - i0) / 16 * 16
                scalar(s, d, p, i0..<fullRows, covered..<p.cols)
                scalar(s, d, p, fullRows..<i1, 0..<p.cols)
                return
            }
            // Column strips of 8 down the band: each output row gets band-long runs.
            var j = 0
            while j + 8 <= p.cols {
                var i = i0
                while i + 8 <= i1 {
                    block8(s + i * p.sStride + j, p.sStride, d + j * p.dStride + i, p.dStride)
                    i += 8
                }
                scalar(s, d, p, i..<i1, j..<(j + 8))
                j += 8
            }
            scalar(s, d, p, i0..<i1, j..<p.cols)
        }
    }

    /// Elements wider than a SIMD lane (complex f64) move one at a time.
    static func run<W>(_: W.Type, _ src: NativeStorage, _ dst: NativeStorage, _ bases: [(Int, Int)], _ p: TransposePlane) {
        bands(src.pointer(W.self), dst.pointer(W.self), bases, p) { s, d, i0, i1 in
            var j = 0
            while j < p.cols {
                let j1 = Swift.min(j + 8, p.cols)
                scalar(s, d, p, i0..<i1, j..<j1)
                j = j1
            }
        }
    }

    @inline(__always)
    static func scalar<W>(_ s: UnsafeMutablePointer<W>, _ d: UnsafeMutablePointer<W>, _ p: TransposePlane, _ rows: Range<Int>, _ cols: Range<Int>) {
        for c in cols { for r in rows { d[c * p.dStride + r] = s[r * p.sStride + c] } }
    }

    /// Calls `body(planeSrc, planeDst, i0, i1)` for each band of source rows of each plane, in parallel.
    @inline(__always)
    static func bands<W>(_ s: UnsafeMutablePointer<W>, _ d: UnsafeMutablePointer<W>, _ bases: [(Int, Int)], _ p: TransposePlane,
                         _ body: (UnsafeMutablePointer<W>, UnsafeMutablePointer<W>, Int, Int) -> Void) {
        let perPlane = (p.rows + band - 1) / band
        NativeLoops.chunked(bases.count * perPlane, work: bases.count * p.rows * p.cols) { start, end in
            for job in start..<end {
                let (sb, db) = bases[job / perPlane]
                let i0 = (job % perPlane) * band
                body(s + sb, d + db, i0, Swift.min(i0 + band, p.rows))
            }
        }
    }

    /// Transposes the 8x8 block at `s` (row stride `sStride` elements) into `d` (row stride `dStride`).
    @inline(__always)
    static func block8<W: SIMDScalar>(_ s: UnsafeMutablePointer<W>, _ sStride: Int, _ d: UnsafeMutablePointer<W>, _ dStride: Int) {
        typealias Row = SIMD8<W>
        let src = UnsafeRawPointer(s), dst = UnsafeMutableRawPointer(d)
        let bytes = MemoryLayout<W>.stride
        @inline(__always) func row(_ k: Int) -> Row { src.loadUnaligned(fromByteOffset: k * sStride * bytes, as: Row.self) }
        let r0 = row(0), r1 = row(1), r2 = row(2), r3 = row(3), r4 = row(4), r5 = row(5), r6 = row(6), r7 = row(7)
        for c in 0..<8 {
            dst.storeBytes(of: Row(r0[c], r1[c], r2[c], r3[c], r4[c], r5[c], r6[c], r7[c]),
                           toByteOffset: c * dStride * bytes, as: Row.self)
        }
    }
}
