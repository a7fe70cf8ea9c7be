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
/// Block16 lives in this file and the packers are never inlined elsewhere: in a release build
/// (one LLVM module per file) its shuffles (SIMD32.evenHalf/oddHalf) were only inlined in one
/// file and became out-of-line calls in the other (seen in objdump and perf).
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
