import Foundation
import ComplexModule
import RealModule

/// The Native backend's elementwise table: one typed kernel per (op, element family).
/// f16 and bf16 compute in f32 and round once on the way out.
extension NativeBackend {
    public func unary(_ op: UnaryOp, _ out: TensorTemplate, _ t: Tensor) throws -> Tensor {
        // Predicates and complex-part ops read the input's own type; the others compute in the output type.
        let readsInput = op.rule == .predicate || (op.rule == .real && t.type.isComplex) || (op == .abs && t.type.isComplex)
        var compute = readsInput ? t.type : out.type
        if compute == .f16 || compute == .bf16 { compute = .f32 }
        let input = t.type == compute ? t : try asType(TensorTemplate(type: compute, shape: t.shape), t)
        let resultType = readsInput ? out.type : compute
        let (result, dst) = try allocate(TensorTemplate(type: resultType, shape: out.shape, names: out.names))
        let src = try storage(input)
        let n = out.size
        switch compute {
        case .u8: try IntegerKernels.unary(op, src.pointer(UInt8.self), dst, n)
        case .u16: try IntegerKernels.unary(op, src.pointer(UInt16.self), dst, n)
        case .u32: try IntegerKernels.unary(op, src.pointer(UInt32.self), dst, n)
        case .u64: try IntegerKernels.unary(op, src.pointer(UInt64.self), dst, n)
        case .s8: try IntegerKernels.unary(op, src.pointer(Int8.self), dst, n)
        case .s16: try IntegerKernels.unary(op, src.pointer(Int16.self), dst, n)
        case .s32: try IntegerKernels.unary(op, src.pointer(Int32.self), dst, n)
        case .s64: try IntegerKernels.unary(op, src.pointer(Int64.self), dst, n)
        case .f32: try FloatKernels.unary(op, src.pointer(Float.self), dst, n)
        case .f64: try FloatKernels.unary(op, src.pointer(Double.self), dst, n)
        case .c64: try ComplexKernels.unary(op, src.pointer(Complex<Float>.self), dst, n)
        case .c128: try ComplexKernels.unary(op, src.pointer(Complex<Double>.self), dst, n)
        case .f16, .bf16: throw NxError.notImplemented("\(op.name) on \(compute)")
        }
        return resultType == out.type ? result : try asType(out, result)
    }

    public func binary(_ op: BinaryOp, _ out: TensorTemplate, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        var compute = op.rule == .predicate ? DType.merge(a.type, b.type) : out.type
        if compute == .f16 || compute == .bf16 { compute = .f32 }
        let x = a.type == compute ? a : try asType(TensorTemplate(type: compute, shape: a.shape), a)
        let y = b.type == compute ? b : try asType(TensorTemplate(type: compute, shape: b.shape), b)
        let resultType = op.rule == .predicate ? DType.u8 : compute
        let (result, dst) = try allocate(TensorTemplate(type: resultType, shape: out.shape, names: out.names))
        let operands = BinaryOperands(a: try storage(x), aStrides: NativeLoops.broadcastStrides(x.shape, to: out.shape),
                                      b: try storage(y), bStrides: NativeLoops.broadcastStrides(y.shape, to: out.shape),
                                      bCount: y.size, out: dst, shape: out.shape)
        switch compute {
        case .u8: try IntegerKernels.binary(op, operands, UInt8.self)
        case .u16: try IntegerKernels.binary(op, operands, UInt16.self)
        case .u32: try IntegerKernels.binary(op, operands, UInt32.self)
        case .u64: try IntegerKernels.binary(op, operands, UInt64.self)
        case .s8: try IntegerKernels.binary(op, operands, Int8.self)
        case .s16: try IntegerKernels.binary(op, operands, Int16.self)
        case .s32: try IntegerKernels.binary(op, operands, Int32.self)
        case .s64: try IntegerKernels.binary(op, operands, Int64.self)
        case .f32: try FloatKernels.binary(op, operands, Float.self)
        case .f64: try FloatKernels.binary(op, operands, Double.self)
        case .c64: try ComplexKernels.binary(op, operands, Float.self)
        case .c128: try ComplexKernels.binary(op, operands, Double.self)
        case .f16, .bf16: throw NxError.notImplemented("\(op.name) on \(compute)")
        }
        return resultType == out.type ? result : try asType(out, result)
    }

