import Foundation

/// What an Erlang process carries besides its stack: the process dictionary
/// (`Process.put/2`...) and the state of `:rand`'s default generator.
public final class ProcessState {
    /// Keys in insertion order are not promised by Erlang; `Process.get/0` lists them by key.
    public var dictionary = MapValue()
    /// The `:rand` generator, created (and seeded from the clock) on first use.
    var rand: RandState?

    public init() {}
}

/// One `ProcessState` per context object, for contexts that do not keep their own.
private final class ProcessStateTable {
    static let shared = ProcessStateTable()
    private let lock = NSLock()
    private var states: [ObjectIdentifier: (owner: Weak, state: ProcessState)] = [:]

    struct Weak { weak var object: AnyObject? }

    func state(for context: AnyObject) -> ProcessState {
        lock.lock(); defer { lock.unlock() }
        let id = ObjectIdentifier(context)
        // An identifier can be reused once its object is gone: never hand over a dead owner's state.
        if let entry = states[id], entry.owner.object === context { return entry.state }
        states = states.filter { $0.value.owner.object != nil }
        let state = ProcessState()
        states[id] = (Weak(object: context), state)
        return state
    }
}

extension Context {
    public var processState: ProcessState { ProcessStateTable.shared.state(for: self) }
}
