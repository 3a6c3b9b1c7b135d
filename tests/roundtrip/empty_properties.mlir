// An unregistered op with an empty property dictionary. MLIR keeps the empty dictionary
// as the op's property storage and prints "test.p"() <{}> : () -> (); irc's empty
// properties are no properties, so it prints "test.p"() : () -> ().

"test.p"() <{}> : () -> ()
"test.q"() : () -> ()
