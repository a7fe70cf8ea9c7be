# Trains a two-layer perceptron (inputs -> hidden relu -> classes, softmax cross-entropy)
# with plain gradient descent on synthetic data: labels are the argmax of a fixed random
# linear map of the inputs, so the task is learnable and the loss must go down.
#
# Sizes come from the environment (defaults: 784-128-10, 256 samples, 30 steps):
#   MLP_INPUTS, MLP_HIDDEN, MLP_CLASSES, MLP_SAMPLES, MLP_STEPS
defmodule MLP do
  import Nx.Defn

  # Deterministic pseudo-random numbers in [-scale, scale) from a seed and a shape.
  def noise(shape, seed, scale) do
    t = Nx.iota(shape, type: :f32) |> Nx.add(seed) |> Nx.multiply(12.9898) |> Nx.sin() |> Nx.multiply(43758.5453)
    t |> Nx.subtract(Nx.floor(t)) |> Nx.multiply(2 * scale) |> Nx.subtract(scale)
  end

  def init(inputs, hidden, classes) do
    {noise({inputs, hidden}, 1, :math.sqrt(6 / (inputs + hidden))), Nx.broadcast(0.0, {hidden}),
     noise({hidden, classes}, 2, :math.sqrt(6 / (hidden + classes))), Nx.broadcast(0.0, {classes})}
  end

  defn predict({w1, b1, w2, b2}, x) do
    x |> Nx.dot(w1) |> Nx.add(b1) |> Nx.max(0) |> Nx.dot(w2) |> Nx.add(b2)
  end

  defn loss(params, x, y) do
    logits = predict(params, x)
    m = Nx.reduce_max(logits, axes: [1], keep_axes: true)
    log_probs = logits - (Nx.log(Nx.sum(Nx.exp(logits - m), axes: [1], keep_axes: true)) + m)
    -Nx.mean(Nx.sum(y * log_probs, axes: [1]))
  end

  defn step({w1, b1, w2, b2} = params, x, y) do
    {l, {gw1, gb1, gw2, gb2}} = value_and_grad(params, &loss(&1, x, y))
    lr = 0.5
    {{w1 - lr * gw1, b1 - lr * gb1, w2 - lr * gw2, b2 - lr * gb2}, l}
  end
end

env = fn name, default -> String.to_integer(System.get_env(name, default)) end
inputs = env.("MLP_INPUTS", "784")
hidden = env.("MLP_HIDDEN", "128")
classes = env.("MLP_CLASSES", "10")
samples = env.("MLP_SAMPLES", "256")
steps = env.("MLP_STEPS", "30")

x = MLP.noise({samples, inputs}, 3, 1.0)
labels = x |> Nx.dot(MLP.noise({inputs, classes}, 4, 1.0)) |> Nx.argmax(axis: 1)
y = Nx.equal(Nx.new_axis(labels, 1), Nx.iota({1, classes})) |> Nx.as_type(:f32)

params = MLP.init(inputs, hidden, classes)
first = MLP.loss(params, x, y) |> Nx.to_number()
IO.puts("initial loss: #{Float.round(first, 4)}")

{params, _} =
  Enum.reduce(1..steps, {params, first}, fn i, {params, _} ->
    {params, l} = MLP.step(params, x, y)
    if rem(i, 10) == 0, do: IO.puts("step #{i}: loss #{Float.round(Nx.to_number(l), 4)}")
    {params, l}
  end)

last = MLP.loss(params, x, y) |> Nx.to_number()
accuracy = MLP.predict(params, x) |> Nx.argmax(axis: 1) |> Nx.equal(labels) |> Nx.mean() |> Nx.to_number()
IO.puts("final loss: #{Float.round(last, 4)}, training accuracy: #{Float.round(accuracy, 3)}")
IO.puts(if last < first, do: "loss went down", else: "loss did NOT go down")
