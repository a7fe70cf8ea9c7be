import Foundation
import ComplexModule

/// The discrete Fourier transform of one sequence: X[k] = Σ x[j]·e^(∓2πi·jk/n), the inverse scaled by 1/n.
enum FourierTransform {
    static func transform(_ x: [Complex<Double>], inverse: Bool) -> [Complex<Double>] {
        let n = x.count
        guard n > 1 else { return x }
        let y = n & (n - 1) == 0 ? radix2(x, inverse: inverse) : direct(x, inverse: inverse)
        return inverse ? y.map { Complex($0.real / Double(n), $0.imaginary / Double(n)) } : y
    }

    /// e^(∓2πi·k/n), exact at multiples of a quarter turn so that zeros stay zeros.
    static func twiddle(_ k: Int, _ n: Int, inverse: Bool) -> Complex<Double> {
        let r = ((k % n) + n) % n
        let sign = inverse ? 1.0 : -1.0
        if (4 * r) % n == 0 {
            switch 4 * r / n {
            case 0: return Complex(1, 0)
            case 1: return Complex(0, sign)
            case 2: return Complex(-1, 0)
            default: return Complex(0, -sign)
            }
        }
        let angle = 2 * Double.pi * Double(r) / Double(n)
        return Complex(cos(angle), sign * sin(angle))
    }

    static func direct(_ x: [Complex<Double>], inverse: Bool) -> [Complex<Double>] {
        let n = x.count
        return (0..<n).map { k in
            var s = Complex<Double>.zero
            for j in 0..<n { s += x[j] * twiddle(j * k % n, n, inverse: inverse) }
            return s
        }
    }

    /// Iterative Cooley–Tukey over a bit-reversed copy.
    static func radix2(_ x: [Complex<Double>], inverse: Bool) -> [Complex<Double>] {
        let n = x.count
        var a = x
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { a.swapAt(i, j) }
        }
        var size = 2
        while size <= n {
            let half = size / 2
            for start in stride(from: 0, to: n, by: size) {
                for k in 0..<half {
                    let w = twiddle(k * (n / size), n, inverse: inverse)
                    let u = a[start + k], v = a[start + k + half] * w
                    a[start + k] = u + v
                    a[start + k + half] = u - v
                }
            }
            size *= 2
        }
        return a
    }
}
