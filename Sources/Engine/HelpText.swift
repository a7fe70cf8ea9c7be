/// What `h` prints: sections of headings with their doc, or IEx's message saying why
/// nothing was found.
struct HelpText: Equatable {
    struct Section: Equatable {
        /// `def Nx.sum/2`, or a module name.
        var headings: [String]
        var doc: String?
    }

    var sections: [Section] = []
    /// Why there are no docs: "No documentation for Enum.nope was found".
    var missing: String?

    var found: Bool { missing == nil }

    /// As IEx prints docs without ANSI: `* heading` lines, a blank line, the doc.
    var text: String {
        if let missing { return missing + "\n" }
        return sections.map { section in
            section.headings.map { "* " + $0 }.joined(separator: "\n") + "\n"
                + (section.doc.map { "\n\($0)\n" } ?? "")
        }.joined(separator: "\n")
    }

    /// As IEx prints docs on a color terminal: each heading a reverse-yellow bar with the
    /// title centered, the doc indented by two spaces with `code` in cyan; misses in red.
    var ansiText: String {
        if let missing { return Ansi.red + missing + Ansi.reset + "\n" }
        return sections.map { section in
            Ansi.reset + "\n" + section.headings.map { Self.bar($0) + "\n" }.joined() + "\n"
                + (section.doc.map { Self.indentedWithCode($0) + "\n\n" } ?? "")
        }.joined()
    }

    static let width = 80

    private static func bar(_ title: String) -> String {
        let left = max((width + title.count) / 2 - title.count, 0)
        let right = max(width - left - title.count, 0)
        return Ansi.reverse + Ansi.yellow + String(repeating: " ", count: left) + title
            + String(repeating: " ", count: right) + Ansi.reset
    }

    /// The doc wrapped to the width and indented by two spaces, with `code` in cyan (the
    /// backticks dropped) when a line's backticks pair up.
    private static func indentedWithCode(_ doc: String) -> String {
        doc.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard !line.isEmpty else { return "" }
            let pairs = line.filter { $0 == "`" }.count % 2 == 0
            var inCode = false
            return wrap(line, width: width - 2).map { part in
                "  " + (pairs ? styleCode(part, inCode: &inCode) : part)
            }.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    /// Splits a line at spaces into parts of at most `width` characters (a longer word
    /// stays whole); every part keeps the line's leading spaces.
    static func wrap(_ line: Substring, width: Int) -> [String] {
        let lead = String(line.prefix(while: { $0 == " " }))
        var parts: [String] = []
        var current = lead
        for word in line.split(separator: " ") {
            if current.count == lead.count {
                current += word
            } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                parts.append(current)
                current = lead + word
            }
        }
        return parts + [current.count == lead.count ? "" : current]
    }

    private static func styleCode(_ text: String, inCode: inout Bool) -> String {
        var out = inCode ? Ansi.cyan : ""
        for c in text {
            if c == "`" {
                inCode.toggle()
                out += inCode ? Ansi.cyan : Ansi.reset
            } else {
                out.append(c)
            }
        }
        return inCode ? out + Ansi.reset : out
    }
}

/// The ANSI escape codes of IEx's colors, shared by the helpers and the REPL.
public enum Ansi {
    public static let reset = "\u{1B}[0m"
    public static let reverse = "\u{1B}[7m"
    public static let red = "\u{1B}[31m"
    public static let green = "\u{1B}[32m"
    public static let yellow = "\u{1B}[33m"
    public static let magenta = "\u{1B}[35m"
    public static let cyan = "\u{1B}[36m"
    public static let defaultColor = "\u{1B}[39m"
    public static let home = "\u{1B}[H"
    public static let clear = "\u{1B}[2J"
}
