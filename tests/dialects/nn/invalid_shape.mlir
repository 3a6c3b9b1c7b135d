// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Each case is one rule of nn's shape ops, with its message: the custom form reports a
// rule at the op's name as it parses, the generic form when it is verified.

func.func @f() {
  // expected-error@+1 {{'nn.constant' op value of type tensor<2xf32> does not match the result type tensor<3xf32>}}
  %0 = "nn.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'nn.constant' op attribute 'value' failed to satisfy constraint: dense elements attribute of a tensor type}}
  %0 = "nn.constant"() <{value = 1.0 : f32}> : () -> tensor<f32>
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'nn.constant' op requires attribute 'value'}}
  %0 = "nn.constant"() : () -> tensor<f32>
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'nn.constant' op result #0 must be tensor, but got 'vector<2xf32>'}}
  %0 = "nn.constant"() <{value = dense<1.0> : vector<2xf32>}> : () -> vector<2xf32>
  return
}

// -----

// The declarative format reports a failed inference at the token after the op.
func.func @f() {
  %0 = nn.constant 1.0 : f32
  // expected-error@+1 {{'nn.constant' op value must be a dense elements attribute of a tensor type}}
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error@+1 {{'nn.reshape' op cannot change the element type: f32 to i32; use nn.cast}}
  %0 = nn.reshape %x : tensor<4xf32> to tensor<4xi32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>) {
  // expected-error@+1 {{'nn.reshape' op result shape ?x? has 2 `?` sizes; at most one can be computed from the element count}}
  %0 = nn.reshape %x : tensor<4xf32> to tensor<?x?xf32>
  return
}

// -----

func.func @f(%x: tensor<?xf32>) {
  // expected-error@+1 {{'nn.reshape' op result shape 0x? leaves its `?` size undetermined: the other sizes multiply to 0}}
  %0 = nn.reshape %x : tensor<?xf32> to tensor<0x?xf32>
  return
}

// -----

func.func @f(%x: tensor<4x6xf32>) {
  // expected-error@+1 {{'nn.reshape' op cannot reshape 4x6 (24 elements) to 5x5 (25 elements)}}
  %0 = nn.reshape %x : tensor<4x6xf32> to tensor<5x5xf32>
  return
}

// -----

func.func @f(%x: tensor<4x6xf32>) {
  // expected-error@+1 {{'nn.reshape' op cannot reshape 4x6 (24 elements) to ?x5: 24 is not a multiple of 5}}
  %0 = nn.reshape %x : tensor<4x6xf32> to tensor<?x5xf32>
  return
}

// -----

func.func @f(%x: tensor<3xf32>) {
  // expected-error@+1 {{'nn.broadcast_to' op cannot change the element type: f32 to i32; use nn.cast}}
  %0 = nn.broadcast_to %x : tensor<3xf32> to tensor<2x3xi32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error@+1 {{'nn.broadcast_to' op cannot broadcast 2x3 to 3: the operand has more dimensions than the result}}
  %0 = nn.broadcast_to %x : tensor<2x3xf32> to tensor<3xf32>
  return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error@+1 {{'nn.broadcast_to' op shapes 2x3 and 2x4 do not broadcast: sizes 3 and 4 in dimension -1 (counted from the right) differ and neither is 1}}
  %0 = nn.broadcast_to %x : tensor<2x3xf32> to tensor<2x4xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3xf32>) {
  // expected-error@+1 {{'nn.broadcast_to' op cannot broadcast 1x3 to ?x3: result dimension 0 is `?` but the operand has size 1 there, so nothing gives its size (write the size)}}
  %0 = nn.broadcast_to %x : tensor<1x3xf32> to tensor<?x3xf32>
  return
}

// -----

