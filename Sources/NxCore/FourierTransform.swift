import Foundation
import ComplexModule

/// The discrete Fourier transform of one sequence: X[k] = Σ x[j]·e^(∓2πi·jk/n), the inverse scaled
/// by 1/n. Powers of two use radix-2 Cooley–Tukey; other lengths use Bluestein's chirp-z
/// transform on top of it (beyond a short direct sum), so long lengths cost O(n log n).
enum FourierTransform {
    static func transform(_ x: [Complex<Double>], inverse: Bool) -> [Complex<Double>] {
        let n = x.count
        guard n > 1 else { return x }
        let y = n & (n - 1) == 0 ? radix2(x, inverse: inverse)
            : n <= 64 ? direct(x, inverse: inverse) : bluestein(x, inverse: inverse)
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

    /// The sum as written; short odd lengths stay exact where the chirp's rounding would not.
    static func direct(_ x: [Complex<Double>], inverse: Bool) -> [Complex<Double>] {
        let n = x.count
        return (0..<n).map { k in
            var s = Complex<Double>.zero
            for j in 0..<n { s += x[j] * twiddle(j * k % n, n, inverse: inverse) }
            return s
        }
    }

    /// Iterative Cooley–Tukey over a bit-reversed copy, with the n/2 twiddles computed once.
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
        let table = (0..<(n / 2)).map { twiddle($0, n, inverse: inverse) }
        var size = 2
        while size <= n {
            let half = size / 2, step = n / size
            for start in stride(from: 0, to: n, by: size) {
                for k in 0..<half {
                    let u = a[start + k], v = a[start + k + half] * table[k * step]
                    a[start + k] = u + v
                    a[start + k + half] = u - v
                }
            }
            size *= 2
        }
        return a
    }

    /// Bluestein: jk = (j² + k² - (k-j)²)/2 turns the DFT into a convolution with a chirp,
    /// computed with power-of-two transforms of length ≥ 2n - 1.
    static func bluestein(_ x: [Complex<Double>], inverse: Bool) -> [Complex<Double>] {
        let n = x.count
        var m = 1
        while m < 2 * n - 1 { m <<= 1 }
        // chirp[j] = e^(∓πi·j²/n); j² is reduced mod 2n to keep the angle exact-ish.
        let chirp = (0..<n).map { j in twiddle((j * j) % (2 * n), 2 * n, inverse: inverse) }
        var a = [Complex<Double>](repeating: .zero, count: m), b = a
        for j in 0..<n { a[j] = x[j] * chirp[j] }
        b[0] = chirp[0].conjugate
        for j in 1..<n { b[j] = chirp[j].conjugate; b[m - j] = chirp[j].conjugate }
        let fa = radix2(a, inverse: false), fb = radix2(b, inverse: false)
        let product = zip(fa, fb).map { $0 * $1 }
        let convolved = radix2(product, inverse: true)
        return (0..<n).map { k in Complex(convolved[k].real / Double(m), convolved[k].imaginary / Double(m)) * chirp[k] }
    }
}
