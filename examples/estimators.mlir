// Gradient estimators for stochastic binary units h ~ Bernoulli(p), p = sigmoid(a)
// (Bengio, Léonard and Courville 2013), each written in a line or two of nn. A tiny model:
// three units with pre-activations a = w * x + c, a loss L(h) = (v . h - s)^2 that is not
// linear in h, and N samples at once. The weights come as one row per sample (W, N x 3,
// every row the same w), so that the gradient with respect to W holds one estimate per
// sample: the tests (tests/autodiff/test_estimators.py) compare their mean with the exact
// gradient of E[L], found by enumerating the 8 values of h.
//
//   irc-opt examples/estimators.mlir --autodiff="function=reinforce wrt=0"

// The loss of each sample, (v . h - s)^2: N values.
func.func @loss(%h: tensor<?x3xf64>, %v: tensor<3xf64>, %s: tensor<f64>) -> tensor<?xf64> {
  %hv = nn.mul %h, %v : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %dot = nn.reduce_sum %hv [1] : (tensor<?x3xf64>) -> tensor<?xf64>
  %e = nn.sub %dot, %s : (tensor<?xf64>, tensor<f64>) -> tensor<?xf64>
  %l = nn.mul %e, %e : tensor<?xf64>
  return %l : tensor<?xf64>
}

