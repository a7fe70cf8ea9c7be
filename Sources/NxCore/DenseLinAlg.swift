/// A row-major f64 matrix: the working form of one batch entry in the native decompositions.
struct Matrix {
    var rows: Int
    var cols: Int
    var values: [Double]

    init(rows: Int, cols: Int, values: [Double]) {
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    init(rows: Int, cols: Int) { self.init(rows: rows, cols: cols, values: [Double](repeating: 0, count: rows * cols)) }

    static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    subscript(_ i: Int, _ j: Int) -> Double {
        get { values[i * cols + j] }
        set { values[i * cols + j] = newValue }
    }

    var transposed: Matrix {
        var t = Matrix(rows: cols, cols: rows)
        for i in 0..<rows { for j in 0..<cols { t[j, i] = self[i, j] } }
        return t
    }

    /// The top-left `rows`×`cols` block.
    func block(rows r: Int, cols c: Int) -> Matrix {
        var b = Matrix(rows: r, cols: c)
        for i in 0..<r { for j in 0..<c { b[i, j] = self[i, j] } }
        return b
    }
}

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
    static func lu(_ a: Matrix, eps: Double) -> (Matrix, Matrix, Matrix) {
        let n = a.rows
        var permuted = a
        var perm = Array(0..<n)
        for j in 0..<Swift.max(n - 1, 0) {
            var best = j
            for i in j..<n where Swift.abs(permuted[i, j]) > Swift.abs(permuted[best, j]) { best = i }
            if best != j {
                for c in 0..<n { (permuted[j, c], permuted[best, c]) = (permuted[best, c], permuted[j, c]) }
                perm.swapAt(j, best)
            }
        }
        var l = Matrix.identity(n), u = Matrix(rows: n, cols: n)
        for j in 0..<n {
            for i in 0...j {
                var s = permuted[i, j]
                for k in 0..<i { s -= l[i, k] * u[k, j] }
                u[i, j] = s
            }
            for i in (j + 1)..<Swift.max(n, j + 1) {
                var s = permuted[i, j]
                for k in 0..<j { s -= l[i, k] * u[k, j] }
                let value = u[j, j] != 0 ? s / u[j, j] : (s >= 0 ? Double.infinity : -Double.infinity)
                l[i, j] = Swift.abs(value) < eps ? 0 : value
            }
        }
        for k in l.values.indices where Swift.abs(l.values[k]) < eps { l.values[k] = 0 }
        for k in u.values.indices where Swift.abs(u.values[k]) < eps { u.values[k] = 0 }
        var p = Matrix(rows: n, cols: n)
        for (row, source) in perm.enumerated() { p[source, row] = 1 }
        return (p, l, u)
    }
}