    public func select(_ out: TensorTemplate, _ pred: Tensor, _ onTrue: Tensor, _ onFalse: Tensor) throws -> Tensor {
        let p = pred.type == .u8 ? pred : try asType(TensorTemplate(type: .u8, shape: pred.shape), pred)
        let x = onTrue.type == out.type ? onTrue : try asType(TensorTemplate(type: out.type, shape: onTrue.shape), onTrue)
        let y = onFalse.type == out.type ? onFalse : try asType(TensorTemplate(type: out.type, shape: onFalse.shape), onFalse)
        // Operands of the output's shape or of one element are read in place; others are broadcast first.
        func inPlace(_ t: Tensor) throws -> Tensor {
            t.shape == out.shape || t.size == 1 ? t : try broadcast(TensorTemplate(type: t.type, shape: out.shape), t,
                                                                      axes: alignedAxes(t.rank, out.rank))
        }
        let pb = try inPlace(p), xb = try inPlace(x), yb = try inPlace(y)
        let (result, dst) = try allocate(out)
        if out.size == 0 { return result }
        let operands = SelectOperands(pred: try storage(pb).pointer(UInt8.self), predSteps: pb.size > 1,
                                      onTrue: try storage(xb).bytes, trueSteps: xb.size > 1,
                                      onFalse: try storage(yb).bytes, falseSteps: yb.size > 1,
                                      out: dst.bytes, count: out.size)
        switch out.type.byteSize {
        case 1: operands.run(UInt8.self)
        case 2: operands.run(UInt16.self)
        case 4: operands.run(UInt32.self)
        case 8: operands.run(UInt64.self)
        default: operands.run(SIMD2<UInt64>.self)
        }
        return result
    }

    func alignedAxes(_ rank: Int, _ outRank: Int) -> [Int] { Array((outRank - rank)..<outRank) }
}

/// select's operands, each either of the output's shape (`…Steps`) or one element read everywhere.
/// Elements move as raw words of their width.
struct SelectOperands {
    let pred: UnsafeMutablePointer<UInt8>, predSteps: Bool
    let onTrue: UnsafeMutableRawPointer, trueSteps: Bool
    let onFalse: UnsafeMutableRawPointer, falseSteps: Bool
    let out: UnsafeMutableRawPointer, count: Int

    func run<W>(_: W.Type) {
        let p = pred, x = onTrue.assumingMemoryBound(to: W.self), y = onFalse.assumingMemoryBound(to: W.self)
        let o = out.assumingMemoryBound(to: W.self)
        NativeLoops.chunked(count) { s, e in
            switch (predSteps, trueSteps, falseSteps) {
            case (true, true, true): for i in s..<e { o[i] = p[i] != 0 ? x[i] : y[i] }
            case (true, true, false): let b = y[0]; for i in s..<e { o[i] = p[i] != 0 ? x[i] : b }
            case (true, false, true): let a = x[0]; for i in s..<e { o[i] = p[i] != 0 ? a : y[i] }
            case (true, false, false): let a = x[0], b = y[0]; for i in s..<e { o[i] = p[i] != 0 ? a : b }
            case (false, _, _):
                let (from, steps) = p[0] != 0 ? (x, trueSteps) : (y, falseSteps)
                for i in s..<e { o[i] = from[steps ? i : 0] }
            }
        }
    }
}

/// Two operands already in the compute type, with strides that broadcast them to `shape`.
/// Kernels call `run { s, e in zipRange(s, e, ...) { op } }` so the op closure is created inside
/// the parallel chunk and inlines into its loop (a captured closure would be called per element).
struct BinaryOperands {
    let a: NativeStorage, aStrides: [Int], b: NativeStorage, bStrides: [Int], bCount: Int
    let out: NativeStorage, shape: [Int]

    enum Layout { case flat, scalarB, scalarA, rows }
    let layout: Layout
    /// Units `run` splits: elements for the flat layouts, innermost rows otherwise.
    let units: Int
    let count: Int

    init(a: NativeStorage, aStrides: [Int], b: NativeStorage, bStrides: [Int], bCount: Int, out: NativeStorage, shape: [Int]) {
        self.a = a; self.aStrides = aStrides; self.b = b; self.bStrides = bStrides; self.bCount = bCount
        self.out = out; self.shape = shape
        count = Shape.size(shape)
        let contiguous = Shape.strides(shape)
        if shape.isEmpty || (aStrides == contiguous && bStrides == contiguous) { layout = .flat }
        else if aStrides == contiguous && bStrides.allSatisfy({ $0 == 0 }) { layout = .scalarB }
        else if bStrides == contiguous && aStrides.allSatisfy({ $0 == 0 }) { layout = .scalarA }
        else { layout = .rows }
        units = layout == .rows ? count / shape[shape.count - 1] : count
    }

    @inline(__always)
    func run(_ body: (Int, Int) -> Void) { NativeLoops.chunked(units, work: count, body) }

