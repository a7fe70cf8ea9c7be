import Foundation
import Lang
import NxCore

/// The project benchmark (`swiftnx bench`): the workloads of shared/bench/README.md written as
/// defn functions in Elixir, compiled through the real stack (`Nx.Defn.compile`) with the
/// Evaluator and with SwiftNx.JIT, then called repeatedly from Swift without re-tracing.
/// Timing follows reference.py's `bench`: warm-up, an estimate, calls under 1 ms grouped,
/// median of the samples.
public enum Benchmark {
    public struct Options {
        public var only: Set<String>?
        public var seconds: Double = 1.0
        public var jsonPath: String?
        public init() {}
    }

    /// One workload: the Elixir module holding `run`, its inputs, and what it needs if missing.
    struct Workload {
        let name: String
        let source: String
        let arity: Int
        let inputs: (inout SeededNormal) -> [Tensor]
        let needs: String?
        var unit = "ms"
    }

    public static func run(_ options: Options) -> Int32 {
        DeepStack.run { runOnStack(options) }
    }

    static func runOnStack(_ options: Options) -> Int32 {
        let session = Session(stdout: { FileHandle.standardOutput.write($0.data(using: .utf8)!) },
                              stderr: { FileHandle.standardError.write($0.data(using: .utf8)!) })
        let interp = session.interpreter
        var records: [[String: Any]] = []
        var rng = SeededNormal(seed: 0)
        let chosen = workloads.filter { options.only?.contains($0.name) ?? true }
        // Inputs for every workload are drawn in a fixed order, so --only does not change them.
        var inputs: [String: [Tensor]] = [:]
        for w in workloads { inputs[w.name] = w.inputs(&rng) }
        for w in chosen {
            var rec: [String: Any] = ["name": w.name, "unit": w.unit]
            let args = inputs[w.name] ?? []
            do {
                _ = try interp.evaluate(w.source, file: "bench")
                let fun = try interp.evaluate("&SwiftNxBench.\(moduleName(w.name)).run/\(w.arity)", file: "bench")
                let monitor = CpuMonitor()
                var results: [String: Value] = [:]
                for (key, compiler) in [("evaluator", "Nx.Defn.Evaluator"), ("jit", "SwiftNx.JIT")] {
                    let opts = try interp.evaluate("[compiler: \(compiler)]", file: "bench")
                    let t0 = now()
                    let compiled = try interp.callRemote(module: "Nx.Defn", name: "compile",
                                                         [fun, .list(args.map { Value.tensor($0) }), opts])
                    let firstStart = now()
                    results[key] = try interp.call(compiled, args.map { .tensor($0) })
                    rec[key + "_compile_ms"] = (firstStart - t0) * 1e3
                    rec[key + "_first_run_ms"] = (now() - firstStart) * 1e3
                    let stats = try measure(seconds: options.seconds) { _ = try interp.call(compiled, args.map { .tensor($0) }) }
                    rec[key + "_ms"] = stats.median * 1e3
                    rec[key + "_stats"] = stats.json
                }
                if w.name == "small_op_latency" {
                    let add = try interp.evaluate("&Nx.add/2", file: "bench")
                    let stats = try measure(seconds: options.seconds / 2) { _ = try interp.call(add, args.map { .tensor($0) }) }
                    rec["eager_us"] = stats.median * 1e6
                }
                rec["foreign_cpu_frac"] = monitor.foreignFraction()
                if let e = results["evaluator"], let j = results["jit"] { rec["agree"] = agree(e, j) }
            } catch {
                let message = describe(error)
                rec["error"] = message
                if let needs = w.needs { rec["missing"] = "needs \(needs)" }
            }
            printRow(rec)
            records.append(rec)
        }
        if let path = options.jsonPath {
            let doc: [String: Any] = ["workloads": records]
            if let data = try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys]) {
                FileManager.default.createFile(atPath: path, contents: data)
            }
        }
        return 0
    }

    static func moduleName(_ workload: String) -> String {
        workload.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? ElixirError { return ErrorFormatter.banner(e) }
        return "\(error)"
    }

    static func printRow(_ rec: [String: Any]) {
        let name = (rec["name"] as? String ?? "").padding(toLength: 34, withPad: " ", startingAt: 0)
        if let e = rec["evaluator_ms"] as? Double, let j = rec["jit_ms"] as? Double {
            let c = rec["jit_compile_ms"] as? Double ?? .nan
            print("  \(name) evaluator \(fmt(e)) ms  jit \(fmt(j)) ms  (jit compile \(fmt(c)) ms)")
        } else {
            let why = rec["missing"] as? String ?? (rec["error"] as? String ?? "failed")
            print("  \(name) n/a (\(why.split(separator: "\n").first ?? ""))")
        }
        fflush(stdout)
    }

    static func fmt(_ x: Double) -> String { String(format: "%10.4f", x) }

    // MARK: - Timing (reference.py's method)

    struct Stats {
        var median: Double, min: Double, reps: Int, inner: Int, faultsPerCall: Double
        var json: [String: Any] {
            ["median_s": median, "min_s": min, "reps": reps, "inner": inner, "minor_faults_per_call": faultsPerCall]
        }
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    static func minorFaults() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_minflt
    }

    static func measure(seconds: Double, warmup: Int = 3, minReps: Int = 5, maxReps: Int = 2000,
                        minSample: Double = 1e-3, _ fn: () throws -> Void) throws -> Stats {
        for _ in 0..<warmup { try fn() }
        var calls = 0
        let t0 = now()
        var elapsed = 0.0
        repeat {
            try fn()
            calls += 1
            elapsed = now() - t0
        } while !((elapsed > 0.05 && calls >= 2) || elapsed > 2.0)
        let estimate = elapsed / Double(calls)
        let inner = estimate >= minSample ? 1 : Int((minSample / estimate).rounded(.up))
        let reps = max(minReps, min(maxReps, Int((seconds / (estimate * Double(inner))).rounded())))
        var samples: [Double] = []
        samples.reserveCapacity(reps)
        let faults0 = minorFaults()
        for _ in 0..<reps {
            let t = now()
            for _ in 0..<inner { try fn() }
            samples.append((now() - t) / Double(inner))
        }
        let faults = Double(minorFaults() - faults0) / Double(reps * inner)
        samples.sort()
        let n = samples.count
        let median = n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2
        return Stats(median: median, min: samples[0], reps: reps, inner: inner, faultsPerCall: faults)
    }

    // MARK: - Result check

    /// The Evaluator's and the JIT's results agree: integers exactly, floats within 2e-3 relative / 2e-4 absolute.
    static func agree(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.tensor(let x), .tensor(let y)):
            guard x.template == y.template,
                  let u = try? NativeBackend.shared.toNumbers(x, limit: nil),
                  let v = try? NativeBackend.shared.toNumbers(y, limit: nil) else { return false }
            for (p, q) in zip(u, v) {
                if x.type.isInteger { if p.doubleValue != q.doubleValue { return false }; continue }
                let (d, e) = (p.doubleValue, q.doubleValue)
                if d.isNaN && e.isNaN { continue }
                if abs(d - e) > 2e-4 + 2e-3 * abs(e) { return false }
            }
            return true
        case (.tuple(let xs), .tuple(let ys)):
            return xs.count == ys.count && zip(xs, ys).allSatisfy { agree($0, $1) }
        default:
            return false
        }
    }
}