// REINFORCE: the surrogate stop_gradient(L - b) * log p(h | a) added to the objective;
// log p(h | a) = h a - softplus(a). Its gradient is (L - b)(h - p) da, unbiased for any
// baseline b (here one per unit, a program input: see @baseline).
func.func @reinforce(%W: tensor<?x3xf64>, %x: tensor<3xf64>, %c: tensor<3xf64>,
                     %v: tensor<3xf64>, %s: tensor<f64>, %b: tensor<3xf64>,
                     %seed: tensor<i64>) -> tensor<f64> {
  %key = nn.random_key %seed : tensor<i64>
  %wx = nn.mul %W, %x : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %a = nn.add %wx, %c : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %p = nn.sigmoid %a : tensor<?x3xf64>
  %h = nn.random_bernoulli %key, %p : tensor<?x3xf64>
  %l = func.call @loss(%h, %v, %s) : (tensor<?x3xf64>, tensor<3xf64>, tensor<f64>) -> tensor<?xf64>
  // the estimator: two lines
  %ha = nn.mul %h, %a : tensor<?x3xf64>
  %sp = nn.softplus %a : tensor<?x3xf64>
  %logp = nn.sub %ha, %sp : tensor<?x3xf64>
  %l1 = nn.expand_dims %l [1] : tensor<?xf64>
  %adv = nn.sub %l1, %b : (tensor<?x1xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %fixed = nn.stop_gradient %adv : tensor<?x3xf64>
  %surrogate = nn.mul %fixed, %logp : tensor<?x3xf64>
  %objective = nn.reduce_sum %surrogate [0, 1] : (tensor<?x3xf64>) -> tensor<f64>
  return %objective : tensor<f64>
}

// Straight-through: forward the sample, back-propagate into p as if h were p (so the
// gradient is dL/dh * sigmoid'(a) da). Biased when L is not linear in h; low variance.
func.func @straight_through(%W: tensor<?x3xf64>, %x: tensor<3xf64>, %c: tensor<3xf64>,
                            %v: tensor<3xf64>, %s: tensor<f64>, %seed: tensor<i64>)
    -> tensor<f64> {
  %key = nn.random_key %seed : tensor<i64>
  %wx = nn.mul %W, %x : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %a = nn.add %wx, %c : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %p = nn.sigmoid %a : tensor<?x3xf64>
  %sample = nn.random_bernoulli %key, %p : tensor<?x3xf64>
  %h = nn.straight_through %sample, %p : tensor<?x3xf64>
  %l = func.call @loss(%h, %v, %s) : (tensor<?x3xf64>, tensor<3xf64>, tensor<f64>) -> tensor<?xf64>
  %total = nn.reduce_sum %l [0] : (tensor<?xf64>) -> tensor<f64>
  return %total : tensor<f64>
}

// The variance-minimising baseline of REINFORCE, b_j = E[(h_j - p_j)^2 L] / E[(h_j - p_j)^2],
// kept by the program as running averages of numerator and denominator (momentum m):
// call it once per batch with that batch's h, p and L, and pass num / den as %b.
func.func @baseline(%num: tensor<3xf64>, %den: tensor<3xf64>, %h: tensor<?x3xf64>,
                    %p: tensor<?x3xf64>, %l: tensor<?xf64>, %m: tensor<f64>)
    -> (tensor<3xf64>, tensor<3xf64>, tensor<3xf64>) {
  %d = nn.sub %h, %p : tensor<?x3xf64>
  %d2 = nn.mul %d, %d : tensor<?x3xf64>
  %l1 = nn.expand_dims %l [1] : tensor<?xf64>
  %weighted = nn.mul %d2, %l1 : (tensor<?x3xf64>, tensor<?x1xf64>) -> tensor<?x3xf64>
  %bn = nn.reduce_mean %weighted [0] : (tensor<?x3xf64>) -> tensor<3xf64>
  %bd = nn.reduce_mean %d2 [0] : (tensor<?x3xf64>) -> tensor<3xf64>
  %one = nn.constant dense<1.0> : tensor<f64>
  %rest = nn.sub %one, %m : tensor<f64>
  %n0 = nn.mul %num, %m : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
  %n1 = nn.mul %bn, %rest : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
  %num2 = nn.add %n0, %n1 : tensor<3xf64>
  %d0 = nn.mul %den, %m : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
  %d1 = nn.mul %bd, %rest : (tensor<3xf64>, tensor<f64>) -> tensor<3xf64>
  %den2 = nn.add %d0, %d1 : tensor<3xf64>
  %b = nn.div %num2, %den2 : tensor<3xf64>
  return %num2, %den2, %b : tensor<3xf64>, tensor<3xf64>, tensor<3xf64>
}

// Noise injection (a noisy rectifier): h = max(0, a + noise), noise ~ N(0, sigma^2) drawn
// from the key; the gradient flows through the rectifier for the drawn noise.
func.func @noisy_rectifier(%W: tensor<?x3xf64>, %x: tensor<3xf64>, %c: tensor<3xf64>,
                           %v: tensor<3xf64>, %s: tensor<f64>, %sigma: tensor<f64>,
                           %seed: tensor<i64>) -> tensor<f64> {
  %key = nn.random_key %seed : tensor<i64>
  %wx = nn.mul %W, %x : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %a = nn.add %wx, %c : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %z = nn.random_normal %key like %a : tensor<?x3xf64> -> tensor<?x3xf64>
  // the estimator: two lines
  %noise = nn.mul %z, %sigma : (tensor<?x3xf64>, tensor<f64>) -> tensor<?x3xf64>
  %an = nn.add %a, %noise : tensor<?x3xf64>
  %h = nn.relu %an : tensor<?x3xf64>
  %l = func.call @loss(%h, %v, %s) : (tensor<?x3xf64>, tensor<3xf64>, tensor<f64>) -> tensor<?xf64>
  %total = nn.reduce_sum %l [0] : (tensor<?xf64>) -> tensor<f64>
  return %total : tensor<f64>
}

// Stochastic times smooth: h = b * sqrt(p), b ~ Bernoulli(sqrt(p)); the gradient flows
// through the smooth factor sqrt(p) (the draw b has none).
func.func @stochastic_times_smooth(%W: tensor<?x3xf64>, %x: tensor<3xf64>,
                                   %c: tensor<3xf64>, %v: tensor<3xf64>, %s: tensor<f64>,
                                   %seed: tensor<i64>) -> tensor<f64> {
  %key = nn.random_key %seed : tensor<i64>
  %wx = nn.mul %W, %x : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %a = nn.add %wx, %c : (tensor<?x3xf64>, tensor<3xf64>) -> tensor<?x3xf64>
  %p = nn.sigmoid %a : tensor<?x3xf64>
  // the estimator: three lines
  %root = nn.sqrt %p : tensor<?x3xf64>
  %b = nn.random_bernoulli %key, %root : tensor<?x3xf64>
  %h = nn.mul %b, %root : tensor<?x3xf64>
  %l = func.call @loss(%h, %v, %s) : (tensor<?x3xf64>, tensor<3xf64>, tensor<f64>) -> tensor<?xf64>
  %total = nn.reduce_sum %l [0] : (tensor<?xf64>) -> tensor<f64>
  return %total : tensor<f64>
}
