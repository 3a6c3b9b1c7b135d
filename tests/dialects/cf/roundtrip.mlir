// RUN: irc-opt %s | irc-opt | filecheck %s
// RUN: irc-opt %s --mlir-print-op-generic | irc-opt | filecheck %s
// The cf dialect in MLIR's custom spelling. tests/dialects/cf/test_mlir_agreement.py
// checks that irc prints this file (custom, generic, with locations) as iree-opt does.

// CHECK-LABEL: func.func @branches(%arg0: i1, %arg1: i32, %arg2: f32) -> i32 {
// CHECK-NEXT:    cf.br ^bb1(%arg1, %arg2 : i32, f32)
// CHECK-NEXT:  ^bb1(%0: i32, %1: f32):  // 2 preds: ^bb0, ^bb2
// CHECK-NEXT:    cf.cond_br %arg0, ^bb2, ^bb3(%0 : i32)
// CHECK-NEXT:  ^bb2:  // pred: ^bb1
// CHECK-NEXT:    cf.br ^bb1(%0, %1 : i32, f32)
// CHECK-NEXT:  ^bb3(%2: i32):  // pred: ^bb1
// CHECK-NEXT:    cf.cond_br %arg0, ^bb4(%2, %arg1 : i32, i32), ^bb4(%arg1, %2 : i32, i32) {hint}
// CHECK-NEXT:  ^bb4(%3: i32, %4: i32):  // 2 preds: ^bb3, ^bb3
// CHECK-NEXT:    cf.br ^bb5
// CHECK-NEXT:  ^bb5:  // pred: ^bb4
// CHECK-NEXT:    return %3 : i32
func.func @branches(%c: i1, %x: i32, %y: f32) -> i32 {
  cf.br ^loop(%x, %y : i32, f32)
^loop(%a: i32, %b: f32):
  cf.cond_br %c, ^body, ^exit(%a : i32)
^body:
  cf.br ^loop(%a, %b : i32, f32)
^exit(%r: i32):
  cf.cond_br %c, ^join(%r, %x : i32, i32), ^join(%x, %r : i32, i32) {hint}
^join(%p: i32, %q: i32):
  cf.br ^done
^done:
  return %p : i32
}

// CHECK-LABEL: func.func @asserts(%arg0: i1) {
// CHECK-NEXT:    cf.assert %arg0, "must hold"
// CHECK-NEXT:    cf.assert %arg0, "escapes \22quoted\22 \0A" {note}
func.func @asserts(%ok: i1) {
  cf.assert %ok, "must hold"
  cf.assert %ok, "escapes \"quoted\" \n" {note}
  return
}

// CHECK-LABEL: func.func @switches(%arg0: i32, %arg1: i64, %arg2: i8) {
// CHECK-NEXT:    cf.switch %arg0 : i32, [
// CHECK-NEXT:      default: ^bb1(%arg0 : i32),
// CHECK-NEXT:      42: ^bb1(%arg0 : i32),
// CHECK-NEXT:      -7: ^bb2
// CHECK-NEXT:    ]
// CHECK:         cf.switch %arg1 : i64, [
// CHECK-NEXT:      default: ^bb2]
// CHECK:         cf.switch %arg2 : i8, [
// CHECK-NEXT:      default: ^bb3,
// CHECK-NEXT:      -1: ^bb3,
// CHECK-NEXT:      127: ^bb3
// CHECK-NEXT:    ] {attr = 1 : i64}
func.func @switches(%x: i32, %y: i64, %z: i8) {
  cf.switch %x : i32, [
    default: ^bb1(%x : i32),
    42: ^bb1(%x : i32),
    -7: ^bb2
  ]
^bb1(%a: i32):
  cf.switch %y : i64, [
    default: ^bb2
  ]
^bb2:
  cf.switch %z : i8, [
    default: ^bb3,
    255: ^bb3,
    127: ^bb3
  ] {attr = 1}
^bb3:
  return
}

// Generic forms, as MLIR prints them.
// CHECK-LABEL: func.func @generic(%arg0: i1, %arg1: index, %arg2: i16) {
// CHECK-NEXT:    cf.cond_br %arg0, ^bb1(%arg1 : index), ^bb2
func.func @generic(%c: i1, %i: index, %k: i16) {
  "cf.cond_br"(%c, %i) [^bb1, ^bb2] <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (i1, index) -> ()
^bb1(%j: index):
  "cf.br"(%j) [^bb1] : (index) -> ()
^bb2:
  "cf.assert"(%c) <{msg = "generic"}> : (i1) -> ()
  "cf.switch"(%k) [^bb3] <{case_operand_segments = array<i32>, operandSegmentSizes = array<i32: 1, 0, 0>}> : (i16) -> ()
^bb3:
  return
}
