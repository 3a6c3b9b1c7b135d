// An explicit top-level module in its custom form, with a name and attributes,
// holding a nested module and ops of unregistered dialects.

module @outer attributes {test.flag, test.version = 3 : i32, "test.quoted key" = "v"} {
  "test.op"() : () -> ()
  module @inner {
    %0 = "test.def"() : () -> tensor<2xf32>
    "test.use"(%0) : (tensor<2xf32>) -> ()
  }
  module {
  }
  "builtin.module"() <{sym_name = "generic"}> ({
    "test.in_generic_module"() : () -> ()
  }) {test.discardable = 1 : i8} : () -> ()
}
