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
