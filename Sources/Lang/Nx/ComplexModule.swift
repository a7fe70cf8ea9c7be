import Foundation

/// `Complex`, the complex-number package Nx uses: `%Complex{re:, im:}` structs whose parts
/// are floats or the atoms `:nan`, `:infinity`, `:neg_infinity`, printed as `1.0+2.0i`.
enum ComplexModule {
    static let moduleName = "Complex"
    static let structName = "Elixir.Complex"

    /// A `%Complex{}` from parts already in their final form.
    static func make(_ re: Value, _ im: Value) -> Value {
        .map(MapValue([(.atom("__struct__"), .module(moduleName)), (.atom("im"), im), (.atom("re"), re)]))
    }

    static func make(_ re: Double, _ im: Double) -> Value { make(NxValues.float(re), NxValues.float(im)) }

    /// Real and imaginary parts of a complex or a real number (nil for anything else).
    static func parts(_ v: Value) -> (Double, Double)? {
        switch NxValues.number(v) {
        case .int(let i)?: return (Double(i), 0)
        case .uint(let u)?: return (Double(u), 0)
        case .float(let d)?: return (d, 0)
        case .complex(let re, let im)?: return (re, im)
        case nil: return nil
        }
    }

    static func isPlainNumber(_ v: Value) -> Bool {
        switch v { case .int, .bigint, .float: return true; default: return false }
    }

    static func isComplex(_ v: Value) -> Bool {
        if case .map(let m) = v { return m.structName == structName }
        return false
    }

    /// `Complex.to_string/1`: `1.0+2.0i`, `-Inf+NaNi`; zero parts print as `0.0`.
    static func text(_ m: MapValue) -> String {
        let re = component(m[.atom("re")] ?? .int(0)), im = component(m[.atom("im")] ?? .int(0))
        return (re.hasPrefix("+") ? String(re.dropFirst()) : re) + im + "i"
    }

    private static func component(_ v: Value) -> String {
        switch v {
        case .atom("nan"): return "+NaN"
        case .atom("infinity"): return "+Inf"
        case .atom("neg_infinity"): return "-Inf"
        case .int(let i): return i == 0 ? "+0.0" : (i < 0 ? "-" : "+") + String(i.magnitude)
        case .float(let d): return d == 0 ? "+0.0" : (d < 0 ? "-" : "+") + FloatText.shortest(Swift.abs(d))
        default: return "+" + Inspector.inspect(v)
        }
    }

