/// A matrix read through strides: element (i, j) is at `base[i * rowStride + j * columnStride]`,
/// so a transposed operand is the same memory with its strides swapped.
public struct StridedMatrix {
    public let base: UnsafePointer<Float>
    public let rowStride: Int, columnStride: Int

    public init(_ base: UnsafePointer<Float>, rowStride: Int, columnStride: Int) {
        self.base = base
        self.rowStride = rowStride
        self.columnStride = columnStride
    }
}

/// Copies blocks of the operands into the micro-kernel's panel layout, zero-padding the
/// panels cut by the matrix edge (their products land in tile parts that are never stored).
enum GemmPacking {
    /// Rows `row0..<row0+rows`, columns `col0..<col0+depth` of `a` as panels of 14 rows:
    /// panel q holds, for each k, its 14 row values side by side.
    @inline(never)
    static func packA(_ a: StridedMatrix, row0: Int, rows: Int, col0: Int, depth: Int, into dst: UnsafeMutablePointer<Float>) {
        let mr = GemmMicroKernel.rows
        for q in stride(from: 0, to: rows, by: mr) {
            let panel = dst + q * depth, count = min(mr, rows - q)
            let src = a.base + (row0 + q) * a.rowStride + col0 * a.columnStride
            var p = 0
            if a.columnStride == 1 {
                // Row-major A: transpose 14 (+ 2 zero) rows × 16 columns in registers; each
                // 16-float store spills 2 zeros into the next step, which overwrites them (the
                // last one lands in the slack the caller leaves after the panels).
                while p + 16 <= depth {
                    var block = Block16(src + p, stride: a.rowStride, rows: count)
                    block.transpose()
                    block.store(panel + p * mr, stride: mr)
                    p += 16
                }
            }
            if a.rowStride == 1 && count == mr {
                // Aᵀ stored row-major: 14 contiguous floats a step, as two overlapping 8-float copies.
                while p < depth {
                    let from = UnsafeRawPointer(src + p * a.columnStride), to = UnsafeMutableRawPointer(panel + p * mr)
                    let low = from.loadUnaligned(as: SIMD8<Float>.self), high = from.loadUnaligned(fromByteOffset: 24, as: SIMD8<Float>.self)
                    to.storeBytes(of: low, as: SIMD8<Float>.self)
                    to.storeBytes(of: high, toByteOffset: 24, as: SIMD8<Float>.self)
                    p += 1
                }
            }
            for p in p..<depth {
                let column = src + p * a.columnStride, to = panel + p * mr
                for i in 0..<count { to[i] = column[i * a.rowStride] }
                for i in count..<mr { to[i] = 0 }
            }
        }
    }

    /// Rows `row0..<row0+depth`, columns `col0..<col0+columns` of `b` as panels of 32 columns:
    /// panel q holds, for each k, its 32 column values side by side (128 bytes, aligned).
    @inline(never)
    static func packB(_ b: StridedMatrix, row0: Int, depth: Int, col0: Int, columns: Int, into dst: UnsafeMutablePointer<Float>) {
        let nr = GemmMicroKernel.columns
        for q in stride(from: 0, to: columns, by: nr) {
            let panel = dst + q * depth, count = min(nr, columns - q)
            let src = b.base + row0 * b.rowStride + (col0 + q) * b.columnStride
            if b.columnStride == 1 && count == nr {
                for p in 0..<depth {
                    let from = UnsafeRawPointer(src + p * b.rowStride), to = UnsafeMutableRawPointer(panel + p * nr)
                    to.storeBytes(of: from.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
                    to.storeBytes(of: from.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self),
                                  toByteOffset: 64, as: SIMD16<Float>.self)
                }
                continue
            }
            if b.columnStride == 1 {
                for p in 0..<depth {
                    let row = src + p * b.rowStride, out = panel + p * nr
                    for j in 0..<count { out[j] = row[j] }
                    for j in count..<nr { out[j] = 0 }
                }
            } else {
                var p = 0
                if b.rowStride == 1 {
                    // Bᵀ stored row-major: transpose 16 × 16 blocks in registers (absent columns are zeros).
                    while p + 16 <= depth {
                        for half in stride(from: 0, to: nr, by: 16) {
                            var block = Block16(src + half * b.columnStride + p, stride: b.columnStride, rows: max(0, count - half))
                            block.transpose()
                            block.store(panel + p * nr + half, stride: nr)
                        }
                        p += 16
                    }
                }
                for p in p..<depth {
                    let row = src + p * b.rowStride, out = panel + p * nr
                    for j in 0..<count { out[j] = row[j * b.columnStride] }
                    for j in count..<nr { out[j] = 0 }
                }
            }
        }
    }
}

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
            (v0, v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15) =
                (Self.evens(v0, v1), Self.evens(v2, v3), Self.evens(v4, v5), Self.evens(v6, v7),
                 Self.evens(v8, v9), Self.evens(v10, v11), Self.evens(v12, v13), Self.evens(v14, v15),
                 Self.odds(v0, v1), Self.odds(v2, v3), Self.odds(v4, v5), Self.odds(v6, v7),
                 Self.odds(v8, v9), Self.odds(v10, v11), Self.odds(v12, v13), Self.odds(v14, v15))
        }
    }

    // The even (odd) elements of a then b, written out lane by lane: LLVM turns this into one
    // vpermt2ps. SIMD32.evenHalf/oddHalf did the same, but its generic specialization was left
    // out of line (a call, vzeroupper and the 16 registers spilled per shuffle; seen in objdump).
    @inline(__always)
    static func evens(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[0], a[2], a[4], a[6], a[8], a[10], a[12], a[14], b[0], b[2], b[4], b[6], b[8], b[10], b[12], b[14])
    }

    @inline(__always)
    static func odds(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float> {
        SIMD16(a[1], a[3], a[5], a[7], a[9], a[11], a[13], a[15], b[1], b[3], b[5], b[7], b[9], b[11], b[13], b[15])
    }

    /// Stores the 16 rows to `dst`, `stride` floats apart (each store writes 16 floats).
    @inline(__always)
    func store(_ dst: UnsafeMutablePointer<Float>, stride: Int) {
        func put(_ r: Int, _ v: SIMD16<Float>) { UnsafeMutableRawPointer(dst + r * stride).storeBytes(of: v, as: SIMD16<Float>.self) }
        put(0, v0); put(1, v1); put(2, v2); put(3, v3); put(4, v4); put(5, v5); put(6, v6); put(7, v7)
        put(8, v8); put(9, v9); put(10, v10); put(11, v11); put(12, v12); put(13, v13); put(14, v14); put(15, v15)
    }
}
