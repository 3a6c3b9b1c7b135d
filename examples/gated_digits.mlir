// Conditional computation (Bengio, Léonard and Courville 2013, section 6) on the 8x8
// digits: a gater of 256 stochastic binary units decides, for each example, which of the
// 256 hidden units of an expert layer take part; a softmax layer reads the gated units.
//
//   a      = x Wg + bg                     the gater's pre-activations (B x 256)
//   p      = sigmoid(a)                    each gate's probability of opening
//   g      = a gate per unit, drawn from p (how, and its gradient: the estimator)
//   hidden = relu(x' We + be) * g          the expert's units, gated; x' = x + noise
//   logits = hidden Wo + bo                10 classes
//
// In training the expert reads the pixels with Gaussian noise added (a regularizer, as
// in examples/mlp_digits.mlir); the gater reads them clean, so that its open fraction
// is the same in training and evaluation. Wg starts large (uniform in +-2), so that each
// example opens its own gates, nearly deterministically, from the first step.
//
// The loss is the mean cross-entropy plus a sparsity penalty that pulls the fraction of
// open gates of each unit, averaged over the batch, to the target of 10%:
//   penalty = 100 * mean_j (mean_b q_bj - 0.1)^2,   q = the probability the gate is open.
//
// A sampled gate has no derivative with respect to a; each @loss_<estimator> below says
// how its gradient reaches the gater (all gradients come from the autodiff pass):
//   @loss_straight_through          forward the 0/1 sample, back-propagate as if g = a
//   @loss_straight_through_sigmoid  the same, as if g = p (the variant with sigmoid'(a))
//   @loss_reinforce                 (L - b) d log P(g | a), with a learned baseline b(x)
//   @loss_noisy_rectifier           g = max(0, a + logistic noise): open exactly when a
//                                   Bernoulli(p) draw from the same uniforms would be
//   @loss_stochastic_times_smooth   g = bernoulli(sqrt(p)) * sqrt(p)
// Each loss returns cross-entropy + penalty (REINFORCE's extra terms are zero in value, so
// the four report the same quantity). @evaluate_<gates> samples the gates as training
// does, from its seed (the driver gives 0 when evaluating), and returns the predicted
// classes and the fraction of gates that opened. Every random draw comes from the
// `{irc.seed}` argument's key, so the interpreter and irc.jit draw the same uniforms
// (@gate_uniforms returns them).
//
// The argument attributes are for the training driver (irc/train/model.py): `irc.param`
// names a trained parameter and its initializer (`irc.init`), `irc.data` the batch entry
// it reads, `irc.seed` the per-step seed; the module's `irc.train` holds the settings.
// examples/gated_table.py trains each estimator from 5 seeds and prints the table.

