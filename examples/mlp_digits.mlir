// A perceptron with one hidden layer for scikit-learn's 8x8 digits: 64 pixels in [0, 1]
// -> 128 tanh units -> 10 logits. Train it (the default of the command; prints the loss
// curve and the held-out accuracy):
//   python -m irc.train examples/mlp_digits.mlir
// The arguments' attributes tell the driver what feeds them: {irc.data = "x"} takes the
// batch's images, {irc.param = "w1", irc.init = "glorot"} is a parameter it initializes,
// trains and passes to every function that names it (docs/training.md).
module attributes {irc.train = {dataset = "digits", optimizer = "adam", lr = 1.0e-02 : f32,
                                batch = 64 : i64, steps = 400 : i64, predict = "predict"}} {

  func.func @forward(%x: tensor<?x64xf32>, %w1: tensor<64x128xf32>, %b1: tensor<128xf32>,
                     %w2: tensor<128x10xf32>, %b2: tensor<10xf32>) -> tensor<?x10xf32> {
    %xw = nn.matmul %x, %w1 : (tensor<?x64xf32>, tensor<64x128xf32>) -> tensor<?x128xf32>
    %z = nn.add %xw, %b1 : (tensor<?x128xf32>, tensor<128xf32>) -> tensor<?x128xf32>
    %h = nn.tanh %z : tensor<?x128xf32>
    %hw = nn.matmul %h, %w2 : (tensor<?x128xf32>, tensor<128x10xf32>) -> tensor<?x10xf32>
    %logits = nn.add %hw, %b2 : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    return %logits : tensor<?x10xf32>
  }

  // The mean softmax cross-entropy of a batch: what training minimizes.
  func.func @loss(%x: tensor<?x64xf32> {irc.data = "x"},
                  %labels: tensor<?xi32> {irc.data = "labels"},
                  %w1: tensor<64x128xf32> {irc.param = "w1", irc.init = "glorot"},
                  %b1: tensor<128xf32> {irc.param = "b1", irc.init = "zeros"},
                  %w2: tensor<128x10xf32> {irc.param = "w2", irc.init = "glorot"},
                  %b2: tensor<10xf32> {irc.param = "b2", irc.init = "zeros"}) -> tensor<f32> {
    %logits = func.call @forward(%x, %w1, %b1, %w2, %b2)
        : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>, tensor<128x10xf32>,
           tensor<10xf32>) -> tensor<?x10xf32>
    %loss = nn.softmax_cross_entropy %logits, %labels
        : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    return %loss : tensor<f32>
  }

  // The most likely class of each image: what the held-out accuracy counts.
  func.func @predict(%x: tensor<?x64xf32> {irc.data = "x"},
                     %w1: tensor<64x128xf32> {irc.param = "w1"},
                     %b1: tensor<128xf32> {irc.param = "b1"},
                     %w2: tensor<128x10xf32> {irc.param = "w2"},
                     %b2: tensor<10xf32> {irc.param = "b2"}) -> tensor<?xi64> {
    %logits = func.call @forward(%x, %w1, %b1, %w2, %b2)
        : (tensor<?x64xf32>, tensor<64x128xf32>, tensor<128xf32>, tensor<128x10xf32>,
           tensor<10xf32>) -> tensor<?x10xf32>
    %class = nn.argmax %logits axis 1 : tensor<?x10xf32>
    return %class : tensor<?xi64>
  }
}
