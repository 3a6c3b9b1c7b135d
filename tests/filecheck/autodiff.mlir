// RUN: irc-opt %s --allow-unregistered-dialect --autodiff="function=f wrt=0,1" | filecheck %s
// RUN: irc-opt %s --allow-unregistered-dialect --autodiff="function=g wrt=0" --verify-diagnostics

// The gradient function: the arguments, then a cotangent per result; it returns the
// results, then a gradient per `wrt` argument. The forward ops come first, then each op's
// rule in reverse order: tanh'(u) = 1 - tanh(u)^2, then the product rule, with y's
// cotangent summed back over the broadcast rows.
// CHECK-LABEL: func.func @f_grad
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<3xf32>, %[[DZ:.*]]: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xf32>)
// CHECK:         %[[U:.*]] = nn.mul %[[X]], %[[Y]]
// CHECK-NEXT:    %[[Z:.*]] = nn.tanh %[[U]]
// CHECK-NEXT:    %[[ONE:.*]] = nn.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[ZZ:.*]] = nn.mul %[[Z]], %[[Z]]
// CHECK-NEXT:    %[[D:.*]] = nn.sub %[[ONE]], %[[ZZ]]
// CHECK-NEXT:    %[[DU:.*]] = nn.mul %[[DZ]], %[[D]]
// CHECK-NEXT:    %[[DX:.*]] = nn.mul %[[DU]], %[[Y]]
// CHECK-NEXT:    %[[DYW:.*]] = nn.mul %[[DU]], %[[X]]
// CHECK-NEXT:    %[[DY:.*]] = nn.reduce_sum %[[DYW]] [0] : tensor<2x3xf32>
// CHECK-NEXT:    return %[[Z]], %[[DX]], %[[DY]]
func.func @f(%x: tensor<2x3xf32>, %y: tensor<3xf32>) -> tensor<2x3xf32> {
  %u = nn.mul %x, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %z = nn.tanh %u : tensor<2x3xf32>
  return %z : tensor<2x3xf32>
}

// An op on the differentiated path with no rule is an error at the op.
func.func @g(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{'test.opaque' has no gradient rule (put the value behind nn.stop_gradient if no gradient should flow through it)}}
  %y = "test.opaque"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %z = nn.exp %y : tensor<4xf32>
  return %z : tensor<4xf32>
}
