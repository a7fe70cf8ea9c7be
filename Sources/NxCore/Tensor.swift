/// An Nx tensor. The tensor issue replaces this with the full type (dtype, shape, names,
/// typed storage); the language layer only needs it to exist as a reference type.
public final class Tensor {
    public init() {}
}
