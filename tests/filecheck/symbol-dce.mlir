// RUN: irc-opt %s -symbol-dce --allow-unregistered-dialect | filecheck %s
// RUN: not irc-opt %s -split-input-file -pass-pipeline='builtin.module(func.func(symbol-dce))' 2>&1 | filecheck %s --check-prefix=ERR

// Public symbols stay; so does everything they reach, through calls and through symbol
// references anywhere in an op's attributes.
// CHECK-LABEL: func.func @public
// CHECK-NEXT:    call @reached
func.func @public() {
  call @reached() : () -> ()
  return
}

// CHECK-LABEL: func.func private @reached
// CHECK-NEXT:    call @reached_again
func.func private @reached() {
  call @reached_again() : () -> ()
  return
}

// CHECK-LABEL: func.func private @reached_again
func.func private @reached_again() {
  return
}

// Private and nested symbols that nothing live reaches go, even when dead code calls them.
// CHECK-NOT: @unreached
func.func private @unreached() {
  call @unreached_callee() : () -> ()
  return
}
// CHECK-NOT: @unreached_callee
func.func private @unreached_callee() {
  return
}
// CHECK-NOT: @nested_visibility
func.func nested @nested_visibility() {
  return
}

// A private function only recursive calls reach is dead.
// CHECK-NOT: @self
func.func private @self() {
  call @self() : () -> ()
  return
}

// A public nested module keeps its public symbols and loses its unreached private ones.
// CHECK-LABEL: module @inner
// CHECK-NEXT:    func.func @inner_public
// CHECK-NOT:     @inner_private
// CHECK:       }
module @inner {
  func.func @inner_public() {
    return
  }
  func.func private @inner_private() {
    return
  }
}

// References inside a nested table resolve in it: the outer @twin stays unreached.
// CHECK-LABEL: module @scoped
// CHECK-NEXT:    func.func @entry
// CHECK-NEXT:      call @twin
// CHECK:         func.func private @twin
// CHECK-NOT:   @twin
module @scoped {
  func.func @entry() {
    call @twin() : () -> ()
    return
  }
  func.func private @twin() {
    return
  }
}
func.func private @twin() {
  return
}

// A reference `@table::@symbol` keeps both; a private module nothing references goes.
// CHECK-LABEL: module @lib
// CHECK-NEXT:    func.func @used
// CHECK-NEXT:      return
// CHECK-NEXT:    }
// CHECK-NEXT:  }
"builtin.module"() <{sym_name = "lib", sym_visibility = "private"}> ({
  func.func @used() {
    return
  }
}) : () -> ()
// CHECK-NOT: @unused_lib
"builtin.module"() <{sym_name = "unused_lib", sym_visibility = "private"}> ({
  func.func @never() {
    return
  }
}) : () -> ()

// CHECK: "test.refs"() {refs = [@from_array, {key = @lib::@used}]}
"test.refs"() {refs = [@from_array, {key = @lib::@used}]} : () -> ()
// CHECK: func.func private @from_array
func.func private @from_array() {
  return
}

// -----

// ERR: error: 'func.func' op  was scheduled to run under SymbolDCE, but does not define a symbol table
func.func @not_a_table() {
  return
}
