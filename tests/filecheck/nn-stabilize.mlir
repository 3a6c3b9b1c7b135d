// RUN: irc-opt %s -nn-stabilize | filecheck %s
// RUN: irc-opt %s --pass-pipeline='builtin.module(nn-stabilize{shared=false})' \
// RUN:   | filecheck %s --check-prefix=UNSHARED

// log(1 + exp(x)) -> softplus(x), with the 1 on either side, as a rank-0 tensor or a splat.
// CHECK-LABEL: func.func @softplus
// CHECK-NEXT:    %[[A:.*]] = nn.softplus %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.softplus %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.softplus %arg0 : tensor<4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]] :
func.func @softplus(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %one = arith.constant dense<1.0> : tensor<f32>
  %ones = arith.constant dense<1.0> : tensor<4xf32>
  %e = nn.exp %x : tensor<4xf32>
  %s0 = nn.add %one, %e : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %0 = nn.log %s0 : tensor<4xf32>
  %e1 = nn.exp %x : tensor<4xf32>
  %s1 = nn.add %e1, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = nn.log %s1 : tensor<4xf32>
  %e2 = nn.exp %x : tensor<4xf32>
  %s2 = nn.add %e2, %ones : tensor<4xf32>
  %2 = nn.log %s2 : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// A splat 1 of a smaller shape broadcasts into x's; a 2-D splat over a row of x does not
// keep the type (softplus(x) would be 4, the log is 3x4): no rewrite. A 1 of 2.0 is no 1.
// CHECK-LABEL: func.func @softplus_broadcast
// CHECK-DAG:     %[[CST:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<3x4xf32>
// CHECK:         %[[A:.*]] = nn.softplus %arg1 : tensor<3x4xf32>
// CHECK-NEXT:    %[[E:.*]] = nn.exp %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[S:.*]] = nn.add %[[E]], %[[ONES]] : (tensor<4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
// CHECK-NEXT:    %[[L:.*]] = nn.log %[[S]] : tensor<3x4xf32>
// CHECK-NEXT:    %[[E2:.*]] = nn.exp %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[S2:.*]] = nn.add %[[E2]], %[[CST]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[L2:.*]] = nn.log %[[S2]] : tensor<4xf32>
// CHECK-NEXT:    return %[[A]], %[[L]], %[[L2]] :
func.func @softplus_broadcast(%x: tensor<4xf32>, %m: tensor<3x4xf32>)
    -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<4xf32>) {
  %row = arith.constant dense<1.0> : tensor<4xf32>
  %ones = arith.constant dense<1.0> : tensor<3x4xf32>
  %two = arith.constant dense<2.0> : tensor<f32>
  %e = nn.exp %m : tensor<3x4xf32>
  %s = nn.add %row, %e : (tensor<4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %0 = nn.log %s : tensor<3x4xf32>
  %e1 = nn.exp %x : tensor<4xf32>
  %s1 = nn.add %ones, %e1 : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %1 = nn.log %s1 : tensor<3x4xf32>
  %e2 = nn.exp %x : tensor<4xf32>
  %s2 = nn.add %e2, %two : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = nn.log %s2 : tensor<4xf32>
  return %0, %1, %2 : tensor<3x4xf32>, tensor<3x4xf32>, tensor<4xf32>
}

// log1p(exp(x)) -> softplus(x)
// CHECK-LABEL: func.func @log1p_exp
// CHECK-NEXT:    %[[A:.*]] = nn.softplus %arg0 : tensor<8xf64>
// CHECK-NEXT:    return %[[A]]
func.func @log1p_exp(%x: tensor<8xf64>) -> tensor<8xf64> {
  %e = nn.exp %x : tensor<8xf64>
  %0 = nn.log1p %e : tensor<8xf64>
  return %0 : tensor<8xf64>
}

// An exp with another user stays for it; by default the log is rewritten anyway (the
// exp is computed twice); with shared=false only log(1 + e) -> log1p(e) applies, which
// computes nothing twice.
// CHECK-LABEL: func.func @softplus_shared
// CHECK-NEXT:    %[[E:.*]] = nn.exp %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[A:.*]] = nn.softplus %arg0 : tensor<4xf32>
// CHECK-NEXT:    return %[[A]], %[[E]] :
// UNSHARED-LABEL: func.func @softplus_shared
// UNSHARED-NEXT:    %[[E:.*]] = nn.exp %arg0 : tensor<4xf32>
// UNSHARED-NEXT:    %[[A:.*]] = nn.log1p %[[E]] : tensor<4xf32>
// UNSHARED-NEXT:    return %[[A]], %[[E]] :
func.func @softplus_shared(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %one = arith.constant dense<1.0> : tensor<f32>
  %e = nn.exp %x : tensor<4xf32>
  %s = nn.add %one, %e : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %0 = nn.log %s : tensor<4xf32>
  return %0, %e : tensor<4xf32>, tensor<4xf32>
}

// log(sigmoid(x)) -> -softplus(-x); log(1 - sigmoid(x)) -> -softplus(x); a negated
// argument is not negated twice.
// CHECK-LABEL: func.func @log_sigmoid
// CHECK-NEXT:    %[[N:.*]] = nn.neg %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[SP:.*]] = nn.softplus %[[N]] : tensor<4xf32>
// CHECK-NEXT:    %[[A:.*]] = nn.neg %[[SP]] : tensor<4xf32>
// CHECK-NEXT:    %[[SP1:.*]] = nn.softplus %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.neg %[[SP1]] : tensor<4xf32>
// CHECK-NEXT:    %[[SP2:.*]] = nn.softplus %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.neg %[[SP2]] : tensor<4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]] :
func.func @log_sigmoid(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %one = arith.constant dense<1.0> : tensor<f32>
  %s = nn.sigmoid %x : tensor<4xf32>
  %0 = nn.log %s : tensor<4xf32>
  %s1 = nn.sigmoid %x : tensor<4xf32>
  %d = nn.sub %one, %s1 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = nn.log %d : tensor<4xf32>
  %n = nn.neg %x : tensor<4xf32>
  %s2 = nn.sigmoid %n : tensor<4xf32>
  %2 = nn.log %s2 : tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// 1 - sigmoid(x) with a 1 that broadcasts the sigmoid to 2x4: no rewrite.
// CHECK-LABEL: func.func @log_one_minus_sigmoid_type_change
// CHECK:         nn.sigmoid
// CHECK-NEXT:    nn.sub
// CHECK-NEXT:    nn.log
// CHECK-NOT:     nn.softplus
func.func @log_one_minus_sigmoid_type_change(%x: tensor<4xf32>) -> tensor<2x4xf32> {
  %one = arith.constant dense<1.0> : tensor<2x4xf32>
  %s = nn.sigmoid %x : tensor<4xf32>
  %d = nn.sub %one, %s : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %0 = nn.log %d : tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// log(1 + x) -> log1p(x), either order; log(2 + x) and log(1 + x) broadcast to a bigger
// shape stay.
// CHECK-LABEL: func.func @log1p
// CHECK-DAG:     %[[TWO:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
// CHECK-DAG:     %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<2x4xf32>
// CHECK:         %[[A:.*]] = nn.log1p %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.log1p %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[S:.*]] = nn.add %arg0, %[[TWO]] : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.log %[[S]] : tensor<4xf32>
// CHECK-NEXT:    %[[S2:.*]] = nn.add %arg0, %[[ONES]] : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK-NEXT:    %[[D:.*]] = nn.log %[[S2]] : tensor<2x4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]], %[[D]] :
func.func @log1p(%x: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x4xf32>) {
  %one = arith.constant dense<1.0> : tensor<f32>
  %two = arith.constant dense<2.0> : tensor<f32>
  %ones = arith.constant dense<1.0> : tensor<2x4xf32>
  %s0 = nn.add %one, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %0 = nn.log %s0 : tensor<4xf32>
  %s1 = nn.add %x, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = nn.log %s1 : tensor<4xf32>
  %s2 = nn.add %x, %two : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = nn.log %s2 : tensor<4xf32>
  %s3 = nn.add %x, %ones : (tensor<4xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  %3 = nn.log %s3 : tensor<2x4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<2x4xf32>
}

// exp(x) - 1 -> expm1(x); so are exp(x) + (-1) and (-1) + exp(x). 1 - exp(x) stays.
// CHECK-LABEL: func.func @expm1
// CHECK:         %[[A:.*]] = nn.expm1 %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.expm1 %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.expm1 %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[E:.*]] = nn.exp %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[D:.*]] = nn.sub %{{.*}}, %[[E]]
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]], %[[D]] :
func.func @expm1(%x: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %one = arith.constant dense<1.0> : tensor<f32>
  %m1 = arith.constant dense<-1.0> : tensor<4xf32>
  %e0 = nn.exp %x : tensor<4xf32>
  %0 = nn.sub %e0, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %e1 = nn.exp %x : tensor<4xf32>
  %1 = nn.add %e1, %m1 : tensor<4xf32>
  %e2 = nn.exp %x : tensor<4xf32>
  %2 = nn.add %m1, %e2 : tensor<4xf32>
  %e3 = nn.exp %x : tensor<4xf32>
  %3 = nn.sub %one, %e3 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// 1 / (1 + exp(-x)) -> sigmoid(x), and then log(sigmoid(x)) -> -softplus(-x).
// CHECK-LABEL: func.func @sigmoid_written_out
// CHECK-NEXT:    %[[A:.*]] = nn.sigmoid %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[N:.*]] = nn.neg %arg0 : tensor<4xf32>
// CHECK-NEXT:    %[[SP:.*]] = nn.softplus %[[N]] : tensor<4xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.neg %[[SP]] : tensor<4xf32>
// CHECK-NEXT:    return %[[A]], %[[B]] :
func.func @sigmoid_written_out(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %one = arith.constant dense<1.0> : tensor<f32>
  %n = nn.neg %x : tensor<4xf32>
  %e = nn.exp %n : tensor<4xf32>
  %d = nn.add %e, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %0 = nn.div %one, %d : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %n1 = nn.neg %x : tensor<4xf32>
  %e1 = nn.exp %n1 : tensor<4xf32>
  %d1 = nn.add %one, %e1 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %s1 = nn.div %one, %d1 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = nn.log %s1 : tensor<4xf32>
  return %0, %1 : tensor<4xf32>, tensor<4xf32>
}

// The written-out sigmoid whose exp has another user stays (a sigmoid would compute the
// exp again and fix nothing).
// CHECK-LABEL: func.func @sigmoid_written_out_shared
// CHECK:         %[[E:.*]] = nn.exp
// CHECK-NEXT:    %[[D:.*]] = nn.add %[[E]]
// CHECK-NEXT:    %[[Q:.*]] = nn.div %{{.*}}, %[[D]]
// CHECK-NEXT:    return %[[Q]], %[[E]] :
func.func @sigmoid_written_out_shared(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %one = arith.constant dense<1.0> : tensor<f32>
  %n = nn.neg %x : tensor<4xf32>
  %e = nn.exp %n : tensor<4xf32>
  %d = nn.add %e, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %0 = nn.div %one, %d : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  return %0, %e : tensor<4xf32>, tensor<4xf32>
}

// log(softmax(x)) -> log_softmax(x) over the same axis.
// CHECK-LABEL: func.func @log_softmax
// CHECK-NEXT:    %[[A:.*]] = nn.log_softmax %arg0 axis 1 : tensor<4x3xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.log_softmax %arg0 axis 0 : tensor<4x3xf32>
// CHECK-NEXT:    return %[[A]], %[[B]] :
func.func @log_softmax(%x: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %s = nn.softmax %x axis 1 : tensor<4x3xf32>
  %0 = nn.log %s : tensor<4x3xf32>
  %s1 = nn.softmax %x axis 0 : tensor<4x3xf32>
  %1 = nn.log %s1 : tensor<4x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
}

// A softmax with another user stays for it (rewritten by default, not with shared=false).
// CHECK-LABEL: func.func @log_softmax_shared
// CHECK-NEXT:    %[[S:.*]] = nn.softmax %arg0 axis 1 : tensor<4x3xf32>
// CHECK-NEXT:    %[[A:.*]] = nn.log_softmax %arg0 axis 1 : tensor<4x3xf32>
// CHECK-NEXT:    return %[[A]], %[[S]] :
// UNSHARED-LABEL: func.func @log_softmax_shared
// UNSHARED-NEXT:    %[[S:.*]] = nn.softmax %arg0 axis 1 : tensor<4x3xf32>
// UNSHARED-NEXT:    %[[A:.*]] = nn.log %[[S]] : tensor<4x3xf32>
// UNSHARED-NEXT:    return %[[A]], %[[S]] :
func.func @log_softmax_shared(%x: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %s = nn.softmax %x axis 1 : tensor<4x3xf32>
  %0 = nn.log %s : tensor<4x3xf32>
  return %0, %s : tensor<4x3xf32>, tensor<4x3xf32>
}

// log(reduce_sum(exp(x))) -> logsumexp(x) with the same axes and keepdims; a sum of
// something else than an exp stays, and so does a log of a reduce_mean.
// CHECK-LABEL: func.func @logsumexp
// CHECK-NEXT:    %[[A:.*]] = nn.logsumexp %arg0 [1] keepdims : tensor<4x3xf32>
// CHECK-NEXT:    %[[B:.*]] = nn.logsumexp %arg0 [0, 1] : tensor<4x3xf32>
// CHECK-NEXT:    %[[T:.*]] = nn.tanh %arg0
// CHECK-NEXT:    %[[R:.*]] = nn.reduce_sum %[[T]] [1]
// CHECK-NEXT:    %[[C:.*]] = nn.log %[[R]]
// CHECK-NEXT:    %[[E:.*]] = nn.exp %arg0
// CHECK-NEXT:    %[[M:.*]] = nn.reduce_mean %[[E]] [1]
// CHECK-NEXT:    %[[D:.*]] = nn.log %[[M]]
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]], %[[D]] :
func.func @logsumexp(%x: tensor<4x3xf32>)
    -> (tensor<4x1xf32>, tensor<f32>, tensor<4xf32>, tensor<4xf32>) {
  %e = nn.exp %x : tensor<4x3xf32>
  %r = nn.reduce_sum %e [1] keepdims : tensor<4x3xf32>
  %0 = nn.log %r : tensor<4x1xf32>
  %e1 = nn.exp %x : tensor<4x3xf32>
  %r1 = nn.reduce_sum %e1 [0, 1] : tensor<4x3xf32>
  %1 = nn.log %r1 : tensor<f32>
  %t = nn.tanh %x : tensor<4x3xf32>
  %r2 = nn.reduce_sum %t [1] : tensor<4x3xf32>
  %2 = nn.log %r2 : tensor<4xf32>
  %e3 = nn.exp %x : tensor<4x3xf32>
  %r3 = nn.reduce_mean %e3 [1] : tensor<4x3xf32>
  %3 = nn.log %r3 : tensor<4xf32>
  return %0, %1, %2, %3 : tensor<4x1xf32>, tensor<f32>, tensor<4xf32>, tensor<4xf32>
}

// cross_entropy(softmax(x), y) -> softmax_cross_entropy(x, y) with the same reduction,
// for a softmax over the classes (the last dimension) only.
// CHECK-LABEL: func.func @softmax_cross_entropy
// CHECK-NEXT:    %[[A:.*]] = nn.softmax_cross_entropy %arg0, %arg1 reduction sum : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<f32>
// CHECK-NEXT:    %[[B:.*]] = nn.softmax_cross_entropy %arg0, %arg1 reduction none : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<4xf32>
// CHECK-NEXT:    %[[S:.*]] = nn.softmax %arg0 axis 0 : tensor<4x3xf32>
// CHECK-NEXT:    %[[C:.*]] = nn.cross_entropy %[[S]], %arg1
// CHECK-NEXT:    return %[[A]], %[[B]], %[[C]] :
func.func @softmax_cross_entropy(%x: tensor<4x3xf32>, %y: tensor<4xi32>)
    -> (tensor<f32>, tensor<4xf32>, tensor<f32>) {
  %s = nn.softmax %x axis 1 : tensor<4x3xf32>
  %0 = nn.cross_entropy %s, %y reduction sum : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<f32>
  %1 = nn.cross_entropy %s, %y reduction none : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<4xf32>
  %s1 = nn.softmax %x axis 0 : tensor<4x3xf32>
  %2 = nn.cross_entropy %s1, %y : (tensor<4x3xf32>, tensor<4xi32>) -> tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<4xf32>, tensor<f32>
}
