import Foundation

/// Erlang's `:math`: every function takes integers or floats and returns a float; a result
/// outside the reals (sqrt(-1), log(0)) raises ArithmeticError, as on the BEAM.
enum MathModule {
    static func install(into r: Registry) {
        r.document(module: ":math", "Erlang's floating-point math functions.")
        r.native(":math", "pi", 0, doc: "The ratio of a circle's circumference to its diameter.") { _ in .float(Double.pi) }
        r.native(":math", "e", 0, doc: "Euler's number.") { _ in .float(M_E) }
        r.native(":math", "tau", 0, doc: "2 * pi.") { _ in .float(2 * Double.pi) }

        let unary: [(String, (Double) -> Double, String)] = [
            ("sqrt", { $0.squareRoot() }, "The square root."),
            ("exp", { Foundation.exp($0) }, "e raised to the argument."),
            ("log", { Foundation.log($0) }, "The natural logarithm."),
            ("log2", { Foundation.log2($0) }, "The base-2 logarithm."),
            ("log10", { Foundation.log10($0) }, "The base-10 logarithm."),
            ("sin", { Foundation.sin($0) }, "The sine (radians)."),
            ("cos", { Foundation.cos($0) }, "The cosine (radians)."),
            ("tan", { Foundation.tan($0) }, "The tangent (radians)."),
            ("asin", { Foundation.asin($0) }, "The arc sine."),
            ("acos", { Foundation.acos($0) }, "The arc cosine."),
            ("atan", { Foundation.atan($0) }, "The arc tangent."),
            ("sinh", { Foundation.sinh($0) }, "The hyperbolic sine."),
            ("cosh", { Foundation.cosh($0) }, "The hyperbolic cosine."),
            ("tanh", { Foundation.tanh($0) }, "The hyperbolic tangent."),
            ("asinh", { Foundation.asinh($0) }, "The inverse hyperbolic sine."),
            ("acosh", { Foundation.acosh($0) }, "The inverse hyperbolic cosine."),
            ("atanh", { Foundation.atanh($0) }, "The inverse hyperbolic tangent."),
            ("ceil", { $0.rounded(.up) }, "The smallest integral float not below the argument."),
            ("floor", { $0.rounded(.down) }, "The largest integral float not above the argument."),
            ("erf", { Foundation.erf($0) }, "The error function."),
            ("erfc", { Foundation.erfc($0) }, "The complementary error function."),
        ]
        for (name, f, doc) in unary {
            r.native(":math", name, 1, doc: doc) { c in try checked(f(try number(c, 0))) }
        }
        let binary: [(String, (Double, Double) -> Double, String)] = [
            ("pow", { Foundation.pow($0, $1) }, "x raised to the power y."),
            ("atan2", { Foundation.atan2($0, $1) }, "The arc tangent of y/x, using the signs of both for the quadrant."),
            ("fmod", { Foundation.fmod($0, $1) }, "The float remainder of x / y, with the sign of x."),
        ]
        for (name, f, doc) in binary {
            r.native(":math", name, 2, doc: doc) { c in try checked(f(try number(c, 0), try number(c, 1))) }
        }
    }

    private static func number(_ c: NativeCall, _ i: Int) throws -> Double {
        guard let d = c[i].doubleValue else { throw Errors.badArgument(position: i + 1, "not a number") }
        return d
    }

    /// The BEAM has no NaN or infinity: such results are arithmetic errors.
    private static func checked(_ d: Double) throws -> Value {
        guard d.isFinite else { throw ElixirError.arithmetic() }
        return .float(d)
    }
}
