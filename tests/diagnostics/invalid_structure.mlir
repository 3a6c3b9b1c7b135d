// RUN: irc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect

// Text that parses but breaks a structural rule the verifier enforces: dominance, symbol
// tables, terminators, region shapes. Mirrors VERIFY_CASES in test_malformed.py; the
// messages and notes are MLIR's, with irc's "'name' op" prefix on op errors.

// A value defined on one path of a diamond does not dominate the join.
"t.y"() ({
^bb0:
  "t.cond_br"() [^bb1, ^bb2] : () -> ()
^bb1:
  %0 = "t.x"() : () -> i32
  // expected-note@-1 {{operand defined here (op in the same region)}}
  "t.br"() [^bb3] : () -> ()
^bb2:
  "t.br"() [^bb3] : () -> ()
^bb3:
  // expected-error@below {{'t.use' op operand #0 does not dominate this use}}
  "t.use"(%0) : (i32) -> ()
}) : () -> ()

// -----

// Use before definition in one block.
"t.y"() ({
  "t.use"(%0) : (i32) -> () // expected-error {{'t.use' op operand #0 does not dominate this use}}
  %0 = "t.x"() : () -> i32 // expected-note {{operand defined here (op in the same block)}}
}) : () -> ()

// -----

// A block argument of one branch used at the join: the note sits at the region's op.
// expected-note@+1 {{operand defined as a block argument (block #1 in the same region)}}
"t.y"() ({
^bb0:
  "t.cond_br"() [^bb1, ^bb2] : () -> ()
^bb1(%a: i32):
  "t.br"() [^bb3] : () -> ()
^bb2:
  "t.br"() [^bb3] : () -> ()
^bb3:
  // expected-error@+1 {{'t.use' op operand #0 does not dominate this use}}
  "t.use"(%a) : (i32) -> ()
}) : () -> ()

// -----

// A use in a nested region of a value defined later in the parent region.
"t.y"() ({
  "t.z"() ({
    // expected-error@+1 {{'t.use' op operand #0 does not dominate this use}}
    "t.use"(%0) : (i32) -> ()
  }) : () -> ()
  // expected-note@+1 {{operand defined here (op in a parent region)}}
  %0 = "t.x"() : () -> i32
}) : () -> ()

// -----

func.func @f() {
  // expected-error@+1 {{'func.return' op must be the last operation in the parent block}}
  func.return
  "t.x"() : () -> ()
}

// -----

"t.y"() ({
^bb0:
  // expected-error@+1 {{'t.br' op operation with block successors must terminate its parent block}}
  "t.br"() [^bb1] : () -> ()
  "t.x"() : () -> ()
^bb1:
  "t.t"() : () -> ()
}) : () -> ()

// -----

// expected-error@+1 {{entry block of region may not have predecessors}}
"t.y"() ({
^bb0:
  "t.br"() [^bb0] : () -> ()
}) : () -> ()

// -----

module {
  module @x {} // expected-note {{see existing symbol definition here}}
  module @x {} // expected-error {{'builtin.module' op redefinition of symbol named 'x'}}
}

// -----

func.func @f() {
  func.return
}
// expected-error@+1 {{'func.func' op redefinition of symbol named 'f'}}
func.func @f() {
  func.return
}
// expected-note@-7 {{see existing symbol definition here}}

// -----

// expected-error@+1 {{'builtin.module' op expects region #0 to have 0 or 1 blocks}}
"builtin.module"() ({
^bb0:
  "t.t"() : () -> ()
^bb1:
  "t.t"() : () -> ()
}) : () -> ()

// -----

// expected-error@+1 {{'builtin.module' op requires one region}}
"builtin.module"() ({}, {}) : () -> ()

// -----

// expected-error@+1 {{'func.return' op expects parent op 'func.func'}}
"func.return"() : () -> ()

// -----

// expected-error@+1 {{'func.func' op empty block: expect at least a terminator}}
func.func @f() {
^bb0:
}

// -----

// Several faults in one chunk are all reported.
func.func @g() {
  // expected-error@+1 {{'func.return' op must be the last operation in the parent block}}
  func.return
  "t.x"() : () -> ()
}
// expected-error@+1 {{'func.return' op expects parent op 'func.func'}}
"func.return"() : () -> ()