    @inline(__always)
    func zipRange<T, R>(_ start: Int, _ end: Int, _: T.Type, _: R.Type, _ f: (T, T) -> R) {
        let pa = a.pointer(T.self), pb = b.pointer(T.self), o = out.pointer(R.self)
        switch layout {
        case .flat: for i in start..<end { o[i] = f(pa[i], pb[i]) }
        case .scalarB: let y = pb[0]; for i in start..<end { o[i] = f(pa[i], y) }
        case .scalarA: let x = pa[0]; for i in start..<end { o[i] = f(x, pb[i]) }
        case .rows: NativeLoops.zipRows(pa, aStrides, pb, bStrides, o, shape, start, end, f)
        }
    }
}

@inline(__always) func bool8(_ b: Bool) -> UInt8 { b ? 1 : 0 }

/// Comparisons and logical ops, shared by integer and float kernels (u8 results).
enum RealPredicates {
    static func binary<T: Comparable & Numeric>(_ op: BinaryOp, _ x: BinaryOperands, _: T.Type) {
        switch op {
        case .equal: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8($0 == $1) } }
        case .not_equal: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8($0 != $1) } }
        case .greater: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8($0 > $1) } }
        case .less: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8($0 < $1) } }
        case .greater_equal: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8($0 >= $1) } }
        case .less_equal: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8($0 <= $1) } }
        case .logical_and: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8($0 != 0 && $1 != 0) } }
        case .logical_or: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8($0 != 0 || $1 != 0) } }
        case .logical_xor: x.run { s, e in x.zipRange(s, e, T.self, UInt8.self) { bool8(($0 != 0) != ($1 != 0)) } }
        default: preconditionFailure("\(op.name) is not a predicate")
        }
    }
}

enum IntegerKernels {
    static func unary<T: FixedWidthInteger & NativeElement>(_ op: UnaryOp, _ a: UnsafeMutablePointer<T>, _ dst: NativeStorage, _ n: Int) throws {
        let o = dst.pointer(T.self)
        switch op {
        case .negate: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { 0 &- $0 } }
        case .abs: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0 < 0 ? 0 &- $0 : $0 } }
        case .sign: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0 > 0 ? 1 : ($0 == 0 ? 0 : 0 &- 1) } }
        case .ceil, .floor, .round: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0 } }
        case .bitwise_not: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { ~$0 } }
        case .population_count: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { T($0.nonzeroBitCount) } }
        case .count_leading_zeros: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { T($0.leadingZeroBitCount) } }
        case .is_nan, .is_infinity: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(UInt8.self), s, e) { _ in 0 } }
        case .logical_not: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(UInt8.self), s, e) { bool8($0 == 0) } }
        default: throw NxError.notImplemented("\(op.name) on integers")
        }
    }

    static func binary<T: FixedWidthInteger & NativeElement>(_ op: BinaryOp, _ x: BinaryOperands, _: T.Type) throws {
        switch op {
        case .add: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 &+ $1 } }
        case .subtract: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 &- $1 } }
        case .multiply: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 &* $1 } }
        case .quotient, .remainder:
            // Erlang's div/rem raise on a zero divisor, and so does Nx's BinaryBackend.
            let b = x.b.pointer(T.self)
            for i in 0..<x.bCount where b[i] == 0 { throw NxError.arithmetic() }
            if op == .quotient {
                x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0.dividedReportingOverflow(by: $1).partialValue } }
            } else {
                x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0.remainderReportingOverflow(dividingBy: $1).partialValue } }
            }
        case .pow:
            let b = x.b.pointer(T.self)
            for i in 0..<x.bCount where b[i] < 0 { throw NxError.arithmetic() }
            x.run { s, e in
                x.zipRange(s, e, T.self, T.self) { base, exp in
                    var result: T = 1, b = base, e = exp
                    while e > 0 {
                        if e & 1 == 1 { result = result &* b }
                        b = b &* b
                        e >>= 1
                    }
                    return result
                }
            }
        case .min: x.run { s, e in x.zipRange(s, e, T.self, T.self) { Swift.min($0, $1) } }
        case .max: x.run { s, e in x.zipRange(s, e, T.self, T.self) { Swift.max($0, $1) } }
        case .bitwise_and: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 & $1 } }
        case .bitwise_or: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 | $1 } }
        case .bitwise_xor: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 ^ $1 } }
        // Smart shifts: a negative amount shifts the other way, amounts past the width saturate.
        case .left_shift: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 << $1 } }
        case .right_shift: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 >> $1 } }
        case .equal, .not_equal, .greater, .less, .greater_equal, .less_equal, .logical_and, .logical_or, .logical_xor:
            RealPredicates.binary(op, x, T.self)
        case .divide, .atan2: throw NxError.notImplemented("\(op.name) on integers")
        }
    }
}

