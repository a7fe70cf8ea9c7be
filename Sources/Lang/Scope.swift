/// The resolver's view of one function body: which slot holds each visible variable.
///
/// Every binding gets a fresh slot, so a clause can rebind a name without disturbing the
/// enclosing scope; leaving a clause just restores `vars`. A nested `fn` captures the
/// outer variables it reads by copying them into its own frame when it is created.
final class FunctionScope {
    let parent: FunctionScope?
    /// Visible variables → slots.
    var vars: [String: Int] = [:]
    /// Variables read from enclosing functions → their slot here.
    private(set) var captured: [String: Int] = [:]
    /// (slot in the parent frame, slot here) for each captured variable.
    private(set) var captures: [(outer: Int, inner: Int)] = []
    private(set) var size = 0

    init(parent: FunctionScope?) { self.parent = parent }

    func newSlot() -> Int {
        size += 1
        return size - 1
    }

    func bind(_ name: String) -> Int {
        let slot = newSlot()
        vars[name] = slot
        return slot
    }

    /// The slot of `name`, capturing it from an enclosing function if needed.
    func lookup(_ name: String) -> Int? {
        if let s = vars[name] { return s }
        if let s = captured[name] { return s }
        guard let outer = parent?.lookup(name) else { return nil }
        let slot = newSlot()
        captured[name] = slot
        captures.append((outer, slot))
        return slot
    }
}
