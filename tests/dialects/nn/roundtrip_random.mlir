// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// Every random op of the nn dialect in its custom form: keys from seeds, splits and
// folds, and draws with static shapes and with `like` giving `?` sizes.

// CHECK-LABEL: func.func @keys(
// CHECK-SAME: %[[KEY:.*]]: !nn.key, %[[SEED:.*]]: tensor<i64>, %[[STEP:.*]]: tensor<i32>
func.func @keys(%key: !nn.key, %seed: tensor<i64>, %step: tensor<i32>) -> !nn.key {
  // CHECK: %[[K0:.*]] = nn.random_key 42
  %k0 = nn.random_key 42
  // CHECK: nn.random_key -7 {note = "negative"}
  %k1 = nn.random_key -7 {note = "negative"}
  // CHECK: %[[K2:.*]] = nn.random_key %[[SEED]] : tensor<i64>
  %k2 = nn.random_key %seed : tensor<i64>
  // CHECK: %[[S:.*]]:3 = nn.random_split %[[KEY]] into 3
  %s:3 = nn.random_split %key into 3
  // CHECK: nn.random_split %[[K0]] into 1
  %one = nn.random_split %k0 into 1
  // CHECK: %[[F:.*]] = nn.random_fold %[[S]]#2, %[[STEP]] : tensor<i32>
  %f = nn.random_fold %s#2, %step : tensor<i32>
  // CHECK: nn.random_fold %[[F]], %[[SEED]] : tensor<i64>
  %g = nn.random_fold %f, %seed : tensor<i64>
  // CHECK: return %[[K2]] : !nn.key
  return %k2 : !nn.key
}

// CHECK-LABEL: func.func @draws(
// CHECK-SAME: %[[KEY:.*]]: !nn.key, %[[X:.*]]: tensor<?x8xf16>, %[[P:.*]]: tensor<4x?xf64>
func.func @draws(%key: !nn.key, %x: tensor<?x8xf16>, %p: tensor<4x?xf64>) {
  // CHECK: nn.random_bits %[[KEY]] : tensor<16xi32>
  %b = nn.random_bits %key : tensor<16xi32>
  // CHECK: nn.random_bits %[[KEY]] like %[[X]] : tensor<?x8xf16> -> tensor<?x8xi64>
  %b64 = nn.random_bits %key like %x : tensor<?x8xf16> -> tensor<?x8xi64>
  // CHECK: nn.random_uniform %[[KEY]] : tensor<4x8xf32>
  %u = nn.random_uniform %key : tensor<4x8xf32>
  // CHECK: nn.random_uniform %[[KEY]] : tensor<f64>
  %u0 = nn.random_uniform %key : tensor<f64>
  // CHECK: nn.random_uniform %[[KEY]] like %[[X]] : tensor<?x8xf16>
  %uh = nn.random_uniform %key like %x : tensor<?x8xf16>
  // CHECK: nn.random_uniform %[[KEY]] like %[[X]] : tensor<?x8xf16> -> tensor<5x8xf32>
  %us = nn.random_uniform %key like %x : tensor<?x8xf16> -> tensor<5x8xf32>
  // CHECK: nn.random_normal %[[KEY]] {seedless} : tensor<3xf16>
  %z = nn.random_normal %key {seedless} : tensor<3xf16>
  // CHECK: nn.random_normal %[[KEY]] like %[[X]] : tensor<?x8xf16> -> tensor<?x8xf64>
  %zd = nn.random_normal %key like %x : tensor<?x8xf16> -> tensor<?x8xf64>
  // CHECK: nn.random_bernoulli %[[KEY]], %[[P]] : tensor<4x?xf64>
  %m = nn.random_bernoulli %key, %p : tensor<4x?xf64>
  // CHECK: nn.random_bernoulli %[[KEY]], %[[P]] : tensor<4x?xf64> -> tensor<4x?xi1>
  %mask = nn.random_bernoulli %key, %p : tensor<4x?xf64> -> tensor<4x?xi1>
  return
}
