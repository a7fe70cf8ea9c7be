import Engine
import Foundation

/// The HTML a notebook shows beside a result's inspect text: a table of values for a
/// 1-D or 2-D tensor, and a table of nodes for an expression graph (`debug_expr`).
/// Both are read from the inspect text itself, so the HTML shows exactly the numbers,
/// and the `...` truncation, that the REPL prints. A bundle that already has HTML from
/// the engine is left alone.
enum RichOutput {
    static func adding(to bundle: Session.MimeBundle) -> Session.MimeBundle {
        guard bundle["text/html"] == nil, let text = bundle["text/plain"], let html = html(forInspected: text) else {
            return bundle
        }
        return bundle.merging(["text/html": html]) { old, _ in old }
    }

    /// The HTML view of one inspected tensor, or nil for anything else (containers,
    /// scalars, templates, tensors of rank 3 and up).
    static func html(forInspected text: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 4, lines.first == "#Nx.Tensor<", lines.last == ">",
              lines.dropFirst().dropLast().allSatisfy({ $0.hasPrefix("  ") || $0.isEmpty }) else { return nil }
        let header = String(lines[1].dropFirst(2))
        let body = lines[2..<(lines.count - 1)].map { String($0.dropFirst(2)) }
        if body.count >= 2, body[0].isEmpty, body[1] == "Nx.Defn.Expr" {
            return expressionTable(header: header, nodes: Array(body.dropFirst(2)))
        }
        let rank = header.filter { $0 == "[" }.count
        guard rank == 1 || rank == 2, let rows = valueRows(body, rank: rank) else { return nil }
        return table(caption: header, head: nil, rows: rows, className: "swiftnx-tensor")
    }

    /// Rows of cells from the nested-list body of a 1-D or 2-D tensor.
    private static func valueRows(_ body: [String], rank: Int) -> [[String]]? {
        func cells(_ line: String) -> [String]? {
            var row = line.trimmingCharacters(in: .whitespaces)
            if row.hasSuffix(",") { row.removeLast() }
            if row == "..." { return ["…"] }
            guard row.hasPrefix("["), row.hasSuffix("]") else { return nil }
            return row.dropFirst().dropLast().components(separatedBy: ", ").map { $0 == "..." ? "…" : $0 }
        }
        if rank == 1 {
            guard body.count == 1, let row = cells(body[0]) else { return nil }
            return [row]
        }
        guard body.count >= 2, body.first == "[", body.last == "]" else { return nil }
        var rows: [[String]] = []
        for line in body.dropFirst().dropLast() {
            guard let row = cells(line) else { return nil }
            rows.append(row)
        }
        return rows
    }

    /// One row per node: `b = multiply 2, a   f32[3]` → b | multiply | 2, a | f32[3].
    private static func expressionTable(header: String, nodes: [String]) -> String? {
        var rows: [[String]] = []
        for node in nodes {
            // The type column is separated from the expression by at least two spaces.
            guard let gap = node.range(of: "  ") else { return nil }
            let expression = String(node[..<gap.lowerBound])
            let type = node[gap.upperBound...].trimmingCharacters(in: .whitespaces)
            let parts = expression.components(separatedBy: " = ")
            if parts.count >= 2 {
                let call = parts.dropFirst().joined(separator: " = ")
                let op = call.prefix { $0 != " " }
                let args = call.dropFirst(op.count).trimmingCharacters(in: .whitespaces)
                rows.append([parts[0], String(op), args, type])
            } else {
                // `parameter a:0`, `tensor c`: the node is named by its second word.
                let words = expression.split(separator: " ", maxSplits: 1).map(String.init)
                guard words.count == 2 else { return nil }
                let name = words[1].split(separator: ":").first.map(String.init) ?? words[1]
                rows.append([name, words[0], words[1], type])
            }
        }
        return table(caption: "Nx.Defn.Expr → \(header)", head: ["node", "op", "arguments", "type"],
                     rows: rows, className: "swiftnx-expr")
    }

    private static func table(caption: String, head: [String]?, rows: [[String]], className: String) -> String {
        var html = "<table class=\"\(className)\" style=\"font-family: monospace\">\n"
        html += "<caption>\(escape(caption))</caption>\n"
        if let head {
            html += "<thead><tr>" + head.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>\n"
        }
        html += "<tbody>\n"
        for row in rows {
            html += "<tr>" + row.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
        }
        return html + "</tbody>\n</table>"
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
