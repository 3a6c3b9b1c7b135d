// RUN: irc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect
// Every rule of the scf verifiers and custom parsers, with MLIR's messages (iree-opt 3.13
// gives the same diagnostics for this file: see test_scf_mlir.py).

// -- scf.for ---------------------------------------------------------------------------

func.func @for_bound_not_integer(%arg0: f32, %arg1: index) {
  // expected-error@+1 {{'scf.for' op operand #0 must be signless integer or index, but got 'f32'}}
  "scf.for"(%arg0, %arg1, %arg1) ({}) : (f32, index, index) -> ()
  return
}

// -----

func.func @for_step_not_integer(%arg0: f32, %arg1: index) {
  // expected-error@+1 {{operand #2 must be signless integer or index, but got 'f32'}}
  "scf.for"(%arg1, %arg1, %arg0) ({}) : (index, index, f32) -> ()
  return
}

// -----

func.func @for_bounds_of_different_types(%arg0: i32, %arg1: index) {
  // expected-error@+1 {{'scf.for' op failed to verify that all of {lowerBound, upperBound, step} have same type}}
  "scf.for"(%arg1, %arg0, %arg1) ({}) : (index, i32, index) -> ()
  return
}

// -----

func.func @for_without_block(%arg0: index) {
  // expected-error@+1 {{'scf.for' op region #0 ('region') failed to verify constraint: region with 1 blocks}}
  "scf.for"(%arg0, %arg0, %arg0) ({}) : (index, index, index) -> ()
  return
}

// -----

func.func @for_two_blocks(%arg0: index) {
  // expected-error@+1 {{'scf.for' op expects region #0 to have 0 or 1 blocks}}
  "scf.for"(%arg0, %arg0, %arg0) ({
  ^bb1(%i: index):
    scf.yield
  ^bb2:
    scf.yield
  }) : (index, index, index) -> ()
  return
}

// -----

func.func @for_float_induction_variable(%arg0: index) {
  // expected-error@+1 {{'scf.for' op 0-th induction variable has invalid type: 'f32'}}
  "scf.for"(%arg0, %arg0, %arg0) ({
  ^bb0(%i0 : f32):
    scf.yield
  }) : (index, index, index) -> ()
  return
}

// -----

func.func @for_induction_variable_of_other_type(%arg0: index) {
  // expected-error@+1 {{'scf.for' op expected induction variable to be same type as bounds and step}}
  "scf.for"(%arg0, %arg0, %arg0) ({
  ^bb0(%i0 : i32):
    scf.yield
  }) : (index, index, index) -> ()
  return
}

// -----

func.func @for_results_without_inits(%arg0: index, %init: f32) {
  // expected-error@+1 {{'scf.for' op mismatch in number of loop-carried values and defined values}}
  %r = "scf.for"(%arg0, %arg0, %arg0) ({
  ^bb0(%i0 : index):
    scf.yield
  }) : (index, index, index) -> f32
  return
}

// -----

func.func @for_more_iter_args_than_inits(%arg0: index, %init: f32) {
  // expected-error@+1 {{'scf.for' op different number of inits and region iter_args: 1 != 2}}
  %x = "scf.for"(%arg0, %arg0, %arg0, %init) ({
  ^bb0(%i0 : index, %iter: f32, %iter2: f32):
    scf.yield %iter, %iter : f32, f32
  }) : (index, index, index, f32) -> (f32)
  return
}

// -----

func.func @for_too_few_yielded_values(%arg0: index, %init: f32) {
  // expected-error@+1 {{'scf.for' op different number of region iter_args and yielded values: 2 != 1}}
  %x, %x2 = "scf.for"(%arg0, %arg0, %arg0, %init, %init) ({
  ^bb0(%i0 : index, %iter: f32, %iter2: f32):
    scf.yield %iter : f32
  }) : (index, index, index, f32, f32) -> (f32, f32)
  return
}

// -----