/// Standard normal floats from a fixed seed (SplitMix64 + Box–Muller), so every run sees the same inputs.
struct SeededNormal {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(nextUInt64() >> 11) / Double(1 << 53) }

    mutating func normals(_ count: Int, scale: Double = 1) -> [Float] {
        var out = [Float](repeating: 0, count: count)
        var i = 0
        while i < count {
            let u1 = max(uniform(), 1e-300), u2 = uniform()
            let r = (-2 * Foundation.log(u1)).squareRoot()
            out[i] = Float(r * cos(2 * .pi * u2) * scale)
            if i + 1 < count { out[i + 1] = Float(r * sin(2 * .pi * u2) * scale) }
            i += 2
        }
        return out
    }

    mutating func tensor(_ shape: [Int], scale: Double = 1) -> Tensor {
        f32(normals(shape.reduce(1, *), scale: scale), shape)
    }
}

func f32(_ values: [Float], _ shape: [Int]) -> Tensor {
    let bytes = values.withUnsafeBytes { Array($0) }
    // The template matches the byte count by construction.
    return try! NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: shape), bytes)
}

/// The share of the machine's CPU time used by other processes since creation (/proc/stat).
final class CpuMonitor {
    private let start: (busy: Double, total: Double, own: Double)
    init() { start = CpuMonitor.snapshot() }

    static func snapshot() -> (busy: Double, total: Double, own: Double) {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let own = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first else { return (0, 0, own) }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 5 else { return (0, 0, own) }
        let total = ticks.reduce(0, +), idle = ticks[3] + ticks[4]
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        return ((total - idle) / hz, total / hz, own)
    }

    func foreignFraction() -> Double {
        let end = CpuMonitor.snapshot()
        let total = end.total - start.total
        guard total > 0 else { return 0 }
        return max(0, ((end.busy - start.busy) - (end.own - start.own)) / total)
    }
}
