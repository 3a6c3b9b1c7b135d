// A layer of stochastic binary units, and a network gated by them (Bengio, Léonard and
// Courville 2013): each unit fires h = 1 with probability p = sigmoid(x W + b), else 0.
// Going forward the layer outputs the 0/1 sample; nn.straight_through makes the autodiff
// pass back-propagate into p as if h were p (the straight-through estimator).
// @gated multiplies a ReLU layer by such binary gates, computed from the same input.
// Run it (B = 4, 64 inputs, 32 units, key seed 7):
//   irc-run examples/sbn.mlir --interpret -e gated randn:4x64 randn:64x32 zeros:32 \
//     randn:64x32 zeros:32 7
// tests/dialects/nn/test_examples.py checks the samples against p and the key's uniforms.

func.func @binary_units(%x: tensor<?x64xf32>, %w: tensor<64x32xf32>, %b: tensor<32xf32>,
                        %key: !nn.key) -> (tensor<?x32xf32>, tensor<?x32xf32>) {
  %xw = nn.matmul %x, %w : (tensor<?x64xf32>, tensor<64x32xf32>) -> tensor<?x32xf32>
  %a = nn.add %xw, %b : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
  %p = nn.sigmoid %a : tensor<?x32xf32>
  %sample = nn.random_bernoulli %key, %p : tensor<?x32xf32>
  %h = nn.straight_through %sample, %p : tensor<?x32xf32>
  return %h, %p : tensor<?x32xf32>, tensor<?x32xf32>
}

func.func @gated(%x: tensor<?x64xf32>, %w: tensor<64x32xf32>, %b: tensor<32xf32>,
                 %w_gate: tensor<64x32xf32>, %b_gate: tensor<32xf32>, %key: !nn.key)
    -> tensor<?x32xf32> {
  %xw = nn.matmul %x, %w : (tensor<?x64xf32>, tensor<64x32xf32>) -> tensor<?x32xf32>
  %z = nn.add %xw, %b : (tensor<?x32xf32>, tensor<32xf32>) -> tensor<?x32xf32>
  %r = nn.relu %z : tensor<?x32xf32>
  %gate, %p = func.call @binary_units(%x, %w_gate, %b_gate, %key)
      : (tensor<?x64xf32>, tensor<64x32xf32>, tensor<32xf32>, !nn.key)
      -> (tensor<?x32xf32>, tensor<?x32xf32>)
  %out = nn.mul %r, %gate : tensor<?x32xf32>
  return %out : tensor<?x32xf32>
}

// The uniforms the bernoulli draw of @binary_units compares with p (for the tests).
func.func @uniforms(%key: !nn.key, %like: tensor<?x32xf32>) -> tensor<?x32xf32> {
  %u = nn.random_uniform %key like %like : tensor<?x32xf32>
  return %u : tensor<?x32xf32>
}
