/// `Nx.fft2` / `Nx.ifft2`: the 2-D (inverse) DFT of the last two axes, as two 1-D transforms
/// (the last axis, then the second-to-last through a transpose), so no new backend kernel.
extension Nx {
    /// `lengths` pads or truncates the two axes first (their sizes by default).
    public static func fft2(_ x: Operand, lengths: (Int, Int)? = nil, inverse: Bool = false) throws -> Tensor {
        let t = try toTensor(x, backend: backend([x]))
        guard t.rank >= 2 else {
            throw NxError.argument("expected a tensor with rank > 1, got tensor with rank \(t.rank)")
        }
        let rows = lengths?.0 ?? t.shape[t.rank - 2], cols = lengths?.1 ?? t.shape[t.rank - 1]
        var swap = Array(0..<t.rank)
        swap.swapAt(t.rank - 2, t.rank - 1)
        let alongCols = try fft(.tensor(t), length: cols, inverse: inverse)
        let swapped = try transpose(.tensor(alongCols), axes: swap.map { .index($0) })
        let alongRows = try fft(.tensor(swapped), length: rows, inverse: inverse)
        return try transpose(.tensor(alongRows), axes: swap.map { .index($0) })
    }
}
