// RUN: irc-opt %s -canonicalize | filecheck %s

// The nn dialect's folds (irc/dialects/nn_folds.py) and canonicalization patterns
// (irc/dialects/nn_canonicalize.py). Every rewrite is exact and keeps the result type.

// Constant operands fold through the interpreter's kernels (integer division rounds
// toward zero: -7 / 3 is -2), into nn.constant ops.
// CHECK-LABEL: func.func @constant_operands
// CHECK-DAG:     %[[A:.*]] = nn.constant dense<[3.000000e+00, 1.000000e+00]> : tensor<2xf32>
// CHECK-DAG:     %[[B:.*]] = nn.constant dense<[true, false]> : tensor<2xi1>
// CHECK-DAG:     %[[C:.*]] = nn.constant dense<[2, -2]> : tensor<2xi32>
// CHECK-NOT:     nn.
// CHECK:         return %[[A]], %[[B]], %[[C]] :
func.func @constant_operands() -> (tensor<2xf32>, tensor<2xi1>, tensor<2xi32>) {
  %a = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %b = arith.constant dense<[3.0, 0.5]> : tensor<2xf32>
  %two = arith.constant dense<2.0> : tensor<f32>
  %0 = nn.mul %a, %b : tensor<2xf32>
  %1 = nn.lt %a, %two : (tensor<2xf32>, tensor<f32>) -> tensor<2xi1>
  %i = arith.constant dense<[7, -7]> : tensor<2xi32>
  %three = arith.constant dense<3> : tensor<i32>
  %2 = nn.div %i, %three : (tensor<2xi32>, tensor<i32>) -> tensor<2xi32>
  return %0, %1, %2 : tensor<2xf32>, tensor<2xi1>, tensor<2xi32>
}

// No fold where the kernel reports an error (an integer division by zero), nor beyond
// 1024 result elements.
// CHECK-LABEL: func.func @constant_operands_not_folded
// CHECK:         nn.div
// CHECK:         nn.exp
// CHECK:         return
func.func @constant_operands_not_folded() -> (tensor<2xi32>, tensor<2048xf32>) {
  %i = arith.constant dense<[7, -7]> : tensor<2xi32>
  %zero = arith.constant dense<[1, 0]> : tensor<2xi32>
  %0 = nn.div %i, %zero : tensor<2xi32>
  %big = arith.constant dense<0.5> : tensor<2048xf32>
  %1 = nn.exp %big : tensor<2048xf32>
  return %0, %1 : tensor<2xi32>, tensor<2048xf32>
}

// x + (-0.0), x - 0.0, x * 1, 1 * x, x / 1, pow(x, 1), maximum(x, x) and a cast to the
// same type are x.
// CHECK-LABEL: func.func @identities
// CHECK-NEXT:    return %arg0, %arg0, %arg0, %arg0, %arg0, %arg0, %arg0, %arg1 :
func.func @identities(%x: tensor<4xf32>, %i: tensor<4xi32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
        tensor<4xf32>, tensor<4xf32>, tensor<4xi32>) {
  %nz = arith.constant dense<-0.0> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<4xf32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %0 = nn.add %x, %nz : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = nn.sub %x, %z : tensor<4xf32>
  %2 = nn.mul %x, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %3 = nn.mul %one, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = nn.div %x, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %5 = nn.pow %x, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %6 = nn.maximum %x, %x : tensor<4xf32>
  %7 = nn.cast %i : tensor<4xi32> to tensor<4xi32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
      tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>
}