func.func @for_result_of_other_type(%arg0: index, %init: f32) {
  // expected-error@+2 {{'scf.for' op along control flow edge from parent to Operation scf.for: successor operand type #0 'f32' should match successor input type #0 'f64'}}
  // expected-note@+1 {{region branch point}}
  %x = "scf.for"(%arg0, %arg0, %arg0, %init) ({
  ^bb0(%i0 : index, %iter: f32):
    scf.yield %iter : f32
  }) : (index, index, index, f32) -> (f64)
  return
}

// -----

func.func @for_yield_of_other_type(%arg0 : index, %arg1 : index, %arg2 : index) {
  %s0 = arith.constant 0.0 : f32
  %t0 = arith.constant 1.0 : f32
  // expected-error@+1 {{'scf.for' op along control flow edge from Operation scf.yield to Region #0: successor operand type #1 'i32' should match successor input type #1 'f32'}}
  %result1:2 = scf.for %i0 = %arg0 to %arg1 step %arg2
                    iter_args(%si = %s0, %ti = %t0) -> (f32, f32) {
    %sn = arith.addf %si, %si : f32
    %ic = arith.constant 1 : i32
    // expected-note@+1 {{region branch point}}
    scf.yield %sn, %ic : f32, i32
  }
  return
}

// -----

func.func @for_with_one_iteration(%init: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  // One iteration: the yielded value goes to the result only.
  // expected-error@+1 {{'scf.for' op along control flow edge from Operation scf.yield to Operation scf.for: successor operand type #0 'i32' should match successor input type #0 'f32'}}
  %r = "scf.for"(%c0, %c1, %c1, %init) ({
  ^bb0(%i: index, %acc: f32):
    %x = arith.constant 1 : i32
    // expected-note@+1 {{region branch point}}
    "scf.yield"(%x) : (i32) -> ()
  }) : (index, index, index, f32) -> f32
  return
}

// -----

func.func @for_wrong_terminator(%arg0: index) {
  // expected-error@+2 {{'scf.for' op expects regions to end with 'scf.yield', found 'test.foo'}}
  // expected-note@+1 {{in custom textual format, the absence of terminator implies 'scf.yield'}}
  "scf.for"(%arg0, %arg0, %arg0) ({
  ^bb0(%i0 : index):
    "test.foo"() : () -> ()
  }) : (index, index, index) -> ()
  return
}

// -----

func.func @for_iter_args_without_types(%arg0: index, %x: f32) {
  // expected-error@+1 {{custom op 'scf.for' mismatch in number of loop-carried values and defined values}}
  %r = scf.for %j = %arg0 to %arg0 step %arg0 iter_args(%a = %x, %b = %x) -> (f32) {
  }
  return
}

// -----

func.func @for_unsigned_not_unit(%i: index) {
  // expected-error@+1 {{invalid properties {unsignedCmp = 1 : i64} for op scf.for: Invalid attribute `unsignedCmp` in property conversion: 1 : i64}}
  "scf.for"(%i, %i, %i) <{unsignedCmp = 1}> ({
  ^bb0(%j: index):
    scf.yield
  }) : (index, index, index) -> ()
  return
}

// -----

func.func @for_missing_to(%i: index) {
  // expected-error@+1 {{custom op 'scf.for' expected 'to'}}
  scf.for %j = %i from %i step %i {
  }
  return
}

// -----

func.func @for_iter_args_without_parens(%i: index, %x: f32) {
  // expected-error@+1 {{custom op 'scf.for' expected '('}}
  scf.for %j = %i to %i step %i iter_args %a = %x) -> f32 {
  }
  return
}

// -----

func.func @for_bounds_of_the_wrong_type(%i: index) {
  // expected-note@-1 {{prior use here}}
  // expected-error@+1 {{use of value '%i' expects different type than prior uses: 'f32' vs 'index'}}
  scf.for %j = %i to %i step %i : f32 {
  }
  return
}

// -----

func.func @for_with_block_label(%i: index) {
  scf.for %j = %i to %i step %i {
  // expected-error@+1 {{invalid block name in region with named arguments}}
  ^bb0(%k: index):
  }
  return
}

