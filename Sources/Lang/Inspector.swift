import NxCore

/// `inspect/2`, `IO.inspect/2` and `to_string/1` for host values, as Elixir 1.14 prints them.
public enum Inspector {
    /// Prints tensors: Nx's `#Nx.Tensor<...>` text by default, showing at most `limit`
    /// elements. The text may span several lines; it is indented with its surroundings
    /// and makes an enclosing container break.
    public static var tensorInspector: ((Tensor, InspectOptions) -> String)? = { tensor, options in
        (try? TensorInspect.inspect(tensor, limit: options.limit)) ?? "#Nx.Tensor<...>"
    }

    /// Custom documents for structs, keyed by module name without `Elixir.` (e.g. "MapSet"),
    /// like `defimpl Inspect` for a struct.
    public static var structInspectors: [String: (MapValue, InspectOptions) -> Doc] = BuiltinStructDocs.all

    /// The declared fields of a struct module (`Elixir.Point` → ["x", "y"]), or nil for a
    /// module that defines no struct. Once installed, structs print their fields in
    /// declaration order, and maps whose module is unknown or whose keys differ from their
    /// struct's print as plain maps, as Elixir does (exceptions without a definition still
    /// print as structs). Without it, any map with an alias `__struct__` prints as a struct.
    public static var structFieldOrder: ((String) -> [String]?)?

    /// The text `inspect(value, opts)` returns: nothing breaks unless `pretty: true`
    /// (multi-line tensor printouts keep their own lines).
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

    /// `inspect(value, opts)` with the options as given in Elixir (a keyword list).
    public static func inspect(_ value: Value, keyword: Value) throws -> String {
        inspect(value, try InspectOptions(keyword: keyword))
    }

    /// `IO.inspect(value, opts)`'s line with the options as given in Elixir (a keyword list).
    public static func ioInspect(_ value: Value, keyword: Value) throws -> String {
        ioInspect(value, try InspectOptions(keyword: keyword))
    }

    /// The pretty-printing document of a value (`Inspect.Algebra.to_doc/2`).
    public static func doc(_ value: Value, _ options: InspectOptions) -> Doc {
        ValueDoc.doc(value, options)
    }
}
