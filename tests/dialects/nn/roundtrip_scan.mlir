// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// nn.scan in its custom form with every group and option, and nn.yield; the generic form
// prints back to the same custom form.

// CHECK-LABEL: func.func @all_groups(
func.func @all_groups(%xs: tensor<10x4x8xf32>, %h0: tensor<4x8xf32>, %w: tensor<8xf32>)
    -> (tensor<4x8xf32>, tensor<10x4x8xf32>) {
  // CHECK: %[[R:.*]]:2 = nn.scan (%[[X:.*]] = %arg0 : tensor<10x4x8xf32>) carry(%[[H:.*]] = %arg1 : tensor<4x8xf32>) invariant(%[[W:.*]] = %arg2 : tensor<8xf32>) -> (tensor<4x8xf32>, tensor<10x4x8xf32>) {
  // CHECK-NEXT: %[[A:.*]] = nn.add %[[X]], %[[H]] : tensor<4x8xf32>
  // CHECK-NEXT: %[[B:.*]] = nn.mul %[[A]], %[[W]] : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
  // CHECK-NEXT: nn.yield %[[B]], %[[A]] : tensor<4x8xf32>, tensor<4x8xf32>
  // CHECK-NEXT: }
  // CHECK-NEXT: return %[[R]]#0, %[[R]]#1
  %h, %hs = nn.scan (%x = %xs : tensor<10x4x8xf32>) carry(%hc = %h0 : tensor<4x8xf32>)
      invariant(%wi = %w : tensor<8xf32>) -> (tensor<4x8xf32>, tensor<10x4x8xf32>) {
    %a = nn.add %x, %hc : tensor<4x8xf32>
    %b = nn.mul %a, %wi : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
    nn.yield %b, %a : tensor<4x8xf32>, tensor<4x8xf32>
  }
  return %h, %hs : tensor<4x8xf32>, tensor<10x4x8xf32>
}

// CHECK-LABEL: func.func @options(
func.func @options(%xs: tensor<?x3xf64>, %ys: tensor<?x3xf64>, %c0: tensor<3xf64>,
                   %n: tensor<3xi64>) -> tensor<3xf64> {
  // CHECK: nn.scan reverse truncate(20) (%{{.*}} = %arg0 : tensor<?x3xf64>, %{{.*}} = %arg1 : tensor<?x3xf64>) carry(%{{.*}} = %arg2 : tensor<3xf64>) lengths(%arg3 : tensor<3xi64>) -> (tensor<3xf64>) {
  // CHECK: nn.yield %{{.*}} : tensor<3xf64>
  // CHECK-NEXT: } {note = "kept"}
  %c = nn.scan reverse truncate(20) (%x = %xs : tensor<?x3xf64>, %y = %ys : tensor<?x3xf64>)
      carry(%acc = %c0 : tensor<3xf64>) lengths(%n : tensor<3xi64>) -> tensor<3xf64> {
    %p = nn.mul %x, %y : tensor<3xf64>
    %s = nn.add %acc, %p : tensor<3xf64>
    nn.yield %s : tensor<3xf64>
  } {note = "kept"}
  return %c : tensor<3xf64>
}

// Options given as properties in the trailing dictionary are spelled as keywords.
// CHECK-LABEL: func.func @options_in_dictionary(
func.func @options_in_dictionary(%xs: tensor<5xi32>) -> tensor<5xi32> {
  // CHECK: nn.scan reverse truncate(2) (%{{.*}} = %arg0 : tensor<5xi32>) -> (tensor<5xi32>) {
  // CHECK: nn.yield %{{.*}} : tensor<i32>
  // CHECK-NEXT: }
  // CHECK-NEXT: return
  %ys = nn.scan (%x = %xs : tensor<5xi32>) -> tensor<5xi32> {
    %y = nn.neg %x : tensor<i32>
    nn.yield %y : tensor<i32>
  } {reverse, truncate = 2 : i64}
  return %ys : tensor<5xi32>
}

// Only carried values (no outputs), and a scan with neither carries nor outputs.
// CHECK-LABEL: func.func @no_outputs(
func.func @no_outputs(%xs: tensor<7x2xf32>, %s: tensor<2xf32>, %k: tensor<f32>) -> tensor<2xf32> {
  // CHECK: nn.scan (%{{.*}} = %arg0 : tensor<7x2xf32>) carry(%{{.*}} = %arg1 : tensor<2xf32>, %{{.*}} = %arg2 : tensor<f32>) -> (tensor<2xf32>, tensor<f32>) {
  %sum, %count = nn.scan (%x = %xs : tensor<7x2xf32>)
      carry(%acc = %s : tensor<2xf32>, %c = %k : tensor<f32>) -> (tensor<2xf32>, tensor<f32>) {
    %a = nn.add %acc, %x : tensor<2xf32>
    nn.yield %a, %c : tensor<2xf32>, tensor<f32>
  }
  // CHECK: nn.scan (%{{.*}} = %arg0 : tensor<7x2xf32>) {
  // CHECK-NEXT: nn.yield
  // CHECK-NEXT: }
  nn.scan (%x = %xs : tensor<7x2xf32>) {
    nn.yield
  }
  return %sum : tensor<2xf32>
}