// -----

// -- scf.if ----------------------------------------------------------------------------

func.func @if_condition_not_i1(%arg0: index) {
  // expected-error@+1 {{'scf.if' op operand #0 must be 1-bit signless integer, but got 'index'}}
  "scf.if"(%arg0) ({}, {}) : (index) -> ()
  return
}

// -----

func.func @if_without_then_block(%c: i1) {
  // expected-error@+1 {{'scf.if' op region #0 ('thenRegion') failed to verify constraint: region with 1 blocks}}
  "scf.if"(%c) ({
  }, {}) : (i1) -> ()
  return
}

// -----

func.func @if_two_blocks(%arg0: i1) {
  // expected-error@+1 {{'scf.if' op expects region #0 to have 0 or 1 blocks}}
  "scf.if"(%arg0) ({
    ^bb0:
      scf.yield
    ^bb1:
      scf.yield
  }, {}): (i1) -> ()
  return
}

// -----

func.func @if_block_argument(%arg0: i1) {
  // expected-error@+1 {{'scf.if' op region #0 should have no arguments}}
  "scf.if"(%arg0) ({
    ^bb0(%0 : index):
      scf.yield
  }, {}): (i1) -> ()
  return
}

// -----

func.func @if_results_without_else(%arg0: i1, %arg1: f32) {
  // expected-error@+1 {{'scf.if' op must have an else block if defining values}}
  %x = scf.if %arg0 -> (f32) {
    %0 = arith.addf %arg1, %arg1 : f32
    scf.yield %0 : f32
  }
  return
}

// -----

func.func @if_implicit_yield_with_results(%c: i1) {
  // The parser inserts a yield without operands into the empty region.
  // expected-error@+1 {{'scf.if' op must have an else block if defining values}}
  %r = scf.if %c -> f32 {
  }
  return
}

// -----

func.func @if_yield_count(%arg0: i1, %arg1: f32) {
  // expected-error@+1 {{'scf.if' op along control flow edge from Operation scf.yield to Operation scf.if: region branch point has 1 operands, but region successor needs 2 inputs}}
  %x, %y = scf.if %arg0 -> (f32, f32) {
    %0 = arith.addf %arg1, %arg1 : f32
    // expected-note@+1 {{region branch point}}
    scf.yield %0 : f32
  } else {
    %0 = arith.subf %arg1, %arg1 : f32
    scf.yield %0, %0 : f32, f32
  }
  return
}

// -----

func.func @if_yield_type(%c: i1, %x: f32) {
  // expected-error@+1 {{'scf.if' op along control flow edge from Operation scf.yield to Operation scf.if: successor operand type #0 'i1' should match successor input type #0 'f32'}}
  %r = scf.if %c -> f32 {
    scf.yield %x : f32
  } else {
    // expected-note@+1 {{region branch point}}
    scf.yield %c : i1
  }
  return
}

// -----

func.func @if_yield_without_results(%c: i1, %x: f32) {
  // expected-error@+1 {{'scf.if' op along control flow edge from Operation scf.yield to Operation scf.if: region branch point has 1 operands, but region successor needs 0 inputs}}
  scf.if %c {
    // expected-note@+1 {{region branch point}}
    scf.yield %x : f32
  }
  return
}

// -----

func.func @if_wrong_terminator(%c: i1) {
  // expected-error@+2 {{'scf.if' op expects regions to end with 'scf.yield', found 'test.foo'}}
  // expected-note@+1 {{in custom textual format, the absence of terminator implies 'scf.yield'}}
  "scf.if"(%c) ({
    "scf.yield"() : () -> ()
  }, {
    "test.foo"() : () -> ()
  }) : (i1) -> ()
  return
}

// -----

// -- scf.while -------------------------------------------------------------------------

func.func @while_input_types(%i: index, %x: f32) {
  // expected-error@+1 {{custom op 'scf.while' expected as many input types as operands (expected 2 got 1)}}
  scf.while (%a = %x, %b = %x) : (f32) -> () {
  } do {
  }
  return
}

