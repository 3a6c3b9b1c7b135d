"""scf ops built from Python are the IR their text describes: each builder's op, filled in
and inserted into a function, verifies and prints as the hand-written text does."""

from __future__ import annotations

from irc.dialects import arith, scf
from irc.frontend.parser import parse
from irc.frontend.printer import print_op
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.verifier import verify

SKELETON = """
func.func @f(%lb: index, %ub: index, %step: index, %x: f32, %c: i1) {
  return
}
"""


def function():
    module = parse(SKELETON)
    func = module.body.first
    entry = func.regions[0].blocks[0]
    return module, entry.args, entry.last


def insert(anchor, op):
    anchor.parent.insert_before(anchor, op)
    return op


def same_ir(module, text: str) -> None:
    verify(module)
    expected = parse(text)
    assert print_op(module) == print_op(expected)
    assert print_op(module, generic=True) == print_op(expected, generic=True)


def test_for_without_and_with_iter_args():
    module, (lb, ub, step, x, _), ret = function()
    insert(ret, scf.ForOp.build(lb, ub, step))
    loop = insert(ret, scf.ForOp.build(lb, ub, step, [x], unsigned=True))
    body = loop.body
    add = body.append(arith.AddFOp([body.args[1], body.args[1]], [T.F32]))
    body.append(scf.YieldOp.build([add.result]))
    same_ir(
        module,
        """
func.func @f(%lb: index, %ub: index, %step: index, %x: f32, %c: i1) {
  scf.for %i = %lb to %ub step %step {
  }
  %r = scf.for unsigned %i = %lb to %ub step %step iter_args(%a = %x) -> (f32) {
    %y = arith.addf %a, %a : f32
    scf.yield %y : f32
  }
  return
}
""",
    )


def test_if_while_and_execute_region():
    module, (lb, _, _, x, c), ret = function()
    insert(ret, scf.IfOp.build(c, with_else=True))
    branch = insert(ret, scf.IfOp.build(c, [T.F32], with_else=True))
    for region in branch.regions:
        region.blocks[0].append(scf.YieldOp.build([x]))
    loop = insert(ret, scf.WhileOp.build([T.F32], [x]))
    before, after = (region.blocks[0] for region in loop.regions)
    before.append(scf.ConditionOp.build(c, [before.args[0]]))
    after.append(scf.YieldOp.build([after.args[0]]))
    once = insert(ret, scf.ExecuteRegionOp.build([T.INDEX]))
    once.regions[0].blocks[0].append(scf.YieldOp.build([lb]))
    same_ir(
        module,
        """
func.func @f(%lb: index, %ub: index, %step: index, %x: f32, %c: i1) {
  scf.if %c {
  } else {
  }
  %0 = scf.if %c -> (f32) {
    scf.yield %x : f32
  } else {
    scf.yield %x : f32
  }
  %1 = scf.while (%a = %x) : (f32) -> f32 {
    scf.condition(%c) %a : f32
  } do {
  ^bb0(%b: f32):
    scf.yield %b : f32
  }
  %2 = scf.execute_region -> index {
    scf.yield %lb : index
  }
  return
}
""",
    )


def test_parallel_reduce_and_index_switch():
    module, (lb, ub, step, x, _), ret = function()
    insert(ret, scf.ParallelOp.build([lb, lb], [ub, ub], [step, step]))
    loop = insert(ret, scf.ParallelOp.build([lb], [ub], [step], [x]))
    reduce = loop.regions[0].blocks[0].append(scf.ReduceOp.build([x]))
    combine = reduce.regions[0].blocks[0]
    add = combine.append(arith.AddFOp(list(combine.args), [T.F32]))
    combine.append(scf.ReduceReturnOp.build(add.result))
    switch = insert(ret, scf.IndexSwitchOp.build(lb, [3], [T.F32]))
    for region in switch.regions:
        region.blocks[0].append(scf.YieldOp.build([x]))
    assert switch.properties["cases"] is A.DenseArrayAttr(T.I64, [3])
    same_ir(
        module,
        """
func.func @f(%lb: index, %ub: index, %step: index, %x: f32, %c: i1) {
  scf.parallel (%i, %j) = (%lb, %lb) to (%ub, %ub) step (%step, %step) {
  }
  %0 = scf.parallel (%i) = (%lb) to (%ub) step (%step) init (%x) -> f32 {
    scf.reduce(%x : f32) {
    ^bb0(%l: f32, %r: f32):
      %s = arith.addf %l, %r : f32
      scf.reduce.return %s : f32
    }
  }
  %1 = scf.index_switch %lb -> f32
  case 3 {
    scf.yield %x : f32
  }
  default {
    scf.yield %x : f32
  }
  return
}
""",
    )
