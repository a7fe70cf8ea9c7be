import XCTest
import NxCore
@testable import Defn
import CPUInfo

/// Math sweeps: exp, tanh and sigmoid merge with the multiply-adds around them when nothing
/// else reads those, and the merged kernel gives the separate instructions' results bit for
/// bit on both block paths.
final class JITMathFusionTests: XCTestCase {
    typealias I = FusedKernel.Instruction

    /// A kernel over three contiguous [n] leaves (registers 0–2) and the splat 0.5 (register 3).
    func kernel(_ n: Int, _ instructions: [I], result: Int) -> FusedKernel {
        let leaves = (0..<3).map { FusedKernel.Leaf(node: $0, outerStrides: [], innerStride: 1) }
        return FusedKernel(out: TensorTemplate(type: .f32, shape: [n]), outerShape: [], inner: n, leaves: leaves,
                           splats: [0.5], instructions: instructions, result: result, reduction: nil)
    }

    func inputs(_ n: Int, scale: Float) throws -> [Tensor] {
        let specials: [Float] = [.nan, .infinity, -.infinity, 0, -0.0, 1e-30, 95, -95, 0.6249, -0.625, 44.5]
        return try (0..<3).map { k in
            var state = UInt64(k + 1)
            let xs = (0..<n).map { i -> Float in
                if k == 0 && i % 97 < specials.count { return specials[i % 97] }
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return (Float(Int64(bitPattern: state >> 11) % 2_000_001) / 1_000_000 - 1) * scale
            }
            return try NativeBackend.shared.fromBinary(TensorTemplate(type: .f32, shape: [n]), xs.withUnsafeBytes { Array($0) })
        }
    }

    func bits(_ t: Tensor) throws -> [UInt32] {
        try Nx.toFlatList(t).map { v -> UInt32 in let f = Float(v.doubleValue); return f.isNaN ? Float.nan.bitPattern : f.bitPattern }
    }

    /// Fuses `program`, checks the fused form, and compares results on both paths with the separate instructions.
    func check(_ program: [I], result: Int, fused expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let fused = MathFusion.apply(program, result: result)
        XCTAssertEqual(fused.map(describe).joined(separator: "; "), expected, file: file, line: line)
        for n in [1, 17, 1000] {
            for scale: Float in [3, 60] {
                let xs = try inputs(n, scale: scale)
                let separate = try bits(kernel(n, program, result: result).run(inputs: xs))
                for wide in Set([false, CPUFeatures.avx512Hardware]) {
                    let k = kernel(n, fused, result: result)
                    k.wide = wide
                    XCTAssertEqual(try bits(k.run(inputs: xs)), separate, "n=\(n) scale=\(scale) wide=\(wide)", file: file, line: line)
                }
            }
        }
    }

    func describe(_ i: I) -> String {
        func r(_ x: Int?) -> String { x.map(String.init) ?? "-" }
        switch i {
        case .math(let m):
            let combine: String
            switch m.combine {
            case .none: combine = ""
            case .scaleAdd(let s, let d): combine = " y*\(r(s))+\(r(d))"
            case .addTo(let p, let q): combine = " \(p)*\(q)+y"
            }
            return "\(m.dst)=\(m.function)(\(m.a)*\(r(m.b))+\(r(m.c)))\(combine)"
        case .unary(let op, let d, let a): return "\(d)=\(op)(\(a))"
        case .binary(let op, let d, let a, let b): return "\(d)=\(op)(\(a),\(b))"
        case .multiplyAdd(let d, let a, let b, let c): return "\(d)=\(a)*\(b)+\(c)"
        default: return "\(i)"
        }
    }

    func testTheElementwiseChainIsTwoSweeps() throws {
        // tanh(a·b + c)·0.5 + sigmoid(a): the later function takes the final multiply-add.
        try check([.multiplyAdd(dst: 4, a: 0, b: 1, c: 2), .unary(.tanh, dst: 5, a: 4), .unary(.sigmoid, dst: 6, a: 0),
                   .multiplyAdd(dst: 7, a: 5, b: 3, c: 6)], result: 7,
                  fused: "5=tanh(0*1+2); 7=sigmoid(0*-+-) 5*3+y")
    }

    func testProductsAndSumsOnEitherSide() throws {
        try check([.binary(.multiply, dst: 4, a: 0, b: 1), .unary(.exp, dst: 5, a: 4), .binary(.multiply, dst: 6, a: 5, b: 2)],
                  result: 6, fused: "6=exp(0*1+-) y*2+-")
        try check([.binary(.add, dst: 4, a: 0, b: 2), .unary(.sigmoid, dst: 5, a: 4), .binary(.add, dst: 6, a: 1, b: 5)],
                  result: 6, fused: "6=sigmoid(0*-+2) y*-+1")
        try check([.unary(.tanh, dst: 4, a: 0), .multiplyAdd(dst: 5, a: 1, b: 4, c: 2)], result: 5, fused: "5=tanh(0*-+-) y*1+2")
    }

    func testValuesReadTwiceStaySeparate() throws {
        // The multiply-add is read by exp and the add: exp reads its register; exp's value still merges.
        try check([.multiplyAdd(dst: 4, a: 0, b: 1, c: 2), .unary(.exp, dst: 5, a: 4), .binary(.add, dst: 6, a: 5, b: 4)],
                  result: 6, fused: "4=0*1+2; 6=exp(4*-+-) y*-+4")
        // tanh's value squared: two reads by one instruction, nothing merges.
        try check([.unary(.tanh, dst: 4, a: 0), .binary(.multiply, dst: 5, a: 4, b: 4)], result: 5, fused: "4=tanh(0); 5=multiply(4,4)")
        // The argument is the kernel's result: it stays written.
        try check([.binary(.add, dst: 4, a: 0, b: 1), .unary(.exp, dst: 5, a: 4)], result: 4, fused: "4=add(0,1); 5=exp(4)")
    }

    func testThePlannerFusesTheBenchmarkChain() throws {
        let (a, b, c) = (ExprBackend.parameter(TensorTemplate(type: .f32, shape: [3000]), 0),
                         ExprBackend.parameter(TensorTemplate(type: .f32, shape: [3000]), 1),
                         ExprBackend.parameter(TensorTemplate(type: .f32, shape: [3000]), 2))
        let inner = try Nx.add(.tensor(try Nx.multiply(.tensor(a), .tensor(b))), .tensor(c))
        let t = try Nx.multiply(.tensor(try Nx.unary(.tanh, .tensor(inner))), .float(0.5))
        let out = try Nx.add(.tensor(t), .tensor(try Nx.unary(.sigmoid, .tensor(a))))
        var planner = JITPlanner(outputs: [out])
        let instructions = planner.plan().kernels.first?.instructions ?? []
        XCTAssertEqual(instructions.count, 2, "\(instructions)")
        XCTAssertTrue(instructions.allSatisfy { if case .math = $0 { return true }; return false }, "\(instructions)")
        let xs = try inputs(3000, scale: 4)
        try assertClose(try Evaluator().compile(outputs: [out], hooks: [:])(xs)[0], try JIT().compile(outputs: [out], hooks: [:])(xs)[0])
    }
}