module attributes {irc.train = {dataset = "digits", optimizer = "adam", lr = 1.0e-02 : f32,
                                schedule = "cosine", batch = 64 : i64, steps = 2000 : i64}} {

  // ---- the shared parts (private: inlined into the functions that call them) -----------

  // The gater's pre-activations a = x Wg + bg.
  func.func private @gater(%x: tensor<?x64xf32>, %wg: tensor<64x256xf32>, %bg: tensor<256xf32>)
      -> tensor<?x256xf32> {
    %xw = nn.matmul %x, %wg : (tensor<?x64xf32>, tensor<64x256xf32>) -> tensor<?x256xf32>
    %a = nn.add %xw, %bg : (tensor<?x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    return %a : tensor<?x256xf32>
  }

  // The pixels with Gaussian noise of standard deviation 0.25 added (training only): a
  // regularizer, as in examples/mlp_digits.mlir. The noise comes from a key folded from
  // the step's key, so it is independent of the gates' draws.
  func.func private @noisy_pixels(%x: tensor<?x64xf32>, %key: !nn.key) -> tensor<?x64xf32> {
    %one = nn.constant dense<1> : tensor<i64>
    %noise_key = nn.random_fold %key, %one : tensor<i64>
    %normal = nn.random_normal %noise_key like %x : tensor<?x64xf32>
    %scale = nn.constant dense<0.25> : tensor<f32>
    %noise = nn.mul %normal, %scale : (tensor<?x64xf32>, tensor<f32>) -> tensor<?x64xf32>
    %noisy = nn.add %x, %noise : tensor<?x64xf32>
    return %noisy : tensor<?x64xf32>
  }

  // The expert's rectified units, times the gates, then the output layer's logits.
  func.func private @expert(%x: tensor<?x64xf32>, %gates: tensor<?x256xf32>,
                            %we: tensor<64x256xf32>, %be: tensor<256xf32>,
                            %wo: tensor<256x10xf32>, %bo: tensor<10xf32>) -> tensor<?x10xf32> {
    %xw = nn.matmul %x, %we : (tensor<?x64xf32>, tensor<64x256xf32>) -> tensor<?x256xf32>
    %z = nn.add %xw, %be : (tensor<?x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %r = nn.relu %z : tensor<?x256xf32>
    %hidden = nn.mul %r, %gates : tensor<?x256xf32>
    %hw = nn.matmul %hidden, %wo : (tensor<?x256xf32>, tensor<256x10xf32>) -> tensor<?x10xf32>
    %logits = nn.add %hw, %bo : (tensor<?x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    return %logits : tensor<?x10xf32>
  }

  // 100 * mean_j (mean_b q_bj - 0.1)^2: each unit's open fraction over the batch pulled to
  // the 10% target (q: the probability that each gate opens).
  func.func private @sparsity_penalty(%q: tensor<?x256xf32>) -> tensor<f32> {
    %target = nn.constant dense<0.1> : tensor<f32>
    %weight = nn.constant dense<100.0> : tensor<f32>
    %open = nn.reduce_mean %q [0] : (tensor<?x256xf32>) -> tensor<256xf32>
    %off = nn.sub %open, %target : (tensor<256xf32>, tensor<f32>) -> tensor<256xf32>
    %sq = nn.mul %off, %off : tensor<256xf32>
    %mean = nn.reduce_mean %sq [0] : (tensor<256xf32>) -> tensor<f32>
    %penalty = nn.mul %mean, %weight : tensor<f32>
    return %penalty : tensor<f32>
  }

  // Cross-entropy (mean over the batch) plus the sparsity penalty.
  func.func private @objective(%logits: tensor<?x10xf32>, %labels: tensor<?xi32>,
                               %q: tensor<?x256xf32>) -> tensor<f32> {
    %ce = nn.softmax_cross_entropy %logits, %labels reduction mean
        : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<f32>
    %penalty = func.call @sparsity_penalty(%q) : (tensor<?x256xf32>) -> tensor<f32>
    %total = nn.add %ce, %penalty : tensor<f32>
    return %total : tensor<f32>
  }

  // The fraction of gates that opened (nonzero), over the batch and the units.
  func.func private @open_fraction(%gates: tensor<?x256xf32>) -> tensor<f32> {
    %zero = nn.constant dense<0.0> : tensor<f32>
    %is_open = nn.gt %gates, %zero : (tensor<?x256xf32>, tensor<f32>) -> tensor<?x256xi1>
    %open = nn.cast %is_open : tensor<?x256xi1> to tensor<?x256xf32>
    %fraction = nn.reduce_mean %open [0, 1] : (tensor<?x256xf32>) -> tensor<f32>
    return %fraction : tensor<f32>
  }

  // ---- the gates of each estimator: (gates, probability that each is open) -------------

  // Bernoulli(p) gates; forward the 0/1 sample, back-propagate into a as if the gate were a
  // (the straight-through variant without sigmoid'(a), the paper's best).
  func.func private @straight_through_gates(%a: tensor<?x256xf32>, %key: !nn.key)
      -> (tensor<?x256xf32>, tensor<?x256xf32>) {
    %p = nn.sigmoid %a : tensor<?x256xf32>
    %sample = nn.random_bernoulli %key, %p : tensor<?x256xf32>
    %gates = nn.straight_through %sample, %a : tensor<?x256xf32>
    return %gates, %p : tensor<?x256xf32>, tensor<?x256xf32>
  }

  // The same gates back-propagating into p instead (the variant with sigmoid'(a)).
  func.func private @straight_through_sigmoid_gates(%a: tensor<?x256xf32>, %key: !nn.key)
      -> (tensor<?x256xf32>, tensor<?x256xf32>) {
    %p = nn.sigmoid %a : tensor<?x256xf32>
    %sample = nn.random_bernoulli %key, %p : tensor<?x256xf32>
    %gates = nn.straight_through %sample, %p : tensor<?x256xf32>
    return %gates, %p : tensor<?x256xf32>, tensor<?x256xf32>
  }

  // Bernoulli(p) gates with no gradient of their own (REINFORCE supplies it).
  func.func private @bernoulli_gates(%a: tensor<?x256xf32>, %key: !nn.key)
      -> (tensor<?x256xf32>, tensor<?x256xf32>) {
    %p = nn.sigmoid %a : tensor<?x256xf32>
    %sample = nn.random_bernoulli %key, %p : tensor<?x256xf32>
    return %sample, %p : tensor<?x256xf32>, tensor<?x256xf32>
  }

  // g = max(0, a + n), n = log(u) - log(1 - u) logistic noise from the key's uniforms u:
  // a + n > 0 exactly when u < sigmoid(a), so g opens when the Bernoulli(p) gate of the
  // same key would, with probability p; the gradient flows through the rectifier.
  func.func private @noisy_rectifier_gates(%a: tensor<?x256xf32>, %key: !nn.key)
      -> (tensor<?x256xf32>, tensor<?x256xf32>) {
    %p = nn.sigmoid %a : tensor<?x256xf32>
    %u = nn.random_uniform %key like %a : tensor<?x256xf32>
    %tiny = nn.constant dense<1.0e-7> : tensor<f32>
    %u_pos = nn.maximum %u, %tiny : (tensor<?x256xf32>, tensor<f32>) -> tensor<?x256xf32>
    %log_u = nn.log %u_pos : tensor<?x256xf32>
    %minus_u = nn.neg %u : tensor<?x256xf32>
    %log_rest = nn.log1p %minus_u : tensor<?x256xf32>
    %noise = nn.sub %log_u, %log_rest : tensor<?x256xf32>
    %noisy = nn.add %a, %noise : tensor<?x256xf32>
    %gates = nn.relu %noisy : tensor<?x256xf32>
    return %gates, %p : tensor<?x256xf32>, tensor<?x256xf32>
  }

  // g = b * sqrt(p), b ~ Bernoulli(sqrt(p)): open with probability sqrt(p); the gradient
  // flows through the smooth factor sqrt(p).
  func.func private @stochastic_times_smooth_gates(%a: tensor<?x256xf32>, %key: !nn.key)
      -> (tensor<?x256xf32>, tensor<?x256xf32>) {
    %p = nn.sigmoid %a : tensor<?x256xf32>
    %root = nn.sqrt %p : tensor<?x256xf32>
    %b = nn.random_bernoulli %key, %root : tensor<?x256xf32>
    %gates = nn.mul %b, %root : tensor<?x256xf32>
    return %gates, %root : tensor<?x256xf32>, tensor<?x256xf32>
  }

  // ---- the losses, one per estimator ------------------------------------------------------

  func.func @loss_straight_through(
      %pixels: tensor<?x64xf32> {irc.data = "x"}, %labels: tensor<?xi32> {irc.data = "labels"},
      %wg: tensor<64x256xf32> {irc.param = "wg", irc.init = "uniform(2.0)"},
      %bg: tensor<256xf32> {irc.param = "bg", irc.init = "constant(-2.2)"},
      %we: tensor<64x256xf32> {irc.param = "we", irc.init = "glorot"},
      %be: tensor<256xf32> {irc.param = "be", irc.init = "zeros"},
      %wo: tensor<256x10xf32> {irc.param = "wo", irc.init = "glorot"},
      %bo: tensor<10xf32> {irc.param = "bo", irc.init = "zeros"},
      %seed: tensor<i64> {irc.seed}) -> tensor<f32> {
    %key = nn.random_key %seed : tensor<i64>
    %x = func.call @noisy_pixels(%pixels, %key) : (tensor<?x64xf32>, !nn.key) -> tensor<?x64xf32>
    %a = func.call @gater(%pixels, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %gates, %p = func.call @straight_through_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    %logits = func.call @expert(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    %loss = func.call @objective(%logits, %labels, %p)
        : (tensor<?x10xf32>, tensor<?xi32>, tensor<?x256xf32>) -> tensor<f32>
    return %loss : tensor<f32>
  }

  // Straight-through through sigmoid'(a): the gradient reaches a as dL/dg * p (1 - p).
  func.func @loss_straight_through_sigmoid(
      %pixels: tensor<?x64xf32> {irc.data = "x"}, %labels: tensor<?xi32> {irc.data = "labels"},
      %wg: tensor<64x256xf32> {irc.param = "wg", irc.init = "uniform(2.0)"},
      %bg: tensor<256xf32> {irc.param = "bg", irc.init = "constant(-2.2)"},
      %we: tensor<64x256xf32> {irc.param = "we", irc.init = "glorot"},
      %be: tensor<256xf32> {irc.param = "be", irc.init = "zeros"},
      %wo: tensor<256x10xf32> {irc.param = "wo", irc.init = "glorot"},
      %bo: tensor<10xf32> {irc.param = "bo", irc.init = "zeros"},
      %seed: tensor<i64> {irc.seed}) -> tensor<f32> {
    %key = nn.random_key %seed : tensor<i64>
    %x = func.call @noisy_pixels(%pixels, %key) : (tensor<?x64xf32>, !nn.key) -> tensor<?x64xf32>
    %a = func.call @gater(%pixels, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %gates, %p = func.call @straight_through_sigmoid_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    %logits = func.call @expert(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    %loss = func.call @objective(%logits, %labels, %p)
        : (tensor<?x10xf32>, tensor<?xi32>, tensor<?x256xf32>) -> tensor<f32>
    return %loss : tensor<f32>
  }

  // REINFORCE: the gradient of the expected loss with respect to a is
  // E[(L - b) (g - p)], b any baseline; (g - p) is the gradient of log P(g | a) = g a -
  // softplus(a). Added to the objective, with L each example's cross-entropy:
  //   mean_b stop_gradient(L_b - b_b) * (logp_b - stop_gradient(logp_b))     (value 0)
  // and the baseline b(x) = x wb + cb, learned by regression on L with the term
  //   mean_b stop_gradient(b_b - L_b) * (b_b - stop_gradient(b_b))           (value 0)
  // whose gradient is that of (b - L)^2 / 2. The sparsity penalty's gradient is exact.
  // (cb is a tensor<1xf32>: the driver gives a rank-0 parameter the shape (1,) for now.)
  func.func @loss_reinforce(
      %pixels: tensor<?x64xf32> {irc.data = "x"}, %labels: tensor<?xi32> {irc.data = "labels"},
      %wg: tensor<64x256xf32> {irc.param = "wg", irc.init = "uniform(2.0)"},
      %bg: tensor<256xf32> {irc.param = "bg", irc.init = "constant(-2.2)"},
      %we: tensor<64x256xf32> {irc.param = "we", irc.init = "glorot"},
      %be: tensor<256xf32> {irc.param = "be", irc.init = "zeros"},
      %wo: tensor<256x10xf32> {irc.param = "wo", irc.init = "glorot"},
      %bo: tensor<10xf32> {irc.param = "bo", irc.init = "zeros"},
      %wb: tensor<64xf32> {irc.param = "wb", irc.init = "zeros"},
      %cb: tensor<1xf32> {irc.param = "cb", irc.init = "zeros"},
      %seed: tensor<i64> {irc.seed}) -> tensor<f32> {
    %key = nn.random_key %seed : tensor<i64>
    %x = func.call @noisy_pixels(%pixels, %key) : (tensor<?x64xf32>, !nn.key) -> tensor<?x64xf32>
    %a = func.call @gater(%pixels, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %gates, %p = func.call @bernoulli_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    %logits = func.call @expert(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    %loss = func.call @objective(%logits, %labels, %p)
        : (tensor<?x10xf32>, tensor<?xi32>, tensor<?x256xf32>) -> tensor<f32>
    // each example's loss L and its baseline b(x)
    %l = nn.softmax_cross_entropy %logits, %labels reduction none
        : (tensor<?x10xf32>, tensor<?xi32>) -> tensor<?xf32>
    %xb = nn.mul %pixels, %wb : (tensor<?x64xf32>, tensor<64xf32>) -> tensor<?x64xf32>
    %xbsum = nn.reduce_sum %xb [1] : (tensor<?x64xf32>) -> tensor<?xf32>
    %b = nn.add %xbsum, %cb : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
    // log P(g | a), summed over the units of each example
    %ga = nn.mul %gates, %a : tensor<?x256xf32>
    %sp = nn.softplus %a : tensor<?x256xf32>
    %logp_units = nn.sub %ga, %sp : tensor<?x256xf32>
    %logp = nn.reduce_sum %logp_units [1] : (tensor<?x256xf32>) -> tensor<?xf32>
    // the score-function term, zero in value
    %advantage = nn.sub %l, %b : tensor<?xf32>
    %fixed_advantage = nn.stop_gradient %advantage : tensor<?xf32>
    %fixed_logp = nn.stop_gradient %logp : tensor<?xf32>
    %logp_zero = nn.sub %logp, %fixed_logp : tensor<?xf32>
    %score = nn.mul %fixed_advantage, %logp_zero : tensor<?xf32>
    %score_mean = nn.reduce_mean %score [0] : (tensor<?xf32>) -> tensor<f32>
    // the baseline's regression term, zero in value
    %fixed_b = nn.stop_gradient %b : tensor<?xf32>
    %b_zero = nn.sub %b, %fixed_b : tensor<?xf32>
    %minus_advantage = nn.neg %fixed_advantage : tensor<?xf32>
    %regression = nn.mul %minus_advantage, %b_zero : tensor<?xf32>
    %regression_mean = nn.reduce_mean %regression [0] : (tensor<?xf32>) -> tensor<f32>
    %with_score = nn.add %loss, %score_mean : tensor<f32>
    %total = nn.add %with_score, %regression_mean : tensor<f32>
    return %total : tensor<f32>
  }

  func.func @loss_noisy_rectifier(
      %pixels: tensor<?x64xf32> {irc.data = "x"}, %labels: tensor<?xi32> {irc.data = "labels"},
      %wg: tensor<64x256xf32> {irc.param = "wg", irc.init = "uniform(2.0)"},
      %bg: tensor<256xf32> {irc.param = "bg", irc.init = "constant(-2.2)"},
      %we: tensor<64x256xf32> {irc.param = "we", irc.init = "glorot"},
      %be: tensor<256xf32> {irc.param = "be", irc.init = "zeros"},
      %wo: tensor<256x10xf32> {irc.param = "wo", irc.init = "glorot"},
      %bo: tensor<10xf32> {irc.param = "bo", irc.init = "zeros"},
      %seed: tensor<i64> {irc.seed}) -> tensor<f32> {
    %key = nn.random_key %seed : tensor<i64>
    %x = func.call @noisy_pixels(%pixels, %key) : (tensor<?x64xf32>, !nn.key) -> tensor<?x64xf32>
    %a = func.call @gater(%pixels, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %gates, %p = func.call @noisy_rectifier_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    %logits = func.call @expert(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    %loss = func.call @objective(%logits, %labels, %p)
        : (tensor<?x10xf32>, tensor<?xi32>, tensor<?x256xf32>) -> tensor<f32>
    return %loss : tensor<f32>
  }

  // The gate opens with probability sqrt(p): start it near the target, sqrt(p) = 0.1.
  func.func @loss_stochastic_times_smooth(
      %pixels: tensor<?x64xf32> {irc.data = "x"}, %labels: tensor<?xi32> {irc.data = "labels"},
      %wg: tensor<64x256xf32> {irc.param = "wg", irc.init = "uniform(2.0)"},
      %bg: tensor<256xf32> {irc.param = "bg", irc.init = "constant(-4.6)"},
      %we: tensor<64x256xf32> {irc.param = "we", irc.init = "glorot"},
      %be: tensor<256xf32> {irc.param = "be", irc.init = "zeros"},
      %wo: tensor<256x10xf32> {irc.param = "wo", irc.init = "glorot"},
      %bo: tensor<10xf32> {irc.param = "bo", irc.init = "zeros"},
      %seed: tensor<i64> {irc.seed}) -> tensor<f32> {
    %key = nn.random_key %seed : tensor<i64>
    %x = func.call @noisy_pixels(%pixels, %key) : (tensor<?x64xf32>, !nn.key) -> tensor<?x64xf32>
    %a = func.call @gater(%pixels, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %gates, %q = func.call @stochastic_times_smooth_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    %logits = func.call @expert(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    %loss = func.call @objective(%logits, %labels, %q)
        : (tensor<?x10xf32>, tensor<?xi32>, tensor<?x256xf32>) -> tensor<f32>
    return %loss : tensor<f32>
  }

  // ---- evaluation: gates sampled as in training -------------------------------------------

  // The predicted class of each example and the fraction of gates that opened.
  func.func private @predict(%x: tensor<?x64xf32>, %gates: tensor<?x256xf32>,
                             %we: tensor<64x256xf32>, %be: tensor<256xf32>,
                             %wo: tensor<256x10xf32>, %bo: tensor<10xf32>)
      -> (tensor<?xi64>, tensor<f32>) {
    %logits = func.call @expert(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> tensor<?x10xf32>
    %classes = nn.argmax %logits axis 1 : tensor<?x10xf32>
    %open = func.call @open_fraction(%gates) : (tensor<?x256xf32>) -> tensor<f32>
    return %classes, %open : tensor<?xi64>, tensor<f32>
  }

  // Straight-through and REINFORCE: Bernoulli(p) gates.
  func.func @evaluate_bernoulli(
      %x: tensor<?x64xf32> {irc.data = "x"},
      %wg: tensor<64x256xf32> {irc.param = "wg"}, %bg: tensor<256xf32> {irc.param = "bg"},
      %we: tensor<64x256xf32> {irc.param = "we"}, %be: tensor<256xf32> {irc.param = "be"},
      %wo: tensor<256x10xf32> {irc.param = "wo"}, %bo: tensor<10xf32> {irc.param = "bo"},
      %seed: tensor<i64> {irc.seed}) -> (tensor<?xi64>, tensor<f32>) {
    %key = nn.random_key %seed : tensor<i64>
    %a = func.call @gater(%x, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %gates, %p = func.call @bernoulli_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    %classes, %open = func.call @predict(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> (tensor<?xi64>, tensor<f32>)
    return %classes, %open : tensor<?xi64>, tensor<f32>
  }

  func.func @evaluate_noisy_rectifier(
      %x: tensor<?x64xf32> {irc.data = "x"},
      %wg: tensor<64x256xf32> {irc.param = "wg"}, %bg: tensor<256xf32> {irc.param = "bg"},
      %we: tensor<64x256xf32> {irc.param = "we"}, %be: tensor<256xf32> {irc.param = "be"},
      %wo: tensor<256x10xf32> {irc.param = "wo"}, %bo: tensor<10xf32> {irc.param = "bo"},
      %seed: tensor<i64> {irc.seed}) -> (tensor<?xi64>, tensor<f32>) {
    %key = nn.random_key %seed : tensor<i64>
    %a = func.call @gater(%x, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %gates, %p = func.call @noisy_rectifier_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    %classes, %open = func.call @predict(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> (tensor<?xi64>, tensor<f32>)
    return %classes, %open : tensor<?xi64>, tensor<f32>
  }

  func.func @evaluate_stochastic_times_smooth(
      %x: tensor<?x64xf32> {irc.data = "x"},
      %wg: tensor<64x256xf32> {irc.param = "wg"}, %bg: tensor<256xf32> {irc.param = "bg"},
      %we: tensor<64x256xf32> {irc.param = "we"}, %be: tensor<256xf32> {irc.param = "be"},
      %wo: tensor<256x10xf32> {irc.param = "wo"}, %bo: tensor<10xf32> {irc.param = "bo"},
      %seed: tensor<i64> {irc.seed}) -> (tensor<?xi64>, tensor<f32>) {
    %key = nn.random_key %seed : tensor<i64>
    %a = func.call @gater(%x, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %gates, %q = func.call @stochastic_times_smooth_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    %classes, %open = func.call @predict(%x, %gates, %we, %be, %wo, %bo)
        : (tensor<?x64xf32>, tensor<?x256xf32>, tensor<64x256xf32>, tensor<256xf32>,
           tensor<256x10xf32>, tensor<10xf32>) -> (tensor<?xi64>, tensor<f32>)
    return %classes, %open : tensor<?xi64>, tensor<f32>
  }

  // The uniforms u of a seed's key and the Bernoulli gates (u < p) drawn from them: the
  // interpreter and irc.jit must give the same bits (tests/train/test_gated.py).
  func.func @gate_uniforms(
      %x: tensor<?x64xf32> {irc.data = "x"},
      %wg: tensor<64x256xf32> {irc.param = "wg"}, %bg: tensor<256xf32> {irc.param = "bg"},
      %seed: tensor<i64> {irc.seed}) -> (tensor<?x256xf32>, tensor<?x256xf32>) {
    %key = nn.random_key %seed : tensor<i64>
    %a = func.call @gater(%x, %wg, %bg)
        : (tensor<?x64xf32>, tensor<64x256xf32>, tensor<256xf32>) -> tensor<?x256xf32>
    %u = nn.random_uniform %key like %a : tensor<?x256xf32>
    %gates, %p = func.call @bernoulli_gates(%a, %key)
        : (tensor<?x256xf32>, !nn.key) -> (tensor<?x256xf32>, tensor<?x256xf32>)
    return %u, %gates : tensor<?x256xf32>, tensor<?x256xf32>
  }
}
