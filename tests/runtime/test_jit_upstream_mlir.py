"""Hand-written programs in upstream MLIR's syntax give numpy's answers through irc.jit.

Each program is written as MLIR would have it (iree-opt, the reference, accepts each one:
`test_iree_opt_accepts_every_program`, skipped without it), at the tensor level (linalg on
tensors, tensor ops, scf.for and scf.if over tensors, bufferization.to_tensor and
materialize_in_destination; bufferized by irc.jit's pipeline) or at the buffer level
(linalg and vector on memrefs with out-parameters). The interpreter gives the same
answers. Sums in f32 are checked against the dot-product bound, the rest exactly.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import irc
from irc.runtime.interpreter import run as interpret
from tests.passes.programs import IREE_OPT_BINARY

PROGRAMS = """
#rows = affine_map<(i, j) -> (i, j)>
#t2 = affine_map<(i, j) -> (j, i)>
#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
#bias = affine_map<(i, j) -> (j)>
#row_of = affine_map<(i, j) -> (i)>
func.func @bias_add(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %init = tensor.empty() : tensor<4x8xf32>
  %r = linalg.generic {indexing_maps = [#rows, #bias, #rows],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %b : tensor<4x8xf32>, tensor<8xf32>) outs(%init : tensor<4x8xf32>) {
  ^bb0(%xv: f32, %bv: f32, %out: f32):
    %s = arith.addf %xv, %bv : f32
    linalg.yield %s : f32
  } -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

func.func @matmul_into(%a: memref<4x3xf32>, %b: memref<3x5xf32>, %c: memref<4x5xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%c : memref<4x5xf32>)
  linalg.matmul ins(%a, %b : memref<4x3xf32>, memref<3x5xf32>) outs(%c : memref<4x5xf32>)
  return
}

func.func @row_sums(%x: tensor<4x8xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<4xf32>) -> tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#rows, #row_of],
                       iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %s = arith.addf %in, %acc : f32
    linalg.yield %s : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

func.func @dot(%a: memref<32xf32>, %b: memref<32xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant dense<0.0> : vector<8xf32>
  %sum = scf.for %i = %c0 to %c32 step %c8 iter_args(%acc = %zero) -> (vector<8xf32>) {
    %va = vector.load %a[%i] : memref<32xf32>, vector<8xf32>
    %vb = vector.load %b[%i] : memref<32xf32>, vector<8xf32>
    %next = vector.fma %va, %vb, %acc : vector<8xf32>
    scf.yield %next : vector<8xf32>
  }
  %s = vector.reduction <add>, %sum : vector<8xf32> into f32
  return %s : f32
}

func.func @axpy_vectors(%alpha: f32, %x: memref<16xf32>, %y: memref<16xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c16 = arith.constant 16 : index
  %va = vector.broadcast %alpha : f32 to vector<4xf32>
  scf.for %i = %c0 to %c16 step %c4 {
    %vx = vector.load %x[%i] : memref<16xf32>, vector<4xf32>
    %vy = vector.load %y[%i] : memref<16xf32>, vector<4xf32>
    %r = vector.fma %va, %vx, %vy : vector<4xf32>
    vector.store %r, %y[%i] : memref<16xf32>, vector<4xf32>
  }
  return
}

func.func @slices(%x: tensor<6x8xf32>, %y: tensor<2x3xf32>)
    -> (tensor<2x3xf32>, tensor<6x8xf32>) {
  %s = tensor.extract_slice %x[1, 2] [2, 3] [2, 1] : tensor<6x8xf32> to tensor<2x3xf32>
  %i = tensor.insert_slice %y into %x[4, 5] [2, 3] [1, 1]
      : tensor<2x3xf32> into tensor<6x8xf32>
  return %s, %i : tensor<2x3xf32>, tensor<6x8xf32>
}

func.func @pad(%x: tensor<2x3xf32>) -> tensor<5x4xf32> {
  %fill = arith.constant -1.0 : f32
  %p = tensor.pad %x low[1, 0] high[2, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %fill : f32
  } : tensor<2x3xf32> to tensor<5x4xf32>
  return %p : tensor<5x4xf32>
}

func.func @reshapes(%x: tensor<2x6xf32>) -> (tensor<2x2x3xf32>, tensor<12xf32>) {
  %e = tensor.expand_shape %x [[0], [1, 2]] output_shape [2, 2, 3]
      : tensor<2x6xf32> into tensor<2x2x3xf32>
  %c = tensor.collapse_shape %x [[0, 1]] : tensor<2x6xf32> into tensor<12xf32>
  return %e, %c : tensor<2x2x3xf32>, tensor<12xf32>
}

func.func @fill(%v: f32, %out: memref<3x4xf32>) {
  linalg.fill ins(%v : f32) outs(%out : memref<3x4xf32>)
  return
}

func.func @batch_matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x3x5xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  %r = linalg.batch_matmul ins(%a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32>)
      outs(%init : tensor<2x3x5xf32>) -> tensor<2x3x5xf32>
  return %r : tensor<2x3x5xf32>
}

