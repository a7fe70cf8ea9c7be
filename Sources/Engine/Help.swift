import Lang

/// What `h` is asked about: a module (`Nx`, `:math`) or a function with or without arity.
enum HelpTarget: Equatable {
    case module(String)
    case function(module: String, name: String, arity: Int?)

    /// Parses the argument of `h`: `Enum`, `Enum.map`, `Enum.map/2`, `:math.sin`, `length/1`,
    /// `Kernel.+/2`. Nil when the text is none of these.
    static func parse(_ text: String) -> HelpTarget? {
        var name = text.trimmingWhitespace
        var arity: Int?
        if let slash = name.lastIndex(of: "/"), slash != name.startIndex {
            let digits = name[name.index(after: slash)...].trimmingWhitespace
            if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits) {
                arity = n
                name = name[..<slash].trimmingWhitespace
            }
        }
        let scalars = Array(name.unicodeScalars)
        if let parsed = NameAtCursor.ending(at: scalars.count, in: scalars), parsed.spelling == name,
           let target = HelpTarget(parsed, arity: arity) {
            return target
        }
        return operatorTarget(name, arity: arity)
    }

    /// The target a name under the cursor refers to.
    init?(_ name: NameAtCursor, arity: Int? = nil) {
        switch name.sigil {
        case .at:
            return nil
        case .colon where name.qualifier.isEmpty:
            guard !name.last.isEmpty, arity == nil else { return nil }
            self = .module(":" + name.last)
        case .colon, .none:
            if name.qualifier.isEmpty {
                guard !name.last.isEmpty else { return nil }
                self = isAlias(name.last) && arity == nil
                    ? .module(name.last) : .function(module: "Kernel", name: name.last, arity: arity)
                return
            }
            guard let module = name.module, !name.last.isEmpty else { return nil }
            if isAlias(name.last) {
                guard arity == nil else { return nil }
                self = .module(module + "." + name.last)
            } else {
                self = .function(module: module, name: name.last, arity: arity)
            }
        }
    }

    /// `Kernel.+`, `Kernel.<>/2`: an alias path, a dot, then operator characters.
    private static func operatorTarget(_ text: String, arity: Int?) -> HelpTarget? {
        let operatorScalars = Set("+-*/<>=!&|^~\\.:@".unicodeScalars)
        var index = text.startIndex
        while let dot = text[index...].firstIndex(of: ".") {
            let base = text[..<dot], op = text[text.index(after: dot)...]
            if !op.isEmpty, op.unicodeScalars.allSatisfy(operatorScalars.contains),
               base.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ isAlias(String($0)) }) {
                return .function(module: String(base), name: String(op), arity: arity)
            }
            index = text.index(after: dot)
        }
        return nil
    }
}

extension Session {
    /// The docs of the name under `cursor`, as `h` shows them; nil when nothing is known.
    public func help(_ code: String, cursor: Int) -> String? {
        let scalars = Array(code.unicodeScalars)
        guard let name = NameAtCursor.around(cursor, in: scalars), let target = HelpTarget(name) else {
            return nil
        }
        let help = helpText(for: target)
        return help.found ? help.text : nil
    }

    func helpText(for target: HelpTarget) -> HelpText {
        switch target {
        case .module(let module): return moduleHelp(module)
        case let .function(module, name, arity): return functionHelp(module, name, arity)
        }
    }

    private func moduleHelp(_ module: String) -> HelpText {
        if let doc = registry.moduleDocs[module] ?? interpreter.moduleDoc(module) {
            return HelpText(sections: [.init(headings: [module], doc: doc)])
        }
        return registry.hasModule(module) || userModules[module] != nil ? notFound(module) : couldNotLoad(module)
    }

    private func functionHelp(_ module: String, _ name: String, _ arity: Int?) -> HelpText {
        let asked = arity.map { "\(module).\(name)/\($0)" } ?? "\(module).\(name)"
        guard let docs = documentedArities(module, name) else { return couldNotLoad(module) }
        let arities = docs.filter { arity == nil || $0.key == arity }
        guard !arities.isEmpty else { return notFound(asked) }

        // Arities sharing one doc (defaults, or one body for several arities) share a section.
        var help = HelpText()
        for (n, doc) in arities.sorted(by: { $0.key < $1.key }) {
            let heading = "def \(module).\(name)/\(n)"
            if let previous = help.sections.last, previous.doc == doc {
                help.sections[help.sections.count - 1].headings.append(heading)
            } else {
                help.sections.append(.init(headings: [heading], doc: doc))
            }
        }
        return help
    }

    /// The arities of `module.name` with their docs (nil when undocumented), from the
    /// registry or from a module defined in this session; nil when the module is unknown.
    private func documentedArities(_ module: String, _ name: String) -> [Int: String?]? {
        if let functions = registry.modules[module] {
            return (functions[name] ?? [:]).mapValues(\.doc)
        }
        guard let functions = userModules[module] else { return nil }
        return Dictionary(uniqueKeysWithValues: (functions[name] ?? []).map {
            ($0, interpreter.documentation(module: module, name: name, arity: $0))
        })
    }

    private func notFound(_ name: String) -> HelpText {
        HelpText(missing: "No documentation for \(name) was found")
    }

    private func couldNotLoad(_ module: String) -> HelpText {
        HelpText(missing: "Could not load module \(module), got: nofile")
    }

    /// What `h()` prints: the helpers this shell understands.
    static let helpersOverview = HelpText(sections: [.init(headings: ["IEx.Helpers"], doc: """
        Welcome to SwiftNx's interactive shell. Elixir code is evaluated as you type it, and
        these helpers are available:

          * `h/0`     - prints this overview
          * `h/1`     - prints the docs of a module, a function or a function/arity (`h Nx.sum`)
          * `v/0`     - returns the value of the last expression
          * `v/1`     - returns the value of expression n (negative n counts back from the last)
          * `clear/0` - clears the screen

        Tab completes module, function and variable names. Ctrl+C stops a running
        computation; Ctrl+D exits.
        """)])
}

extension NameAtCursor {
    /// The name as written: `:math.sin`, `Enum.map`, `@doc`.
    var spelling: String {
        let sigilText = sigil == .colon ? ":" : sigil == .at ? "@" : ""
        return sigilText + (qualifier + [last]).joined(separator: ".")
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
