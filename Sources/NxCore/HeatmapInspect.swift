/// The text of an `Nx.Heatmap` (`Nx.to_heatmap`): the last two axes drawn as rows of cells
/// scaled between the smallest and largest finite value of each matrix. Without ANSI each cell
/// is a digit 0-9 (`+`, `-`, `x` for Inf, -Inf, NaN); with ANSI a cell is a grey background.
public enum HeatmapInspect {
    public struct Options {
        public var ansi = false
        public var whitespace = "\u{3000}"
        public var limit: Int? = TensorInspect.defaultLimit
        public init() {}
    }

    public static func inspect(_ t: Tensor, _ o: Options = Options()) throws -> String {
        guard t.rank >= 1 else { throw NxError.argument("Nx.to_heatmap/2 expects a tensor of rank 1 or higher") }
        var text = "#Nx.Heatmap<\n  " + TensorInspect.header(t.template) + "\n  "
        if t.rank == 1 {
            let values = try t.backend.toNumbers(t, limit: nil).map(\.doubleValue)
            text += row(values, scale: extremes(values), o)
        } else {
            let rows = t.shape[t.rank - 2], cols = t.shape[t.rank - 1]
            let values = try t.backend.toNumbers(t, limit: nil).map(\.doubleValue)
            var next = 0, budget = o.limit ?? Int.max
            text += chunk(t.shape.dropLast(2), rows: rows, cols: cols, values, &next, &budget, indent: "  ", o)
        }
        return text + "\n>"
    }

    /// Leading axes nest in brackets; each matrix is its rows, each on its own line.
    static func chunk(_ dims: ArraySlice<Int>, rows: Int, cols: Int, _ values: [Double], _ next: inout Int,
                      _ budget: inout Int, indent: String, _ o: Options) -> String {
        guard let dim = dims.first else {
            let matrix = Array(values[next..<Swift.min(next + rows * cols, values.count)])
            next += rows * cols
            budget -= 1
            let scale = extremes(matrix)
            return (0..<rows).map { r in
                "\n" + indent + row(Array(matrix[Swift.min(r * cols, matrix.count)..<Swift.min((r + 1) * cols, matrix.count)]), scale: scale, o)
            }.joined()
        }
        let inner = indent + "  "
        var parts: [String] = []
        for _ in 0..<dim {
            if budget <= 0 { parts.append("..."); break }
            parts.append(chunk(dims.dropFirst(), rows: rows, cols: cols, values, &next, &budget, indent: inner, o))
        }
        let open = dims.count == 1 ? "[" : "[\n" + inner
        return open + parts.joined(separator: ",\n" + inner) + "\n" + indent + "]"
    }

    /// The smallest finite value and the span to the largest (1 when they are equal).
    static func extremes(_ values: [Double]) -> (lo: Double, base: Double) {
        let finite = values.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 0
        return (lo, hi == lo ? 1 : hi - lo)
    }

    /// One line of cells.
    static func row(_ values: [Double], scale: (lo: Double, base: Double), _ o: Options) -> String {
        let (lo, base) = scale
        var line = ""
        for v in values {
            if v.isNaN { line += o.ansi ? "\u{1B}[41m" + o.whitespace : "x"; continue }
            if v.isInfinite {
                line += o.ansi ? "\u{1B}[48;5;\(v > 0 ? 255 : 232)m∞" : (v > 0 ? "+" : "-")
                continue
            }
            let scaled = (v - lo) / base
            if o.ansi {
                line += "\u{1B}[48;5;\(232 + Int((scaled * 23).rounded()))m" + o.whitespace
            } else {
                line += String(Int((scaled * 9).rounded()))
            }
        }
        return o.ansi ? line + "\u{1B}[0m" : line
    }
}
