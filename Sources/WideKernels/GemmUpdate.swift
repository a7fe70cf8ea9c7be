/// An SGD-style epilogue of a product: C = addend − fl(scale · (A·B)) (or + when `subtract`
/// is false), applied where the last depth step stores C. Each finished sum of A·B is rounded,
/// multiplied by `scale` and rounded, then added to the addend and rounded: the same bits as the
/// separate ops `w - c * dot(a, b)` (multiply and add are never contracted into an FMA here).
/// `addend` is laid out like C (element (i, j) at `addend[i * ldc + j * cStride]`).
public struct GemmUpdate {
    public let addend: UnsafePointer<Float>
    public let scale: Float
    public let subtract: Bool

    public init(addend: UnsafePointer<Float>, scale: Float, subtract: Bool) {
        self.addend = addend
        self.scale = scale
        self.subtract = subtract
    }

    /// The same update with its addend moved by `offset` elements (a tile's corner).
    func offset(by offset: Int) -> GemmUpdate { GemmUpdate(addend: addend + offset, scale: scale, subtract: subtract) }

    /// C[i, j] = addend[i, j] ∓ fl(scale · sum), where sum is `scratch`'s tile (rows 32 floats
    /// apart), plus C's partial sum first when `accumulate` (the earlier depth steps).
    @inline(never)
    func store(_ scratch: UnsafePointer<Float>, to c: UnsafeMutablePointer<Float>, ldc: Int, cStride: Int,
               rows: Int, columns: Int, accumulate: Bool) {
        let scaleVector = SIMD16<Float>(repeating: scale)
        for i in 0..<rows {
            let src = scratch + i * GemmMicroKernel.columns, dst = c + i * ldc, w = addend + i * ldc
            var j = 0
            if cStride == 1 {
                while j + 16 <= columns {
                    var sum = UnsafeRawPointer(src + j).loadUnaligned(as: SIMD16<Float>.self)
                    if accumulate { sum = UnsafeRawPointer(dst + j).loadUnaligned(as: SIMD16<Float>.self) + sum }
                    let step = scaleVector * sum
                    let base = UnsafeRawPointer(w + j).loadUnaligned(as: SIMD16<Float>.self)
                    UnsafeMutableRawPointer(dst + j).storeBytes(of: subtract ? base - step : base + step, as: SIMD16<Float>.self)
                    j += 16
                }
            }
            while j < columns {
                let sum = accumulate ? dst[j * cStride] + src[j] : src[j]
                let step = scale * sum
                dst[j * cStride] = subtract ? w[j * cStride] - step : w[j * cStride] + step
                j += 1
            }
        }
    }
}