// -----

func.func @while_type_not_a_function(%i: index) {
  // expected-error@+1 {{custom op 'scf.while' invalid kind of type specified: expected builtin.function, but found 'index'}}
  scf.while (%a = %i) : index {
  } do {
  }
  return
}

// -----

func.func @while_missing_do(%i: index, %c: i1) {
  scf.while (%a = %i) : (index) -> () {
    scf.condition(%c)
  // expected-error@+1 {{custom op 'scf.while' expected 'do'}}
  } {
  }
  return
}

// -----

func.func @while_without_blocks() {
  // expected-error@+1 {{'scf.while' op region #0 ('before') failed to verify constraint: region with 1 blocks}}
  scf.while : () -> () {
  } do {
  }
  return
}

// -----

func.func @while_empty_blocks() {
  // expected-error@+1 {{'scf.while' op expects a non-empty block}}
  scf.while : () -> () {
  ^bb0:
  } do {
  ^bb0:
  }
  return
}

// -----

func.func @while_before_terminator() {
  // expected-error@+1 {{'scf.while' op expects the 'before' region to terminate with 'scf.condition'}}
  scf.while : () -> () {
    // expected-note@+1 {{terminator here}}
    "some.other_terminator"() : () -> ()
  } do {
    scf.yield
  }
  return
}

// -----

func.func @while_after_terminator() {
  %true = arith.constant true
  // expected-error@+1 {{'scf.while' op expects the 'after' region to terminate with 'scf.yield'}}
  scf.while : () -> () {
    scf.condition(%true)
  } do {
    // expected-note@+1 {{terminator here}}
    "some.other_terminator"() : () -> ()
  }
  return
}

// -----

func.func @while_condition_arguments() {
  %true = arith.constant true
  // expected-error@+1 {{'scf.while' op along control flow edge from Operation scf.condition to Region #1: region branch point has 0 operands, but region successor needs 1 inputs}}
  scf.while : () -> () {
    // expected-note@+1 {{region branch point}}
    scf.condition(%true)
  } do {
  ^bb0(%arg0: i32):
    scf.yield
  }
  return
}

// -----

func.func @while_condition_argument_types() {
  %true = arith.constant true
  // expected-error@+1 {{'scf.while' op along control flow edge from Operation scf.condition to Region #1: successor operand type #0 'i1' should match successor input type #0 'i32'}}
  %0 = scf.while : () -> (i1) {
    // expected-note@+1 {{region branch point}}
    scf.condition(%true) %true : i1
  } do {
  ^bb0(%arg0: i32):
    scf.yield
  }
  return
}

// -----

func.func @while_results() {
  %true = arith.constant true
  // expected-error@+1 {{'scf.while' op along control flow edge from Operation scf.condition to Operation scf.while: region branch point has 1 operands, but region successor needs 0 inputs}}
  scf.while : () -> () {
    // expected-note@+1 {{region branch point}}
    scf.condition(%true) %true : i1
  } do {
  ^bb0(%arg0: i1):
    scf.yield
  }
  return
}

// -----

func.func @while_result_types(%i: index, %c: i1) {
  // expected-error@+1 {{'scf.while' op along control flow edge from Operation scf.condition to Operation scf.while: successor operand type #0 'index' should match successor input type #0 'i32'}}
  %r = "scf.while"(%i) ({
  ^bb0(%a: index):
    // expected-note@+1 {{region branch point}}
    "scf.condition"(%c, %a) : (i1, index) -> ()
  }, {
  ^bb0(%a: index):
    "scf.yield"(%a) : (index) -> ()
  }) : (index) -> i32
  return
}

// -----

func.func @while_init_types(%i: index, %c: i1) {
  // expected-error@+2 {{'scf.while' op along control flow edge from parent to Region #0: successor operand type #0 'index' should match successor input type #0 'i32'}}
  // expected-note@+1 {{region branch point}}
  "scf.while"(%i) ({
  ^bb0(%a: i32):
    "scf.condition"(%c) : (i1) -> ()
  }, {
    "scf.yield"(%i) : (index) -> ()
  }) : (index) -> ()
  return
}

