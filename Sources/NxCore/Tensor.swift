/// The shape, type and names of a tensor without its data: what the front end computes for
/// every result before asking a backend to produce it (Nx's output template).
public struct TensorTemplate: Equatable {
    public var type: DType
    public var shape: [Int]
    public var names: [String?]

    public init(type: DType, shape: [Int], names: [String?]? = nil) {
        self.type = type
        self.shape = shape
        self.names = names ?? Array(repeating: nil, count: shape.count)
    }

    public var rank: Int { shape.count }
    public var size: Int { Shape.size(shape) }
}

/// An Nx tensor: an immutable template plus backend-owned data.
public final class Tensor {
    public let template: TensorTemplate
    public let data: TensorData
    /// Vectorized axes (Nx's `vectorized_axes`): the leading axes of `template`, named and
    /// sized, that functions map over instead of seeing (see Vectorize.swift).
    public let vectorizedAxes: [VectorizedAxis]

    public init(_ template: TensorTemplate, data: TensorData, vectorizedAxes: [VectorizedAxis] = []) {
        self.template = template
        self.data = data
        self.vectorizedAxes = vectorizedAxes
    }

    public var type: DType { template.type }
    public var shape: [Int] { template.shape }
    public var names: [String?] { template.names }
    public var rank: Int { template.shape.count }
    public var size: Int { template.size }
    public var byteSize: Int { template.size * template.type.byteSize }
    public var backend: Backend { data.backend }
}
