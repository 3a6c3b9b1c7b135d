// RUN: irc-opt %s --autodiff="function=batched wrt=0,1" --autodiff="function=loss wrt=0" --autodiff="function=peak wrt=0" | filecheck %s

// A matmul's cotangents are matmuls with the transposes in their flags; the operand its
// batch was broadcast for gets the batch summed back.
// CHECK-LABEL: func.func @batched_grad
// CHECK-SAME:    (%[[A:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4x5xf32>, %[[DC:.*]]: tensor<2x3x5xf32>)
// CHECK:         %[[DA:.*]] = nn.matmul %[[DC]], %[[B]] transpose_b : (tensor<2x3x5xf32>, tensor<4x5xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[DBS:.*]] = nn.matmul %[[A]], %[[DC]] transpose_a : (tensor<2x3x4xf32>, tensor<2x3x5xf32>) -> tensor<2x4x5xf32>
// CHECK-NEXT:    %[[DB:.*]] = nn.reduce_sum %[[DBS]] [0] : tensor<2x4x5xf32>
// CHECK-NEXT:    return %{{.*}}, %[[DA]], %[[DB]]
func.func @batched(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  %c = nn.matmul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  return %c : tensor<2x3x5xf32>
}

// softmax_cross_entropy: (softmax(z) - one_hot(y)) times the cotangent of each label's
// loss, here 1 / 8 for the mean over 8 labels.
// CHECK-LABEL: func.func @loss_grad
// CHECK-SAME:    (%[[Z:.*]]: tensor<8x10xf32>, %[[Y:.*]]: tensor<8xi32>)
// CHECK:         %[[SEED:.*]] = nn.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[P:.*]] = nn.softmax %[[Z]] axis 1 : tensor<8x10xf32>
// CHECK-NEXT:    %[[HOT:.*]] = nn.one_hot %[[Y]] depth 10 : tensor<8xi32> to tensor<8x10xf32>
// CHECK-NEXT:    %[[DIFF:.*]] = nn.sub %[[P]], %[[HOT]] : tensor<8x10xf32>
// CHECK-NEXT:    %[[N:.*]] = nn.constant dense<8.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[SHARE:.*]] = nn.div %[[SEED]], %[[N]] : tensor<f32>
// CHECK-NEXT:    %[[DZ:.*]] = nn.mul %[[DIFF]], %[[SHARE]] : (tensor<8x10xf32>, tensor<f32>) -> tensor<8x10xf32>
// CHECK-NEXT:    return %{{.*}}, %[[DZ]]
func.func @loss(%z: tensor<8x10xf32>, %y: tensor<8xi32>) -> tensor<f32> {
  %l = nn.softmax_cross_entropy %z, %y : (tensor<8x10xf32>, tensor<8xi32>) -> tensor<f32>
  return %l : tensor<f32>
}

// reduce_max splits the cotangent between the elements equal to the maximum; over a `?`
// dimension the split is a select, which takes the operand's shape.
// CHECK-LABEL: func.func @peak_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<4x?xf32>, %[[DM:.*]]: tensor<4xf32>)
// CHECK:         %[[M:.*]] = nn.expand_dims %{{.*}} [1] : tensor<4xf32>
// CHECK-NEXT:    %[[HIT:.*]] = nn.eq %[[X]], %[[M]] : (tensor<4x?xf32>, tensor<4x1xf32>) -> tensor<4x?xi1>
// CHECK:         %[[ONES:.*]] = nn.select %[[HIT]]
// CHECK-NEXT:    %[[TIES:.*]] = nn.reduce_sum %[[ONES]] [1] keepdims : tensor<4x?xf32>
// CHECK-NEXT:    %[[KEPT:.*]] = nn.expand_dims %[[DM]] [1] : tensor<4xf32>
// CHECK-NEXT:    %[[SHARE:.*]] = nn.div %[[KEPT]], %[[TIES]] : tensor<4x1xf32>
// CHECK-NEXT:    %[[ZERO:.*]] = nn.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[DX:.*]] = nn.select %[[HIT]], %[[SHARE]], %[[ZERO]] : (tensor<4x?xi1>, tensor<4x1xf32>, tensor<f32>) -> tensor<4x?xf32>
// CHECK-NEXT:    return %{{.*}}, %[[DX]]
func.func @peak(%x: tensor<4x?xf32>) -> tensor<4xf32> {
  %m = nn.reduce_max %x [1] : (tensor<4x?xf32>) -> tensor<4xf32>
  return %m : tensor<4xf32>
}
