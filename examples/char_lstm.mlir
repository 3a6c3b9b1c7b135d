// A character-level LSTM language model over right-padded batches of text windows.
//
// Sizes: a vocabulary of V = 64 character ids (irc/train/text.py: the 63 most frequent
// characters of the training text and one id for the rest), embeddings of E = 16, a
// hidden state of H = 128. A batch is B windows of at most T characters, batch-major:
//   %inputs [B, T]   the characters read at each step (i32 ids, right-padded)
//   %targets [B, T]  the character to predict at each step (the next one)
//   %lengths [B]     how many steps of each row are real, 0 <= n <= T
//   %h0, %c0 [B, 128] the state each row starts from: where its last window ended
// B and T are `?`: irc.jit compiles the functions once per batch shape.
//
// The network, per step t of row b:
//   e = embed[inputs[b, t]]                                          (nn.gather)
//   i = sigmoid(e W_i + h U_i + b_i)   f = sigmoid(e W_f + h U_f + b_f)
//   g = tanh(e W_g + h U_g + b_g)      o = sigmoid(e W_o + h U_o + b_o)
//   c' = f * c + i * g                 h' = o * tanh(c')
//   logits = h' W_out + b_out,  loss = -log softmax(logits)[targets[b, t]]
// as in examples/lstm.mlir, the input projections of every step are batched before the
// loop and the scan carries (h, c).
//
// Padding: the scan's `lengths(%lengths)` keeps a row's (h, c) unchanged at its padded
// steps and outputs zeros there; a second scan with the same lengths marks the real
// steps, which select the per-character losses. @nll sums the real characters' losses
// and counts them; @loss is that sum over the count, the mean over the batch's real
// characters, so a padded batch gives the loss and gradient of its rows unpadded.
//
// Truncated back-propagation through time: a batch's rows are B streams over the text,
// each window continuing where the row's last one stopped. @loss returns the final state
// (h, c) after the loss, marked {irc.carry}, and the training driver passes it to the next
// step's %h0, %c0; it arrives as data, so the gradient stops at the window's start.
//
// The argument annotations are for irc/train (Model, Trainer): `irc.data` names the
// batch's array, `irc.param` a trained parameter and `irc.init` how it starts,
// `irc.carry` a state carried from one step to the next.
// examples/train_char_lstm.py trains it on Python's own documentation text; the same
// module runs through the interpreter (irc.runtime.interpreter.run).
module attributes {irc.train = {optimizer = "adam", lr = 1.0e-02 : f32, clip = 1.0 : f32}} {

func.func @nll(%inputs: tensor<?x?xi32> {irc.data = "inputs"},
               %targets: tensor<?x?xi32> {irc.data = "targets"},
               %lengths: tensor<?xi32> {irc.data = "lengths"},
               %h0: tensor<?x128xf32> {irc.carry = "h"},
               %c0: tensor<?x128xf32> {irc.carry = "c"},
               %embed: tensor<64x16xf32> {irc.param = "embed", irc.init = "normal(0.1)"},
               %w_i: tensor<16x128xf32> {irc.param = "w_i", irc.init = "glorot"},
               %w_f: tensor<16x128xf32> {irc.param = "w_f", irc.init = "glorot"},
               %w_g: tensor<16x128xf32> {irc.param = "w_g", irc.init = "glorot"},
               %w_o: tensor<16x128xf32> {irc.param = "w_o", irc.init = "glorot"},
               %u_i: tensor<128x128xf32> {irc.param = "u_i", irc.init = "glorot"},
               %u_f: tensor<128x128xf32> {irc.param = "u_f", irc.init = "glorot"},
               %u_g: tensor<128x128xf32> {irc.param = "u_g", irc.init = "glorot"},
               %u_o: tensor<128x128xf32> {irc.param = "u_o", irc.init = "glorot"},
               %b_i: tensor<128xf32> {irc.param = "b_i", irc.init = "zeros"},
               %b_f: tensor<128xf32> {irc.param = "b_f", irc.init = "constant(1.0)"},
               %b_g: tensor<128xf32> {irc.param = "b_g", irc.init = "zeros"},
               %b_o: tensor<128xf32> {irc.param = "b_o", irc.init = "zeros"},
               %w_out: tensor<128x64xf32> {irc.param = "w_out", irc.init = "glorot"},
               %b_out: tensor<64xf32> {irc.param = "b_out", irc.init = "zeros"})
    -> (tensor<f32>, tensor<f32>, tensor<?x128xf32>, tensor<?x128xf32>) {
  // Time-major ids [T, B]: the scan steps along the leading axis.
  %ids = nn.transpose %inputs [1, 0] : tensor<?x?xi32>
  %next = nn.transpose %targets [1, 0] : tensor<?x?xi32>

  // Embedding lookup [T, B, 16], then the input projections of all steps [T, B, 128].
  %e = nn.gather %embed, %ids axis 0 : (tensor<64x16xf32>, tensor<?x?xi32>) -> tensor<?x?x16xf32>
  %ew_i = nn.matmul %e, %w_i : (tensor<?x?x16xf32>, tensor<16x128xf32>) -> tensor<?x?x128xf32>
  %ew_f = nn.matmul %e, %w_f : (tensor<?x?x16xf32>, tensor<16x128xf32>) -> tensor<?x?x128xf32>
  %ew_g = nn.matmul %e, %w_g : (tensor<?x?x16xf32>, tensor<16x128xf32>) -> tensor<?x?x128xf32>
  %ew_o = nn.matmul %e, %w_o : (tensor<?x?x16xf32>, tensor<16x128xf32>) -> tensor<?x?x128xf32>
  %p_i = nn.add %ew_i, %b_i : (tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x?x128xf32>
  %p_f = nn.add %ew_f, %b_f : (tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x?x128xf32>
  %p_g = nn.add %ew_g, %b_g : (tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x?x128xf32>
  %p_o = nn.add %ew_o, %b_o : (tensor<?x?x128xf32>, tensor<128xf32>) -> tensor<?x?x128xf32>

  // The recurrence. Row b is real at steps t < lengths[b]; at a padded step its (h, c)
  // stay as they were and its output h is zero.
  %h_last, %c_last, %hs = nn.scan
      (%x_i = %p_i : tensor<?x?x128xf32>, %x_f = %p_f : tensor<?x?x128xf32>,
       %x_g = %p_g : tensor<?x?x128xf32>, %x_o = %p_o : tensor<?x?x128xf32>)
      carry(%h = %h0 : tensor<?x128xf32>, %c = %c0 : tensor<?x128xf32>)
      invariant(%r_i = %u_i : tensor<128x128xf32>, %r_f = %u_f : tensor<128x128xf32>,
                %r_g = %u_g : tensor<128x128xf32>, %r_o = %u_o : tensor<128x128xf32>)
      lengths(%lengths : tensor<?xi32>)
      -> (tensor<?x128xf32>, tensor<?x128xf32>, tensor<?x?x128xf32>) {
    %hu_i = nn.matmul %h, %r_i : (tensor<?x128xf32>, tensor<128x128xf32>) -> tensor<?x128xf32>
    %hu_f = nn.matmul %h, %r_f : (tensor<?x128xf32>, tensor<128x128xf32>) -> tensor<?x128xf32>
    %hu_g = nn.matmul %h, %r_g : (tensor<?x128xf32>, tensor<128x128xf32>) -> tensor<?x128xf32>
    %hu_o = nn.matmul %h, %r_o : (tensor<?x128xf32>, tensor<128x128xf32>) -> tensor<?x128xf32>
    %z_i = nn.add %x_i, %hu_i : tensor<?x128xf32>
    %z_f = nn.add %x_f, %hu_f : tensor<?x128xf32>
    %z_g = nn.add %x_g, %hu_g : tensor<?x128xf32>
    %z_o = nn.add %x_o, %hu_o : tensor<?x128xf32>
    %i = nn.sigmoid %z_i : tensor<?x128xf32>
    %f = nn.sigmoid %z_f : tensor<?x128xf32>
    %g = nn.tanh %z_g : tensor<?x128xf32>
    %o = nn.sigmoid %z_o : tensor<?x128xf32>
    %fc = nn.mul %f, %c : tensor<?x128xf32>
    %ig = nn.mul %i, %g : tensor<?x128xf32>
    %c_next = nn.add %fc, %ig : tensor<?x128xf32>
    %tc = nn.tanh %c_next : tensor<?x128xf32>
    %h_next = nn.mul %o, %tc : tensor<?x128xf32>
    nn.yield %h_next, %c_next, %h_next
        : tensor<?x128xf32>, tensor<?x128xf32>, tensor<?x128xf32>
  }

  // Which steps are real, [T, B]: a scan with the same lengths carries the lengths and
  // outputs them at each step, so its output is 0 exactly at the padded steps (a real
  // step t < lengths[b] has lengths[b] >= 1). Integers: no gradient flows through it.
  %marks_last, %marks = nn.scan (%y = %next : tensor<?x?xi32>)
      carry(%k = %lengths : tensor<?xi32>) lengths(%lengths : tensor<?xi32>)
      -> (tensor<?xi32>, tensor<?x?xi32>) {
    nn.yield %k, %k : tensor<?xi32>, tensor<?xi32>
  }
  %none = nn.constant dense<0> : tensor<i32>
  %real = nn.ne %marks, %none : (tensor<?x?xi32>, tensor<i32>) -> tensor<?x?xi1>

  // Next-character logits [T, B, 64] and each position's loss in nats [T, B].
  %hw = nn.matmul %hs, %w_out : (tensor<?x?x128xf32>, tensor<128x64xf32>) -> tensor<?x?x64xf32>
  %logits = nn.add %hw, %b_out : (tensor<?x?x64xf32>, tensor<64xf32>) -> tensor<?x?x64xf32>
  %ce = nn.softmax_cross_entropy %logits, %next reduction none
      : (tensor<?x?x64xf32>, tensor<?x?xi32>) -> tensor<?x?xf32>

  // The real characters' losses, summed, and their count (the sum of the lengths).
  %zero = nn.constant dense<0.0> : tensor<f32>
  %kept = nn.select %real, %ce, %zero : (tensor<?x?xi1>, tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  %sum = nn.reduce_sum %kept [0, 1] : tensor<?x?xf32>
  %total = nn.reduce_sum %lengths [0] : tensor<?xi32>
  %count = nn.cast %total : tensor<i32> to tensor<f32>
  return %sum, %count, %h_last, %c_last
      : tensor<f32>, tensor<f32>, tensor<?x128xf32>, tensor<?x128xf32>
}

// The mean loss in nats over the batch's real characters (the training objective), and
// the state to start the next window from.
func.func @loss(%inputs: tensor<?x?xi32> {irc.data = "inputs"},
                %targets: tensor<?x?xi32> {irc.data = "targets"},
                %lengths: tensor<?xi32> {irc.data = "lengths"},
                %h0: tensor<?x128xf32> {irc.carry = "h"},
                %c0: tensor<?x128xf32> {irc.carry = "c"},
                %embed: tensor<64x16xf32> {irc.param = "embed", irc.init = "normal(0.1)"},
                %w_i: tensor<16x128xf32> {irc.param = "w_i", irc.init = "glorot"},
                %w_f: tensor<16x128xf32> {irc.param = "w_f", irc.init = "glorot"},
                %w_g: tensor<16x128xf32> {irc.param = "w_g", irc.init = "glorot"},
                %w_o: tensor<16x128xf32> {irc.param = "w_o", irc.init = "glorot"},
                %u_i: tensor<128x128xf32> {irc.param = "u_i", irc.init = "glorot"},
                %u_f: tensor<128x128xf32> {irc.param = "u_f", irc.init = "glorot"},
                %u_g: tensor<128x128xf32> {irc.param = "u_g", irc.init = "glorot"},
                %u_o: tensor<128x128xf32> {irc.param = "u_o", irc.init = "glorot"},
                %b_i: tensor<128xf32> {irc.param = "b_i", irc.init = "zeros"},
                %b_f: tensor<128xf32> {irc.param = "b_f", irc.init = "constant(1.0)"},
                %b_g: tensor<128xf32> {irc.param = "b_g", irc.init = "zeros"},
                %b_o: tensor<128xf32> {irc.param = "b_o", irc.init = "zeros"},
                %w_out: tensor<128x64xf32> {irc.param = "w_out", irc.init = "glorot"},
                %b_out: tensor<64xf32> {irc.param = "b_out", irc.init = "zeros"})
    -> (tensor<f32>, tensor<?x128xf32> {irc.carry = "h"},
        tensor<?x128xf32> {irc.carry = "c"}) {
  %sum, %count, %h, %c = func.call @nll(%inputs, %targets, %lengths, %h0, %c0, %embed,
      %w_i, %w_f, %w_g, %w_o, %u_i, %u_f, %u_g, %u_o, %b_i, %b_f, %b_g, %b_o, %w_out, %b_out)
      : (tensor<?x?xi32>, tensor<?x?xi32>, tensor<?xi32>, tensor<?x128xf32>,
         tensor<?x128xf32>, tensor<64x16xf32>,
         tensor<16x128xf32>, tensor<16x128xf32>, tensor<16x128xf32>, tensor<16x128xf32>,
         tensor<128x128xf32>, tensor<128x128xf32>, tensor<128x128xf32>, tensor<128x128xf32>,
         tensor<128xf32>, tensor<128xf32>, tensor<128xf32>, tensor<128xf32>,
         tensor<128x64xf32>, tensor<64xf32>)
      -> (tensor<f32>, tensor<f32>, tensor<?x128xf32>, tensor<?x128xf32>)
  %mean = nn.div %sum, %count : tensor<f32>
  return %mean, %h, %c : tensor<f32>, tensor<?x128xf32>, tensor<?x128xf32>
}

}
