// A generic builtin.module whose name is given in the attribute dictionary. MLIR
// stores the inherent attribute `sym_name` as a property and prints
// "builtin.module"() <{sym_name = "m"}> (...); irc keeps it an attribute until
// builtin.module declares its properties (sym_name, sym_visibility).

"builtin.module"() ({
  "test.op"() : () -> ()
}) {sym_name = "m"} : () -> ()