    static func install(_ r: Registry) {
        r.document(module: moduleName, "Complex numbers as %Complex{re: re, im: im} structs, as used by Nx for c64 and c128 tensors.")
        r.nx("new", [1, 2], module: moduleName, doc: "A complex number from a real part and an imaginary part (0 by default). Parts become floats; :nan, :infinity and :neg_infinity are kept.") { c in
            func part(_ v: Value) throws -> Value {
                switch v {
                case .int(let i): return .float(Double(i))
                case .float, .atom("nan"), .atom("infinity"), .atom("neg_infinity"): return v
                default: throw ElixirError.argument("expected a number or :nan, :infinity, :neg_infinity, got: \(Inspector.inspect(v))")
                }
            }
            return make(try part(c[0]), c.count > 1 ? try part(c[1]) : .float(0))
        }
        r.nx("real", [1], module: moduleName, doc: "The real part of a complex number (a real number is its own real part).") { c in
            try realPart(c, 0)
        }
        r.nx("imag", [1], module: moduleName, doc: "The imaginary part of a complex number (0 for a real number).") { c in
            if case .map(let m) = c[0], isComplex(c[0]) { return m[.atom("im")] ?? .nil }
            _ = try operands(c, 0)
            return .int(0)
        }
        r.nx("abs", [1], module: moduleName, doc: "The magnitude |z| of a complex number.") { c in
            let (re, im) = try operands(c, 0)
            return NxValues.float(hypot(re, im))
        }
        r.nx("phase", [1], module: moduleName, doc: "The angle of a complex number in radians, between -pi and pi.") { c in
            let (re, im) = try operands(c, 0)
            return NxValues.float(atan2(im, re))
        }
        r.nx("conjugate", [1], module: moduleName, doc: "The complex conjugate: the imaginary part negated.") { c in
            let (re, im) = try operands(c, 0)
            return isComplex(c[0]) ? make(re, -im) : c[0]
        }
        r.nx("negate", [1], module: moduleName, doc: "The number with both parts negated.") { c in
            let (re, im) = try operands(c, 0)
            return isComplex(c[0]) ? make(-re, -im) : try Value.subtract(.int(0), c[0])
        }
        let binary: [(String, String, (Value, Value) throws -> Value, ((Double, Double), (Double, Double)) -> (Double, Double))] = [
            ("add", "The sum", Value.add, { ($0.0 + $1.0, $0.1 + $1.1) }),
            ("subtract", "The difference", Value.subtract, { ($0.0 - $1.0, $0.1 - $1.1) }),
            ("multiply", "The product", Value.multiply, { ($0.0 * $1.0 - $0.1 * $1.1, $0.0 * $1.1 + $0.1 * $1.0) }),
            ("divide", "The quotient", Value.divide, divide),
        ]
        for (name, what, real, complex) in binary {
            r.nx(name, [2], module: moduleName, doc: "\(what) of two numbers, complex or real; the result is complex when either is.") { c in
                let a = try operands(c, 0), b = try operands(c, 1)
                if isPlainNumber(c[0]) && isPlainNumber(c[1]) { return try real(c[0], c[1]) }
                let (re, im) = complex(a, b)
                return make(re, im)
            }
        }
        let unary: [(String, String, ((Double, Double)) -> (Double, Double))] = [
            ("exp", "e raised to the number", { z in let m = Foundation.exp(z.0); return (m * cos(z.1), m * sin(z.1)) }),
            ("log", "The natural logarithm (principal branch)", { z in (Foundation.log(hypot(z.0, z.1)), atan2(z.1, z.0)) }),
            ("sqrt", "The principal square root", sqrt),
        ]
        for (name, what, f) in unary {
            r.nx(name, [1], module: moduleName, doc: "\(what) of a complex number, as a complex number.") { c in
                let (re, im) = f(try operands(c, 0))
                return make(re, im)
            }
        }
        r.nx("from_polar", [2], module: moduleName, doc: "The complex number with the given magnitude and angle (radians).") { c in
            let (r, _) = try operands(c, 0), (phi, _) = try operands(c, 1)
            return make(r * cos(phi), r * sin(phi))
        }
        r.nx("to_string", [1], module: moduleName, doc: "The text of a complex number, as inspect prints it: `1.0+2.0i`.") { c in
            guard case .map(let m) = c[0], isComplex(c[0]) else { throw Errors.functionClause(moduleName, "to_string", [c[0]]) }
            return .string(text(m))
        }
    }

    private static func realPart(_ c: NxCall, _ i: Int) throws -> Value {
        if case .map(let m) = c[i], isComplex(c[i]) { return m[.atom("re")] ?? .nil }
        _ = try operands(c, i)
        return c[i]
    }

    private static func operands(_ c: NxCall, _ i: Int) throws -> (Double, Double) {
        guard let p = parts(c[i]) else { throw Errors.functionClause(moduleName, c.name, c.args) }
        return p
    }

    /// Smith's division, which avoids overflow in the denominator.
    static func divide(_ a: (Double, Double), _ b: (Double, Double)) -> (Double, Double) {
        if Swift.abs(b.0) < Swift.abs(b.1) {
            let r = b.0 / b.1, den = b.1 + r * b.0
            return ((a.0 * r + a.1) / den, (a.1 * r - a.0) / den)
        }
        let r = b.1 / b.0, den = b.0 + r * b.1
        return ((a.0 + r * a.1) / den, (a.1 - r * a.0) / den)
    }

    static func sqrt(_ z: (Double, Double)) -> (Double, Double) {
        let m = hypot(z.0, z.1)
        let re = Foundation.sqrt((m + z.0) / 2)
        let im = Foundation.sqrt((m - z.0) / 2)
        return (re, z.1 < 0 ? -im : im)
    }
}
