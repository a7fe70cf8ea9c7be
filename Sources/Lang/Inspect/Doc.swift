/// A pretty-printing document, the shape of Elixir's `Inspect.Algebra` documents: text,
/// breaks that render as their text or as a newline, groups that decide whether their
/// breaks fit on the current line, and nesting that sets the indentation after a newline.
public indirect enum Doc {
    case empty
    /// Text measured by `width` columns (UTF-8 bytes for plain text, as Elixir counts binaries).
    case text(String, width: Int)
    /// A mandatory newline.
    case line
    case concat([Doc])
    /// Indents the lines inside by `Nesting`; `onlyWhenBroken` nests only in a broken group.
    case nest(Doc, Nesting, onlyWhenBroken: Bool)
    /// A strict break renders as a newline whenever its group breaks; a flex break is
    /// re-decided where it stands, so it only breaks when the next piece does not fit.
    case breakable(String, flex: Bool)
    /// `inherit` groups break whenever their parent broke.
    case group(Doc, inherit: Bool)
    /// Makes the enclosing group never fit (multi-line tensor printouts use it).
    case forceUnfit(Doc)

    public enum Nesting {
        case by(Int)
        /// Indent to the column where the nest starts.
        case cursor
        case reset
    }
}

extension Doc {
    /// Plain text, measured in bytes like an Elixir binary document.
    public static func text(_ s: String) -> Doc { .text(s, width: s.utf8.count) }

    /// Text measured in graphemes, like `Inspect.Algebra.string/1`.
    public static func string(_ s: String) -> Doc { .text(s, width: s.count) }

    public static let space = Doc.breakable(" ", flex: false)

    public static func concat(_ docs: Doc...) -> Doc { .concat(docs) }

    public static func nest(_ doc: Doc, _ level: Int) -> Doc {
        level == 0 ? doc : .nest(doc, .by(level), onlyWhenBroken: false)
    }

    public static func group(_ doc: Doc) -> Doc { .group(doc, inherit: false) }

    /// `left <break> right` with a strict break.
    public static func glue(_ left: Doc, _ right: Doc, breakText: String = " ") -> Doc {
        .concat([left, .breakable(breakText, flex: false), right])
    }

    /// `left <flex break> right`.
    public static func flexGlue(_ left: Doc, _ right: Doc, breakText: String = " ") -> Doc {
        .concat([left, .breakable(breakText, flex: true), right])
    }

    /// Text that may span several lines: its lines are joined by mandatory newlines, so
    /// they pick up the indentation of where the text is placed, and the enclosing group
    /// breaks (as Nx's tensor documents do with `force_unfit`).
    public static func multiline(_ s: String) -> Doc {
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 1 else { return .text(s) }
        var parts: [Doc] = []
        for (n, l) in lines.enumerated() {
            if n > 0 { parts.append(.line) }
            parts.append(.text(String(l)))
        }
        return .forceUnfit(.concat(parts))
    }

    /// True for documents made only of text: containers of such entries pack several
    /// entries per line (flex breaks) instead of one per line.
    var isSimple: Bool {
        switch self {
        case .empty, .text: return true
        case .concat(let docs): return docs.allSatisfy { $0.isSimple }
        default: return false
        }
    }
}
