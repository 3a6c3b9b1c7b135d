// RUN: irc-opt %s --autodiff="function=rnn wrt=0,1,2,3" | filecheck %s
// RUN: irc-opt %s --autodiff="function=truncated wrt=2" | filecheck %s --check-prefix=TRUNC

// The forward scan in @rnn_grad takes %b, which its body reads from outside, as one more
// invariant, and stacks the carried value each step starts from (%hc) after its output:
// the one value per step the reverse step cannot recompute.
// CHECK-LABEL: func.func @rnn_grad
// CHECK-SAME:    (%[[XS:.*]]: tensor<5x2xf32>, %[[H0:.*]]: tensor<2xf32>, %[[W:.*]]: tensor<2xf32>, %[[B:.*]]: tensor<2xf32>, %[[DHS:.*]]: tensor<5x2xf32>)
// CHECK:         %[[FWD:.*]]:3 = nn.scan (%[[X:.*]] = %[[XS]] : tensor<5x2xf32>) carry(%[[H:.*]] = %[[H0]] : tensor<2xf32>) invariant(%{{.*}} = %[[W]] : tensor<2xf32>, %{{.*}} = %[[B]] : tensor<2xf32>) -> (tensor<2xf32>, tensor<5x2xf32>, tensor<5x2xf32>)
// CHECK:           %[[N:.*]] = nn.tanh
// CHECK-NEXT:      nn.yield %[[N]], %[[N]], %[[H]] : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
// The reverse scan runs the other way over the slices, the saved states and the outputs'
// cotangents; it carries h's cotangent (zeros: the final h is not returned) and the sums
// of w's and b's; it recomputes the step (tanh of the saved state), then its gradient.
// CHECK:         %[[REV:.*]]:4 = nn.scan reverse (%{{.*}} = %[[XS]] : tensor<5x2xf32>, %[[HT:.*]] = %[[FWD]]#2 : tensor<5x2xf32>, %[[DY:.*]] = %[[DHS]] : tensor<5x2xf32>) carry(%[[DH:.*]] = %{{.*}} : tensor<2xf32>, %[[DW:.*]] = %{{.*}} : tensor<2xf32>, %[[DB:.*]] = %{{.*}} : tensor<2xf32>) invariant(%[[WI:.*]] = %[[W]] : tensor<2xf32>, %{{.*}} = %[[B]] : tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<5x2xf32>)
// CHECK:           %[[T:.*]] = nn.tanh
// CHECK-NEXT:      %[[DN:.*]] = nn.add %[[DH]], %[[DY]]
// CHECK:           %[[DS:.*]] = nn.mul %[[DN]], %{{.*}}
// CHECK-NEXT:      %[[DHC:.*]] = nn.mul %[[DS]], %[[WI]]
// CHECK-NEXT:      %[[DWI:.*]] = nn.mul %[[DS]], %[[HT]]
// CHECK-NEXT:      %[[DW2:.*]] = nn.add %[[DW]], %[[DWI]]
// CHECK-NEXT:      %[[DB2:.*]] = nn.add %[[DB]], %[[DS]]
// CHECK-NEXT:      nn.yield %[[DHC]], %[[DW2]], %[[DB2]], %[[DS]]
// Results: the stacked output, then the cotangents of xs (stacked), h0, w and b.
// CHECK:         return %[[FWD]]#1, %[[REV]]#3, %[[REV]]#0, %[[REV]]#1, %[[REV]]#2
func.func @rnn(%xs: tensor<5x2xf32>, %h0: tensor<2xf32>, %w: tensor<2xf32>, %b: tensor<2xf32>)
    -> tensor<5x2xf32> {
  %h, %hs = nn.scan (%x = %xs : tensor<5x2xf32>) carry(%hc = %h0 : tensor<2xf32>)
      invariant(%wi = %w : tensor<2xf32>) -> (tensor<2xf32>, tensor<5x2xf32>) {
    %m = nn.mul %hc, %wi : tensor<2xf32>
    %s = nn.add %m, %x : tensor<2xf32>
    %t = nn.add %s, %b : tensor<2xf32>
    %n = nn.tanh %t : tensor<2xf32>
    nn.yield %n, %n : tensor<2xf32>, tensor<2xf32>
  }
  return %hs : tensor<5x2xf32>
}

// truncate(3): the reverse scan counts its steps from 0 and keeps the cotangents of the
// first 3 it runs (the last 3 forward steps); at the others nn.select gives zeros.
// TRUNC-LABEL: func.func @truncated_grad
// TRUNC:         %[[ZERO:.*]] = nn.constant dense<0> : tensor<i64>
// TRUNC:         nn.scan reverse ({{.*}}) carry({{.*}}, %[[STEP:.*]] = %[[ZERO]] : tensor<i64>)
// TRUNC:           %[[K:.*]] = nn.constant dense<3> : tensor<i64>
// TRUNC-NEXT:      %[[LIVE:.*]] = nn.lt %[[STEP]], %[[K]] : tensor<i64>
// TRUNC:           nn.select %[[LIVE]]
// TRUNC:           %[[ONE:.*]] = nn.constant dense<1> : tensor<i64>
// TRUNC-NEXT:      %{{.*}} = nn.add %[[STEP]], %[[ONE]] : tensor<i64>
func.func @truncated(%xs: tensor<5x2xf32>, %h0: tensor<2xf32>, %w: tensor<2xf32>)
    -> tensor<5x2xf32> {
  %h, %hs = nn.scan truncate(3) (%x = %xs : tensor<5x2xf32>) carry(%hc = %h0 : tensor<2xf32>)
      invariant(%wi = %w : tensor<2xf32>) -> (tensor<2xf32>, tensor<5x2xf32>) {
    %m = nn.mul %hc, %wi : tensor<2xf32>
    %s = nn.add %m, %x : tensor<2xf32>
    %n = nn.tanh %s : tensor<2xf32>
    nn.yield %n, %n : tensor<2xf32>, tensor<2xf32>
  }
  return %hs : tensor<5x2xf32>
}
