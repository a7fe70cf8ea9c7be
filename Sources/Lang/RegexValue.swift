import Foundation

/// `~r/.../` values: `%Regex{}` structs (source and options) matched with
/// NSRegularExpression, compiled once per pattern.
public enum RegexValue {
    private static var cache: [String: NSRegularExpression] = [:]
    private static let lock = NSLock()

    public static func make(source: String, options: String) -> Value {
        var m = MapValue()
        m[.atom("__struct__")] = .module("Regex")
        m[.atom("source")] = .string(source)
        m[.atom("opts")] = .string(options)
        m[.atom("re_pattern")] = .nil
        m[.atom("re_version")] = .nil
        return .map(m)
    }

    /// The compiled expression of a `%Regex{}` value.
    public static func compiled(_ regex: Value) throws -> NSRegularExpression {
        guard case .map(let m) = regex, m.structName == "Elixir.Regex", let source = m[.atom("source")]?.stringValue else {
            throw ElixirError.argument("expected a regex, got: \(Inspector.inspect(regex))")
        }
        let opts = m[.atom("opts")]?.stringValue ?? ""
        let key = opts + "/" + source
        lock.lock()
        defer { lock.unlock() }
        if let re = cache[key] { return re }
        var options: NSRegularExpression.Options = []
        if opts.contains("i") { options.insert(.caseInsensitive) }
        if opts.contains("m") { options.insert(.anchorsMatchLines) }
        if opts.contains("s") { options.insert(.dotMatchesLineSeparators) }
        if opts.contains("x") { options.insert(.allowCommentsAndWhitespace) }
        do {
            let re = try NSRegularExpression(pattern: source, options: options)
            cache[key] = re
            return re
        } catch {
            throw ElixirError.exception("Regex.CompileError", "invalid regex: \(source)")
        }
    }

    /// `~r/source/opts`, how a regex prints.
    public static func literal(_ regex: Value) -> String {
        guard case .map(let m) = regex else { return "~r//" }
        let source = m[.atom("source")]?.stringValue ?? ""
        let opts = m[.atom("opts")]?.stringValue ?? ""
        return "~r/" + source.replacingOccurrences(of: "/", with: "\\/") + "/" + opts
    }

    public static func matches(_ regex: Value, _ text: String) throws -> Bool {
        let re = try compiled(regex)
        return re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