// -----

func.func @while_yield_types(%i: index, %c: i1, %x: f32) {
  // expected-error@+1 {{'scf.while' op along control flow edge from Operation scf.yield to Region #0: successor operand type #0 'f32' should match successor input type #0 'index'}}
  scf.while (%a = %i) : (index) -> () {
    scf.condition(%c)
  } do {
    // expected-note@+1 {{region branch point}}
    scf.yield %x : f32
  }
  return
}

// -----

func.func @condition_not_i1(%c: i32) {
  scf.while : () -> () {
    // expected-error@+1 {{'scf.condition' op operand #0 must be 1-bit signless integer, but got 'i32'}}
    "scf.condition"(%c) : (i32) -> ()
  } do {
    scf.yield
  }
  return
}

// -----

func.func @condition_outside_while(%c: i1) {
  "test.region"() ({
    // expected-error@+1 {{'scf.condition' op expects parent op 'scf.while'}}
    "scf.condition"(%c) : (i1) -> ()
  }) : () -> ()
  return
}

// -----

// -- scf.parallel, scf.reduce, scf.reduce.return ---------------------------------------

func.func @parallel_operand_counts(%arg0: index, %arg1: index, %arg2: index) {
  // expected-error@+1 {{custom op 'scf.parallel' expected 1 operands}}
  scf.parallel (%i0) = (%arg0) to (%arg1, %arg2) step () {
  }
  return
}

// -----

func.func @parallel_induction_variable_type(%arg0: index, %arg1: index, %arg2: index) {
  // expected-error@+1 {{'scf.parallel' op expects arguments for the induction variable to be of index type}}
  "scf.parallel"(%arg0, %arg1, %arg2) ({
    ^bb0(%i0: f32):
      scf.reduce
  }) {operandSegmentSizes = array<i32: 1, 1, 1, 0>}: (index, index, index) -> ()
  return
}

// -----

func.func @parallel_induction_variable_count(%arg0: index, %arg1: index, %arg2: index) {
  // expected-error@+1 {{'scf.parallel' op expects the same number of induction variables: 2 as bound and step values: 1}}
  "scf.parallel"(%arg0, %arg1, %arg2) ({
    ^bb0(%i0: index, %i1: index):
      scf.reduce
  }) {operandSegmentSizes = array<i32: 1, 1, 1, 0>}: (index, index, index) -> ()
  return
}

// -----

func.func @parallel_no_loops() {
  // expected-error@+1 {{'scf.parallel' op needs at least one tuple element for lowerBound, upperBound and step}}
  scf.parallel () = () to () step () {
  }
  return
}

// -----

func.func @parallel_zero_step(%arg0: index, %arg1: index, %arg2: index, %arg3: index) {
  %c0 = arith.constant 1 : index
  %c1 = arith.constant 0 : index
  // expected-error@+1 {{'scf.parallel' op constant step operand must be positive}}
  scf.parallel (%i0, %i1) = (%arg0, %arg1) to (%arg2, %arg3) step (%c0, %c1) {
  }
  return
}

// -----

func.func @parallel_bound_not_index(%arg0: index, %x: f32) {
  // expected-error@+1 {{'scf.parallel' op operand #1 must be variadic of index, but got 'f32'}}
  "scf.parallel"(%arg0, %x, %arg0) ({
  ^bb0(%i: index):
    scf.reduce
  }) {operandSegmentSizes = array<i32: 1, 1, 1, 0>} : (index, f32, index) -> ()
  return
}

// -----

func.func @parallel_more_reductions_than_results(%arg0 : index, %arg1: index, %arg2: index) {
  // expected-error@+1 {{'scf.parallel' op expects number of results: 0 to be the same as number of reductions: 1}}
  scf.parallel (%i0) = (%arg0) to (%arg1) step (%arg2) {
    %c0 = arith.constant 1.0 : f32
    scf.reduce(%c0 : f32) {
      ^bb0(%lhs: f32, %rhs: f32):
        scf.reduce.return %lhs : f32
    }
  }
  return
}

