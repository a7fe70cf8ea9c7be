import NxCore

/// The workloads of shared/bench/README.md (names, sizes, types and semantics match
/// reference.py), each a defn `run` in its own module so one that needs a missing function
/// does not stop the others.
extension Benchmark {
    static let workloads: [Workload] = [
        Workload(name: "softmax_1m", source: """
            defmodule SwiftNxBench.Softmax1m do
              import Nx.Defn
              defn run(x) do
                e = Nx.exp(x - Nx.reduce_max(x))
                e / Nx.sum(e)
              end
            end
            """, arity: 1, inputs: { [$0.tensor([1_000_000])] }, needs: nil),
        Workload(name: "elementwise_chain_4m", source: """
            defmodule SwiftNxBench.ElementwiseChain4m do
              import Nx.Defn
              defn run(a, b, c), do: Nx.tanh(a * b + c) * 0.5 + Nx.sigmoid(a)
            end
            """, arity: 3, inputs: { rng in (0..<3).map { _ in rng.tensor([4_194_304]) } }, needs: nil),
        Workload(name: "sum_2048x2048", source: """
            defmodule SwiftNxBench.Sum2048x2048 do
              import Nx.Defn
              defn run(x), do: Nx.sum(x)
            end
            """, arity: 1, inputs: { [$0.tensor([2048, 2048])] }, needs: nil),
        Workload(name: "sum_axis1_2048x2048", source: """
            defmodule SwiftNxBench.SumAxis12048x2048 do
              import Nx.Defn
              defn run(x), do: Nx.sum(x, axes: [1])
            end
            """, arity: 1, inputs: { [$0.tensor([2048, 2048])] }, needs: nil),
        Workload(name: "argmax_axis1_2048x2048", source: """
            defmodule SwiftNxBench.ArgmaxAxis12048x2048 do
              import Nx.Defn
              defn run(x), do: Nx.argmax(x, axis: 1)
            end
            """, arity: 1, inputs: { [$0.tensor([2048, 2048])] }, needs: nil),
        Workload(name: "matmul_1024", source: """
            defmodule SwiftNxBench.Matmul1024 do
              import Nx.Defn
              defn run(a, b), do: Nx.dot(a, b)
            end
            """, arity: 2, inputs: { rng in [rng.tensor([1024, 1024]), rng.tensor([1024, 1024])] }, needs: nil),
        Workload(name: "matmul_256", source: """
            defmodule SwiftNxBench.Matmul256 do
              import Nx.Defn
              defn run(a, b), do: Nx.dot(a, b)
            end
            """, arity: 2, inputs: { rng in [rng.tensor([256, 256]), rng.tensor([256, 256])] }, needs: nil),
        Workload(name: "logsumexp_4096x1024", source: """
            defmodule SwiftNxBench.Logsumexp4096x1024 do
              import Nx.Defn
              defn run(x) do
                mx = Nx.reduce_max(x, axes: [1], keep_axes: true)
                Nx.squeeze(mx, axes: [1]) + Nx.log(Nx.sum(Nx.exp(x - mx), axes: [1]))
              end
            end
            """, arity: 1, inputs: { [$0.tensor([4096, 1024])] }, needs: nil),
        Workload(name: "mlp_train_step", source: """
            defmodule SwiftNxBench.MlpTrainStep do
              import Nx.Defn
              defn loss(w1, b1, w2, b2, x, y) do
                h = Nx.max(Nx.dot(x, w1) + b1, 0)
                logits = Nx.dot(h, w2) + b2
                shifted = logits - Nx.reduce_max(logits, axes: [1], keep_axes: true)
                logp = shifted - Nx.log(Nx.sum(Nx.exp(shifted), axes: [1], keep_axes: true))
                -Nx.mean(Nx.sum(y * logp, axes: [1]))
              end
              defn run(w1, b1, w2, b2, x, y) do
                {g1, gb1, g2, gb2} = grad({w1, b1, w2, b2}, fn {a, b, c, d} -> loss(a, b, c, d, x, y) end)
                {w1 - 0.01 * g1, b1 - 0.01 * gb1, w2 - 0.01 * g2, b2 - 0.01 * gb2}
              end
            end
            """, arity: 6, inputs: mlpInputs, needs: "grad"),
        Workload(name: "while_loop_1000", source: """
            defmodule SwiftNxBench.WhileLoop1000 do
              import Nx.Defn
              defn run(x) do
                {_, x} = while {i = 0, x}, i < 1000 do
                  {i + 1, x * 0.99 + 0.01}
                end
                x
              end
            end
            """, arity: 1, inputs: { [$0.tensor([1000])] }, needs: nil),
        Workload(name: "small_op_latency", source: """
            defmodule SwiftNxBench.SmallOpLatency do
              import Nx.Defn
              defn run(a, b), do: a + b
            end
            """, arity: 2, inputs: { _ in [f32([1, 2, 3], [3]), f32([4, 5, 6], [3])] }, needs: nil, unit: "us"),
        Workload(name: "transpose_2048x2048", source: """
            defmodule SwiftNxBench.Transpose2048x2048 do
              import Nx.Defn
              defn run(x), do: Nx.transpose(x)
            end
            """, arity: 1, inputs: { [$0.tensor([2048, 2048])] }, needs: nil),
        Workload(name: "broadcast_add_2048x2048_plus_row", source: """
            defmodule SwiftNxBench.BroadcastAdd2048x2048PlusRow do
              import Nx.Defn
              defn run(x, r), do: x + r
            end
            """, arity: 2, inputs: { rng in [rng.tensor([2048, 2048]), rng.tensor([2048])] }, needs: nil),
        Workload(name: "conv_or_window_sum", source: """
            defmodule SwiftNxBench.ConvOrWindowSum do
              import Nx.Defn
              defn run(x), do: Nx.window_sum(x, {3, 3}, strides: [1, 1], padding: :valid)
            end
            """, arity: 1, inputs: { [$0.tensor([1024, 1024])] }, needs: "Nx.window_sum"),
    ]

    /// 784-128-10 MLP, batch 128: He-scaled weights, zero biases, one-hot labels.
    static func mlpInputs(_ rng: inout SeededNormal) -> [Tensor] {
        let (batch, d, h, c) = (128, 784, 128, 10)
        let x = rng.tensor([batch, d])
        var y = [Float](repeating: 0, count: batch * c)
        for row in 0..<batch { y[row * c + Int(rng.nextUInt64() % UInt64(c))] = 1 }
        let w1 = rng.tensor([d, h], scale: (2.0 / Double(d)).squareRoot())
        let w2 = rng.tensor([h, c], scale: (2.0 / Double(h)).squareRoot())
        return [w1, f32(Array(repeating: 0, count: h), [h]), w2, f32(Array(repeating: 0, count: c), [c]),
                x, f32(y, [batch, c])]
    }
}
