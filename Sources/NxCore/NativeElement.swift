import ComplexModule

/// A Swift type that stores one Nx element in a native buffer. Kernels are generic over it
/// and specialized per type, so the element type is chosen once per call, never per element.
public protocol NativeElement {
    static var zero: Self { get }
    /// The element as a host number (widened, exact for integers).
    var number: NxNumber { get }
    /// Converts a host number with Nx's `as_type` rules: integers wrap, floats truncate,
    /// complex keeps its real part when the target is real.
    init(number: NxNumber)
}

/// Nx's float → integer conversion: truncate toward zero; NaN gives 0, ±Inf the type's bounds;
/// finite values outside 64 bits saturate before wrapping to the target width.
@inline(__always) func truncatedInt64(_ d: Double) -> Int64 {
    if d.isNaN { return 0 }
    if d >= 9.2233720368547758e18 { return Int64.max }
    if d <= -9.2233720368547758e18 { return Int64.min }
    return Int64(d.rounded(.towardZero))
}

extension NativeElement where Self: FixedWidthInteger {
    public static var zero: Self { 0 }
    public init(number: NxNumber) {
        switch number {
        case .int(let i): self.init(truncatingIfNeeded: i)
        case .uint(let u): self.init(truncatingIfNeeded: u)
        case .float(let d), .complex(let d, _):
            if d.isInfinite { self = d > 0 ? Self.max : Self.min } else { self.init(truncatingIfNeeded: truncatedInt64(d)) }
        }
    }
}

extension Int8: NativeElement { public var number: NxNumber { .int(Int64(self)) } }
extension Int16: NativeElement { public var number: NxNumber { .int(Int64(self)) } }
extension Int32: NativeElement { public var number: NxNumber { .int(Int64(self)) } }
extension Int64: NativeElement { public var number: NxNumber { .int(self) } }
extension UInt8: NativeElement { public var number: NxNumber { .int(Int64(self)) } }
extension UInt16: NativeElement { public var number: NxNumber { .int(Int64(self)) } }
extension UInt32: NativeElement { public var number: NxNumber { .int(Int64(self)) } }
extension UInt64: NativeElement {
    public var number: NxNumber { self > UInt64(Int64.max) ? .uint(self) : .int(Int64(self)) }
}

extension NativeElement where Self: BinaryFloatingPoint {
    public static var zero: Self { 0 }
    public var number: NxNumber { .float(Double(self)) }
    public init(number: NxNumber) {
        switch number {
        case .int(let i): self.init(i)
        case .uint(let u): self.init(u)
        case .float(let d), .complex(let d, _): self.init(d)
        }
    }
}

extension Float: NativeElement {}
extension Double: NativeElement {}
extension Float16: NativeElement {}

extension BFloat16: NativeElement {
    public static var zero: BFloat16 { BFloat16(bits: 0) }
    public var number: NxNumber { .float(Double(float)) }
    public init(number: NxNumber) {
        switch number {
        case .int(let i): self.init(Float(i))
        case .uint(let u): self.init(Float(u))
        case .float(let d), .complex(let d, _): self.init(Float(d))
        }
    }
}

extension Complex: NativeElement where RealType: NativeElement & BinaryFloatingPoint {
    public var number: NxNumber { .complex(Double(rawStorage.x), Double(rawStorage.y)) }
    public init(number: NxNumber) {
        switch number {
        case .int(let i): self.init(RealType(i), 0)
        case .uint(let u): self.init(RealType(u), 0)
        case .float(let d): self.init(RealType(d), 0)
        case .complex(let re, let im): self.init(RealType(re), RealType(im))
        }
    }
}
