/// Transposes of 4-byte elements in 16x16 blocks: sixteen 64-byte row loads, four rounds of
/// even/odd unshuffles (vpermt2ps), sixteen 64-byte stores. Both sides touch whole cache lines,
/// which matters for power-of-two row strides, where every row maps to the same L1 set.
public enum WideTranspose {
    typealias Row = SIMD16<Float>
    typealias Block = (Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row, Row)

    /// For each 16-row group of `rows` source rows, every full 16x16 block of the first
    /// `cols` columns: d[c * dStride + r] = s[r * sStride + c] (strides in elements). The caller
    /// copies the remainders (rows % 16, cols % 16).
    public static func blocks32(_ s: UnsafeRawPointer, _ sStride: Int, _ d: UnsafeMutableRawPointer, _ dStride: Int,
                                rows: Int, cols: Int) {
        var i = 0
        while i + 16 <= rows {
            var j = 0
            while j + 16 <= cols {
                block(s + 4 * (i * sStride + j), 4 * sStride, d + 4 * (j * dStride + i), 4 * dStride)
                j += 16
            }
            i += 16
        }
    }

    @inline(__always)
    static func block(_ s: UnsafeRawPointer, _ sBytes: Int, _ d: UnsafeMutableRawPointer, _ dBytes: Int) {
        @inline(__always) func row(_ k: Int) -> Row { s.loadUnaligned(fromByteOffset: k * sBytes, as: Row.self) }
        var r: Block = (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7),
                        row(8), row(9), row(10), row(11), row(12), row(13), row(14), row(15))
        // Reading the block as one 256-element array, an unshuffle rotates the index bits right
        // by one; four rotations swap the row and column halves of the index: a transpose.
        r = unshuffle(unshuffle(unshuffle(unshuffle(r))))
        @inline(__always) func put(_ k: Int, _ v: Row) { d.storeBytes(of: v, toByteOffset: k * dBytes, as: Row.self) }
        put(0, r.0); put(1, r.1); put(2, r.2); put(3, r.3); put(4, r.4); put(5, r.5); put(6, r.6); put(7, r.7)
        put(8, r.8); put(9, r.9); put(10, r.10); put(11, r.11); put(12, r.12); put(13, r.13); put(14, r.14); put(15, r.15)
    }

    /// Rows 0..7 take the even elements of row pairs (0,1), (2,3), …; rows 8..15 the odd ones.
    @inline(__always)
    static func unshuffle(_ r: Block) -> Block {
        @inline(__always) func pair(_ a: Row, _ b: Row) -> SIMD32<Float> { SIMD32(lowHalf: a, highHalf: b) }
        let p0 = pair(r.0, r.1), p1 = pair(r.2, r.3), p2 = pair(r.4, r.5), p3 = pair(r.6, r.7)
        let p4 = pair(r.8, r.9), p5 = pair(r.10, r.11), p6 = pair(r.12, r.13), p7 = pair(r.14, r.15)
        return (p0.evenHalf, p1.evenHalf, p2.evenHalf, p3.evenHalf, p4.evenHalf, p5.evenHalf, p6.evenHalf, p7.evenHalf,
                p0.oddHalf, p1.oddHalf, p2.oddHalf, p3.oddHalf, p4.oddHalf, p5.oddHalf, p6.oddHalf, p7.oddHalf)
    }
}
