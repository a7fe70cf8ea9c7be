import ArgumentParser
import Engine
import Foundation
import JupyterKernel
import Lang
import REPL

let version = "0.1.0"

struct SwiftNx: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftnx",
        abstract: "Elixir's Nx on a native Swift engine: a REPL, scripts and a Jupyter kernel.",
        discussion: "With no arguments, starts the REPL (or runs standard input as a script when it is not a terminal).",
        version: version,
        subcommands: [Run.self, Kernel.self, InstallKernel.self, Bench.self])

    @Option(name: .short, help: "Evaluate CODE and exit.")
    var e: String?

    func run() throws {
        if let code = e { throw ExitCode(ScriptRunner.run(code: code, file: "nofile")) }
        if isatty(STDIN_FILENO) != 0 { throw ExitCode(InteractiveShell.run()) }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        throw ExitCode(ScriptRunner.run(code: String(decoding: input, as: UTF8.self), file: "nofile"))
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run an Elixir script (FILE.exs).")

    @Argument(help: "The script to run.")
    var file: String

    func run() throws { throw ExitCode(ScriptRunner.run(file: file)) }
}

struct Kernel: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run as a Jupyter kernel.")

    @Option(name: .short, help: "The connection file Jupyter wrote.")
    var f: String

    func run() throws { throw ExitCode(KernelMain.run(connectionFile: f)) }
}

struct InstallKernel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-kernel", abstract: "Install the Jupyter kernel spec for this binary.")

    @Flag(help: "Install for the current user (default) rather than system-wide.")
    var user = false

    @Option(help: "Install into PREFIX/share/jupyter (a virtualenv or conda prefix).")
    var prefix: String?

    @Option(help: "The kernelspec's directory name.")
    var name = "swiftnx"

    func run() throws { throw ExitCode(KernelMain.install(user: user, prefix: prefix, name: name)) }
}

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the shared benchmark workloads with the Evaluator and SwiftNx.JIT (scripts/bench adds NumPy and JAX).")

    @Option(help: "Comma-separated workload names.")
    var only: String?

    @Option(help: "Target seconds per workload per compiler.")
    var seconds = 1.0

    @Option(help: "Write the results as JSON to this file.")
    var json: String?

    func run() throws {
        var options = Benchmark.Options()
        options.only = only.map { Set($0.split(separator: ",").map(String.init)) }
        options.seconds = seconds
        options.jsonPath = json
        throw ExitCode(Benchmark.run(options))
    }
}

#if !DEBUG
if let missing = CPUCheck.missingFeatures() {
    FileHandle.standardError.write(Data("swiftnx: this build needs a CPU with \(missing.joined(separator: " and ")) (build with `swift build` for a portable debug binary)\n".utf8))
    exit(1)
}
#endif

// `swiftnx FILE.exs` is `swiftnx run FILE.exs`.
var arguments = Array(CommandLine.arguments.dropFirst())
if let first = arguments.first, first.hasSuffix(".exs") || first.hasSuffix(".ex") {
    arguments.insert("run", at: 0)
}
// The whole command runs on a deep stack: a session's values can nest deeper than a default
// stack allows to release (a 300,000-deep list built by a reduce), and they are released
// wherever the front end lets go of them, not only inside an evaluation.
DeepStack.run { SwiftNx.main(arguments) }
