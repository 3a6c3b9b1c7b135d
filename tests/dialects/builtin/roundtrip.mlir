// RUN: irc-opt %s --allow-unregistered-dialect | irc-opt --allow-unregistered-dialect | filecheck %s
// RUN: irc-opt %s --allow-unregistered-dialect --mlir-print-op-generic | irc-opt --allow-unregistered-dialect | filecheck %s
// The builtin dialect in MLIR's custom spelling: builtin.module in all its forms and
// builtin.unrealized_conversion_cast. The CHECK lines are irc's custom print, which is
// iree-opt's too: tests/dialects/builtin/test_mlir_agreement.py checks that irc prints this
// file (custom, generic, with locations) as iree-opt does.

// CHECK: {{^}}module {

// An anonymous, empty module.
// CHECK-NEXT:  module {
// CHECK-NEXT:  }
module {
}

// `builtin.` may be spelled.
// CHECK-NEXT:  module @named {
// CHECK-NEXT:  }
builtin.module @named {
}

// A name that is not an identifier is quoted.
// CHECK-NEXT:  module @"quoted name" {
// CHECK-NEXT:  }
module @"quoted name" {
}

// Discardable attributes.
// CHECK-NEXT:  module attributes {test.flag, test.value = 42 : i32} {
// CHECK-NEXT:  }
module attributes {test.flag, test.value = 42 : i32} {
}

// A visibility, in MLIR's prop-dict, before the attributes.
// CHECK-NEXT:  module @all <sym_visibility = "private"> attributes {test.flag} {
// CHECK-NEXT:  }
module @all <sym_visibility = "private"> attributes {test.flag} {
}

// The prop-dict may be a dictionary; it prints as a list.
// CHECK-NEXT:  module <sym_visibility = "nested"> {
// CHECK-NEXT:  }
module <{sym_visibility = "nested"}> {
}

// Nested modules; each is a symbol table of its own, so a name may repeat one level up.
// CHECK-NEXT:  module @outer {
// CHECK-NEXT:    module @middle attributes {test.level = 2 : i64} {
// CHECK-NEXT:      module @inner {
// CHECK-NEXT:        func.func private @f()
// CHECK-NEXT:      }
// CHECK-NEXT:      func.func private @f()
// CHECK-NEXT:    }
// CHECK-NEXT:    module @empty {
// CHECK-NEXT:    }
// CHECK-NEXT:  }
module @outer {
  module @middle attributes {test.level = 2 : i64} {
    module @inner {
      func.func private @f()
    }
    func.func private @f()
  }
  module @empty {
  }
}

// The generic spelling: sym_name and sym_visibility are properties; attributes stay.
// CHECK-NEXT:  module @generic <sym_visibility = "public"> attributes {test.outer = "x"} {
// CHECK-NEXT:    module attributes {test.inner} {
// CHECK-NEXT:      "test.op"() : () -> ()
// CHECK-NEXT:    }
// CHECK-NEXT:  }
"builtin.module"() <{sym_name = "generic", sym_visibility = "public"}> ({
  "builtin.module"() ({
    "test.op"() : () -> ()
  }) {test.inner} : () -> ()
}) {test.outer = "x"} : () -> ()