enum FloatKernels {
    /// Float math runs in f64 and rounds once, like Nx's BinaryBackend (Erlang floats are f64).
    static func unary<T: BinaryFloatingPoint & NativeElement>(_ op: UnaryOp, _ a: UnsafeMutablePointer<T>, _ dst: NativeStorage, _ n: Int) throws {
        let o = dst.pointer(T.self)
        @inline(__always) func math(_ f: (Double) -> Double) { NativeLoops.map(a, o, n) { T(f(Double($0))) } }
        switch op {
        case .negate: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { -$0 } }
        case .abs: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { Swift.abs($0) } }
        case .sign: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) } }
        case .ceil: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0.rounded(.up) } }
        case .floor: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0.rounded(.down) } }
        case .round: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0.rounded(.toNearestOrAwayFromZero) } }
        case .exp: math(Foundation.exp)
        case .expm1: math(Foundation.expm1)
        case .log: math(Foundation.log)
        case .log1p: math(Foundation.log1p)
        case .sigmoid: math { 1 / (1 + Foundation.exp(-$0)) }
        case .sqrt: math(Foundation.sqrt)
        case .rsqrt: math { 1 / Foundation.sqrt($0) }
        case .cbrt: math(Foundation.cbrt)
        case .sin: math(Foundation.sin)
        case .cos: math(Foundation.cos)
        case .tan: math(Foundation.tan)
        case .asin: math(Foundation.asin)
        case .acos: math(Foundation.acos)
        case .atan: math(Foundation.atan)
        case .sinh: math(Foundation.sinh)
        case .cosh: math(Foundation.cosh)
        case .tanh: math(Foundation.tanh)
        case .asinh: math(Foundation.asinh)
        case .acosh: math(Foundation.acosh)
        case .atanh: math(Foundation.atanh)
        case .erf: math(Foundation.erf)
        case .erfc: math(Foundation.erfc)
        case .erf_inv: math(inverseErf)
        case .real: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0 } }
        case .imag: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { _ in 0 } }
        case .phase: math { Foundation.atan2(0, $0) }
        case .is_nan: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(UInt8.self), s, e) { bool8($0.isNaN) } }
        case .is_infinity: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(UInt8.self), s, e) { bool8($0.isInfinite) } }
        case .logical_not: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(UInt8.self), s, e) { bool8($0 == 0) } }
        case .bitwise_not, .population_count, .count_leading_zeros, .conjugate:
            throw NxError.notImplemented("\(op.name) on floats")
        }
    }

    static func binary<T: BinaryFloatingPoint & NativeElement>(_ op: BinaryOp, _ x: BinaryOperands, _: T.Type) throws {
        switch op {
        case .add: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 + $1 } }
        case .subtract: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 - $1 } }
        case .multiply: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 * $1 } }
        case .divide: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0 / $1 } }
        case .remainder: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0.truncatingRemainder(dividingBy: $1) } }
        case .pow: x.run { s, e in x.zipRange(s, e, T.self, T.self) { T(Foundation.pow(Double($0), Double($1))) } }
        case .atan2: x.run { s, e in x.zipRange(s, e, T.self, T.self) { T(Foundation.atan2(Double($0), Double($1))) } }
        case .min: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) } }
        // Equal operands (-0.0 and 0.0) give the first, as Erlang's max does; Swift.max gives the second.
        case .max: x.run { s, e in x.zipRange(s, e, T.self, T.self) { $0.isNaN || $1.isNaN ? .nan : ($1 > $0 ? $1 : $0) } }
        case .equal, .not_equal, .greater, .less, .greater_equal, .less_equal, .logical_and, .logical_or, .logical_xor:
            RealPredicates.binary(op, x, T.self)
        default: throw NxError.notImplemented("\(op.name) on floats")
        }
    }

    /// Inverse error function: Giles' single-precision polynomial, then Newton steps on erf.
    static func inverseErf(_ x: Double) -> Double {
        if x <= -1 { return x == -1 ? -.infinity : .nan }
        if x >= 1 { return x == 1 ? .infinity : .nan }
        var w = -Foundation.log((1 - x) * (1 + x))
        var p: Double
        if w < 5 {
            w -= 2.5
            p = 2.81022636e-08
            for c in [3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087, -0.00125372503,
                      -0.00417768164, 0.246640727, 1.50140941] { p = c + p * w }
        } else {
            w = Foundation.sqrt(w) - 3
            p = -0.000200214257
            for c in [0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613,
                      0.00943887047, 1.00167406, 2.83297682] { p = c + p * w }
        }
        // Nx evaluates Giles' approximation alone (no Newton refinement); so do we, to print its digits.
        return p * x
    }
}

