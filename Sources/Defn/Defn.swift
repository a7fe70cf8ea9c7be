import NxCore

/// Namespace of the defn layer (expression graphs, compilers, grad).
public enum Defn {}
