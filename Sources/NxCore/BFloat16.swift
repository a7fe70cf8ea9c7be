/// Brain float: the top 16 bits of an IEEE f32.
public struct BFloat16: Equatable {
    public var bits: UInt16

    public init(bits: UInt16) { self.bits = bits }

    /// Keeps the top 16 bits of the f32 (truncation): what Nx 0.7.2's BinaryBackend writes,
    /// e.g. 0.1 becomes 0.099609375 (the conformance cases pin this).
    public init(_ value: Float) {
        let b = value.bitPattern
        bits = UInt16(truncatingIfNeeded: b >> 16) | (value.isNaN ? 0x0040 : 0)
    }

    public init(_ value: Double) { self.init(Float(value)) }

    public var float: Float { Float(bitPattern: UInt32(bits) << 16) }
}
