import NxCore

/// `Nx.Constants`: scalar tensors of well-known values in a chosen type.
enum NxConstantsModule {
    static let module = "Nx.Constants"

    static func install(_ r: Registry) {
        r.document(module: module, "Scalar tensors of mathematical constants and of the limits of each numeric type.")
        let floats: [(String, String, (DType) throws -> Tensor)] = [
            ("pi", "The constant pi", NxConstants.pi),
            ("e", "Euler's number e", NxConstants.e),
            ("euler_gamma", "The Euler–Mascheroni constant", NxConstants.eulerGamma),
            ("nan", "Not-a-number", NxConstants.nan),
            ("infinity", "Positive infinity", NxConstants.infinity),
            ("neg_infinity", "Negative infinity", NxConstants.negInfinity),
        ]
        for (name, what, make) in floats {
            r.nx(name, [0, 1, 2], module: module, doc: "\(what) as a scalar tensor of a float type (f32 unless a type is given).") { c in
                let type = c.count > 0 ? try NxTypes.parse(c[0]) : .f32
                try c.options(1, ["backend"]).checkBackend()
                return .t(try make(type))
            }
        }
        r.nx("i", [0, 1, 2], module: module, doc: "The imaginary unit as a scalar tensor of a complex type (c64 unless a type is given).") { c in
            let type = c.count > 0 ? try NxTypes.parse(c[0]) : .c64
            try c.options(1, ["backend"]).checkBackend()
            return .t(try Nx.scalar(.complex(0, 1), type: type))
        }
        let typed: [(String, String, (DType) throws -> Tensor)] = [
            ("max_finite", "The largest finite value of the type", NxConstants.maxFinite),
            ("min_finite", "The smallest (most negative) finite value of the type", NxConstants.minFinite),
            ("max", "The largest value of the type (infinity for floats)", { t in t.isFloat ? try NxConstants.infinity(t) : try NxConstants.maxFinite(t) }),
            ("min", "The smallest value of the type (negative infinity for floats)", { t in t.isFloat ? try NxConstants.negInfinity(t) : try NxConstants.minFinite(t) }),
            ("epsilon", "The gap between 1.0 and the next value of the float type", NxConstants.epsilon),
            ("smallest_positive_normal", "The smallest positive normal value of the float type", NxConstants.smallestPositiveNormal),
        ]
        for (name, what, make) in typed {
            r.nx(name, [1, 2], module: module, doc: "\(what), as a scalar tensor of that type.") { c in
                try c.options(1, ["backend"]).checkBackend()
                return .t(try make(try NxTypes.parse(c[0])))
            }
        }
    }
}

/// `Nx.Type`: helpers over type tuples such as `{:f, 32}`.
enum NxTypeModule {
    static let module = "Nx.Type"

    static func install(_ r: Registry) {
        r.document(module: module, "Numeric types as {kind, bits} tuples: normalizing, naming, merging and classifying them.")
        r.nx("normalize!", [1], module: module, doc: "The tuple form of a type given as an atom (:f32) or tuple ({:f, 32}); raises for unknown types.") { c in
            NxTypes.value(try NxTypes.parse(c[0]))
        }
        r.nx("to_string", [1], module: module, doc: "The short name of a type tuple, such as \"f32\".") { c in
            .string(try tuple(c, 0).description)
        }
        r.nx("merge", [2], module: module, doc: "The type two types combine into: the higher kind wins (complex, float, bf, signed, unsigned) and the wider size; unsigned with signed widens.") { c in
            NxTypes.value(DType.merge(try tuple(c, 0), try tuple(c, 1)))
        }
        let maps: [(String, String, (DType) -> Value)] = [
            ("to_floating", "The float type an integer type computes in (f32); floats and complex types stay.", { NxTypes.value($0.floating) }),
            ("to_complex", "The complex type holding values of this type (c64, or c128 for f64).", { NxTypes.value($0.complex) }),
            ("to_real", "The real type of a complex type's parts (f32 or f64); other types map to their float type.", { NxTypes.value($0.real) }),
            ("float?", "Whether the type is a float (f or bf) or complex type.", { .bool($0.isFloating) }),
            ("integer?", "Whether the type is a signed or unsigned integer type.", { .bool($0.isInteger) }),
            ("complex?", "Whether the type is a complex type.", { .bool($0.isComplex) }),
        ]
        for (name, doc, f) in maps {
            r.nx(name, [1], module: module, doc: doc) { c in f(try tuple(c, 0)) }
        }
    }

    /// A type given in tuple form, as these functions take it.
    static func tuple(_ c: NxCall, _ i: Int) throws -> DType {
        guard case .tuple = c[i] else { throw Errors.functionClause(module, c.name, c.args) }
        return try NxTypes.parse(c[i])
    }
}