enum ComplexKernels {
    static func unary<R: Real & BinaryFloatingPoint & NativeElement>(_ op: UnaryOp, _ a: UnsafeMutablePointer<Complex<R>>, _ dst: NativeStorage, _ n: Int) throws {
        typealias C = Complex<R>
        let o = dst.pointer(C.self)
        switch op {
        case .negate: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C(-$0.rawStorage.x, -$0.rawStorage.y) } }
        case .conjugate: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C($0.rawStorage.x, -$0.rawStorage.y) } }
        case .exp: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.exp($0) } }
        case .expm1: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.expMinusOne($0) } }
        case .log: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.log($0) } }
        case .log1p: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.log(onePlus: $0) } }
        case .sqrt: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.sqrt($0) } }
        case .rsqrt: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { 1 / C.sqrt($0) } }
        case .sin: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.sin($0) } }
        case .cos: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.cos($0) } }
        case .tan: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.tan($0) } }
        case .sinh: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.sinh($0) } }
        case .cosh: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.cosh($0) } }
        case .tanh: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.tanh($0) } }
        case .asin: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.asin($0) } }
        case .acos: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.acos($0) } }
        case .atan: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.atan($0) } }
        case .asinh: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.asinh($0) } }
        case .acosh: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.acosh($0) } }
        case .atanh: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { C.atanh($0) } }
        case .sigmoid: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { 1 / (1 + C.exp(-$0)) } }
        case .sign: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, o, s, e) { $0 == .zero ? .zero : $0 / C($0.length) } }
        case .abs: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(R.self), s, e) { $0.isFinite ? $0.length : ($0.rawStorage.x.isNaN || $0.rawStorage.y.isNaN ? .nan : .infinity) } }
        case .real: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(R.self), s, e) { $0.rawStorage.x } }
        case .imag: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(R.self), s, e) { $0.rawStorage.y } }
        case .phase: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(R.self), s, e) { R.atan2(y: $0.rawStorage.y, x: $0.rawStorage.x) } }
        case .is_nan: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(UInt8.self), s, e) { bool8($0.rawStorage.x.isNaN || $0.rawStorage.y.isNaN) } }
        case .is_infinity: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(UInt8.self), s, e) { bool8($0.rawStorage.x.isInfinite || $0.rawStorage.y.isInfinite) } }
        case .logical_not: NativeLoops.chunked(n) { s, e in NativeLoops.mapRange(a, dst.pointer(UInt8.self), s, e) { bool8($0 == .zero) } }
        default: throw NxError.notImplemented("\(op.name) on complex numbers")
        }
    }

    static func binary<R: Real & BinaryFloatingPoint & NativeElement>(_ op: BinaryOp, _ x: BinaryOperands, _: R.Type) throws {
        typealias C = Complex<R>
        switch op {
        case .add: x.run { s, e in x.zipRange(s, e, C.self, C.self) { $0 + $1 } }
        case .subtract: x.run { s, e in x.zipRange(s, e, C.self, C.self) { $0 - $1 } }
        case .multiply: x.run { s, e in x.zipRange(s, e, C.self, C.self) { $0 * $1 } }
        case .divide: x.run { s, e in x.zipRange(s, e, C.self, C.self) { $0 / $1 } }
        case .pow: x.run { s, e in x.zipRange(s, e, C.self, C.self) { $0 == .zero ? ($1 == .zero ? C(1) : .zero) : C.exp($1 * C.log($0)) } }
        case .equal: x.run { s, e in x.zipRange(s, e, C.self, UInt8.self) { bool8($0.rawStorage == $1.rawStorage) } }
        case .not_equal: x.run { s, e in x.zipRange(s, e, C.self, UInt8.self) { bool8($0.rawStorage != $1.rawStorage) } }
        case .logical_and: x.run { s, e in x.zipRange(s, e, C.self, UInt8.self) { bool8($0 != .zero && $1 != .zero) } }
        case .logical_or: x.run { s, e in x.zipRange(s, e, C.self, UInt8.self) { bool8($0 != .zero || $1 != .zero) } }
        case .logical_xor: x.run { s, e in x.zipRange(s, e, C.self, UInt8.self) { bool8(($0 != .zero) != ($1 != .zero)) } }
        default: throw NxError.notImplemented("\(op.name) on complex numbers")
        }
    }
}
