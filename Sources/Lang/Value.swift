import BigInt
import NxCore

/// A value of the host language, as Elixir sees it.
///
/// `nil`, `true` and `false` are atoms, as in Elixir. Module names are atoms spelled the
/// way the BEAM spells them (`Elixir.Nx`), so `inspect` can print them back as aliases.
/// Structs (and exceptions) are maps with a `__struct__` key.
public enum Value {
    /// Integers that fit a machine word: the fast path of all integer arithmetic.
    case int(Int)
    /// Integers outside `Int`'s range. Always normalized: never holds a value that fits `.int`.
    indirect case bigint(BigInt)
    case float(Double)
    case atom(String)
    /// A binary (Elixir strings are UTF-8 binaries).
    case binary([UInt8])
    /// A linked list; `nil` is the empty list `[]`.
    case list(ListCell?)
    case tuple([Value])
    case map(MapValue)
    /// `first..last//step`, a `%Range{}` struct with its own fast representation.
    case range(first: Int, last: Int, step: Int)
    case function(Function)
    case tensor(Tensor)
    /// What `make_ref/0` returns.
    case ref(Int)
    /// A host-side object that the language only passes around (compiled functions, streams).
    case opaque(OpaqueValue)

    public static let `nil` = Value.atom("nil")
    public static let `true` = Value.atom("true")
    public static let `false` = Value.atom("false")
    public static let emptyList = Value.list(nil)

    public static func bool(_ b: Bool) -> Value { b ? .true : .false }
    public static func string(_ s: String) -> Value { .binary(Array(s.utf8)) }
    /// A module alias such as `Nx.Defn` as the atom `Elixir.Nx.Defn`.
    public static func module(_ name: String) -> Value { .atom("Elixir." + name) }

    /// An integer from a BigInt, in its normalized form.
    public static func integer(_ b: BigInt) -> Value {
        if let i = Int(exactly: b) { return .int(i) }
        return .bigint(b)
    }

    /// Elixir truthiness: everything but `nil` and `false` is true.
    public var isTruthy: Bool {
        if case .atom(let a) = self { return a != "nil" && a != "false" }
        return true
    }

    public var isNil: Bool { if case .atom("nil") = self { return true }; return false }
}

/// Objects the interpreter carries as values without looking inside.
public protocol OpaqueValue: AnyObject {
    /// How `inspect` prints it, e.g. `#Function<...>` or `#Stream<...>`.
    var inspectText: String { get }
}

/// One cell of a linked list. `tail` is normally `.list`; anything else makes the list improper.
public final class ListCell {
    public let head: Value
    public private(set) var tail: Value

    public init(_ head: Value, _ tail: Value) {
        self.head = head
        self.tail = tail
    }

    // Releasing a long list would recurse once per cell and overflow the stack; unlink
    // uniquely owned cells in a loop instead.
    deinit {
        guard case .list(var next?) = tail else { return }
        tail = .emptyList
        while isKnownUniquelyReferenced(&next) {
            guard case .list(let after?) = next.tail else { break }
            next.tail = .emptyList
            next = after
        }
    }
}

extension Value {
    /// A proper list from an array.
    public static func list<C: BidirectionalCollection>(_ items: C, tail: Value = .emptyList) -> Value
    where C.Element == Value {
        var acc = tail
        for item in items.reversed() { acc = .list(ListCell(item, acc)) }
        return acc
    }

    /// The elements of a proper list, or nil if this is not a proper list.
    public var listElements: [Value]? {
        guard case .list(var cell) = self else { return nil }
        var out: [Value] = []
        while let c = cell {
            out.append(c.head)
            switch c.tail {
            case .list(let next): cell = next
            default: return nil
            }
        }
        return out
    }

    /// The text of a binary, decoding invalid UTF-8 with replacement characters.
    public var stringValue: String? {
        if case .binary(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }
}
