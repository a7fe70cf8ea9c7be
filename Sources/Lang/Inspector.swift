import NxCore

/// `inspect/2`, `IO.inspect/2` and `to_string/1` for host values, as Elixir 1.14 prints them.
public enum Inspector {
    /// Prints tensors (installed by the Nx bindings). The text may span several lines; it
    /// is indented with its surroundings and makes an enclosing container break.
    public static var tensorInspector: ((Tensor, InspectOptions) -> String)?

    /// Custom documents for structs, keyed by module name without `Elixir.` (e.g. "MapSet"),
    /// like `defimpl Inspect` for a struct.
    public static var structInspectors: [String: (MapValue, InspectOptions) -> Doc] = BuiltinStructDocs.all

    /// The declared fields of a struct module (`Elixir.Point` → ["x", "y"]), when known:
    /// structs then print their fields in declaration order, and maps whose keys differ
    /// from their struct's print as plain maps, as Elixir does.
    public static var structFieldOrder: ((String) -> [String]?)?

    /// The text `inspect(value, opts)` returns: one line unless `pretty: true`.
    public static func inspect(_ value: Value, _ options: InspectOptions = InspectOptions()) -> String {
        DocFormatter.format(.group(doc(value, options)), width: options.pretty ? options.width : nil)
    }

    /// The line `IO.inspect(value, opts)` writes, without its newline: the `label:` and the
    /// value laid out within `width` (IO.inspect always breaks long values).
    public static func ioInspect(_ value: Value, _ options: InspectOptions = InspectOptions()) -> String {
        let text = DocFormatter.format(.group(doc(value, options)), width: options.width)
        guard let label = options.label else { return text }
        return label + ": " + text
    }

    /// The pretty-printing document of a value (`Inspect.Algebra.to_doc/2`).
    public static func doc(_ value: Value, _ options: InspectOptions) -> Doc {
        ValueDoc.doc(value, options)
    }
}