func.func @f(%x: tensor<3xf32>) {
  // expected-error@+1 {{'nn.broadcast_to' op cannot broadcast 3 to ?x3: result dimension 0 is `?` but the operand has no dimension there, so nothing gives its size (write the size)}}
  %0 = nn.broadcast_to %x : tensor<3xf32> to tensor<?x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.broadcast_to' op cannot broadcast 4x3 to 1x3: operand dimension 0 of size 4 cannot shrink to size 1}}
  %0 = nn.broadcast_to %x : tensor<4x3xf32> to tensor<1x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.transpose' op permutation [0] has 1 entry but the operand of shape 4x3 has rank 2}}
  %0 = nn.transpose %x [0] : tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.transpose' op permutation [1, 1] must hold each of 0..1 once}}
  %0 = "nn.transpose"(%x) <{permutation = array<i64: 1, 1>}> : (tensor<4x3xf32>) -> tensor<3x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.transpose' op result type tensor<3x4xf32> does not match the inferred type tensor<4x3xf32>}}
  %0 = "nn.transpose"(%x) <{permutation = array<i64: 0, 1>}> : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.transpose' op requires attribute 'permutation'}}
  %0 = "nn.transpose"(%x) : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.transpose' op attribute 'permutation' failed to satisfy constraint: i64 dense array attribute}}
  %0 = "nn.transpose"(%x) <{permutation = array<i32: 1, 0>}> : (tensor<4x3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.transpose' op permutation [2, 1, 0] has 3 entries but the operand of shape 4x3 has rank 2}}
  %0 = nn.transpose %x [2, 1, 0] : tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.expand_dims' op axes [2, 0] must be strictly increasing}}
  %0 = nn.expand_dims %x [2, 0] : tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.expand_dims' op axis 4 is not in 0..2, the dimensions of the rank-3 result}}
  %0 = nn.expand_dims %x [4] : tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.expand_dims' op axis -1 is not in 0..2, the dimensions of the rank-3 result (axes count from 0, not from the end)}}
  %0 = "nn.expand_dims"(%x) <{axes = array<i64: -1>}> : (tensor<4x3xf32>) -> tensor<4x3x1xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3xf32>) {
  // expected-error@+1 {{'nn.squeeze' op cannot squeeze dimension 1 of the operand of shape 1x3: its size is 3, not 1}}
  %0 = nn.squeeze %x [1] : tensor<1x3xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3xf32>) {
  // expected-error@+1 {{'nn.squeeze' op axes [0, 0] must be strictly increasing}}
  %0 = nn.squeeze %x [0, 0] : tensor<1x3xf32>
  return
}

// -----

func.func @f(%x: tensor<f32>) {
  // expected-error@+1 {{'nn.squeeze' op axis 0 is not a dimension of the scalar operand: it has none}}
  %0 = "nn.squeeze"(%x) <{axes = array<i64: 0>}> : (tensor<f32>) -> tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4x5xf32>) {
  // expected-error@+1 {{'nn.slice' op starts [0] has 1 entry but the operand of shape 4x5 has rank 2}}
  %0 = nn.slice %x starts [0] sizes [2, 3] strides [1, 1] : tensor<4x5xf32>
  return
}

// -----

func.func @f(%x: tensor<4x5xf32>) {
  // expected-error@+1 {{'nn.slice' op stride 0 in dimension 1 must be at least 1}}
  %0 = nn.slice %x starts [0, 0] sizes [2, 3] strides [1, 0] : tensor<4x5xf32>
  return
}

// -----

func.func @f(%x: tensor<4x5xf32>) {
  // expected-error@+1 {{'nn.slice' op start -1 in dimension 1 is negative}}
  %0 = nn.slice %x starts [0, -1] sizes [2, 3] strides [1, 1] : tensor<4x5xf32>
  return
}

// -----

func.func @f(%x: tensor<4x5xf32>) {
  // expected-error@+1 {{'nn.slice' op size -2 in dimension 0 is negative}}
  %0 = "nn.slice"(%x) <{starts = array<i64: 0, 0>, sizes = array<i64: -2, 3>, strides = array<i64: 1, 1>}> : (tensor<4x5xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x5xf32>) {
  // expected-error@+1 {{'nn.slice' op dimension 1 reads index 5 (start 1, size 3, stride 2) of the operand of shape 4x5, past its size 5}}
  %0 = nn.slice %x starts [0, 1] sizes [2, 3] strides [1, 2] : tensor<4x5xf32>
  return
}

// -----

func.func @f(%x: tensor<4x5xf32>) {
  // expected-error@+1 {{custom op 'nn.slice' expected 'strides'}}
  %0 = nn.slice %x starts [0, 1] sizes [2, 3] : tensor<4x5xf32>
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'nn.concat' op needs at least one operand}}
  %0 = "nn.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  return
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error@+1 {{'nn.concat' op operands have different element types f32 and i32; convert with nn.cast}}
  %0 = nn.concat %a, %b axis 0 : tensor<2xf32>, tensor<2xi32>
  return
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<2x2xf32>) {
  // expected-error@+1 {{'nn.concat' op operands of shapes 2 and 2x2 have different ranks}}
  %0 = nn.concat %a, %b axis 0 : tensor<2xf32>, tensor<2x2xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>) {
  // expected-error@+1 {{'nn.concat' op axis 2 is not in 0..1, the dimensions of the operand of shape 2x3}}
  %0 = nn.concat %a, %a axis 2 : tensor<2x3xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x?xf32>, %c: tensor<2x4xf32>) {
  // expected-error@+1 {{'nn.concat' op operands of shapes 2x3 and 2x4 differ in dimension 1, which is not the axis 0}}
  %0 = nn.concat %a, %b, %c axis 0 : tensor<2x3xf32>, tensor<2x?xf32>, tensor<2x4xf32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>) {
  // expected-error@+1 {{'nn.concat' op result type tensor<2x?xf32> does not match the inferred type tensor<2x6xf32>}}
  %0 = "nn.concat"(%a, %a) <{axis = 1 : i64}> : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x?xf32>
  return
}

// -----

