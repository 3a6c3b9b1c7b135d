// A two-layer perceptron for 28x28 images: x [B, 784] -> 128 ReLU units -> 10 logits.
// @forward gives the logits, @loss the mean softmax cross-entropy against integer labels,
// @predict the most likely class of each row. Run it (B = 4, random weights):
//   irc-run examples/mlp.mlir --interpret -e loss randn:4x784 randn:784x128 zeros:128 \
//     randn:128x10 zeros:10 randint=0:10:4
// tests/dialects/nn/test_examples.py checks it against an einsum reference.

func.func @forward(%x: tensor<?x784xf32>, %w1: tensor<784x128xf32>, %b1: tensor<128xf32>,
                   %w2: tensor<128x10xf32>, %b2: tensor<10xf32>) -> tensor<?x10xf32> {
  %xw = nn.matmul %x, %w1 : (tensor<?x784xf32>, tensor<784x128xf32>) -> tensor<?x128xf32>
  %z1 = nn.add %xw, %b1 : (tensor<?x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
  %h = nn.relu %z1 : tensor<?x128xf32>
  %hw = nn.matmul %h, %w2 : (tensor<?x128xf32>, tensor<128x10xf32>) -> tensor<?x10xf32>
  %logits = nn.add %hw, %b2 : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
  return %logits : tensor<?x10xf32>
}

func.func @loss(%x: tensor<?x784xf32>, %w1: tensor<784x128xf32>, %b1: tensor<128xf32>,
                %w2: tensor<128x10xf32>, %b2: tensor<10xf32>, %labels: tensor<?xi32>)
    -> tensor<f32> {
  %logits = func.call @forward(%x, %w1, %b1, %w2, %b2)
      : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>, tensor<128x10xf32>,
         tensor<10xf32>) -> tensor<?x10xf32>
  %loss = nn.softmax_cross_entropy %logits, %labels
      : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
  return %loss : tensor<f32>
}

func.func @predict(%x: tensor<?x784xf32>, %w1: tensor<784x128xf32>, %b1: tensor<128xf32>,
                   %w2: tensor<128x10xf32>, %b2: tensor<10xf32>) -> tensor<?xi64> {
  %logits = func.call @forward(%x, %w1, %b1, %w2, %b2)
      : (tensor<?x784xf32>, tensor<784x128xf32>, tensor<128xf32>, tensor<128x10xf32>,
         tensor<10xf32>) -> tensor<?x10xf32>
  %class = nn.argmax %logits axis 1 : tensor<?x10xf32>
  return %class : tensor<?xi64>
}
