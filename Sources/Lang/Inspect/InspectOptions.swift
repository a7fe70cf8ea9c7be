/// The options of `inspect/2` and `IO.inspect/2` (Elixir's `Inspect.Opts`).
public struct InspectOptions {
    public enum Charlists { case infer, asLists, asCharlists }
    public enum Binaries { case infer, asBinaries, asStrings }
    public enum Base: Int { case binary = 2, octal = 8, decimal = 10, hex = 16 }

    /// Maximum number of entries shown per collection; nil is `:infinity`.
    public var limit: Int? = 50
    /// Maximum number of characters shown of a string or charlist; nil is `:infinity`.
    public var printableLimit: Int? = 4096
    /// Line width; nil is `:infinity`.
    public var width: Int? = 80
    public var pretty: Bool = false
    public var charlists: Charlists = .infer
    public var binaries: Binaries = .infer
    public var base: Base = .decimal
    /// When false, structs print as plain maps with their `__struct__` key.
    public var structs: Bool = true
    public var safe: Bool = true
    public var customOptions: Value = .emptyList
    /// `IO.inspect`'s `label:` (already converted to text).
    public var label: String?

    public init() {}

    public var charlistsAsLists: Bool {
        get { charlists == .asLists }
        set { charlists = newValue ? .asLists : .infer }
    }

    public var binariesAsBinaries: Bool {
        get { binaries == .asBinaries }
        set { binaries = newValue ? .asBinaries : .infer }
    }

    /// Options from an Elixir keyword list such as `[limit: 5, pretty: true]`. Unknown keys
    /// are ignored as `Inspect.Opts.new/1` ignores them; known keys with bad values raise
    /// `ArgumentError`.
    public init(keyword: Value) throws {
        guard let pairs = keyword.listElements else {
            throw ElixirError.argument("expected inspect options to be a keyword list, got: \(Inspector.inspect(keyword))")
        }
        for pair in pairs {
            guard case .tuple(let kv) = pair, kv.count == 2, case .atom(let key) = kv[0] else {
                throw ElixirError.argument("expected inspect options to be a keyword list, got: \(Inspector.inspect(keyword))")
            }
            try apply(key, kv[1])
        }
    }

    private mutating func apply(_ key: String, _ value: Value) throws {
        func bad() -> ElixirError {
            ElixirError.argument("invalid value for the :\(key) inspect option: \(Inspector.inspect(value))")
        }
        func bool() throws -> Bool {
            switch value {
            case .atom("true"): return true
            case .atom("false"): return false
            default: throw bad()
            }
        }
        func count(allowZero: Bool) throws -> Int? {
            switch value {
            case .atom("infinity"): return nil
            case .int(let n) where n > 0 || (allowZero && n == 0): return n
            case .bigint(let b) where b > 0: return Int.max
            default: throw bad()
            }
        }
        switch key {
        case "limit": limit = try count(allowZero: true)
        case "printable_limit": printableLimit = try count(allowZero: true)
        case "width": width = try count(allowZero: true)
        case "pretty": pretty = try bool()
        case "structs": structs = try bool()
        case "safe": safe = try bool()
        case "charlists", "char_lists":
            switch value {
            case .atom("infer"): charlists = .infer
            case .atom("as_lists"): charlists = .asLists
            case .atom("as_charlists"), .atom("as_char_lists"): charlists = .asCharlists
            default: throw bad()
            }
        case "binaries":
            switch value {
            case .atom("infer"): binaries = .infer
            case .atom("as_binaries"): binaries = .asBinaries
            case .atom("as_strings"): binaries = .asStrings
            default: throw bad()
            }
        case "base":
            switch value {
            case .atom("decimal"): base = .decimal
            case .atom("binary"): base = .binary
            case .atom("octal"): base = .octal
            case .atom("hex"): base = .hex
            default: throw bad()
            }
        case "custom_options":
            guard value.listElements != nil else { throw bad() }
            customOptions = value
        case "label":
            label = value.isTruthy ? try Inspector.toString(value) : nil
        default:
            break  // syntax_colors, inspect_fun and unknown keys: accepted, no effect here
        }
    }
}
