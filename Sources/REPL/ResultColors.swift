import Engine

/// IEx's default colors for a terminal: results in yellow (the color numbers keep), with
/// atoms and aliases cyan, strings green, booleans and nil magenta, and the punctuation of
/// lists, tuples and maps in the terminal's default color; errors in red.
/// It colors the inspected text, so it needs no knowledge of the values behind it.
enum ResultColors {
    static func error(_ text: String) -> String { Ansi.red + text + Ansi.reset }

    static func result(_ text: String) -> String {
        let chars = Array(text)
        var out = Ansi.yellow
        var i = 0
        // Each colored piece returns to yellow afterwards, as IEx's `reset: [:reset, :yellow]`.
        func emit(_ color: String, _ range: Range<Int>) {
            out += color + String(chars[range]) + Ansi.reset + Ansi.yellow
        }
        while i < chars.count {
            let c = chars[i]
            let previous: Character? = i > 0 ? chars[i - 1] : nil
            if c == "\"" {
                let end = stringEnd(chars, from: i)
                if isKeywordKey(chars, at: end) {
                    emit(Ansi.cyan, i..<end + 1)
                    i = end + 1
                } else {
                    emit(Ansi.green, i..<end)
                    i = end
                }
            } else if c == ":", previous != ":", i + 1 < chars.count, startsAtom(chars[i + 1]),
                      previous.map({ !isNameChar($0) }) ?? true {
                let end = chars[i + 1] == "\"" ? stringEnd(chars, from: i + 1) : atomEnd(chars, from: i + 1)
                emit(Ansi.cyan, i..<end)
                i = end
            } else if isNameStart(c), previous.map({ !isNameChar($0) && $0 != "." }) ?? true {
                var end = i
                while end < chars.count, isNameChar(chars[end]) || isAliasDot(chars, end) { end += 1 }
                if end < chars.count, chars[end] == "?" || chars[end] == "!" { end += 1 }
                let word = String(chars[i..<end])
                if isKeywordKey(chars, at: end) {
                    emit(Ansi.cyan, i..<end + 1)
                    end += 1
                } else if word == "true" || word == "false" || word == "nil" {
                    emit(Ansi.magenta, i..<end)
                } else if c.isUppercase, previous != "#" {
                    emit(Ansi.cyan, i..<end)
                } else {
                    out += word
                }
                i = end
            } else if "[]{},%".contains(c) || (c == "=" && i + 1 < chars.count && chars[i + 1] == ">") {
                let pair = c == "=" || (c == "%" && i + 1 < chars.count && chars[i + 1] == "{")  // `=>`, `%{`
                let end = pair ? i + 2 : i + 1
                emit(Ansi.defaultColor, i..<end)
                i = end
            } else {
                out.append(c)
                i += 1
            }
        }
        return out + Ansi.reset
    }

    /// The index just past the closing quote of the string starting at `start`.
    private static func stringEnd(_ chars: [Character], from start: Int) -> Int {
        var i = start + 1
        while i < chars.count {
            if chars[i] == "\\" { i += 2; continue }
            if chars[i] == "\"" { return i + 1 }
            i += 1
        }
        return chars.count
    }

    private static func atomEnd(_ chars: [Character], from start: Int) -> Int {
        var i = start
        if isNameStart(chars[i]) {
            while i < chars.count, isNameChar(chars[i]) || chars[i] == "@" || isAliasDot(chars, i) { i += 1 }
            if i < chars.count, chars[i] == "?" || chars[i] == "!" { i += 1 }
        } else {
            while i < chars.count, operatorChars.contains(chars[i]) { i += 1 }
        }
        return i
    }

    /// `name: ` — a keyword key, colored as the atom it is.
    private static func isKeywordKey(_ chars: [Character], at i: Int) -> Bool {
        i + 1 < chars.count && chars[i] == ":" && chars[i + 1] == " "
    }

    /// A dot inside an alias (`Nx.Tensor`): followed by an uppercase letter.
    private static func isAliasDot(_ chars: [Character], _ i: Int) -> Bool {
        chars[i] == "." && i + 1 < chars.count && chars[i + 1].isUppercase
    }

    private static let operatorChars = Set("+-*/<>=!&|^~\\.@")

    private static func startsAtom(_ c: Character) -> Bool {
        isNameStart(c) || c == "\"" || operatorChars.contains(c)
    }

    private static func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
    private static func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
}