// -----

func.func @parallel_more_results_than_reductions(%arg0 : index, %arg1 : index, %arg2 : index) {
  %zero = arith.constant 1.0 : f32
  // expected-error@+1 {{'scf.parallel' op expects number of results: 1 to be the same as number of reductions: 0}}
  %res = scf.parallel (%i0) = (%arg0) to (%arg1) step (%arg2) init (%zero) -> f32 {
  }
  return
}

// -----

func.func @parallel_more_results_than_inits(%arg0 : index, %arg1: index, %arg2: index) {
  // expected-error@+1 {{custom op 'scf.parallel' number of operands and types do not match: got 0 operands and 1 types}}
  %res = scf.parallel (%i0) = (%arg0) to (%arg1) step (%arg2) -> f32 {
    scf.reduce(%arg0 : index) {
      ^bb0(%lhs: index, %rhs: index):
        scf.reduce.return %lhs : index
    }
  }
  return
}

// -----

func.func @parallel_reduction_of_other_type(%arg0 : index, %arg1: index, %arg2: index) {
  %zero = arith.constant 0.0 : f32
  %res = scf.parallel (%i0) = (%arg0) to (%arg1) step (%arg2) init (%zero) -> f32 {
    // expected-error@+1 {{'scf.reduce' op expects type of 0-th reduction operand: 'index' to be the same as the 0-th result type: 'f32'}}
    scf.reduce(%arg0 : index) {
      ^bb0(%lhs: index, %rhs: index):
        scf.reduce.return %lhs : index
    }
  }
  return
}

// -----

func.func @parallel_wrong_terminator(%arg0: index) {
  // expected-error@+1 {{'scf.parallel' op expects body to terminate with 'scf.reduce'}}
  "scf.parallel"(%arg0, %arg0, %arg0) ({
  ^bb0(%i: index):
    // expected-note@+1 {{terminator here}}
    "test.terminator"() : () -> ()
  }) {operandSegmentSizes = array<i32: 1, 1, 1, 0>} : (index, index, index) -> ()
  return
}

// -----

func.func @reduce_outside_parallel(%arg0 : f32) {
  "test.region"() ({
    // expected-error@+1 {{'scf.reduce' op expects parent op 'scf.parallel'}}
    scf.reduce(%arg0 : f32) {
      ^bb0(%lhs : f32, %rhs : f32):
        scf.reduce.return %lhs : f32
    }
  }) : () -> ()
  return
}

// -----

func.func @reduce_three_arguments(%arg0 : index, %arg1 : f32) {
  %zero = arith.constant 0.0 : f32
  %res = scf.parallel (%i0) = (%arg0) to (%arg0) step (%arg0) init (%zero) -> f32 {
    // expected-error@+1 {{'scf.reduce' op expected two block arguments with type 'f32' in the 0-th reduction region}}
    scf.reduce(%arg1 : f32) {
      ^bb0(%lhs : f32, %rhs : f32, %other : f32):
        scf.reduce.return %lhs : f32
    }
  }
  return
}

// -----

func.func @reduce_argument_types(%arg0 : index, %arg1 : f32) {
  %zero = arith.constant 0.0 : f32
  %res = scf.parallel (%i0) = (%arg0) to (%arg0) step (%arg0) init (%zero) -> f32 {
    // expected-error@+1 {{expected two block arguments with type 'f32' in the 0-th reduction region}}
    scf.reduce(%arg1 : f32) {
      ^bb0(%lhs : f32, %rhs : i32):
        scf.reduce.return %lhs : f32
    }
  }
  return
}

// -----

func.func @reduce_wrong_terminator(%arg0 : index, %arg1 : f32) {
  %zero = arith.constant 0.0 : f32
  %res = scf.parallel (%i0) = (%arg0) to (%arg0) step (%arg0) init (%zero) -> f32 {
    // expected-error@+1 {{'scf.reduce' op reduction bodies must be terminated with an 'scf.reduce.return' op}}
    scf.reduce(%arg1 : f32) {
      ^bb0(%lhs : f32, %rhs : f32):
        "test.finish" () : () -> ()
    }
  }
  return
}

