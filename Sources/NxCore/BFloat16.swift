/// Brain float: the top 16 bits of an IEEE f32. Conversion from f32 rounds to nearest even, as Nx does.
public struct BFloat16: Equatable {
    public var bits: UInt16

    public init(bits: UInt16) { self.bits = bits }

    public init(_ value: Float) {
        let b = value.bitPattern
        if value.isNaN {
            bits = UInt16(truncatingIfNeeded: b >> 16) | 0x0040
        } else {
            // Add half an ulp of the kept part, plus one when the kept part is odd (ties to even).
            let rounding = UInt32(0x7FFF) &+ ((b >> 16) & 1)
            bits = UInt16(truncatingIfNeeded: (b &+ rounding) >> 16)
        }
    }

    public init(_ value: Double) { self.init(Float(value)) }

    public var float: Float { Float(bitPattern: UInt32(bits) << 16) }
}