// Not identities: x + 0.0 (-0.0 + 0.0 is +0.0), x - (-0.0), x * 2, x * 1 that broadcasts
// x to a bigger shape, stop_gradient (it changes the gradient).
// CHECK-LABEL: func.func @not_identities
// CHECK:         nn.add %arg0
// CHECK:         nn.sub %arg0
// CHECK:         nn.mul %arg0
// CHECK:         nn.mul %arg0
// CHECK:         nn.stop_gradient %arg0
// CHECK:         return
func.func @not_identities(%x: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3x4xf32>, tensor<4xf32>) {
  %z = arith.constant dense<0.0> : tensor<f32>
  %nz = arith.constant dense<-0.0> : tensor<f32>
  %two = arith.constant dense<2.0> : tensor<f32>
  %ones = arith.constant dense<1.0> : tensor<3x4xf32>
  %0 = nn.add %x, %z : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = nn.sub %x, %nz : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = nn.mul %x, %two : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %3 = nn.mul %x, %ones : (tensor<4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %4 = nn.stop_gradient %x : tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3x4xf32>,
      tensor<4xf32>
}

// Integer identities: x + 0 and 0 + x, x - 0.
// CHECK-LABEL: func.func @integer_identities
// CHECK-NEXT:    return %arg0, %arg0, %arg0 :
func.func @integer_identities(%i: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %z = arith.constant dense<0> : tensor<i32>
  %0 = nn.add %i, %z : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %1 = nn.add %z, %i : (tensor<i32>, tensor<4xi32>) -> tensor<4xi32>
  %2 = nn.sub %i, %z : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  return %0, %1, %2 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// select(c, x, x) -> x; select of a constant condition picks a side.
// CHECK-LABEL: func.func @select
// CHECK-NEXT:    return %arg1, %arg1, %arg2 :
func.func @select(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %t = arith.constant dense<true> : tensor<i1>
  %f = arith.constant dense<false> : tensor<4xi1>
  %0 = nn.select %c, %a, %a : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = nn.select %t, %a, %b : (tensor<i1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %2 = nn.select %f, %a, %b : (tensor<4xi1>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// neg(neg(x)) -> x; sub(x, neg(y)) -> add(x, y); add(x, neg(y)) and add(neg(y), x) ->
// sub(x, y); a negated scalar broadcast into x keeps the shapes.
// CHECK-LABEL: func.func @negations
// CHECK-NEXT:    %[[A:.*]] = nn.add %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.sub %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.sub %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT:    %[[D:.*]] = nn.add %arg0, %arg2 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT:    return %arg0, %[[A]], %[[B]], %[[C]], %[[D]] :
func.func @negations(%x: tensor<4xf32>, %y: tensor<4xf32>, %s: tensor<f32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %n = nn.neg %x : tensor<4xf32>
  %0 = nn.neg %n : tensor<4xf32>
  %ny = nn.neg %y : tensor<4xf32>
  %1 = nn.sub %x, %ny : tensor<4xf32>
  %2 = nn.add %x, %ny : tensor<4xf32>
  %3 = nn.add %ny, %x : tensor<4xf32>
  %ns = nn.neg %s : tensor<f32>
  %4 = nn.sub %x, %ns : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
      tensor<4xf32>
}

// mul(neg x, neg y) -> mul(x, y); div likewise for floats; x * -1 and x / -1.0 and
// -0.0 - x are neg(x). 0.0 - x is not (0.0 - 0.0 is +0.0).
// CHECK-LABEL: func.func @signs
// CHECK-DAG:     %[[Z:.*]] = arith.constant dense<0.000000e+00> : tensor<f32>
// CHECK:         %[[A:.*]] = nn.mul %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.div %arg0, %arg1 : tensor<4xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.neg %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[D:.*]] = nn.neg %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[E:.*]] = nn.neg %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[F:.*]] = nn.sub %[[Z]], %arg0 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]], %[[F]] :
func.func @signs(%x: tensor<4xf32>, %y: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
        tensor<4xf32>) {
  %m1 = arith.constant dense<-1.0> : tensor<f32>
  %nz = arith.constant dense<-0.0> : tensor<f32>
  %z = arith.constant dense<0.0> : tensor<f32>
  %nx = nn.neg %x : tensor<4xf32>
  %ny = nn.neg %y : tensor<4xf32>
  %0 = nn.mul %nx, %ny : tensor<4xf32>
  %1 = nn.div %nx, %ny : tensor<4xf32>
  %2 = nn.mul %m1, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = nn.div %x, %m1 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %4 = nn.sub %nz, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %5 = nn.sub %z, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
      tensor<4xf32>, tensor<4xf32>
}

// Integer division of two negations stays (-MIN wraps); x * -1 of a bigger constant
// would change the type and stays.
// CHECK-LABEL: func.func @signs_not_rewritten
// CHECK:         nn.div %{{.*}}, %{{.*}} : tensor<4xi32>
// CHECK:         nn.mul %arg2, %{{.*}} : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
func.func @signs_not_rewritten(%a: tensor<4xi32>, %b: tensor<4xi32>, %x: tensor<4xf32>)
    -> (tensor<4xi32>, tensor<2x4xf32>) {
  %m1 = arith.constant dense<-1.0> : tensor<2x4xf32>
  %na = nn.neg %a : tensor<4xi32>
  %nb = nn.neg %b : tensor<4xi32>
  %0 = nn.div %na, %nb : tensor<4xi32>
  %1 = nn.mul %x, %m1 : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return %0, %1 : tensor<4xi32>, tensor<2x4xf32>
}

// abs(neg x) -> abs x; abs, relu and sign applied twice are applied once.
// CHECK-LABEL: func.func @idempotent
// CHECK-NEXT:    %[[A:.*]] = nn.abs %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[R:.*]] = nn.relu %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[S:.*]] = nn.sign %arg0 : tensor<4xf32>
// CHECK-NEXT:    return %[[A]], %[[R]], %[[S]] :
func.func @idempotent(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %n = nn.neg %x : tensor<4xf32>
  %a = nn.abs %n : tensor<4xf32>
  %0 = nn.abs %a : tensor<4xf32>
  %r = nn.relu %x : tensor<4xf32>
  %1 = nn.relu %r : tensor<4xf32>
  %s = nn.sign %x : tensor<4xf32>
  %2 = nn.sign %s : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// transpose(transpose(x)) is one transpose by the composed permutation, or x.
// CHECK-LABEL: func.func @transposes
// CHECK-NEXT:    %[[T:.*]] = nn.transpose %arg0 [2, 1, 0] : tensor<2x3x4xf32>
// CHECK-NEXT:    return %[[T]], %arg0 :
func.func @transposes(%x: tensor<2x3x4xf32>) -> (tensor<4x3x2xf32>, tensor<2x3x4xf32>) {
  %t = nn.transpose %x [1, 2, 0] : tensor<2x3x4xf32>
  %0 = nn.transpose %t [1, 0, 2] : tensor<3x4x2xf32>
  %t2 = nn.transpose %x [2, 0, 1] : tensor<2x3x4xf32>
  %1 = nn.transpose %t2 [1, 2, 0] : tensor<4x2x3xf32>
  return %0, %1 : tensor<4x3x2xf32>, tensor<2x3x4xf32>
}

// Chains of reshapes, expand_dims and squeezes with a reshape are one reshape; a reshape
// to the operand's type is the operand.
// CHECK-LABEL: func.func @reshapes
// CHECK-NEXT:    %[[A:.*]] = nn.reshape %arg0 : tensor<2x3x4xf32> to tensor<6x4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.reshape %arg0 : tensor<2x3x4xf32> to tensor<1x24x1xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.reshape %arg1 : tensor<1x4xf32> to tensor<2x2xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]], %arg0 :
func.func @reshapes(%x: tensor<2x3x4xf32>, %y: tensor<1x4xf32>)
    -> (tensor<6x4xf32>, tensor<1x24x1xf32>, tensor<2x2xf32>, tensor<2x3x4xf32>) {
  %r = nn.reshape %x : tensor<2x3x4xf32> to tensor<24xf32>
  %0 = nn.reshape %r : tensor<24xf32> to tensor<6x4xf32>
  %1 = nn.expand_dims %r [0, 2] : tensor<24xf32>
  %s = nn.squeeze %y [0] : tensor<1x4xf32>
  %2 = nn.reshape %s : tensor<4xf32> to tensor<2x2xf32>
  %r3 = nn.reshape %x : tensor<2x3x4xf32> to tensor<6x4xf32>
  %3 = nn.reshape %r3 : tensor<6x4xf32> to tensor<2x3x4xf32>
  return %0, %1, %2, %3 : tensor<6x4xf32>, tensor<1x24x1xf32>, tensor<2x2xf32>, tensor<2x3x4xf32>
}

// expand_dims and squeeze over the same axes cancel; squeeze then expand_dims does not
// when the squeezed size was `?` (the type would change). Two expand_dims (two squeezes)
// are one.
// CHECK-LABEL: func.func @expand_squeeze
// CHECK-NEXT:    %[[S:.*]] = nn.squeeze %arg2 [0] : tensor<?x4xf32>
// CHECK-NEXT:    %[[E:.*]] = nn.expand_dims %[[S]] [0] : tensor<4xf32>
// CHECK-NEXT:    %[[A:.*]] = nn.expand_dims %arg0 [0, 2, 5] : tensor<2x3x4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.squeeze %arg3 [0, 2] : tensor<1x4x1xf32>
// CHECK-NEXT:    return %arg1, %arg1, %[[E]], %[[A]], %[[B]] :
func.func @expand_squeeze(%x: tensor<2x3x4xf32>, %y: tensor<1x4xf32>, %z: tensor<?x4xf32>,
    %w: tensor<1x4x1xf32>)
    -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x2x1x3x4x1xf32>,
        tensor<4xf32>) {
  %s = nn.squeeze %y [0] : tensor<1x4xf32>
  %0 = nn.expand_dims %s [0] : tensor<4xf32>
  %e = nn.expand_dims %y [1] : tensor<1x4xf32>
  %1 = nn.squeeze %e [1] : tensor<1x1x4xf32>
  %sz = nn.squeeze %z [0] : tensor<?x4xf32>
  %2 = nn.expand_dims %sz [0] : tensor<4xf32>
  %e1 = nn.expand_dims %x [0, 2] : tensor<2x3x4xf32>
  %3 = nn.expand_dims %e1 [5] : tensor<1x2x1x3x4xf32>
  %s1 = nn.squeeze %w [2] : tensor<1x4x1xf32>
  %4 = nn.squeeze %s1 [0] : tensor<1x4xf32>
  return %0, %1, %2, %3, %4 : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>,
      tensor<1x2x1x3x4x1xf32>, tensor<4xf32>
}

// broadcast_to(broadcast_to(x)) is one broadcast_to; to the operand's type it is x.
// CHECK-LABEL: func.func @broadcasts
// CHECK-NEXT:    %[[B:.*]] = nn.broadcast_to %arg0 : tensor<1x4xf32> to tensor<5x3x4xf32>
// CHECK-NEXT:    return %[[B]], %arg0 :
func.func @broadcasts(%y: tensor<1x4xf32>) -> (tensor<5x3x4xf32>, tensor<1x4xf32>) {
  %b = nn.broadcast_to %y : tensor<1x4xf32> to tensor<3x4xf32>
  %0 = nn.broadcast_to %b : tensor<3x4xf32> to tensor<5x3x4xf32>
  %1 = nn.broadcast_to %y : tensor<1x4xf32> to tensor<1x4xf32>
  return %0, %1 : tensor<5x3x4xf32>, tensor<1x4xf32>
}

// Shape identities: the identity transpose, a whole slice, reduce_max over no axes; a
// reduce_sum over no axes stays (the interpreter's float sum makes -0.0 +0.0).
// CHECK-LABEL: func.func @shape_identities
// CHECK-NEXT:    %[[S:.*]] = nn.reduce_sum %arg0 [] : tensor<4x3xf32>
// CHECK-NEXT:    return %arg0, %arg0, %arg0, %[[S]] :
func.func @shape_identities(%x: tensor<4x3xf32>)
    -> (tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>) {
  %0 = nn.transpose %x [0, 1] : tensor<4x3xf32>
  %1 = nn.slice %x starts [0, 0] sizes [4, 3] strides [1, 1] : tensor<4x3xf32>
  %2 = nn.reduce_max %x [] : tensor<4x3xf32>
  %3 = nn.reduce_sum %x [] : tensor<4x3xf32>
  return %0, %1, %2, %3 : tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>, tensor<4x3xf32>
}

// Shape and reducing ops of constants fold; an element move of a splat folds at any size.
// CHECK-LABEL: func.func @shape_constants
// CHECK-DAG:     %[[B:.*]] = nn.constant dense<2.000000e+00> : tensor<64x64xf32>
// CHECK-DAG:     %[[T:.*]] = nn.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// CHECK-DAG:     %[[S:.*]] = nn.constant dense<[5.000000e+00, 7.000000e+00, 9.000000e+00]> : tensor<3xf32>
// CHECK-NOT:     nn.transpose
// CHECK:         return %[[B]], %[[T]], %[[S]] :
func.func @shape_constants() -> (tensor<64x64xf32>, tensor<3x2xf32>, tensor<3xf32>) {
  %s = nn.constant dense<2.0> : tensor<f32>
  %0 = nn.broadcast_to %s : tensor<f32> to tensor<64x64xf32>
  %c = nn.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %1 = nn.transpose %c [1, 0] : tensor<2x3xf32>
  %2 = nn.reduce_sum %c [0] : tensor<2x3xf32>
  return %0, %1, %2 : tensor<64x64xf32>, tensor<3x2xf32>, tensor<3xf32>
}

// A cast through a type that holds every value, and back, is the operand: f32 -> f64,
// i16 -> f32 (24 significand bits hold 15). Not i32 -> f32, f32 -> f16, i16 -> f16.
// CHECK-LABEL: func.func @cast_round_trips
// CHECK-NEXT:    %[[A:.*]] = nn.cast %arg2 : tensor<4xi32> to tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.cast %[[A]] : tensor<4xf32> to tensor<4xi32>
// CHECK-NEXT:    %[[C:.*]] = nn.cast %arg0 : tensor<4xf32> to tensor<4xf16>
// CHECK-NEXT:    %[[D:.*]] = nn.cast %[[C]] : tensor<4xf16> to tensor<4xf32>
// CHECK-NEXT:    %[[E:.*]] = nn.cast %arg1 : tensor<4xi16> to tensor<4xf16>
// CHECK-NEXT:    %[[F:.*]] = nn.cast %[[E]] : tensor<4xf16> to tensor<4xi16>
// CHECK-NEXT:    return %arg0, %arg1, %[[B]], %[[D]], %[[F]], %arg1 :
func.func @cast_round_trips(%x: tensor<4xf32>, %i: tensor<4xi16>, %j: tensor<4xi32>)
    -> (tensor<4xf32>, tensor<4xi16>, tensor<4xi32>, tensor<4xf32>, tensor<4xi16>,
        tensor<4xi16>) {
  %a = nn.cast %x : tensor<4xf32> to tensor<4xf64>
  %0 = nn.cast %a : tensor<4xf64> to tensor<4xf32>
  %b = nn.cast %i : tensor<4xi16> to tensor<4xf32>
  %1 = nn.cast %b : tensor<4xf32> to tensor<4xi16>
  %c = nn.cast %j : tensor<4xi32> to tensor<4xf32>
  %2 = nn.cast %c : tensor<4xf32> to tensor<4xi32>
  %d = nn.cast %x : tensor<4xf32> to tensor<4xf16>
  %3 = nn.cast %d : tensor<4xf16> to tensor<4xf32>
  %e = nn.cast %i : tensor<4xi16> to tensor<4xf16>
  %4 = nn.cast %e : tensor<4xf16> to tensor<4xi16>
  %w = nn.cast %i : tensor<4xi16> to tensor<4xi64>
  %5 = nn.cast %w : tensor<4xi64> to tensor<4xi16>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xi16>, tensor<4xi32>, tensor<4xf32>,
      tensor<4xi16>, tensor<4xi16>
}

// A negation moves into a constant factor or divisor: neg(x * c) and (-x) * c are
// x * (-c), neg(x / c) and (-x) / c are x / (-c) for floats. relu(abs(x)) is abs(x).
// CHECK-LABEL: func.func @negated_constants
// CHECK-DAG:     %[[M:.*]] = nn.constant dense<[-2.000000e+00, 3.000000e+00, -0.000000e+00, 1.000000e+00]> : tensor<4xf32>
// CHECK-DAG:     %[[H:.*]] = nn.constant dense<-5.000000e-01> : tensor<f32>
// CHECK-DAG:     %[[I:.*]] = nn.constant dense<-3> : tensor<i32>
// CHECK:         %[[A:.*]] = nn.mul %arg0, %[[M]] : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.mul %arg0, %[[H]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.div %arg0, %[[H]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[D:.*]] = nn.div %arg0, %[[H]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[E:.*]] = nn.mul %arg1, %[[I]] : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
// CHECK-NEXT:    %[[F:.*]] = nn.abs %arg0 : tensor<4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]], %[[D]], %[[E]], %[[F]] :
func.func @negated_constants(%x: tensor<4xf32>, %i: tensor<4xi32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xi32>,
        tensor<4xf32>) {
  %c = nn.constant dense<[2.0, -3.0, 0.0, -1.0]> : tensor<4xf32>
  %half = nn.constant dense<0.5> : tensor<f32>
  %three = nn.constant dense<3> : tensor<i32>
  %m = nn.mul %x, %c : tensor<4xf32>
  %0 = nn.neg %m : tensor<4xf32>
  %nx = nn.neg %x : tensor<4xf32>
  %1 = nn.mul %nx, %half : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %d = nn.div %x, %half : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = nn.neg %d : tensor<4xf32>
  %3 = nn.div %nx, %half : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %ni = nn.neg %i : tensor<4xi32>
  %4 = nn.mul %ni, %three : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %a = nn.abs %x : tensor<4xf32>
  %5 = nn.relu %a : tensor<4xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
      tensor<4xi32>, tensor<4xf32>
}

// Integer division keeps its negation (-(x / MIN) is not x / -MIN); an integer
// relu(abs(x)) keeps its relu (abs of MIN is MIN, which relu makes 0).
// CHECK-LABEL: func.func @negated_integer_division
// CHECK:         nn.div
// CHECK-NEXT:    nn.neg
// CHECK-NEXT:    nn.abs
// CHECK-NEXT:    nn.relu
func.func @negated_integer_division(%i: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>) {
  %three = nn.constant dense<3> : tensor<i32>
  %d = nn.div %i, %three : (tensor<4xi32>, tensor<i32>) -> tensor<4xi32>
  %0 = nn.neg %d : tensor<4xi32>
  %a = nn.abs %i : tensor<4xi32>
  %1 = nn.relu %a : tensor<4xi32>
  return %0, %1 : tensor<4xi32>, tensor<4xi32>
}