func.func @iota(%scale: i64) -> tensor<3x4xi64> {
  %empty = tensor.empty() : tensor<3x4xi64>
  %r = linalg.generic {indexing_maps = [#rows], iterator_types = ["parallel", "parallel"]}
      outs(%empty : tensor<3x4xi64>) {
  ^bb0(%out: i64):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %c4 = arith.constant 4 : index
    %row = arith.muli %i, %c4 : index
    %flat = arith.addi %row, %j : index
    %v = arith.index_cast %flat : index to i64
    %s = arith.muli %v, %scale : i64
    linalg.yield %s : i64
  } -> tensor<3x4xi64>
  return %r : tensor<3x4xi64>
}

func.func @matmul_generic_dynamic(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = tensor.dim %a, %c0 : tensor<?x?xf32>
  %n = tensor.dim %b, %c1 : tensor<?x?xf32>
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty(%m, %n) : tensor<?x?xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<?x?xf32>) -> tensor<?x?xf32>
  %r = linalg.generic {indexing_maps = [#mk, #kn, #mn],
                       iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : tensor<?x?xf32>, tensor<?x?xf32>) outs(%init : tensor<?x?xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  } -> tensor<?x?xf32>
  return %r : tensor<?x?xf32>
}

func.func @transpose_add(%x: tensor<3x5xf32>, %y: tensor<5x3xf32>) -> tensor<3x5xf32> {
  %init = tensor.empty() : tensor<3x5xf32>
  %r = linalg.generic {indexing_maps = [#rows, #t2, #rows],
                       iterator_types = ["parallel", "parallel"]}
      ins(%x, %y : tensor<3x5xf32>, tensor<5x3xf32>) outs(%init : tensor<3x5xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %s = arith.subf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<3x5xf32>
  return %r : tensor<3x5xf32>
}

func.func @named_structured(%x: tensor<3x4xf32>, %v: tensor<4xf32>)
    -> (tensor<4x3xf32>, tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>) {
  %e43 = tensor.empty() : tensor<4x3xf32>
  %t = linalg.transpose ins(%x : tensor<3x4xf32>) outs(%e43 : tensor<4x3xf32>)
      permutation = [1, 0]
  %e24 = tensor.empty() : tensor<2x4xf32>
  %b = linalg.broadcast ins(%v : tensor<4xf32>) outs(%e24 : tensor<2x4xf32>) dimensions = [0]
  %e34 = tensor.empty() : tensor<3x4xf32>
  %m = linalg.map ins(%x : tensor<3x4xf32>) outs(%e34 : tensor<3x4xf32>)
    (%in: f32, %init: f32) {
      %sq = arith.mulf %in, %in : f32
      linalg.yield %sq : f32
    }
  %zero = arith.constant 0.0 : f32
  %e3 = tensor.empty() : tensor<3xf32>
  %i3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %red = linalg.reduce ins(%x : tensor<3x4xf32>) outs(%i3 : tensor<3xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %mx = arith.maximumf %in, %acc : f32
      linalg.yield %mx : f32
    }
  %mv = linalg.matvec ins(%x, %v : tensor<3x4xf32>, tensor<4xf32>)
      outs(%i3 : tensor<3xf32>) -> tensor<3xf32>
  return %t, %b, %m, %red, %mv
      : tensor<4x3xf32>, tensor<2x4xf32>, tensor<3x4xf32>, tensor<3xf32>, tensor<3xf32>
}

func.func @dot_vecmat(%a: memref<5xf32>, %b: memref<5xf32>, %m: memref<5x2xf32>,
                      %out: memref<f32>, %row: memref<2xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<f32>)
  linalg.dot ins(%a, %b : memref<5xf32>, memref<5xf32>) outs(%out : memref<f32>)
  linalg.fill ins(%zero : f32) outs(%row : memref<2xf32>)
  linalg.vecmat ins(%a, %m : memref<5xf32>, memref<5x2xf32>) outs(%row : memref<2xf32>)
  return
}

func.func @copy_strided(%src: memref<4x6xf32>, %dst: memref<2x3xf32>) {
  %view = memref.subview %src[1, 0] [2, 3] [2, 2]
      : memref<4x6xf32> to memref<2x3xf32, strided<[12, 2], offset: 6>>
  linalg.copy ins(%view : memref<2x3xf32, strided<[12, 2], offset: 6>>)
      outs(%dst : memref<2x3xf32>)
  return
}

func.func @tensor_elements(%x: tensor<2x3xi32>, %v: i32)
    -> (tensor<3xi32>, i32, tensor<2x3xi32>, tensor<4x3xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %a = tensor.extract %x[%c1, %c2] : tensor<2x3xi32>
  %f = tensor.from_elements %a, %v, %a : tensor<3xi32>
  %i = tensor.insert %v into %x[%c0, %c1] : tensor<2x3xi32>
  %cat = tensor.concat dim(0) %x, %i : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<4x3xi32>
  return %f, %a, %i, %cat : tensor<3xi32>, i32, tensor<2x3xi32>, tensor<4x3xi32>
}

func.func @generate(%n: index) -> tensor<?x3xindex> {
  %t = tensor.generate %n {
  ^bb0(%i: index, %j: index):
    %s = arith.muli %i, %j : index
    tensor.yield %s : index
  } : tensor<?x3xindex>
  return %t : tensor<?x3xindex>
}

func.func @transfers(%m: memref<3x5xf32>, %out: memref<3x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %pad = arith.constant -9.0 : f32
  scf.for %i = %c0 to %c3 step %c1 {
    %v = vector.transfer_read %m[%i, %c2], %pad {in_bounds = [false]}
        : memref<3x5xf32>, vector<8xf32>
    vector.transfer_write %v, %out[%i, %c0] {in_bounds = [true]} : vector<8xf32>, memref<3x8xf32>
  }
  return
}

func.func @masked_tail(%x: memref<10xf32>, %n: index) -> f32 {
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %pass = arith.constant dense<0.0> : vector<8xf32>
  %lanes = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : vector<8xindex>
  %bound = vector.broadcast %n : index to vector<8xindex>
  %mask = arith.cmpi slt, %lanes, %bound : vector<8xindex>
  %v = vector.maskedload %x[%c8], %mask, %pass
      : memref<10xf32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
  %s = vector.reduction <add>, %v : vector<8xf32> into f32
  return %s : f32
}

func.func @power_steps(%m: tensor<4x4xf32>, %v0: tensor<4xf32>, %n: index) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0.0 : f32
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%v = %v0) -> (tensor<4xf32>) {
    %e = tensor.empty() : tensor<4xf32>
    %z = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
    %mv = linalg.matvec ins(%m, %v : tensor<4x4xf32>, tensor<4xf32>)
        outs(%z : tensor<4xf32>) -> tensor<4xf32>
    scf.yield %mv : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

func.func @choose(%flag: i1, %x: tensor<5xf32>, %y: tensor<5xf32>) -> tensor<5xf32> {
  %r = scf.if %flag -> (tensor<5xf32>) {
    scf.yield %x : tensor<5xf32>
  } else {
    %e = tensor.empty() : tensor<5xf32>
    %neg = linalg.map ins(%y : tensor<5xf32>) outs(%e : tensor<5xf32>)
      (%in: f32, %init: f32) {
        %n = arith.negf %in : f32
        linalg.yield %n : f32
      }
    scf.yield %neg : tensor<5xf32>
  }
  return %r : tensor<5xf32>
}

func.func @through_buffers(%in: memref<6xf32>, %out: memref<6xf32>) {
  %t = bufferization.to_tensor %in restrict : memref<6xf32> to tensor<6xf32>
  %e = bufferization.alloc_tensor() : tensor<6xf32>
  %d = linalg.map ins(%t, %t : tensor<6xf32>, tensor<6xf32>) outs(%e : tensor<6xf32>)
    (%a: f32, %b: f32, %init: f32) {
      %s = arith.addf %a, %b : f32
      linalg.yield %s : f32
    }
  bufferization.materialize_in_destination %d in restrict writable %out
      : (tensor<6xf32>, memref<6xf32>) -> ()
  return
}

func.func @prefix_sums(%x: tensor<6xi32>) -> tensor<6xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<6xi32>
  %r, %total = scf.for %i = %c0 to %c6 step %c1 iter_args(%acc = %e, %s = %zero)
      -> (tensor<6xi32>, i32) {
    %xi = tensor.extract %x[%i] : tensor<6xi32>
    %s2 = arith.addi %s, %xi : i32
    %acc2 = tensor.insert %s2 into %acc[%i] : tensor<6xi32>
    scf.yield %acc2, %s2 : tensor<6xi32>, i32
  }
  return %r : tensor<6xi32>
}

func.func @rows_in_place(%x: tensor<3x4xf32>, %row: tensor<4xf32>) -> tensor<3x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %r = scf.for %i = %c0 to %c3 step %c1 iter_args(%t = %x) -> (tensor<3x4xf32>) {
    %s = tensor.extract_slice %t[%i, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
    %e = tensor.empty() : tensor<4xf32>
    %sum = linalg.map ins(%s, %row : tensor<4xf32>, tensor<4xf32>) outs(%e : tensor<4xf32>)
      (%a: f32, %b: f32, %init: f32) {
        %p = arith.mulf %a, %b : f32
        linalg.yield %p : f32
      }
    %u = tensor.insert_slice %sum into %t[%i, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<3x4xf32>
    scf.yield %u : tensor<3x4xf32>
  }
  return %r : tensor<3x4xf32>
}

func.func @accumulate_into_arg(%x: tensor<3x4xf32>, %acc: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %r = linalg.generic {indexing_maps = [#rows, #rows], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<3x4xf32>) outs(%acc : tensor<3x4xf32>) {
  ^bb0(%a: f32, %o: f32):
    %s = arith.addf %a, %o : f32
    linalg.yield %s : f32
  } -> tensor<3x4xf32>
  return %r : tensor<3x4xf32>
}

func.func @two_results(%x: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3xf32>) {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<3x4xf32>
  %e3 = tensor.empty() : tensor<3xf32>
  %z3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<3xf32>) -> tensor<3xf32>
  %sq, %sum = linalg.generic {indexing_maps = [#rows, #rows, #row_of],
                              iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<3x4xf32>) outs(%e, %z3 : tensor<3x4xf32>, tensor<3xf32>) {
  ^bb0(%a: f32, %o: f32, %acc: f32):
    %p = arith.mulf %a, %a : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %p, %s : f32, f32
  } -> (tensor<3x4xf32>, tensor<3xf32>)
  return %sq, %sum : tensor<3x4xf32>, tensor<3xf32>
}

func.func @pad_dynamic(%x: tensor<?x3xf32>, %lo: index, %hi: index) -> tensor<?x3xf32> {
  %p = tensor.pad %x low[%lo, 0] high[%hi, 0] {
  ^bb0(%i: index, %j: index):
    %ij = arith.addi %i, %j : index
    %v = arith.index_cast %ij : index to i32
    %f = arith.sitofp %v : i32 to f32
    tensor.yield %f : f32
  } : tensor<?x3xf32> to tensor<?x3xf32>
  return %p : tensor<?x3xf32>
}

func.func @reshape_dynamic(%x: tensor<?x6xf32>) -> (tensor<?x2x3xf32>, tensor<?xf32>) {
  %c0 = arith.constant 0 : index
  %n = tensor.dim %x, %c0 : tensor<?x6xf32>
  %e = tensor.expand_shape %x [[0], [1, 2]] output_shape [%n, 2, 3]
      : tensor<?x6xf32> into tensor<?x2x3xf32>
  %c = tensor.collapse_shape %x [[0, 1]] : tensor<?x6xf32> into tensor<?xf32>
  return %e, %c : tensor<?x2x3xf32>, tensor<?xf32>
}

func.func @insert_at(%x: tensor<5x5xf32>, %y: tensor<2x2xf32>, %i: index, %j: index)
    -> tensor<5x5xf32> {
  %r = tensor.insert_slice %y into %x[%i, %j] [2, 2] [1, 1]
      : tensor<2x2xf32> into tensor<5x5xf32>
  return %r : tensor<5x5xf32>
}

func.func @fill_dynamic(%n: index, %v: f32) -> tensor<?x2xf32> {
  %e = tensor.empty(%n) : tensor<?x2xf32>
  %f = linalg.fill ins(%v : f32) outs(%e : tensor<?x2xf32>) -> tensor<?x2xf32>
  return %f : tensor<?x2xf32>
}

func.func @masked_store(%x: memref<8xf32>, %n: index, %v: f32) {
  %c0 = arith.constant 0 : index
  %lanes = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7]> : vector<8xindex>
  %bound = vector.broadcast %n : index to vector<8xindex>
  %mask = arith.cmpi slt, %lanes, %bound : vector<8xindex>
  %vv = vector.broadcast %v : f32 to vector<8xf32>
  vector.maskedstore %x[%c0], %mask, %vv : memref<8xf32>, vector<8xi1>, vector<8xf32>
  return
}

func.func @widen(%x: tensor<6xi8>) -> tensor<6xi32> {
  %e = tensor.empty() : tensor<6xi32>
  %r = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>],
                       iterator_types = ["parallel"]}
      ins(%x : tensor<6xi8>) outs(%e : tensor<6xi32>) {
  ^bb0(%a: i8, %o: i32):
    %w = arith.extsi %a : i8 to i32
    %m = arith.muli %w, %w : i32
    linalg.yield %m : i32
  } -> tensor<6xi32>
  return %r : tensor<6xi32>
}
"""
# A transfer_read along a non-minor dimension: the interpreter runs it, irc.jit does not.
PERMUTED_READ = """
func.func @transposed_read(%m: memref<4x4xf32>, %col: index) -> f32 {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %v = vector.transfer_read %m[%c0, %col], %pad
      {permutation_map = affine_map<(d0, d1) -> (d0)>} : memref<4x4xf32>, vector<4xf32>
  %s = vector.reduction <add>, %v : vector<4xf32> into f32
  return %s : f32
}
"""
# Vectors of rank 2 (vector.contract, vector.shape_cast, a 2-d transfer_read): the
# interpreter runs them; irc.jit does not (see test_n_d_vectors_through_the_jit).
N_D_VECTORS = """
#mk = affine_map<(m, n, k) -> (m, k)>
#kn = affine_map<(m, n, k) -> (k, n)>
#mn = affine_map<(m, n, k) -> (m, n)>
func.func private @contract(%a: vector<2x3xf32>, %b: vector<3x4xf32>, %c: vector<2x4xf32>)
    -> vector<2x4xf32> {
  %r = vector.contract {indexing_maps = [#mk, #kn, #mn],
                        iterator_types = ["parallel", "parallel", "reduction"],
                        kind = #vector.kind<add>} %a, %b, %c
      : vector<2x3xf32>, vector<3x4xf32> into vector<2x4xf32>
  return %r : vector<2x4xf32>
}

func.func @contract_memref(%a: memref<2x3xf32>, %b: memref<3x4xf32>, %c: memref<2x4xf32>) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %va = vector.transfer_read %a[%c0, %c0], %pad : memref<2x3xf32>, vector<2x3xf32>
  %vb = vector.transfer_read %b[%c0, %c0], %pad : memref<3x4xf32>, vector<3x4xf32>
  %vc = vector.transfer_read %c[%c0, %c0], %pad : memref<2x4xf32>, vector<2x4xf32>
  %r = func.call @contract(%va, %vb, %vc)
      : (vector<2x3xf32>, vector<3x4xf32>, vector<2x4xf32>) -> vector<2x4xf32>
  vector.transfer_write %r, %c[%c0, %c0] : vector<2x4xf32>, memref<2x4xf32>
  return
}

func.func @shape_cast(%x: memref<2x4xf32>) -> f32 {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %v = vector.transfer_read %x[%c0, %c0], %pad : memref<2x4xf32>, vector<2x4xf32>
  %flat = vector.shape_cast %v : vector<2x4xf32> to vector<8xf32>
  %e = vector.extract %flat[5] : f32 from vector<8xf32>
  %row = vector.extract %v[1] : vector<4xf32> from vector<2x4xf32>
  %m = vector.reduction <maximumf>, %row : vector<4xf32> into f32
  %s = arith.addf %e, %m : f32
  return %s : f32
}
"""

RNG = np.random.default_rng(11)
F32_EPS = float(np.finfo(np.float32).eps)


def floats(*shape: int) -> np.ndarray:
    return np.asarray(RNG.standard_normal(shape)).astype(np.float32)


@dataclass
class Call:
    """`@function(*args)` gives `expect(*args)`: its results, then the arrays it writes
    (`written`: the indices of those arguments). `bound(*args)` is the allowed error per
    element of a sum in f32 (its terms' magnitudes times n * eps), None for exact."""

    function: str
    args: Callable[[], list]
    expect: Callable[..., list]
    written: tuple[int, ...] = ()
    bound: Callable[..., np.ndarray] | None = None


def _dot_bound(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a.shape[-1] + 1) * F32_EPS * (np.abs(a.astype(np.float64)) @ np.abs(b))


def _matmul_into(a, b, c):
    return [a @ b]


def _slices(x, y):
    inserted = x.copy()
    inserted[4:6, 5:8] = y
    return [x[1:5:2, 2:5], inserted]


def _named_structured(x, v):
    return [x.T, np.broadcast_to(v, (2, 4)), x * x, np.maximum(x.max(1), 0), x @ v]


def _named_structured_bound(x, v):
    exact = np.zeros(())
    return [exact, exact, exact, exact, _dot_bound(x, v)]


def _tensor_elements(x, v):
    inserted = x.copy()
    inserted[0, 1] = v
    picked = x[1, 2]
    return [np.array([picked, v, picked]), picked, inserted, np.concatenate([x, inserted])]


def _transfers(m, out):
    """Rows of `m` from column 2, padded with -9 past its end."""
    want = np.full((3, 8), -9, np.float32)
    want[:, :3] = m[:, 2:]
    return [want]


def _power_steps(m, v, steps):
    for _ in range(steps):
        v = m.astype(np.float64) @ v
    return [v.astype(np.float32)]


def _power_steps_bound(m, v, steps):
    """Each step's dot-product error, carried through the later steps."""
    magnitude = np.abs(v.astype(np.float64))
    for _ in range(steps):
        magnitude = np.abs(m) @ magnitude
    return steps * (m.shape[1] + 1) * F32_EPS * magnitude


def _pad_dynamic(x, low, high):
    """Rows `low` above and `high` below, each element its row plus its column."""
    rows = x.shape[0] + low + high
    padded = np.add.outer(np.arange(rows), np.arange(3)).astype(np.float32)
    padded[low : low + x.shape[0]] = x
    return [padded]


def _insert_at(x, y, i, j):
    inserted = x.copy()
    inserted[i : i + 2, j : j + 2] = y
    return [inserted]


def _masked_store(x, n, v):
    stored = x.copy()
    stored[:n] = v
    return [stored]


CALLS = [
    Call("bias_add", lambda: [floats(4, 8), floats(8)], lambda x, b: [x + b]),
    Call("matmul_into", lambda: [floats(4, 3), floats(3, 5), np.full((4, 5), 7, np.float32)],
         _matmul_into, written=(2,), bound=lambda a, b, c: _dot_bound(a, b)),
    Call("row_sums", lambda: [floats(4, 8)], lambda x: [x.sum(1)],
         bound=lambda x: 9 * F32_EPS * np.abs(x).sum(1)),
    Call("dot", lambda: [floats(32), floats(32)], lambda a, b: [np.float32(a @ b)],
         bound=lambda a, b: _dot_bound(a, b)),
    Call("axpy_vectors", lambda: [np.float32(-1.5), floats(16), floats(16)],
         lambda alpha, x, y: [alpha * x + y], written=(2,),
         bound=lambda alpha, x, y: F32_EPS * (np.abs(alpha * x) + np.abs(y))),
    Call("slices", lambda: [floats(6, 8), floats(2, 3)], _slices),
    Call("pad", lambda: [floats(2, 3)],
         lambda x: [np.pad(x, ((1, 2), (0, 1)), constant_values=np.float32(-1))]),
    Call("reshapes", lambda: [floats(2, 6)], lambda x: [x.reshape(2, 2, 3), x.reshape(12)]),
    Call("fill", lambda: [np.float32(2.5), floats(3, 4)],
         lambda v, out: [np.full((3, 4), v, np.float32)], written=(1,)),
    Call("batch_matmul", lambda: [floats(2, 3, 4), floats(2, 4, 5)], lambda a, b: [a @ b],
         bound=_dot_bound),
    Call("iota", lambda: [np.int64(-3)], lambda s: [np.arange(12).reshape(3, 4) * s]),
    Call("matmul_generic_dynamic", lambda: [floats(3, 4), floats(4, 5)], lambda a, b: [a @ b],
         bound=_dot_bound),
    Call("transpose_add", lambda: [floats(3, 5), floats(5, 3)], lambda x, y: [x - y.T]),
    Call("named_structured", lambda: [floats(3, 4), floats(4)], _named_structured,
         bound=_named_structured_bound),
    Call("dot_vecmat",
         lambda: [floats(5), floats(5), floats(5, 2), floats(), np.zeros(2, np.float32)],
         lambda a, b, m, out, row: [np.float32(a @ b), a @ m], written=(3, 4),
         bound=lambda a, b, m, out, row: [_dot_bound(a, b), _dot_bound(a, m)]),
    Call("copy_strided", lambda: [floats(4, 6), floats(2, 3)],
         lambda src, dst: [src[1:4:2, 0:6:2]], written=(1,)),
    Call("tensor_elements", lambda: [RNG.integers(-9, 9, (2, 3)).astype(np.int32), np.int32(7)],
         _tensor_elements),
    Call("generate", lambda: [4], lambda n: [np.outer(np.arange(n), np.arange(3))]),
    Call("transfers", lambda: [floats(3, 5), floats(3, 8)], _transfers, written=(1,)),
    Call("masked_tail", lambda: [floats(10), 2], lambda x, n: [np.float32(x[8] + x[9])]),
    Call("power_steps", lambda: [floats(4, 4), floats(4), 3], _power_steps,
         bound=_power_steps_bound),
    Call("choose", lambda: [np.bool_(True), floats(5), floats(5)], lambda c, x, y: [x]),
    Call("choose", lambda: [np.bool_(False), floats(5), floats(5)], lambda c, x, y: [-y]),
    Call("through_buffers", lambda: [floats(6), floats(6)],
         lambda x, out: [x + x, x], written=(1, 0)),
    Call("prefix_sums", lambda: [RNG.integers(-9, 9, 6).astype(np.int32)],
         lambda x: [np.cumsum(x, dtype=np.int32)]),
    Call("rows_in_place", lambda: [floats(3, 4), floats(4)], lambda x, row: [x * row, x],
         written=(0,)),
    Call("accumulate_into_arg", lambda: [floats(3, 4), floats(3, 4)],
         lambda x, acc: [x + acc, acc], written=(1,)),
    Call("two_results", lambda: [floats(3, 4)], lambda x: [x * x, (x * x).sum(1)],
         bound=lambda x: [np.zeros(()), 5 * F32_EPS * (x * x).sum(1)]),
    Call("pad_dynamic", lambda: [floats(2, 3), 1, 2], _pad_dynamic),
    Call("reshape_dynamic", lambda: [floats(4, 6)], lambda x: [x.reshape(4, 2, 3), x.reshape(-1)]),
    Call("insert_at", lambda: [floats(5, 5), floats(2, 2), 3, 1], _insert_at),
    Call("fill_dynamic", lambda: [3, np.float32(1.5)],
         lambda n, v: [np.full((n, 2), v, np.float32)]),
    Call("masked_store", lambda: [floats(8), 5, np.float32(2)], _masked_store, written=(0,)),
    Call("widen", lambda: [RNG.integers(-128, 128, 6).astype(np.int8)],
         lambda x: [x.astype(np.int32) ** 2]),
]  # fmt: skip


@pytest.fixture(scope="module")
def compiled():
    return irc.compile_module(PROGRAMS, cache=False, filename="upstream.mlir")


def _outputs(results, args: list, call: Call) -> list:
    if results is None:
        results = []
    results = list(results) if isinstance(results, (list, tuple)) else [results]
    return [*results, *(args[i] for i in call.written)]


def _check(call: Call, args: list, got: list) -> None:
    want = call.expect(*args)
    assert len(got) == len(want), call.function
    bounds = call.bound(*args) if call.bound else None
    if not isinstance(bounds, list):  # one bound for every result
        bounds = [bounds] * len(want)
    for index, (w, g, bound) in enumerate(zip(want, got, bounds, strict=True)):
        w, g = np.asarray(w), np.asarray(g)
        assert g.dtype == w.dtype and g.shape == w.shape, (call.function, index)
        if bound is None:
            np.testing.assert_array_equal(g, w, err_msg=f"@{call.function} #{index}")
        else:
            error = np.abs(g.astype(np.float64) - w)
            assert np.all(error <= bound), (call.function, index, error, bound)


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.function)
def test_jit_gives_numpys_answer(compiled, call):
    args = call.args()
    inputs = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    results = compiled[call.function](*args)
    _check(call, inputs, _outputs(results, args, call))


@pytest.mark.parametrize("call", CALLS, ids=lambda c: c.function)
def test_interpreter_gives_numpys_answer(call):
    args = call.args()
    inputs = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    results = interpret(irc.parse(PROGRAMS), call.function, *args)
    _check(call, inputs, _outputs(results, args, call))


def test_every_program_is_called():
    for text, calls in (
        (PROGRAMS, CALLS),
        (N_D_VECTORS, N_D_CALLS),
        (PERMUTED_READ, [PERMUTED_CALL]),
    ):
        written = {line.split("@")[1].split("(")[0] for line in text.splitlines()
                   if line.startswith("func.func @")}  # fmt: skip
        assert written == {call.function for call in calls}


@pytest.mark.skipif(IREE_OPT_BINARY is None, reason="iree-opt not installed")
@pytest.mark.parametrize(
    "text", [PROGRAMS, N_D_VECTORS, PERMUTED_READ], ids=["programs", "n_d_vectors", "permuted"]
)
def test_iree_opt_accepts_every_program(text):
    done = subprocess.run(
        [IREE_OPT_BINARY, "-"], input=text, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[:3000]


N_D_CALLS = [
    Call("contract_memref", lambda: [floats(2, 3), floats(3, 4), floats(2, 4)],
         lambda a, b, c: [c + a @ b], written=(2,),
         bound=lambda a, b, c: _dot_bound(a, b) + F32_EPS * np.abs(c)),
    Call("shape_cast", lambda: [floats(2, 4)],
         lambda x: [np.float32(x.reshape(8)[5] + x[1].max())],
         bound=lambda x: F32_EPS * (abs(x.reshape(8)[5]) + np.abs(x[1]).max())),
]  # fmt: skip


@pytest.mark.parametrize("call", N_D_CALLS, ids=lambda c: c.function)
def test_n_d_vectors_in_the_interpreter(call):
    args = call.args()
    inputs = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    results = interpret(irc.parse(N_D_VECTORS), call.function, *args)
    _check(call, inputs, _outputs(results, args, call))


PERMUTED_CALL = Call("transposed_read", lambda: [floats(4, 4), 2],
                     lambda m, col: [np.float32(m[:, col].sum())],
                     bound=lambda m, col: 5 * F32_EPS * np.abs(m[:, col]).sum())  # fmt: skip


def test_permuted_read_in_the_interpreter():
    args = PERMUTED_CALL.args()
    results = interpret(irc.parse(PERMUTED_READ), "transposed_read", *args)
    _check(PERMUTED_CALL, args, _outputs(results, args, PERMUTED_CALL))


@pytest.mark.xfail(
    strict=True,
    raises=irc.IRError,
    reason="irc's LLVM translation of vector.transfer_read takes a minor-identity "
    "permutation_map only (no gather or transpose lowering before it)",
)
def test_permuted_read_through_the_jit():
    args = PERMUTED_CALL.args()
    results = irc.jit(PERMUTED_READ, "transposed_read", cache=False)(*args)
    _check(PERMUTED_CALL, args, _outputs(results, args, PERMUTED_CALL))


@pytest.mark.xfail(
    strict=True,
    raises=irc.IRError,
    reason="irc's LLVM translation takes 1-D vectors only: nothing before it unrolls "
    "vector<2x4xf32> values (transfer_read of 2-d vectors, vector.contract, shape_cast) "
    "into 1-D ones, as MLIR's vector-to-llvm lowering does",
)
@pytest.mark.parametrize("call", N_D_CALLS, ids=lambda c: c.function)
def test_n_d_vectors_through_the_jit(call):
    args = call.args()
    inputs = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    results = irc.jit(N_D_VECTORS, call.function, cache=False)(*args)
    _check(call, inputs, _outputs(results, args, call))


# -- regressions -----------------------------------------------------------------------------------

RANK_0_RESULTS = """
import numpy as np, irc
text = '''
func.func @f(%a: memref<i32>, %b: memref<i32>) -> (memref<i32>, memref<i32>) {
  return %b, %a : memref<i32>, memref<i32>
}
'''
got = irc.jit(text, "f", cache=False)(np.array(1, np.int32), np.array(2, np.int32))
print([int(x) for x in got])
"""


def test_two_rank_0_memref_results():
    """A rank-0 memref result before another: each lands in its own fields of the entry
    struct (the rank-0 one has empty size and stride arrays there). In a child process,
    since the bug this guards against wrote pointers two fields early (a crash)."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(RANK_0_RESULTS)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["[2,", "1]"]
