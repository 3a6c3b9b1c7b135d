// RUN: irc-opt %s --autodiff="function=strided wrt=0" --autodiff="function=lookup wrt=0" | filecheck %s

// A strided slice's cotangent goes back between zeros: each element gets stride - 1
// zeros after it (reshape to a column, pad, reshape back: 9 elements), the 2 past the
// operand's end are cut, and the rest is padded into place from `start`.
// CHECK-LABEL: func.func @strided_grad
// CHECK-SAME:    (%{{.*}}: tensor<8xf32>, %[[DZ:.*]]: tensor<3xf32>)
// CHECK:         %[[COLUMN:.*]] = nn.reshape %[[DZ]] : tensor<3xf32> to tensor<3x1xf32>
// CHECK-NEXT:    %[[ZERO:.*]] = nn.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[SPACED:.*]] = nn.pad %[[COLUMN]], %[[ZERO]] low [0, 0] high [0, 2]
// CHECK-NEXT:    %[[FLAT:.*]] = nn.reshape %[[SPACED]] : tensor<3x3xf32> to tensor<9xf32>
// CHECK-NEXT:    %[[CUT:.*]] = nn.slice %[[FLAT]] starts [0] sizes [7] strides [1]
// CHECK-NEXT:    %[[ZERO2:.*]] = nn.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[DX:.*]] = nn.pad %[[CUT]], %[[ZERO2]] low [1] high [0] : (tensor<7xf32>, tensor<f32>) -> tensor<8xf32>
// CHECK-NEXT:    return %{{.*}}, %[[DX]]
func.func @strided(%x: tensor<8xf32>) -> tensor<3xf32> {
  %s = nn.slice %x starts [1] sizes [3] strides [3] : tensor<8xf32>
  return %s : tensor<3xf32>
}

// An embedding lookup's cotangent is scatter-added into the table: the indices one-hot
// (a row of 10 per index), transposed and multiplied with the cotangent's rows, so a
// repeated index sums its rows.
// CHECK-LABEL: func.func @lookup_grad
// CHECK-SAME:    (%{{.*}}: tensor<10x4xf32>, %[[IDS:.*]]: tensor<2x3xi32>, %[[DE:.*]]: tensor<2x3x4xf32>)
// CHECK:         %[[HOT:.*]] = nn.one_hot %[[IDS]] depth 10 : tensor<2x3xi32> to tensor<2x3x10xf32>
// CHECK-NEXT:    %[[ROWS:.*]] = nn.reshape %[[HOT]] : tensor<2x3x10xf32> to tensor<6x10xf32>
// CHECK-NEXT:    %[[COLUMNS:.*]] = nn.reshape %[[DE]] : tensor<2x3x4xf32> to tensor<6x4xf32>
// CHECK-NEXT:    %[[SUMS:.*]] = nn.matmul %[[ROWS]], %[[COLUMNS]] transpose_a : (tensor<6x10xf32>, tensor<6x4xf32>) -> tensor<10x4xf32>
// CHECK-NEXT:    return %{{.*}}, %[[SUMS]]
func.func @lookup(%table: tensor<10x4xf32>, %ids: tensor<2x3xi32>) -> tensor<2x3x4xf32> {
  %e = nn.gather %table, %ids axis 0 : (tensor<10x4xf32>, tensor<2x3xi32>) -> tensor<2x3x4xf32>
  return %e : tensor<2x3x4xf32>
}
