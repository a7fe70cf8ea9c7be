import Foundation

/// Erlang's default generator, exsss (Xorshift116**): 58-bit state words seeded through
/// SplitMix64, so a seeded `:rand` produces the same numbers as on the BEAM.
final class RandState {
    private static let mask58: UInt64 = (1 << 58) - 1
    private var s0: UInt64
    private var s1: UInt64

    /// `:rand.seed(:exsss, integer)`
    init(seed: Int) {
        var x = UInt64(bitPattern: Int64(seed))
        s0 = RandState.seed58(&x)
        s1 = RandState.seed58(&x)
    }

    /// `:rand.seed(:exsss, {a1, a2, a3})`
    init(triple a1: Int, _ a2: Int, _ a3: Int) {
        var x = UInt64(bitPattern: Int64(a1))
        _ = RandState.seed58(&x)
        var y = UInt64(bitPattern: Int64(a2)) ^ x
        s0 = RandState.seed58(&y)
        var z = UInt64(bitPattern: Int64(a3)) ^ y
        s1 = RandState.seed58(&z)
    }

    /// Seeded from the clock and a counter, as an unseeded process is.
    static func fresh() -> RandState {
        let now = Int(truncatingIfNeeded: DispatchTime.now().uptimeNanoseconds)
        let wall = Int(Date().timeIntervalSince1970 * 1_000_000)
        return RandState(triple: now, wall, Int(truncatingIfNeeded: ObjectIdentifier(RandState.self).hashValue))
    }

    private static func splitmix(_ x: inout UInt64) -> UInt64 {
        x &+= 0x9E37_79B9_7F4A_7C15
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The low 58 bits of the next non-zero SplitMix64 output.
    private static func seed58(_ x: inout UInt64) -> UInt64 {
        while true {
            let z = splitmix(&x) & mask58
            if z != 0 { return z }
        }
    }

    /// The state as `:rand.seed/2` returns it: `{algorithm info, [s0 | s1]}`. The BEAM's
    /// map also holds the generator functions, which have no counterpart here.
    var exported: Value {
        .tuple([.map(MapValue([(.atom("type"), .atom("exsss")), (.atom("bits"), .int(58))])),
                .list(ListCell(.int(Int(s0)), .int(Int(s1))))])
    }

    /// Advances the Xorshift116 state; returns the word the scramblers read and the new word.
    private func advance() -> (s0: UInt64, s1: UInt64) {
        let m = RandState.mask58
        let a = s1 & m
        let b = (s0 & m) ^ ((s0 << 24) & m)
        let newS1 = b ^ a ^ (b >> 11) ^ (a >> 41)
        s0 = a
        s1 = newS1
        return (a, newS1)
    }

    /// The next 58-bit output of exsss: ((s0 * 5) rotl 7) * 9, modulo 2^58.
    func next() -> UInt64 {
        let m = RandState.mask58
        let v = (advance().s0 &* 5) & m
        let rotated = ((v << 7) & m) | (v >> 51)
        return (rotated &* 9) & m
    }

    /// The next output of exsp (the `+` scrambler over the same state), which OTP's own
    /// tests pin; it checks the seeding and the state transition exsss shares.
    func nextPlus() -> UInt64 {
        let (a, b) = advance()
        return (a &+ b) & RandState.mask58
    }

    /// SplitMix64, exposed for checking against OTP's reference values.
    static func splitmixOutput(_ state: inout UInt64) -> UInt64 { splitmix(&state) }

    /// A float in [0, 1) with 53 random bits (`:rand.uniform/0`).
    func uniform() -> Double {
        Double(next() >> 5) * 0x1p-53
    }

    /// An integer in 1...n (`:rand.uniform/1`), without modulo bias, for n up to 2^58.
    func uniform(_ n: Int) -> Int {
        precondition(n >= 1)
        let range = UInt64(n)
        let maxMinusRange = (UInt64(1) << 58) &- range
        while true {
            let v = next()
            if v < range { return Int(v) + 1 }
            let i = v % range
            if v - i <= maxMinusRange { return Int(i) + 1 }
        }
    }

    /// A standard normal number (Box-Muller over two uniforms).
    /// Erlang uses a ziggurat here, so seeded sequences of normals differ from the BEAM's.
    func normal() -> Double {
        var u = uniform()
        while u == 0 { u = uniform() }
        let v = uniform()
        return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * Double.pi * v)
    }
}

/// `:rand`: uniform integers and floats from the process's exsss generator.
enum RandModule {
    static func state(_ ctx: Context) -> RandState {
        let process = ctx.processState
        if let s = process.rand { return s }
        let s = RandState.fresh()
        process.rand = s
        return s
    }

    static func install(into r: Registry) {
        r.document(module: ":rand", "Erlang's pseudo-random numbers (exsss, seedable).")
        r.native(":rand", "uniform", 0, doc: "A random float in [0.0, 1.0).") { c in
            .float(state(c.ctx).uniform())
        }
        r.native(":rand", "uniform", 1, doc: "A random integer in 1..n.") { c in
            guard case .int(let n) = c[0], n >= 1 else {
                throw Errors.functionClause(":rand", "uniform", c.args)
            }
            guard n <= 1 << 58 else { throw Errors.bigIntNotSupported(":rand.uniform/1") }
            return .int(state(c.ctx).uniform(n))
        }
        r.native(":rand", "normal", 0, doc: "A random float from the standard normal distribution (not the BEAM's sequence).") { c in
            .float(state(c.ctx).normal())
        }
        r.native(":rand", "normal", 2, doc: "A random float from the normal distribution with the given mean and variance.") { c in
            guard let mean = c[0].doubleValue, let variance = c[1].doubleValue, variance >= 0 else {
                throw Errors.functionClause(":rand", "normal", c.args)
            }
            return .float(mean + variance.squareRoot() * state(c.ctx).normal())
        }
        r.native(":rand", "seed", 1, 2, doc: "Seeds the process generator: :rand.seed(:exsss, integer | {a, b, c}).") { c in
            guard case .atom(let alg) = c[0], ["exsss", "exsplus", "default"].contains(alg) || c.arity == 1 else {
                throw Errors.badArgument(position: 1, "invalid algorithm")
            }
            guard alg == "exsss" || alg == "default" else {
                throw ElixirError.argument(":rand algorithm \(alg) is not implemented (only :exsss)")
            }
            let s: RandState
            if c.arity == 1 {
                s = RandState.fresh()
            } else {
                switch c[1] {
                case .int(let i): s = RandState(seed: i)
                case .tuple(let t) where t.count == 3:
                    guard case .int(let a) = t[0], case .int(let b) = t[1], case .int(let d) = t[2] else {
                        throw Errors.badArgument(position: 2, "invalid seed")
                    }
                    s = RandState(triple: a, b, d)
                default: throw Errors.badArgument(position: 2, "invalid seed")
                }
            }
            c.ctx.processState.rand = s
            return s.exported
        }
    }
}
