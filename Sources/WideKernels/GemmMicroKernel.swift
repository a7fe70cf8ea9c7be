/// The register-blocked core of the AVX-512 sgemm: a 14 × 32 tile of C held in 28 zmm
/// accumulators while k runs over packed panels (A: 14 floats a step, B: 32 floats a step,
/// 64-byte aligned). Each step is 2 vector loads of B and 14 broadcasts of A feeding 28 FMAs;
/// 28 accumulators + 2 B vectors + 1 broadcast fit the 32 zmm registers without spills.
enum GemmMicroKernel {
    static let rows = 14, columns = 32
    /// Edge tiles of at most this many rows run `runFew`.
    static let fewRows = 4

    /// C[0..<rows, 0..<columns] (element (i, j) at `c[i * ldc + j * cStride]`) = or += the
    /// product of the packed panels. Tiles cut by the matrix edge, or of a C with a column
    /// stride, are computed whole into `scratch` (rows × columns floats), then copied; so are
    /// tiles with an `update` (its addend at this tile's corner), which then writes C.
    @inline(never)
    static func run(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, cStride: Int, rows: Int, columns: Int,
                    accumulate: Bool, scratch: UnsafeMutablePointer<Float>, update: GemmUpdate? = nil) {
        if rows <= fewRows {
            runFew(depth: depth, a: a, b: b, c: c, ldc: ldc, cStride: cStride, rows: rows, columns: columns,
                   accumulate: accumulate, scratch: scratch, update: update)
            return
        }
        var t0 = RowAccumulator(), t1 = RowAccumulator(), t2 = RowAccumulator(), t3 = RowAccumulator()
        var t4 = RowAccumulator(), t5 = RowAccumulator(), t6 = RowAccumulator(), t7 = RowAccumulator()
        var t8 = RowAccumulator(), t9 = RowAccumulator(), t10 = RowAccumulator(), t11 = RowAccumulator()
        var t12 = RowAccumulator(), t13 = RowAccumulator()
        var pa = a, pb = UnsafeRawPointer(b)
        for _ in 0..<depth {
            let lo = pb.load(as: SIMD16<Float>.self)
            let hi = pb.load(fromByteOffset: 64, as: SIMD16<Float>.self)
            t0.add(pa[0], lo, hi); t1.add(pa[1], lo, hi); t2.add(pa[2], lo, hi); t3.add(pa[3], lo, hi)
            t4.add(pa[4], lo, hi); t5.add(pa[5], lo, hi); t6.add(pa[6], lo, hi); t7.add(pa[7], lo, hi)
            t8.add(pa[8], lo, hi); t9.add(pa[9], lo, hi); t10.add(pa[10], lo, hi); t11.add(pa[11], lo, hi)
            t12.add(pa[12], lo, hi); t13.add(pa[13], lo, hi)
            pa += 14
            pb += 128
        }
        let whole = rows == Self.rows && columns == Self.columns && cStride == 1 && update == nil
        let (out, stride) = whole ? (c, ldc) : (scratch, Self.columns)
        let add = whole && accumulate
        t0.store(out, add); t1.store(out + stride, add); t2.store(out + 2 * stride, add)
        t3.store(out + 3 * stride, add); t4.store(out + 4 * stride, add); t5.store(out + 5 * stride, add)
        t6.store(out + 6 * stride, add); t7.store(out + 7 * stride, add); t8.store(out + 8 * stride, add)
        t9.store(out + 9 * stride, add); t10.store(out + 10 * stride, add); t11.store(out + 11 * stride, add)
        t12.store(out + 12 * stride, add); t13.store(out + 13 * stride, add)
        if whole { return }
        if let update {
            update.store(scratch, to: c, ldc: ldc, cStride: cStride, rows: rows, columns: columns, accumulate: accumulate)
            return
        }
        copy(scratch, to: c, ldc: ldc, cStride: cStride, rows: rows, columns: columns, accumulate: accumulate)
    }

    /// The edge tile of at most 4 rows (256 = 18 × 14 + 4, 128 and 1024 leave 2): the same
    /// packed panels, but only their first 4 rows are multiplied, in a third of the time.
    @inline(never)
    static func runFew(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                       c: UnsafeMutablePointer<Float>, ldc: Int, cStride: Int, rows: Int, columns: Int,
                       accumulate: Bool, scratch: UnsafeMutablePointer<Float>, update: GemmUpdate? = nil) {
        var t0 = RowAccumulator(), t1 = RowAccumulator(), t2 = RowAccumulator(), t3 = RowAccumulator()
        var pa = a, pb = UnsafeRawPointer(b)
        for _ in 0..<depth {
            let lo = pb.load(as: SIMD16<Float>.self)
            let hi = pb.load(fromByteOffset: 64, as: SIMD16<Float>.self)
            t0.add(pa[0], lo, hi); t1.add(pa[1], lo, hi); t2.add(pa[2], lo, hi); t3.add(pa[3], lo, hi)
            pa += 14
            pb += 128
        }
        if columns == Self.columns && cStride == 1 && update == nil {
            t0.store(c, accumulate)
            if rows > 1 { t1.store(c + ldc, accumulate) }
            if rows > 2 { t2.store(c + 2 * ldc, accumulate) }
            if rows > 3 { t3.store(c + 3 * ldc, accumulate) }
            return
        }
        t0.store(scratch, false); t1.store(scratch + Self.columns, false)
        t2.store(scratch + 2 * Self.columns, false); t3.store(scratch + 3 * Self.columns, false)
        if let update {
            update.store(scratch, to: c, ldc: ldc, cStride: cStride, rows: rows, columns: columns, accumulate: accumulate)
            return
        }
        copy(scratch, to: c, ldc: ldc, cStride: cStride, rows: rows, columns: columns, accumulate: accumulate)
    }

    /// Copies (or adds) the computed part of a tile from `scratch` (rows `columns` floats apart) to C.
    @inline(__always)
    static func copy(_ scratch: UnsafeMutablePointer<Float>, to c: UnsafeMutablePointer<Float>, ldc: Int, cStride: Int,
                     rows: Int, columns: Int, accumulate: Bool) {
        for i in 0..<rows {
            let src = scratch + i * Self.columns, dst = c + i * ldc
            if accumulate {
                for j in 0..<columns { dst[j * cStride] += src[j] }
            } else {
                for j in 0..<columns { dst[j * cStride] = src[j] }
            }
        }
    }
}

/// One row of the tile: 32 floats in two zmm registers.
struct RowAccumulator {
    var lo = SIMD16<Float>(), hi = SIMD16<Float>()

    @inline(__always)
    mutating func add(_ a: Float, _ bLo: SIMD16<Float>, _ bHi: SIMD16<Float>) {
        let s = SIMD16<Float>(repeating: a)
        lo = lo.addingProduct(s, bLo)
        hi = hi.addingProduct(s, bHi)
    }

    @inline(__always)
    func store(_ row: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
        let p = UnsafeMutableRawPointer(row)
        var l = lo, h = hi
        if accumulate {
            l += p.loadUnaligned(as: SIMD16<Float>.self)
            h += p.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
        }
        p.storeBytes(of: l, as: SIMD16<Float>.self)
        p.storeBytes(of: h, toByteOffset: 64, as: SIMD16<Float>.self)
    }
}
