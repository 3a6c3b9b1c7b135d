// A single-layer LSTM over a sequence: input [T, B, 8], hidden size 16, any number of
// steps T and batch rows B. Gates (i f g o) have their own input weights W (8x16),
// recurrent weights U (16x16) and bias b (16):
//   i = sigmoid(x W_i + h U_i + b_i)   f = sigmoid(x W_f + h U_f + b_f)
//   g = tanh(x W_g + h U_g + b_g)      o = sigmoid(x W_o + h U_o + b_o)
//   c' = f * c + i * g                 h' = o * tanh(c')
// The input projections x W + b of every step are computed before the loop, as one
// batched product per gate over the whole sequence; the scan then reads them as four
// sequences, carries (h, c), and takes the recurrent weights as invariants.
// @lstm returns the last hidden state [B, 16] and all hidden states [T, B, 16].
// Run it (T=5, B=2; tests/dialects/nn/test_scan.py checks it against numpy loops):
//   irc-run examples/lstm.mlir --interpret -e lstm rand:5x2x8 zeros:2x16 zeros:2x16 \
//     rand:8x16 rand:8x16 rand:8x16 rand:8x16 rand:16x16 rand:16x16 rand:16x16 rand:16x16 \
//     zeros:16 zeros:16 zeros:16 zeros:16
func.func @lstm(%xs: tensor<?x?x8xf32>, %h0: tensor<?x16xf32>, %c0: tensor<?x16xf32>,
                %w_i: tensor<8x16xf32>, %w_f: tensor<8x16xf32>,
                %w_g: tensor<8x16xf32>, %w_o: tensor<8x16xf32>,
                %u_i: tensor<16x16xf32>, %u_f: tensor<16x16xf32>,
                %u_g: tensor<16x16xf32>, %u_o: tensor<16x16xf32>,
                %b_i: tensor<16xf32>, %b_f: tensor<16xf32>,
                %b_g: tensor<16xf32>, %b_o: tensor<16xf32>)
    -> (tensor<?x16xf32>, tensor<?x?x16xf32>) {
  // Input projections of all steps: [T, B, 8] x [8, 16] + [16] -> [T, B, 16].
  %xw_i = nn.matmul %xs, %w_i : (tensor<?x?x8xf32>, tensor<8x16xf32>) -> tensor<?x?x16xf32>
  %xw_f = nn.matmul %xs, %w_f : (tensor<?x?x8xf32>, tensor<8x16xf32>) -> tensor<?x?x16xf32>
  %xw_g = nn.matmul %xs, %w_g : (tensor<?x?x8xf32>, tensor<8x16xf32>) -> tensor<?x?x16xf32>
  %xw_o = nn.matmul %xs, %w_o : (tensor<?x?x8xf32>, tensor<8x16xf32>) -> tensor<?x?x16xf32>
  %p_i = nn.add %xw_i, %b_i : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  %p_f = nn.add %xw_f, %b_f : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  %p_g = nn.add %xw_g, %b_g : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  %p_o = nn.add %xw_o, %b_o : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>

  %h_last, %c_last, %hs = nn.scan
      (%x_i = %p_i : tensor<?x?x16xf32>, %x_f = %p_f : tensor<?x?x16xf32>,
       %x_g = %p_g : tensor<?x?x16xf32>, %x_o = %p_o : tensor<?x?x16xf32>)
      carry(%h = %h0 : tensor<?x16xf32>, %c = %c0 : tensor<?x16xf32>)
      invariant(%r_i = %u_i : tensor<16x16xf32>, %r_f = %u_f : tensor<16x16xf32>,
                %r_g = %u_g : tensor<16x16xf32>, %r_o = %u_o : tensor<16x16xf32>)
      -> (tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x?x16xf32>) {
    %hu_i = nn.matmul %h, %r_i : (tensor<?x16xf32>, tensor<16x16xf32>) -> tensor<?x16xf32>
    %hu_f = nn.matmul %h, %r_f : (tensor<?x16xf32>, tensor<16x16xf32>) -> tensor<?x16xf32>
    %hu_g = nn.matmul %h, %r_g : (tensor<?x16xf32>, tensor<16x16xf32>) -> tensor<?x16xf32>
    %hu_o = nn.matmul %h, %r_o : (tensor<?x16xf32>, tensor<16x16xf32>) -> tensor<?x16xf32>
    %z_i = nn.add %x_i, %hu_i : tensor<?x16xf32>
    %z_f = nn.add %x_f, %hu_f : tensor<?x16xf32>
    %z_g = nn.add %x_g, %hu_g : tensor<?x16xf32>
    %z_o = nn.add %x_o, %hu_o : tensor<?x16xf32>
    %i = nn.sigmoid %z_i : tensor<?x16xf32>
    %f = nn.sigmoid %z_f : tensor<?x16xf32>
    %g = nn.tanh %z_g : tensor<?x16xf32>
    %o = nn.sigmoid %z_o : tensor<?x16xf32>
    %fc = nn.mul %f, %c : tensor<?x16xf32>
    %ig = nn.mul %i, %g : tensor<?x16xf32>
    %c_next = nn.add %fc, %ig : tensor<?x16xf32>
    %tc = nn.tanh %c_next : tensor<?x16xf32>
    %h_next = nn.mul %o, %tc : tensor<?x16xf32>
    nn.yield %h_next, %c_next, %h_next : tensor<?x16xf32>, tensor<?x16xf32>, tensor<?x16xf32>
  }
  return %h_last, %hs : tensor<?x16xf32>, tensor<?x?x16xf32>
}
