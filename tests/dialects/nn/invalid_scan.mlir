// RUN: irc-opt %s -split-input-file -verify-diagnostics
// Each case is one rule of nn.scan and nn.yield (custom-form parsing, then the verifier),
// with its message.

func.func @f(%s: tensor<f32>) {
  // expected-error@+1 {{custom op 'nn.scan' sequence %s of type tensor<f32> has no leading dimension to scan over}}
  nn.scan (%x = %s : tensor<f32>) {
    nn.yield
  }
  return
}

// -----

func.func @f(%h0: tensor<4xf32>) {
  // expected-error@+1 {{custom op 'nn.scan' expected '('}}
  nn.scan carry(%h = %h0 : tensor<4xf32>) -> (tensor<4xf32>) {
    nn.yield %h : tensor<4xf32>
  }
  return
}

// -----

func.func @f() {
  // expected-error@+1 {{'nn.scan' op needs at least one sequence to scan over (the number of steps is its leading dimension)}}
  "nn.scan"() <{operandSegmentSizes = array<i32: 0, 0, 0, 0>}> ({
    "nn.yield"() : () -> ()
  }) : () -> ()
  return
}

// -----

func.func @f(%s: tensor<f32>) {
  // expected-error@+1 {{'nn.scan' op sequence #0 of type tensor<f32> has no leading dimension to scan over}}
  "nn.scan"(%s) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>}> ({
  ^bb0(%x: tensor<f32>):
    "nn.yield"() : () -> ()
  }) : (tensor<f32>) -> ()
  return
}

// -----

func.func @f(%a: tensor<10x4xf32>, %b: tensor<?x2xf32>, %c: tensor<12x4xf32>) {
  // expected-error@+1 {{'nn.scan' op sequences have different numbers of steps: 10 in sequence #0 (tensor<10x4xf32>) and 12 in sequence #2 (tensor<12x4xf32>)}}
  nn.scan (%x = %a : tensor<10x4xf32>, %y = %b : tensor<?x2xf32>, %z = %c : tensor<12x4xf32>) {
    nn.yield
  }
  return
}

// -----

