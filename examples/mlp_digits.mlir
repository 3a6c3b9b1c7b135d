// A perceptron with one hidden layer for scikit-learn's 8x8 digits: 64 pixels in [0, 1]
// -> 256 ReLU units -> 10 logits. Train it (the command's default; it prints the loss
// curve and the held-out accuracy):
//   python -m irc.train examples/mlp_digits.mlir
// The arguments' attributes tell the driver what feeds them (docs/training.md):
// {irc.data = "x"} takes the batch's images, {irc.seed} a new seed every step, and
// {irc.param = "w1", irc.init = "glorot"} is a parameter that the driver initializes,
// trains and passes to every function that names it.
module attributes {irc.train = {dataset = "digits", optimizer = "adam", lr = 1.0e-02 : f32,
                                schedule = "cosine", batch = 64 : i64, steps = 3000 : i64,
                                evaluate = "cross_entropy"}} {

  func.func @forward(%x: tensor<?x64xf32>, %w1: tensor<64x256xf32>, %b1: tensor<256xf32>,
                     %w2: tensor<256x10xf32>, %b2: tensor<10xf32>) -> tensor<?x10xf32> {
    %xw = nn.matmul %x, %w1 : (tensor<?x64xf32>, tensor<64x256xf32>) -> tensor<?x256xf32>
    %z = nn.add %xw, %b1 : (tensor<?x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %h = nn.relu %z : tensor<?x256xf32>
    %hw = nn.matmul %h, %w2 : (tensor<?x256xf32>, tensor<256x10xf32>) -> tensor<?x10xf32>
    %logits = nn.add %hw, %b2 : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    return %logits : tensor<?x10xf32>
  }

  // What training minimizes: the mean softmax cross-entropy of the batch, with Gaussian
  // noise (standard deviation 0.25) added to the pixels. The noise keeps the network from
  // leaning on single pixels; without it the held-out accuracy stays near 91%.
  func.func @loss(%x: tensor<?x64xf32> {irc.data = "x"},
                  %labels: tensor<?xi32> {irc.data = "labels"},
                  %seed: tensor<i64> {irc.seed},
                  %w1: tensor<64x256xf32> {irc.param = "w1", irc.init = "glorot"},
                  %b1: tensor<256xf32> {irc.param = "b1", irc.init = "zeros"},
                  %w2: tensor<256x10xf32> {irc.param = "w2", irc.init = "glorot"},
                  %b2: tensor<10xf32> {irc.param = "b2", irc.init = "zeros"}) -> tensor<f32> {
    %key = nn.random_key %seed : tensor<i64>
    %normal = nn.random_normal %key like %x : tensor<?x64xf32>
    %scale = nn.constant dense<0.25> : tensor<f32>
    %noise = nn.mul %normal, %scale : (tensor<?x64xf32>, tensor<f32>) -> tensor<?x64xf32>
    %noisy = nn.add %x, %noise : tensor<?x64xf32>
    %logits = func.call @forward(%noisy, %w1, %b1, %w2, %b2)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>, tensor<256x10xf32>,
           tensor<10xf32>) -> tensor<?x10xf32>
    %loss = nn.softmax_cross_entropy %logits, %labels
        : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    return %loss : tensor<f32>
  }

  // The mean cross-entropy on clean images: what the command reports on the held-out part.
  func.func @cross_entropy(%x: tensor<?x64xf32> {irc.data = "x"},
                           %labels: tensor<?xi32> {irc.data = "labels"},
                           %w1: tensor<64x256xf32> {irc.param = "w1"},
                           %b1: tensor<256xf32> {irc.param = "b1"},
                           %w2: tensor<256x10xf32> {irc.param = "w2"},
                           %b2: tensor<10xf32> {irc.param = "b2"}) -> tensor<f32> {
    %logits = func.call @forward(%x, %w1, %b1, %w2, %b2)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>, tensor<256x10xf32>,
           tensor<10xf32>) -> tensor<?x10xf32>
    %loss = nn.softmax_cross_entropy %logits, %labels
        : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    return %loss : tensor<f32>
  }

  // The most likely class of each image: what the held-out accuracy counts.
  func.func @predict(%x: tensor<?x64xf32> {irc.data = "x"},
                     %w1: tensor<64x256xf32> {irc.param = "w1"},
                     %b1: tensor<256xf32> {irc.param = "b1"},
                     %w2: tensor<256x10xf32> {irc.param = "w2"},
                     %b2: tensor<10xf32> {irc.param = "b2"}) -> tensor<?xi64> {
    %logits = func.call @forward(%x, %w1, %b1, %w2, %b2)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>, tensor<256x10xf32>,
           tensor<10xf32>) -> tensor<?x10xf32>
    %class = nn.argmax %logits axis 1 : tensor<?x10xf32>
    return %class : tensor<?xi64>
  }
}