func.func @f(%t: tensor<10x4xf32>, %i: tensor<3xi32>) {
  // expected-error@+1 {{'nn.gather' op axis 2 is not in 0..1, the dimensions of the source of shape 10x4}}
  %0 = nn.gather %t, %i axis 2 : tensor<10x4xf32>, tensor<3xi32>
  return
}

// -----

func.func @f(%t: tensor<10x4xf32>, %i: tensor<3xf32>) {
  // expected-error@+1 {{'nn.gather' op operand #1 must be tensor of integers, but got 'tensor<3xf32>'}}
  %0 = "nn.gather"(%t, %i) <{axis = 0 : i64}> : (tensor<10x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%t: tensor<10x4xf32>, %i: tensor<3xi1>) {
  // expected-error@+1 {{'nn.gather' op operand #1 must be tensor of integers, but got 'tensor<3xi1>'}}
  %0 = "nn.gather"(%t, %i) <{axis = 0 : i64}> : (tensor<10x4xf32>, tensor<3xi1>) -> tensor<3x4xf32>
  return
}

// -----

func.func @f(%i: tensor<3xi32>) {
  // expected-error@+1 {{'nn.one_hot' op depth 0 must be at least 1}}
  %0 = nn.one_hot %i depth 0 : tensor<3xi32> to tensor<3x0xf32>
  return
}

// -----

func.func @f(%i: tensor<3xi32>) {
  // expected-error@+1 {{'nn.one_hot' op result shape 3x5 is not 3x4, the indices' shape 3 and the depth 4}}
  %0 = nn.one_hot %i depth 4 : tensor<3xi32> to tensor<3x5xf32>
  return
}

// -----

func.func @f(%i: tensor<3xf32>) {
  // expected-error@+1 {{'nn.one_hot' op operand #0 must be tensor of integers, but got 'tensor<3xf32>'}}
  %0 = nn.one_hot %i depth 4 : tensor<3xf32> to tensor<3x4xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %v: tensor<1xf32>) {
  // expected-error@+1 {{'nn.pad' op padding value of shape 1 must be a rank-0 tensor}}
  %0 = nn.pad %x, %v low [1] high [1] : tensor<4xf32>, tensor<1xf32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %v: tensor<i32>) {
  // expected-error@+1 {{'nn.pad' op the operand and the padding value have different element types f32 and i32; convert with nn.cast}}
  %0 = nn.pad %x, %v low [1] high [1] : tensor<4xf32>, tensor<i32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %v: tensor<f32>) {
  // expected-error@+1 {{'nn.pad' op high [1, 1] has 2 entries but the operand of shape 4 has rank 1}}
  %0 = nn.pad %x, %v low [1] high [1, 1] : tensor<4xf32>, tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %v: tensor<f32>) {
  // expected-error@+1 {{'nn.pad' op high padding -1 in dimension 0 is negative}}
  %0 = nn.pad %x, %v low [1] high [-1] : tensor<4xf32>, tensor<f32>
  return
}

// -----

func.func @f(%x: tensor<4xf32>, %v: tensor<f32>) {
  // expected-error@+1 {{'nn.pad' op result type tensor<5xf32> does not match the inferred type tensor<6xf32>}}
  %0 = "nn.pad"(%x, %v) <{low = array<i64: 1>, high = array<i64: 1>}> : (tensor<4xf32>, tensor<f32>) -> tensor<5xf32>
  return
}

// -----

// The custom form checks the declaration before it infers the result type.
func.func @f(%x: tensor<4xf32>) {
  // expected-error@+1 {{'nn.pad' op expected 2 operands, but found 3}}
  %0 = nn.pad %x, %x, %x low [0] high [0] : tensor<4xf32>
  return
}

// -----

func.func @f(%x: f32) {
  // expected-error@+1 {{'nn.transpose' op operand #0 must be tensor, but got 'f32'}}
  %0 = nn.transpose %x [0] : f32
  return
}

// -----

func.func @f(%a: tensor<2xf32>, %i: tensor<2xf32>) {
  // expected-error@+1 {{'nn.gather' op operand #1 must be tensor of integers, but got 'tensor<2xf32>'}}
  %0 = nn.gather %a, %i axis 0 : tensor<2xf32>
  return
}

// -----

func.func @f(%x: tensor<1x3xf32>) {
  // expected-error@+1 {{'nn.squeeze' op cannot squeeze dimension 1 of the operand of shape 1x3: its size is 3, not 1}}
  %0 = nn.squeeze %x [0, 1] : tensor<1x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{'nn.transpose' op result type tensor<4x3xf32> does not match the inferred type tensor<3x4xf32>}}
  %0 = nn.transpose %x [1, 0] : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%x: tensor<4x3xf32>) {
  // expected-error@+1 {{custom op 'nn.concat' expected 'axis'}}
  %0 = nn.concat %x, %x 0 : tensor<4x3xf32>
  return
}