// -----

func.func @reduce_regions_and_operands(%arg0 : index, %arg1 : f32) {
  %res = scf.parallel (%i0) = (%arg0) to (%arg0) step (%arg0) init (%arg1) -> f32 {
    // expected-error@+1 {{'scf.reduce' op expects number of reduction regions: 1 to be the same as number of reduction operands: 0}}
    "scf.reduce"() ({
      ^bb0(%lhs : f32, %rhs : f32):
        scf.reduce.return %lhs : f32
    }) : () -> ()
  }
  return
}

// -----

func.func @reduce_operand_types(%arg0 : index, %arg1: f32) {
  %res = scf.parallel (%i0) = (%arg0) to (%arg0) step (%arg0) {
    // expected-error@+1 {{custom op 'scf.reduce' number of operands and types do not match: got 2 operands and 1 types}}
    scf.reduce(%arg1, %arg1 : f32)
  }
  return
}

// -----

func.func @reduce_return_type(%arg0 : index, %arg1: f32) {
  %zero = arith.constant 0.0 : f32
  %res = scf.parallel (%i0) = (%arg0) to (%arg0) step (%arg0) init (%zero) -> f32 {
    scf.reduce(%arg1 : f32) {
      ^bb0(%lhs : f32, %rhs : f32):
        %c0 = arith.constant 1 : index
        // expected-error@+1 {{'scf.reduce.return' op must have type 'f32' (the type of the reduction inputs)}}
        scf.reduce.return %c0 : index
    }
  }
  return
}

// -----

func.func @reduce_return_outside_reduce(%arg0 : f32) {
  "foo.region"() ({
    // expected-error@+1 {{'scf.reduce.return' op expects parent op 'scf.reduce'}}
    scf.reduce.return %arg0 : f32
  }): () -> ()
  return
}

// -----

// -- scf.execute_region, scf.yield -----------------------------------------------------

func.func @execute_region_arguments() {
  // expected-error@+1 {{'scf.execute_region' op region cannot have any arguments}}
  "scf.execute_region"() ({
  ^bb0(%i : i32):
    scf.yield
  }) : () -> ()
  return
}

// -----

func.func @execute_region_without_blocks() {
  // expected-error@+1 {{'scf.execute_region' op region needs to have at least one block}}
  %r = "scf.execute_region"() ({
  }) : () -> f32
  return
}

// -----

func.func @execute_region_no_inline_not_unit() {
  // expected-error@+1 {{invalid properties {no_inline = true} for op scf.execute_region: Invalid attribute `no_inline` in property conversion: true}}
  "scf.execute_region"() <{no_inline = true}> ({
    scf.yield
  }) : () -> ()
  return
}

// -----

func.func @execute_region_yield_count(%c: i1, %x: f32) {
  // expected-error@+1 {{'scf.execute_region' op along control flow edge from Operation scf.yield to Operation scf.execute_region: region branch point has 0 operands, but region successor needs 1 inputs}}
  %r = "scf.execute_region"() ({
    cf.cond_br %c, ^bb1, ^bb2
  ^bb1:
    "scf.yield"(%x) : (f32) -> ()
  ^bb2:
    // expected-note@+1 {{region branch point}}
    "scf.yield"() : () -> ()
  }) : () -> f32
  return
}

// -----

func.func @yield_outside_scf() {
  "my.op"() ({
    // expected-error@+1 {{'scf.yield' op expects parent op to be one of 'scf.execute_region, scf.for, scf.if, scf.index_switch, scf.while'}}
    scf.yield
  }) : () -> ()
  return
}

// -----

func.func @yield_operand_types(%x: f32) {
  scf.execute_region {
    // expected-error@+1 {{custom op 'scf.yield' number of operands and types do not match: got 2 operands and 1 types}}
    scf.yield %x, %x : f32
  }
  return
}

