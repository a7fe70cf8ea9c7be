/// A 16 × 16 float block held in 16 zmm registers, transposed by four unzips: splitting the
/// 256 elements into evens then odds rotates the bits of their index (row, column) by one,
/// so four rounds swap row and column. Each round is 16 two-register shuffles.
struct Block16 {
    var v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15: SIMD16<Float>

    /// Rows `0..<rows` from `src` (rows `stride` apart); the others are zero.
    @inline(__always)
    init(_ src: UnsafePointer<Float>, stride: Int, rows: Int) {
        func row(_ r: Int) -> SIMD16<Float> {
            r < rows ? UnsafeRawPointer(src + r * stride).loadUnaligned(as: SIMD16<Float>.self) : SIMD16()
        }
        (v0, v1, v2, v3, v4, v5, v6, v7) = (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7))
        (v8, v9, v10, v11, v12, v13, v14, v15) = (row(8), row(9), row(10), row(11), row(12), row(13), row(14), row(15))
    }

    @inline(__always)
    mutating func transpose() {
        for _ in 0..<4 {
            let p0 = SIMD32(lowHalf: v0, highHalf: v1), p1 = SIMD32(lowHalf: v2, highHalf: v3)
            let p2 = SIMD32(lowHalf: v4, highHalf: v5), p3 = SIMD32(lowHalf: v6, highHalf: v7)
            let p4 = SIMD32(lowHalf: v8, highHalf: v9), p5 = SIMD32(lowHalf: v10, highHalf: v11)
            let p6 = SIMD32(lowHalf: v12, highHalf: v13), p7 = SIMD32(lowHalf: v14, highHalf: v15)
            (v0, v1, v2, v3, v4, v5, v6, v7) = (p0.evenHalf, p1.evenHalf, p2.evenHalf, p3.evenHalf,
                                                p4.evenHalf, p5.evenHalf, p6.evenHalf, p7.evenHalf)
            (v8, v9, v10, v11, v12, v13, v14, v15) = (p0.oddHalf, p1.oddHalf, p2.oddHalf, p3.oddHalf,
                                                      p4.oddHalf, p5.oddHalf, p6.oddHalf, p7.oddHalf)
        }
    }

    /// Stores the 16 rows to `dst`, `stride` floats apart (each store writes 16 floats).
    @inline(__always)
    func store(_ dst: UnsafeMutablePointer<Float>, stride: Int) {
        func put(_ r: Int, _ v: SIMD16<Float>) { UnsafeMutableRawPointer(dst + r * stride).storeBytes(of: v, as: SIMD16<Float>.self) }
        put(0, v0); put(1, v1); put(2, v2); put(3, v3); put(4, v4); put(5, v5); put(6, v6); put(7, v7)
        put(8, v8); put(9, v9); put(10, v10); put(11, v11); put(12, v12); put(13, v13); put(14, v14); put(15, v15)
    }
}
