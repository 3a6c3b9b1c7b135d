// Float attributes: decimal forms, hex bit patterns, signed zeros, infinities, NaNs,
// denormals, and the narrow formats f16 and bf16. MLIR prints a float in exponent form
// with six digits when that reads back exactly, else in its shortest exact form, else as
// a bit pattern; the values below exercise each case.

"test.f32"() {zero = 0.0 : f32, negzero = -0.0 : f32, one = 1.0 : f32, half = 0.5 : f32, third = 0.333333343 : f32, tenth = 0.1 : f32, big = 3.40282347e+38 : f32, small = 1.17549435e-38 : f32, denorm = 1.401298464e-45 : f32, exp = 1.5e10 : f32, neg = -2.75 : f32, int = 3. : f32} : () -> ()
"test.f64"() {zero = 0.0 : f64, negzero = -0.0 : f64, one = 1.0 : f64, tenth = 0.1, pi = 3.141592653589793 : f64, big = 1.7976931348623157e+308 : f64, tiny = 2.2250738585072014e-308 : f64, denorm = 4.9406564584124654e-324 : f64, exact = 123456.0, sevendigits = 1234567.0, neg = -1.0e-100 : f64} : () -> ()
"test.f16"() {one = 1.0 : f16, tenth = 0.1 : f16, max = 65504.0 : f16, min = 6.103515625e-05 : f16, denorm = 5.96046448e-08 : f16, negzero = -0.0 : f16, third = 0.333 : f16} : () -> ()
"test.bf16"() {one = 1.0 : bf16, tenth = 0.1 : bf16, big = 3.38953139e+38 : bf16, pi = 3.140625 : bf16, negzero = -0.0 : bf16, third = 0.333984375 : bf16} : () -> ()

// Bit patterns: infinities and NaNs can only be written this way.
"test.hex"() {inf32 = 0x7F800000 : f32, ninf32 = 0xFF800000 : f32, nan32 = 0x7FC00000 : f32, snan32 = 0x7F800001 : f32, nnan32 = 0xFFC00000 : f32, inf64 = 0x7FF0000000000000 : f64, nan64 = 0x7FF8000000000000 : f64, inf16 = 0x7C00 : f16, nan16 = 0x7E00 : f16, infbf = 0x7F80 : bf16, nanbf = 0x7FC0 : bf16, one32 = 0x3F800000 : f32, lowercase = 0x3f800000 : f32} : () -> ()

// Floats inside arrays and dense arrays (f64 elements print without their type).
"test.float_arrays"() {a = [0.1, 1.0e+300, -0.0, 0x7FF0000000000000 : f64, 1.0 : f32], b = array<f32: 0.1, 0x7FC00000, -0.0>, c = array<f64: 0x7FF8000000000000, 1.0e-320>} : () -> ()
