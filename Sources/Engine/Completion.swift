import Lang

extension Session {
    /// Completions for the name that ends at `cursor` (in Unicode scalars): modules, functions
    /// of a module, variables and Kernel functions, Erlang modules, module attributes.
    /// `matches` replace the span `cursorStart..<cursorEnd` (the part after the last dot).
    public func complete(_ code: String, cursor: Int) -> Completion {
        let scalars = Array(code.unicodeScalars)
        let cursor = min(max(cursor, 0), scalars.count)
        guard let name = NameAtCursor.ending(at: cursor, in: scalars) else {
            return Completion(matches: [], cursorStart: cursor, cursorEnd: cursor)
        }
        let matches = candidates(for: name, in: code).filter { $0.hasPrefix(name.last) }
        // Names starting with an underscore are private by convention; IEx hides them too.
        let visible = name.last.hasPrefix("_") ? matches : matches.filter { !$0.hasPrefix("_") }
        return Completion(matches: Array(Set(visible)).sorted(), cursorStart: name.start, cursorEnd: name.end)
    }

    private func candidates(for name: NameAtCursor, in code: String) -> [String] {
        switch name.sigil {
        case .at:
            return name.qualifier.isEmpty ? Self.standardAttributes + attributeNames(in: code, except: name) : []
        case .colon where name.qualifier.isEmpty:
            return knownModules.filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
        case .colon, .none:
            if name.qualifier.isEmpty {
                return isAlias(name.last) ? nestedModules(under: nil) + interpreter.aliases.keys : localNames
            }
            guard let module = name.module.map(resolvingAlias) else {
                return name.sigil == .none && !isAlias(name.qualifier[0]) ? mapKeys(at: name.qualifier) : []
            }
            if isAlias(name.last) { return nestedModules(under: module) }
            let functions = functionNames(of: module)
            return name.last.isEmpty ? functions + nestedModules(under: module) : functions
        }
    }

    /// `module` with its first part expanded when it is an alias the session defined
    /// (`Defn.Kernel` → `Nx.Defn.Kernel` after `alias Nx.Defn`).
    func resolvingAlias(_ module: String) -> String {
        let parts = module.split(separator: ".", maxSplits: 1).map(String.init)
        guard let first = parts.first, let target = interpreter.aliases[first] else { return module }
        return ([target] + parts.dropFirst()).joined(separator: ".")
    }

    /// Every module a name can complete to: built-in ones and those defined in the session.
    var knownModules: [String] {
        Array(registry.modules.keys) + userModules.keys
    }

    /// The next alias part of modules nested under `parent` (`Defn` under `Nx`), or the
    /// top-level aliases when `parent` is nil.
    private func nestedModules(under parent: String?) -> [String] {
        let prefix = parent.map { $0 + "." } ?? ""
        return knownModules.compactMap { module in
            guard !module.hasPrefix(":"), module.hasPrefix(prefix) else { return nil }
            let rest = module.dropFirst(prefix.count)
            return rest.split(separator: ".").first.map(String.init)
        }
    }

    func functionNames(of module: String) -> [String] {
        let builtIn = registry.modules[module].map { Array($0.keys) } ?? []
        let defined = userModules[module].map { Array($0.keys) } ?? []
        return builtIn + defined
    }

    /// The atom keys of the map that a variable and field path names (`config.layers.`).
    private func mapKeys(at path: [String]) -> [String] {
        guard var value = interpreter.bindings.last(where: { $0.0 == path[0] })?.1 else { return [] }
        for key in path.dropFirst() {
            guard case .map(let map) = value, let field = map[.atom(key)] else { return [] }
            value = field
        }
        guard case .map(let map) = value else { return [] }
        return map.keys.compactMap { key in
            guard case .atom(let name) = key, name != "__struct__",
                  name.unicodeScalars.allSatisfy(NameAtCursor.isNameScalar) else { return nil }
            return name
        }
    }

    /// What a bare lowercase name can be: a bound variable, a Kernel function or a
    /// Kernel macro / special form.
    private var localNames: [String] {
        variableNames + functionNames(of: "Kernel") + Self.kernelMacros
    }

    /// `@name` attributes written elsewhere in the code (inside a `defmodule` being typed).
    private func attributeNames(in code: String, except typed: NameAtCursor) -> [String] {
        let scalars = Array(code.unicodeScalars)
        var names: [String] = []
        var i = 0
        while i < scalars.count {
            defer { i += 1 }
            guard scalars[i] == "@", i != typed.start - 1 else { continue }
            var j = i + 1
            while j < scalars.count, NameAtCursor.isNameScalar(scalars[j]) { j += 1 }
            if j > i + 1 { names.append(String(String.UnicodeScalarView(scalars[(i + 1)..<j]))) }
        }
        return names
    }

    /// The module attributes Elixir and Nx give a meaning to.
    static let standardAttributes = [
        "moduledoc", "doc", "typedoc", "spec", "type", "typep", "opaque", "callback",
        "impl", "behaviour", "derive", "enforce_keys", "compile", "deprecated",
        "dialyzer", "external_resource", "on_load", "vsn", "default_defn_options",
    ]

    /// Kernel macros and special forms: handled by the interpreter, not the registry.
    static let kernelMacros = [
        "alias", "and", "case", "cond", "def", "defdelegate", "defexception", "defguard",
        "defimpl", "defmacro", "defmodule", "defn", "defnp", "defp", "defprotocol",
        "defstruct", "destructure", "fn", "for", "if", "import", "in", "is_nil", "not", "or",
        "quote", "raise", "receive", "reraise", "require", "sigil_r", "sigil_s", "sigil_w",
        "throw", "try", "unless", "unquote", "use", "with",
    ]
}