func.func @f(%i: i32) {
  // expected-error@+1 {{'nn.scan' op operand #0 must be tensor, but got 'i32'}}
  "nn.scan"(%i) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>}> ({
  ^bb0(%x: i32):
    "nn.yield"() : () -> ()
  }) : (i32) -> ()
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>) {
  // expected-error@+1 {{'nn.scan' op truncate must be a positive number of steps, got 0}}
  nn.scan truncate(0) (%x = %s : tensor<3x2xf32>) {
    nn.yield
  }
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>) {
  // expected-error@+1 {{'nn.scan' op attribute 'truncate' failed to satisfy constraint: 64-bit signless integer attribute}}
  "nn.scan"(%s) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>, truncate = "all"}> ({
  ^bb0(%x: tensor<2xf32>):
    "nn.yield"() : () -> ()
  }) : (tensor<3x2xf32>) -> ()
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %n: tensor<2x1xi32>) {
  // expected-error@+1 {{'nn.scan' op lengths must be a rank-1 tensor (one length per batch row), got tensor<2x1xi32>}}
  nn.scan (%x = %s : tensor<3x2xf32>) lengths(%n : tensor<2x1xi32>) {
    nn.yield
  }
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %n: tensor<2xf32>) {
  // expected-error@+1 {{'nn.scan' op operand #1 must be tensor of integers, but got 'tensor<2xf32>'}}
  nn.scan (%x = %s : tensor<3x2xf32>) lengths(%n : tensor<2xf32>) {
    nn.yield
  }
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %h0: tensor<2xf32>) {
  // expected-error@+1 {{'nn.scan' op has 0 results but 1 carried values: the results are the final carried values, then the stacked outputs}}
  "nn.scan"(%s, %h0) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>}> ({
  ^bb0(%x: tensor<2xf32>, %h: tensor<2xf32>):
    "nn.yield"(%h) : (tensor<2xf32>) -> ()
  }) : (tensor<3x2xf32>, tensor<2xf32>) -> ()
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %h0: tensor<2xf32>) {
  // expected-error@+1 {{'nn.scan' op result #0 has type tensor<2xf64>, but carried value #0 has type tensor<2xf32>}}
  %r = "nn.scan"(%s, %h0) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>}> ({
  ^bb0(%x: tensor<2xf32>, %h: tensor<2xf32>):
    "nn.yield"(%h) : (tensor<2xf32>) -> ()
  }) : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<2xf64>
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>) {
  // expected-error@+1 {{'nn.scan' op needs a body: a region with one block}}
  "nn.scan"(%s) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>}> ({
  }) : (tensor<3x2xf32>) -> ()
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %h0: tensor<2xf32>, %w: tensor<2xf32>) {
  // expected-error@+1 {{'nn.scan' op body has 2 arguments but needs 3: 1 sequence slices, 1 carried values and 1 invariants}}
  %r = "nn.scan"(%s, %h0, %w) <{operandSegmentSizes = array<i32: 1, 1, 1, 0>}> ({
  ^bb0(%x: tensor<2xf32>, %h: tensor<2xf32>):
    "nn.yield"(%h) : (tensor<2xf32>) -> ()
  }) : (tensor<3x2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>) {
  // expected-error@+1 {{'nn.scan' op body argument #0 has type tensor<3x2xf32>, but a slice of sequence #0 (tensor<3x2xf32>) has type tensor<2xf32>}}
  "nn.scan"(%s) <{operandSegmentSizes = array<i32: 1, 0, 0, 0>}> ({
  ^bb0(%x: tensor<3x2xf32>):
    "nn.yield"() : () -> ()
  }) : (tensor<3x2xf32>) -> ()
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %h0: tensor<2xf32>) {
  // expected-error@+1 {{'nn.scan' op body argument #1 has type tensor<2xf64>, but carried value #0 has type tensor<2xf32>}}
  %r = "nn.scan"(%s, %h0) <{operandSegmentSizes = array<i32: 1, 1, 0, 0>}> ({
  ^bb0(%x: tensor<2xf32>, %h: tensor<2xf64>):
    "nn.yield"(%h0) : (tensor<2xf32>) -> ()
  }) : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %w: tensor<2xf32>) {
  // expected-error@+1 {{'nn.scan' op body argument #1 has type tensor<?xf32>, but invariant #0 has type tensor<2xf32>}}
  "nn.scan"(%s, %w) <{operandSegmentSizes = array<i32: 1, 0, 1, 0>}> ({
  ^bb0(%x: tensor<2xf32>, %v: tensor<?xf32>):
    "nn.yield"() : () -> ()
  }) : (tensor<3x2xf32>, tensor<2xf32>) -> ()
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>) {
  // expected-error@+1 {{'nn.scan' op body must end with 'nn.yield', found 'scf.yield'}}
  nn.scan (%x = %s : tensor<3x2xf32>) {
    // expected-note@+1 {{terminator here}}
    scf.yield
  }
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %h0: tensor<2xf32>) {
  // expected-error@+1 {{'nn.scan' op nn.yield gives 1 values but needs 2: 1 carried values, then 1 per-step outputs (one per result after the carried values)}}
  %h, %hs = nn.scan (%x = %s : tensor<3x2xf32>) carry(%c = %h0 : tensor<2xf32>)
      -> (tensor<2xf32>, tensor<3x2xf32>) {
    // expected-note@+1 {{nn.yield here}}
    nn.yield %c : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %h0: tensor<2xf32>) {
  // expected-error@+1 {{'nn.scan' op yielded value #0 has type tensor<3x2xf32>, but carried value #0 has type tensor<2xf32>}}
  %h = nn.scan (%x = %s : tensor<3x2xf32>) carry(%c = %h0 : tensor<2xf32>) -> (tensor<2xf32>) {
    // expected-note@+1 {{nn.yield here}}
    nn.yield %s : tensor<3x2xf32>
  }
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>, %k: i32) {
  // expected-error@+1 {{'nn.scan' op per-step output #0 (yielded value #0) has type i32; only tensors can be stacked}}
  %ks = nn.scan (%x = %s : tensor<3x2xf32>) invariant(%v = %k : i32) -> (tensor<3xi32>) {
    // expected-note@+1 {{nn.yield here}}
    nn.yield %v : i32
  }
  return
}

// -----

func.func @f(%s: tensor<3x2xf32>) {
  // expected-error@+1 {{'nn.scan' op result #0 has type tensor<2x2xf32>, but per-step output #0 of type tensor<2xf32> stacked over 3 steps has type tensor<3x2xf32>}}
  %ys = nn.scan (%x = %s : tensor<3x2xf32>) -> (tensor<2x2xf32>) {
    // expected-note@+1 {{nn.yield here}}
    nn.yield %x : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%s: tensor<?x2xf32>) {
  // expected-error@+1 {{'nn.scan' op result #0 has type tensor<3x2xf32>, but per-step output #0 of type tensor<2xf32> stacked over ? steps has type tensor<?x2xf32>}}
  %ys = nn.scan (%x = %s : tensor<?x2xf32>) -> (tensor<3x2xf32>) {
    // expected-note@+1 {{nn.yield here}}
    nn.yield %x : tensor<2xf32>
  }
  return
}

// -----

func.func @f(%s: tensor<3x4xf32>, %h0: tensor<5x4xf32>, %n: tensor<4xi32>) {
  // expected-error@+1 {{'nn.scan' op with lengths of type tensor<4xi32>, carried value #0 of type tensor<5x4xf32> needs the batch (4 rows) as its leading dimension}}
  %h = nn.scan (%x = %s : tensor<3x4xf32>) carry(%c = %h0 : tensor<5x4xf32>)
      lengths(%n : tensor<4xi32>) -> (tensor<5x4xf32>) {
    nn.yield %c : tensor<5x4xf32>
  }
  return
}

// -----

func.func @f(%s: tensor<3x4xf32>, %h0: tensor<f32>, %n: tensor<?xi32>) {
  // expected-error@+1 {{'nn.scan' op with lengths of type tensor<?xi32>, carried value #0 of type tensor<f32> needs the batch (? rows) as its leading dimension}}
  %h = nn.scan (%x = %s : tensor<3x4xf32>) carry(%c = %h0 : tensor<f32>)
      lengths(%n : tensor<?xi32>) -> (tensor<f32>) {
    nn.yield %c : tensor<f32>
  }
  return
}

// -----

func.func @f(%s: tensor<3x2x4xf32>, %n: tensor<4xi32>) {
  // expected-error@+1 {{'nn.scan' op with lengths of type tensor<4xi32>, per-step output #0 of type tensor<2x4xf32> needs the batch (4 rows) as its leading dimension}}
  %ys = nn.scan (%x = %s : tensor<3x2x4xf32>) lengths(%n : tensor<4xi32>)
      -> (tensor<3x2x4xf32>) {
    nn.yield %x : tensor<2x4xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<2xf32>) {
  // expected-error@+1 {{'nn.yield' op expects parent op 'nn.scan'}}
  nn.yield %x : tensor<2xf32>
}
