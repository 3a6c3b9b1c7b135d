// RUN: irc-opt %s --allow-unregistered-dialect | irc-opt --allow-unregistered-dialect \
// RUN:   | filecheck %s
// scf mixed with func, arith, memref and cf; value names, block labels and
// predecessor comments inside scf regions; test_scf_mlir.py compares with iree-opt.

// CHECK-LABEL: func.func @conditional_reduce
func.func @conditional_reduce(%buffer: memref<1024xf32>, %lb: index, %ub: index, %step: index) -> (f32) {
  %sum_0 = arith.constant 0.0 : f32
  %c0 = arith.constant 0.0 : f32
  // CHECK: scf.for %[[IV:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (f32) {
  // CHECK-NEXT: memref.load %{{.*}}[%[[IV]]]
  %sum = scf.for %iv = %lb to %ub step %step iter_args(%sum_iter = %sum_0) -> (f32) {
    %t = memref.load %buffer[%iv] : memref<1024xf32>
    %cond = arith.cmpf ugt, %t, %c0 : f32
    %sum_next = scf.if %cond -> (f32) {
      %new_sum = arith.addf %sum_iter, %t : f32
      scf.yield %new_sum : f32
    } else {
      scf.yield %sum_iter : f32
    }
    scf.yield %sum_next : f32
  }
  return %sum : f32
}

// CHECK-LABEL: func.func @nested_loops
func.func @nested_loops(%arg0 : index, %arg1 : index, %arg2 : index) {
  scf.for %i0 = %arg0 to %arg1 step %arg2 {
    scf.for %i1 = %arg0 to %arg1 step %arg2 {
      %min_cmp = arith.cmpi slt, %i0, %i1 : index
      %min = arith.select %min_cmp, %i0, %i1 : index
      %max_cmp = arith.cmpi sge, %i0, %i1 : index
      %max = arith.select %max_cmp, %i0, %i1 : index
      scf.for %i2 = %min to %max step %i1 {
      }
    }
  }
  %step = arith.constant 1 : index
  scf.parallel (%i0, %i1) = (%arg0, %arg1) to (%arg2, %arg2) step (%arg2, %step) {
    %zero = arith.constant 0.0 : f32
    %int_zero = arith.constant 0 : i32
    %red:2 = scf.parallel (%i2) = (%i0) to (%i1) step (%step)
                                      init (%zero, %int_zero) -> (f32, i32) {
      %one = arith.constant 1.0 : f32
      %int_one = arith.constant 1 : i32
      scf.reduce(%one, %int_one : f32, i32) {
        ^bb0(%lhs : f32, %rhs: f32):
          %res = arith.addf %lhs, %rhs : f32
          scf.reduce.return %res : f32
      }, {
        ^bb0(%lhs : i32, %rhs: i32):
          %res = arith.muli %lhs, %rhs : i32
          scf.reduce.return %res : i32
      }
    }
  }
  return
}

// CHECK-LABEL: func.func @while_with_results
func.func @while_with_results() {
  %0 = "test.get_some_value"() : () -> i32
  %1 = "test.get_some_value"() : () -> f32
  // CHECK: = scf.while (%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) : (i32, f32) -> (i64, f64) {
  %2:2 = scf.while (%arg0 = %0, %arg1 = %1) : (i32, f32) -> (i64, f64) {
    %3:2 = "test.some_operation"(%arg0, %arg1) : (i32, f32) -> (i64, f64)
    %4 = "test.some_condition"(%arg0, %arg1) : (i32, f32) -> i1
    scf.condition(%4) %3#0, %3#1 : i64, f64
  } do {
  ^bb0(%arg2: i64, %arg3: f64):
    %5:2 = "test.some_operation"(%arg2, %arg3): (i64, f64) -> (i32, f32)
    scf.yield %5#0, %5#1 : i32, f32
  } attributes {foo="bar"}
  return
}

// CHECK-LABEL: func.func @blocks_in_execute_region
func.func @blocks_in_execute_region(%c: i1) -> i64 {
  // CHECK: scf.execute_region {
  // CHECK-NEXT: cf.br ^bb1
  // CHECK-NEXT: ^bb1:  // pred: ^bb0
  // CHECK-NEXT: scf.yield
  "scf.execute_region"() ({
  ^bb0:
    cf.br ^bb1
  ^bb1:
    scf.yield
  }) : () -> ()
  %r = scf.execute_region -> i64 {
    %a = arith.constant 1 : i64
    cf.cond_br %c, ^bb1(%a : i64), ^bb2
  ^bb1(%x: i64):
    scf.yield %x : i64
  ^bb2:
    %b = arith.constant 2 : i64
    cf.br ^bb1(%b : i64)
  }
  return %r : i64
}

// CHECK-LABEL: func.func @loop_over_memref
func.func @loop_over_memref(%m: memref<?x4xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %n = memref.dim %m, %c0 : memref<?x4xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%n, %c4) step (%c1, %c1) {
    memref.store %v, %m[%i, %j] : memref<?x4xf32>
  }
  %t = scf.index_switch %c1 -> memref<?x4xf32>
  case 1 {
    scf.yield %m : memref<?x4xf32>
  }
  default {
    %a = memref.alloc(%n) : memref<?x4xf32>
    scf.yield %a : memref<?x4xf32>
  }
  return
}
