// A GRU layer (Cho et al. 2014) over a sequence: input [T, B, 8], hidden size 16.
//   z = sigmoid(x W_z + h U_z + b_z)          r = sigmoid(x W_r + h U_r + b_r)
//   n = tanh(x W_n + b_n + r * (h U_n))       h' = (1 - z) * n + z * h
// The input projections of every step are computed before the loop; the scan carries h
// and reads the recurrent weights from outside its body. @gru returns all hidden states.
// Run it (T=5, B=2):
//   irc-run examples/gru.mlir --interpret -e gru rand:5x2x8 zeros:2x16 \
//     rand:8x16 rand:8x16 rand:8x16 rand:16x16 rand:16x16 rand:16x16 \
//     zeros:16 zeros:16 zeros:16
// tests/dialects/nn/test_examples.py checks it against numpy loops.
func.func @gru(%xs: tensor<?x?x8xf32>, %h0: tensor<?x16xf32>,
               %w_z: tensor<8x16xf32>, %w_r: tensor<8x16xf32>, %w_n: tensor<8x16xf32>,
               %u_z: tensor<16x16xf32>, %u_r: tensor<16x16xf32>, %u_n: tensor<16x16xf32>,
               %b_z: tensor<16xf32>, %b_r: tensor<16xf32>, %b_n: tensor<16xf32>)
    -> tensor<?x?x16xf32> {
  %one = nn.constant dense<1.0> : tensor<f32>
  %xw_z = nn.matmul %xs, %w_z : (tensor<?x?x8xf32>, tensor<8x16xf32>) -> tensor<?x?x16xf32>
  %xw_r = nn.matmul %xs, %w_r : (tensor<?x?x8xf32>, tensor<8x16xf32>) -> tensor<?x?x16xf32>
  %xw_n = nn.matmul %xs, %w_n : (tensor<?x?x8xf32>, tensor<8x16xf32>) -> tensor<?x?x16xf32>
  %p_z = nn.add %xw_z, %b_z : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  %p_r = nn.add %xw_r, %b_r : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  %p_n = nn.add %xw_n, %b_n : (tensor<?x?x16xf32>, tensor<16xf32>) -> tensor<?x?x16xf32>
  %h_last, %hs = nn.scan
      (%x_z = %p_z : tensor<?x?x16xf32>, %x_r = %p_r : tensor<?x?x16xf32>,
       %x_n = %p_n : tensor<?x?x16xf32>)
      carry(%h = %h0 : tensor<?x16xf32>)
      -> (tensor<?x16xf32>, tensor<?x?x16xf32>) {
    %hu_z = nn.matmul %h, %u_z : (tensor<?x16xf32>, tensor<16x16xf32>) -> tensor<?x16xf32>
    %hu_r = nn.matmul %h, %u_r : (tensor<?x16xf32>, tensor<16x16xf32>) -> tensor<?x16xf32>
    %hu_n = nn.matmul %h, %u_n : (tensor<?x16xf32>, tensor<16x16xf32>) -> tensor<?x16xf32>
    %a_z = nn.add %x_z, %hu_z : tensor<?x16xf32>
    %a_r = nn.add %x_r, %hu_r : tensor<?x16xf32>
    %z = nn.sigmoid %a_z : tensor<?x16xf32>
    %r = nn.sigmoid %a_r : tensor<?x16xf32>
    %rh = nn.mul %r, %hu_n : tensor<?x16xf32>
    %a_n = nn.add %x_n, %rh : tensor<?x16xf32>
    %n = nn.tanh %a_n : tensor<?x16xf32>
    %keep = nn.sub %one, %z : (tensor<f32>, tensor<?x16xf32>) -> tensor<?x16xf32>
    %new = nn.mul %keep, %n : tensor<?x16xf32>
    %old = nn.mul %z, %h : tensor<?x16xf32>
    %h_next = nn.add %new, %old : tensor<?x16xf32>
    nn.yield %h_next, %h_next : tensor<?x16xf32>, tensor<?x16xf32>
  }
  return %hs : tensor<?x?x16xf32>
}
