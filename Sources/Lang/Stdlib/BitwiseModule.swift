import BigInt

/// `Bitwise`: integer bit operations on arbitrary-precision integers (two's complement
/// semantics, like Erlang), as functions and as the operators `&&&`, `|||`, `^^^`, `<<<`,
/// `>>>`, `~~~`.
enum BitwiseModule {
    static func install(into r: Registry) {
        r.document(module: "Bitwise", "Bitwise operations on integers: band/bor/bxor/bnot/bsl/bsr and their operators.")
        let binary: [(String, String, (Int, Int) -> Int, (BigInt, BigInt) -> BigInt)] = [
            ("band", "&&&", { $0 & $1 }, { $0 & $1 }),
            ("bor", "|||", { $0 | $1 }, { $0 | $1 }),
            ("bxor", "^^^", { $0 ^ $1 }, { $0 ^ $1 }),
        ]
        for (name, op, small, big) in binary {
            let body: (NativeCall) throws -> Value = { c in
                if case .int(let a) = c[0], case .int(let b) = c[1] { return .int(small(a, b)) }
                guard let a = c[0].bigIntValue, let b = c[1].bigIntValue else { throw ElixirError.arithmetic() }
                return .integer(big(a, b))
            }
            r.native("Bitwise", name, 2, doc: "Bitwise \(name.dropFirst()) of two integers.", body)
            r.native("Bitwise", op, 2, doc: "Bitwise \(name.dropFirst()) of two integers (operator form of \(name)/2).", body)
        }
        let not: (NativeCall) throws -> Value = { c in
            if case .int(let a) = c[0] { return .int(~a) }
            guard let a = c[0].bigIntValue else { throw ElixirError.arithmetic() }
            return .integer(-a - 1)
        }
        r.native("Bitwise", "bnot", 1, doc: "Bitwise not: -n - 1.", not)
        r.native("Bitwise", "~~~", 1, doc: "Bitwise not (operator form of bnot/1).", not)
        let shiftLeft: (NativeCall) throws -> Value = { c in try shift(c[0], by: c[1], left: true) }
        let shiftRight: (NativeCall) throws -> Value = { c in try shift(c[0], by: c[1], left: false) }
        r.native("Bitwise", "bsl", 2, doc: "Arithmetic shift left (a negative shift shifts right).", shiftLeft)
        r.native("Bitwise", "<<<", 2, doc: "Arithmetic shift left (operator form of bsl/2).", shiftLeft)
        r.native("Bitwise", "bsr", 2, doc: "Arithmetic shift right (a negative shift shifts left).", shiftRight)
        r.native("Bitwise", ">>>", 2, doc: "Arithmetic shift right (operator form of bsr/2).", shiftRight)
    }

    /// Shifts of any size: right shifts floor (sign-extend), left shifts grow into BigInt.
    static func shift(_ value: Value, by amount: Value, left: Bool) throws -> Value {
        guard let a = value.bigIntValue, case .int(var n) = amount else { throw ElixirError.arithmetic() }
        if !left { n = n == Int.min ? Int.max : -n }
        if n >= 0 {
            guard n <= 1 << 26 else { throw ElixirError.exception("SystemLimitError", "a system limit has been reached") }
            return .integer(a << n)
        }
        let r = n == Int.min ? Int.max : -n
        if r >= a.bitWidth { return .int(a.signum() < 0 ? -1 : 0) }
        // BigInt shifts the magnitude; Erlang floors, so shift -a - 1 and flip back.
        return .integer(a.signum() < 0 ? -((-a - 1) >> r) - 1 : a >> r)
    }
}