// -----

// -- scf.index_switch ------------------------------------------------------------------

func.func @switch_without_cases(%arg0: index) {
  // expected-error@+1 {{'scf.index_switch' op requires attribute 'cases'}}
  "scf.index_switch"(%arg0) ({
    scf.yield
  }) : (index) -> ()
  return
}

// -----

func.func @switch_without_regions(%arg0: index) {
  // expected-error@+1 {{'scf.index_switch' op expected 1 or more regions}}
  "scf.index_switch"(%arg0) <{cases = array<i64>}> : (index) -> ()
  return
}

// -----

func.func @switch_case_count(%arg0: index) {
  // expected-error@+1 {{'scf.index_switch' op has 0 case regions but 1 case values}}
  "scf.index_switch"(%arg0) ({
    scf.yield
  }) {cases = array<i64: 1>} : (index) -> ()
  return
}

// -----

func.func @switch_duplicate_case(%arg0: index) {
  // expected-error@+1 {{'scf.index_switch' op has duplicate case value: 0}}
  scf.index_switch %arg0
  case 0 {
    scf.yield
  }
  case 0 {
    scf.yield
  }
  default {
    scf.yield
  }
  return
}

// -----

func.func @switch_yield_count(%arg0: index) {
  // expected-error@+1 {{'scf.index_switch' op expected each region to return 0 values, but default region returns 1}}
  scf.index_switch %arg0
  default {
    // expected-note@+1 {{see yield operation here}}
    scf.yield %arg0 : index
  }
  return
}

// -----

func.func @switch_implicit_yield_with_results(%i: index, %x: f32) {
  // expected-error@+2 {{'scf.index_switch' op expected each region to return 1 values, but default region returns 0}}
  // expected-note@+1 {{see yield operation here}}
  %r = scf.index_switch %i -> f32
  case 1 {
    scf.yield %x : f32
  }
  default {
  }
  return
}

// -----

func.func @switch_yield_types(%arg0: index, %arg1: i32) {
  // expected-error@+1 {{'scf.index_switch' op expected result #0 of each region to be 'index'}}
  scf.index_switch %arg0 -> index
  case 0 {
    // expected-note@+1 {{case region #0 returns 'i32' here}}
    scf.yield %arg1 : i32
  }
  default {
    scf.yield %arg0 : index
  }
  return
}

// -----

func.func @switch_wrong_terminator(%arg0: index, %arg1: i32) {
  // expected-error@+1 {{'scf.index_switch' op expected region to end with scf.yield, but got func.return}}
  "scf.index_switch"(%arg0) ({
    "scf.yield"() : () -> ()
  }, {
    return
  }) {cases = array<i64: 1>} : (index) -> ()
  return
}

// -----

func.func @switch_case_without_yield(%i: index) {
  // Only the default region gets an implicit scf.yield.
  // expected-error@+1 {{'scf.index_switch' op expected region to end with scf.yield, but got test.op}}
  scf.index_switch %i
  case 1 {
    "test.op"() : () -> ()
  }
  default {
  }
  return
}

// -----

func.func @switch_case_value(%i: index) {
  scf.index_switch %i
  // expected-error@+1 {{custom op 'scf.index_switch' expected integer value}}
  case x {
  }
  default {
  }
  return
}

// -----

func.func @switch_missing_default(%i: index) {
  scf.index_switch %i
  case 1 {
    scf.yield
  }
  // expected-error@+1 {{custom op 'scf.index_switch' expected 'default'}}
  return
}

// -----

func.func @switch_cases_of_other_type(%i: index) {
  // expected-error@+1 {{invalid properties {cases = array<i32: 1>} for op scf.index_switch: Invalid attribute `cases` in property conversion: array<i32: 1>}}
  "scf.index_switch"(%i) <{cases = array<i32: 1>}> ({
    "scf.yield"() : () -> ()
  }, {
    "scf.yield"() : () -> ()
  }) : (index) -> ()
  return
}
