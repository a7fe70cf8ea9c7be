import ComplexModule
import RealModule

/// An element the generic decompositions (LU) work over: f64 or c128.
protocol LinAlgScalar: AlgebraicField {
    /// |x|, which pivoting compares.
    var modulus: Double { get }
    /// What x / 0 gives where Nx's elimination divides by a zero pivot.
    static func overZero(_ x: Self) -> Self
}

extension Double: LinAlgScalar {
    var modulus: Double { Swift.abs(self) }
    static func overZero(_ x: Double) -> Double { x >= 0 ? .infinity : -.infinity }
}

extension Complex: LinAlgScalar where RealType == Double {
    var modulus: Double { length }
    static func overZero(_ x: Complex<Double>) -> Complex<Double> { Complex(x.real >= 0 ? .infinity : -.infinity, 0) }
}

/// A row-major matrix: the working form of one batch entry in the native decompositions.
struct DenseMatrix<T: LinAlgScalar> {
    var rows: Int
    var cols: Int
    var values: [T]

    init(rows: Int, cols: Int, values: [T]) {
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    init(rows: Int, cols: Int) { self.init(rows: rows, cols: cols, values: [T](repeating: .zero, count: rows * cols)) }

    static func identity(_ n: Int) -> DenseMatrix {
        var m = DenseMatrix(rows: n, cols: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    subscript(_ i: Int, _ j: Int) -> T {
        get { values[i * cols + j] }
        set { values[i * cols + j] = newValue }
    }

    var transposed: DenseMatrix {
        var t = DenseMatrix(rows: cols, cols: rows)
        for i in 0..<rows { for j in 0..<cols { t[j, i] = self[i, j] } }
        return t
    }

    /// The top-left `rows`×`cols` block.
    func block(rows r: Int, cols c: Int) -> DenseMatrix {
        var b = DenseMatrix(rows: r, cols: c)
        for i in 0..<r { for j in 0..<c { b[i, j] = self[i, j] } }
        return b
    }
}

typealias Matrix = DenseMatrix<Double>

/// Dense decompositions on one matrix, written to follow Nx's conventions (signs, pivots).
enum DenseLinAlg {
    /// Cholesky–Banachiewicz; a matrix that is not positive definite yields NaNs.
    static func cholesky(_ a: Matrix) -> Matrix {
        let n = a.rows
        var l = Matrix(rows: n, cols: n)
        for i in 0..<n {
            for j in 0...i {
                var s = a[i, j]
                for k in 0..<j { s -= l[i, k] * l[j, k] }
                l[i, j] = i == j ? s.squareRoot() : s / l[j, j]
            }
        }
        return l
    }

    /// Householder QR as in Golub & Van Loan 5.1: each reflection maps its column onto +‖x‖e₁.
    /// A wide matrix is padded with zero rows first; a square one leaves its last column unreflected.
    static func qr(_ input: Matrix, complete: Bool, eps: Double) -> (Matrix, Matrix) {
        let wide = input.rows < input.cols
        var r = input
        if wide { r = Matrix(rows: input.cols, cols: input.cols, values: input.values + [Double](repeating: 0, count: (input.cols - input.rows) * input.cols)) }
        let m = r.rows, n = r.cols
        var q = Matrix.identity(m)
        let lastColumn = wide ? n - 1 : (m == n ? n - 2 : n - 1)
        if lastColumn >= 0 {
            for i in 0...lastColumn { reflect(column: i, r: &r, q: &q, eps: eps) }
        }
        for k in q.values.indices where Swift.abs(q.values[k]) <= eps { q.values[k] = 0 }
        for k in r.values.indices where Swift.abs(r.values[k]) <= eps { r.values[k] = 0 }
        if wide { return (q.block(rows: input.rows, cols: input.rows), r.block(rows: input.rows, cols: input.cols)) }
        if !complete && m > n { return (q.block(rows: m, cols: n), r.block(rows: n, cols: n)) }
        return (q, r)
    }

    /// Applies the reflection that zeroes column `i` of `r` below the diagonal: r ← H·r, q ← q·H.
    private static func reflect(column i: Int, r: inout Matrix, q: inout Matrix, eps: Double) {
        let m = r.rows
        let x = (0..<m).map { $0 < i ? 0 : r[$0, i] }
        let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let below = norm * norm - x[i] * x[i]
        if below < eps { return }
        let v0 = x[i] <= 0 ? x[i] - norm : -below / (x[i] + norm)
        var v = x.map { $0 / v0 }
        v[i] = 1
        let scale = 2 / v.reduce(0) { $0 + $1 * $1 }
        for j in 0..<r.cols {
            var dot = 0.0
            for k in i..<m { dot += v[k] * r[k, j] }
            for k in i..<m { r[k, j] -= scale * v[k] * dot }
        }
        for row in 0..<q.rows {
            var dot = 0.0
            for k in i..<m { dot += q[row, k] * v[k] }
            for k in i..<m { q[row, k] -= scale * dot * v[k] }
        }
    }

    /// LU as Nx 0.7.2's binary backend does it: rows are first ordered so each column's largest
    /// magnitude (of the row-swapped input, not of the eliminated matrix) reaches the diagonal, then
    /// Doolittle elimination runs without further pivoting. Entries under `eps` become zero.
    /// Returns p, l, u with a = p·l·u.
    static func lu<T>(_ a: DenseMatrix<T>, eps: Double) -> (DenseMatrix<T>, DenseMatrix<T>, DenseMatrix<T>) {
        let n = a.rows
        var permuted = a
        var perm = Array(0..<n)
        for j in 0..<Swift.max(n - 1, 0) {
            var best = j
            for i in j..<n where permuted[i, j].modulus > permuted[best, j].modulus { best = i }
            if best != j {
                for c in 0..<n { (permuted[j, c], permuted[best, c]) = (permuted[best, c], permuted[j, c]) }
                perm.swapAt(j, best)
            }
        }
        var l = DenseMatrix<T>.identity(n), u = DenseMatrix<T>(rows: n, cols: n)
        for j in 0..<n {
            for i in 0...j {
                var s = permuted[i, j]
                for k in 0..<i { s -= l[i, k] * u[k, j] }
                u[i, j] = s
            }
            for i in (j + 1)..<Swift.max(n, j + 1) {
                var s = permuted[i, j]
                for k in 0..<j { s -= l[i, k] * u[k, j] }
                let value = u[j, j] != .zero ? s / u[j, j] : T.overZero(s)
                l[i, j] = value.modulus < eps ? .zero : value
            }
        }
        for k in l.values.indices where l.values[k].modulus < eps { l.values[k] = .zero }
        for k in u.values.indices where u.values[k].modulus < eps { u.values[k] = .zero }
        var p = DenseMatrix<T>(rows: n, cols: n)
        for (row, source) in perm.enumerated() { p[source, row] = 1 }
        return (p, l, u)
    }
}
