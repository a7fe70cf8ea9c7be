import CReadline
import Engine
import Foundation

/// Tab completion through `Session.complete`, adapted to readline: readline's word ends at
/// a dot (so `Enum.ma<TAB>` lists `map map_every ...` as IEx does), while the session decides
/// what the name is and which span its matches replace.
enum TabCompletion {
    private static var session: Session?
    /// The earlier lines of a multi-line input, so completion sees the whole expression.
    static var pendingLines: [String] = []

    static func install(_ session: Session) {
        self.session = session
        rl_attempted_completion_function = attempt
        // List the candidates on the first Tab, as IEx does.
        rl_variable_bind("show-all-if-ambiguous", "on")
        // Everything that cannot be part of a name, plus the dot.
        rl_completer_word_break_characters = UnsafePointer(strdup(" \t\n\"\\'`><=;|&{(,[)]}+-*/%^~.#"))
    }

    private static let attempt: @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { _, start, end in
        rl_attempted_completion_over = 1  // no file-name completion when nothing matches
        rl_completion_suppress_append = 1
        guard let buffer = rl_line_buffer else { return nil }
        let line = Array(UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self),
                                             count: Int(rl_end)))
        guard let session = TabCompletion.session else { return nil }
        let words = TabCompletion.words(session: session, earlierLines: TabCompletion.pendingLines,
                                        line: line, wordStart: Int(start), cursor: Int(end))
        return TabCompletion.readlineArray(words)
    }

    /// The texts that replace readline's word `line[wordStart..<cursor]` (byte offsets), for
    /// the line being edited after `earlierLines` of the same input.
    static func words(session: Session, earlierLines: [String], line: [UInt8], wordStart: Int,
                      cursor: Int) -> [String] {
        guard wordStart >= 0, wordStart <= cursor, cursor <= line.count else { return [] }
        let earlier = earlierLines.map { $0 + "\n" }.joined()
        let offset = earlier.unicodeScalars.count
        let lineScalars = Array(String(decoding: line, as: UTF8.self).unicodeScalars)
        let cursorScalars = String(decoding: line[..<cursor], as: UTF8.self).unicodeScalars.count
        let completion = session.complete(earlier + String(String.UnicodeScalarView(lineScalars)),
                                          cursor: offset + cursorScalars)
        let spanStart = completion.cursorStart - offset
        guard !completion.matches.isEmpty, spanStart >= 0, spanStart <= lineScalars.count else { return [] }
        let spanStartByte = String(String.UnicodeScalarView(lineScalars[..<spanStart])).utf8.count

        var words = completion.matches
        if spanStartByte > wordStart {
            let lead = String(decoding: line[wordStart..<spanStartByte], as: UTF8.self)
            words = words.map { lead + $0 }
        } else if spanStartByte < wordStart {
            let cut = String(decoding: line[spanStartByte..<wordStart], as: UTF8.self)
            words = words.filter { $0.hasPrefix(cut) }.map { String($0.dropFirst(cut.count)) }
        }
        // A unique module gets its dot, ready for a function name (IEx does the same).
        if words.count == 1, let match = completion.matches.first {
            let afterColon = spanStart > 0 && lineScalars[spanStart - 1] == ":"
            if afterColon || match.unicodeScalars.first?.properties.isUppercase == true { words[0] += "." }
        }
        return words
    }

    /// readline's format: the text to insert (the longest common prefix), then every match,
    /// then NULL, all allocated with malloc because readline frees them.
    private static func readlineArray(_ words: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard !words.isEmpty else { return nil }
        let entries = words.count == 1 ? words : [commonPrefix(words)] + words
        guard let array = malloc((entries.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
            .assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self) else { return nil }
        for (i, entry) in entries.enumerated() { array[i] = strdup(entry) }
        array[entries.count] = nil
        return array
    }

    static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let chars = Array(word)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix.removeLast(prefix.count - n)
        }
        return String(prefix)
    }
}