// Unrealized conversion casts: no input, one, several; one output or several; types of
// every kind; a discardable attribute. In a function, `builtin.` is spelled.
// CHECK-NEXT:  func.func @casts(%arg0: i32, %arg1: index, %arg2: memref<?xf32>, %arg3: tensor<*xf32>) -> f32 {
// CHECK-NEXT:    %0 = builtin.unrealized_conversion_cast to f32
// CHECK-NEXT:    %1 = builtin.unrealized_conversion_cast %arg0 : i32 to f32
// CHECK-NEXT:    %2:2 = builtin.unrealized_conversion_cast %arg0, %arg1 : i32, index to i64, i64
// CHECK-NEXT:    %3:3 = builtin.unrealized_conversion_cast %arg0 : i32 to i8, i8, i16
// CHECK-NEXT:    %4 = builtin.unrealized_conversion_cast %arg0, %arg1, %arg2 : i32, index, memref<?xf32> to tuple<i32, index>
// CHECK-NEXT:    %5 = builtin.unrealized_conversion_cast %arg2 : memref<?xf32> to tensor<*xf32> {test.tag}
// CHECK-NEXT:    %6 = builtin.unrealized_conversion_cast %arg3 : tensor<*xf32> to complex<f32>
// CHECK-NEXT:    %7 = builtin.unrealized_conversion_cast %arg0 : i32 to none
// CHECK-NEXT:    %8 = builtin.unrealized_conversion_cast %6 : complex<f32> to vector<[4]x2xbf16>
// CHECK-NEXT:    %9 = builtin.unrealized_conversion_cast %arg0 : i32 to !test.opaque<"x">
// CHECK-NEXT:    %10 = builtin.unrealized_conversion_cast %2#0, %3#2 : i64, i16 to f32
// CHECK-NEXT:    "test.use"(%0, %4, %5, %7, %8, %9, %10) : (f32, tuple<i32, index>, tensor<*xf32>, none, vector<[4]x2xbf16>, !test.opaque<"x">, f32) -> ()
// CHECK-NEXT:    builtin.module attributes {test.in_function} {
// CHECK-NEXT:    }
// CHECK-NEXT:    return %1 : f32
// CHECK-NEXT:  }
func.func @casts(%a: i32, %b: index, %m: memref<?xf32>, %t: tensor<*xf32>) -> f32 {
  %0 = builtin.unrealized_conversion_cast to f32
  %1 = builtin.unrealized_conversion_cast %a : i32 to f32
  %2:2 = builtin.unrealized_conversion_cast %a, %b : i32, index to i64, i64
  %3:3 = builtin.unrealized_conversion_cast %a : i32 to i8, i8, i16
  %4 = builtin.unrealized_conversion_cast %a, %b, %m : i32, index, memref<?xf32> to tuple<i32, index>
  %5 = builtin.unrealized_conversion_cast %m : memref<?xf32> to tensor<*xf32> {test.tag}
  %6 = builtin.unrealized_conversion_cast %t : tensor<*xf32> to complex<f32>
  %7 = builtin.unrealized_conversion_cast %a : i32 to none
  %8 = builtin.unrealized_conversion_cast %6 : complex<f32> to vector<[4]x2xbf16>
  %9 = builtin.unrealized_conversion_cast %a : i32 to !test.opaque<"x">
  %10 = "builtin.unrealized_conversion_cast"(%2#0, %3#2) : (i64, i16) -> f32
  "test.use"(%0, %4, %5, %7, %8, %9, %10) : (f32, tuple<i32, index>, tensor<*xf32>, none, vector<[4]x2xbf16>, !test.opaque<"x">, f32) -> ()
  builtin.module attributes {test.in_function} {
  }
  return %1 : f32
}

// builtin is the default dialect in a module's body, so the cast goes without its prefix;
// the body is a graph region, where a value may be used above its definition.
// CHECK-NEXT:  module @graph {
// CHECK-NEXT:    %0 = unrealized_conversion_cast %1 : i32 to f32
// CHECK-NEXT:    %1 = "test.value"() : () -> i32
// CHECK-NEXT:    %2:2 = "test.pair"() : () -> (i1, i1)
// CHECK-NEXT:    %3 = unrealized_conversion_cast %2#0, %2#1 : i1, i1 to i2
// CHECK-NEXT:  }
module @graph {
  %0 = builtin.unrealized_conversion_cast %1 : i32 to f32
  %1 = "test.value"() : () -> i32
  %2:2 = "test.pair"() : () -> (i1, i1)
  %3 = unrealized_conversion_cast %2#0, %2#1 : i1, i1 to i2
}
// CHECK-NEXT: }
