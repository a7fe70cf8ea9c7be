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

    private static func indentedWithCode(_ doc: String) -> String {
        doc.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard !line.isEmpty else { return "" }
            // Backticks pair up within a line; the code between them is shown without them.
            let parts = line.split(separator: "`", omittingEmptySubsequences: false)
            guard parts.count % 2 == 1 else { return "  " + line }
            let styled = parts.enumerated().map { i, part in
                i % 2 == 1 ? Ansi.cyan + part + Ansi.reset : String(part)
            }
            return "  " + styled.joined()
        }.joined(separator: "\n")
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
