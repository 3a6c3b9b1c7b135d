"""The data model: use lists, erasure, ordering, traversal, cloning and CFG queries."""

from __future__ import annotations

import pytest

from irc.ir.attributes import UNIT, StringAttr
from irc.ir.core import Block, BlockArgument, Operation, Region, UnregisteredOp, Value
from irc.ir.location import FileLineColLoc
from irc.ir.types import F32, I32


def make(name: str, operands=(), results: int = 0, regions: int = 0, successors=()):
    """A detached unregistered op with `results` i32 results."""
    return UnregisteredOp(name, operands, [I32] * results, regions=regions, successors=successors)


def block_with(*ops: Operation, arg_types=()) -> Block:
    block = Block(arg_types)
    for op in ops:
        block.append(op)
    return block


def names(ops) -> list[str]:
    return [op.name for op in ops]


def use_set(value: Value) -> set[tuple[int, int]]:
    """The uses of `value` as (id of owner, operand index) pairs."""
    return {(id(use.owner), use.index) for use in value.uses}


def assert_uses_consistent(*ops: Operation) -> None:
    """Every operand of every op (and nested op) is registered in its value's use list."""
    for root in ops:
        for op in root.walk():
            for index, use in enumerate(op.operand_uses):
                assert use.owner is op
                assert use.index == index
                assert use in use.value.uses


# -- use lists -------------------------------------------------------------------------------


def test_operands_register_uses_in_order():
    a, b = make("t.a", results=1), make("t.b", results=1)
    user = make("t.use", [a.result, b.result, a.result])
    assert user.operands == [a.result, b.result, a.result]
    assert len(a.result.uses) == 2
    assert [use.index for use in a.result.uses] == [0, 2]
    assert a.result.users == [user, user]
    assert b.result.users == [user]
    assert a.has_uses and user.operand_uses[1].value is b.result
    assert_uses_consistent(user)


def test_value_replace_all_uses_with():
    a, b = make("t.a", results=1), make("t.b", results=1)
    first = make("t.u1", [a.result, a.result])
    second = make("t.u2", [b.result, a.result])
    a.result.replace_all_uses_with(b.result)
    assert not a.result.uses
    assert first.operands == [b.result, b.result]
    assert second.operands == [b.result, b.result]
    assert use_set(b.result) == {
        (id(first), 0),
        (id(first), 1),
        (id(second), 0),
        (id(second), 1),
    }
    assert_uses_consistent(first, second)


def test_replace_all_uses_with_itself_is_a_no_op():
    a = make("t.a", results=1)
    user = make("t.use", [a.result])
    a.result.replace_all_uses_with(a.result)
    assert a.result.users == [user]


def test_op_replace_all_uses_with_op_and_values():
    old = make("t.old", results=2)
    new = make("t.new", results=2)
    user = make("t.use", [old.results[1], old.results[0]])
    old.replace_all_uses_with(new)
    assert user.operands == [new.results[1], new.results[0]]
    assert not old.has_uses

    other = make("t.other", results=2)
    new.replace_all_uses_with(list(reversed(other.results)))
    assert user.operands == [other.results[0], other.results[1]]
    assert not new.has_uses
    assert_uses_consistent(user)


def test_op_replace_all_uses_with_wrong_count():
    old = make("t.old", results=2)
    with pytest.raises(ValueError, match="2 results of 't.old' with 1 values"):
        old.replace_all_uses_with([make("t.x", results=1).result])


def test_replace_uses_where():
    a, b = make("t.a", results=1), make("t.b", results=1)
    keep = make("t.keep", [a.result])
    move = make("t.move", [a.result, a.result])
    a.result.replace_uses_where(b.result, lambda use: use.owner is move and use.index == 1)
    assert keep.operands == [a.result]
    assert move.operands == [a.result, b.result]
    assert use_set(a.result) == {(id(keep), 0), (id(move), 0)}
    assert use_set(b.result) == {(id(move), 1)}


def test_set_operand_moves_one_use():
    a, b = make("t.a", results=1), make("t.b", results=1)
    user = make("t.use", [a.result, a.result])
    user.set_operand(0, b.result)
    assert user.operands == [b.result, a.result]
    assert use_set(a.result) == {(id(user), 1)}
    assert use_set(b.result) == {(id(user), 0)}
    assert_uses_consistent(user)


def test_set_operands_changes_count_and_keeps_use_lists_exact():
    a, b, c = (make(f"t.{n}", results=1) for n in "abc")
    user = make("t.use", [a.result, b.result])
    user.set_operands([c.result, c.result, a.result])
    assert user.operands == [c.result, c.result, a.result]
    assert not b.result.uses
    assert use_set(a.result) == {(id(user), 2)}
    assert use_set(c.result) == {(id(user), 0), (id(user), 1)}
    user.set_operands([])
    assert user.operands == []
    assert not a.result.uses and not c.result.uses
    assert_uses_consistent(user)


# -- erasure ---------------------------------------------------------------------------------


def test_erase_refuses_while_results_are_used():
    producer = make("t.producer", results=2)
    user = make("t.consumer", [producer.results[1]])
    block = block_with(producer, user)
    with pytest.raises(ValueError, match=r"result #1 is still used by 't\.consumer'"):
        producer.erase()
    assert block.ops == [producer, user]
    user.erase()
    producer.erase()
    assert block.is_empty
    assert producer.parent is None


def test_erase_drops_operand_uses():
    a = make("t.a", results=1)
    user = make("t.use", [a.result, a.result])
    block_with(a, user)
    user.erase()
    assert not a.result.uses
    a.erase()


def test_erase_with_regions_drops_inner_uses_of_outer_values():
    outer = make("t.outer", results=1)
    container = make("t.container", regions=1)
    inner_use = make("t.inner_use", [outer.result], results=1)
    nested = make("t.nested", regions=1)
    deep_use = make("t.deep_use", [outer.result, inner_use.result])
    nested.regions[0].append(block_with(deep_use))
    container.regions[0].append(block_with(inner_use, nested))
    block = block_with(outer, container)
    assert len(outer.result.uses) == 2
    with pytest.raises(ValueError):
        outer.erase()
    container.erase()
    assert not outer.result.uses
    assert not inner_use.result.uses
    assert block.ops == [outer]
    outer.erase()


# -- position in the block -------------------------------------------------------------------


def test_detach_keeps_uses_and_unlinks():
    a, b, c = make("t.a", results=1), make("t.b"), make("t.c")
    user = make("t.use", [a.result])
    block = block_with(a, b, user, c)
    user.detach()
    assert block.ops == [a, b, c]
    assert user.parent is None and user.prev is None and user.next is None
    assert a.result.users == [user]
    assert b.next is c and c.prev is b


def test_move_before_and_after():
    a, b, c, d = (make(f"t.{n}") for n in "abcd")
    block = block_with(a, b, c, d)
    d.move_before(a)
    assert block.ops == [d, a, b, c]
    assert block.first is d and block.last is c
    d.move_after(c)
    assert block.ops == [a, b, c, d]
    assert block.last is d
    a.move_after(b)
    assert block.ops == [b, a, c, d]
    assert list(reversed(block)) == [d, c, a, b]


def test_move_between_blocks():
    a, b, c = make("t.a"), make("t.b"), make("t.c")
    first, second = block_with(a, b), block_with(c)
    b.move_before(c)
    assert first.ops == [a] and second.ops == [b, c]
    assert b.parent is second
    assert first.last is a and a.next is None


def test_is_before_in_block_after_insertions():
    a, b, c = make("t.a"), make("t.b"), make("t.c")
    block = block_with(a, b, c)
    assert a.is_before_in_block(b) and b.is_before_in_block(c)
    x = block.insert_before(b, make("t.x"))
    y = block.insert_at_start(make("t.y"))
    z = block.insert_after(c, make("t.z"))
    w = block.insert_after(a, make("t.w"))
    assert not block.order_valid
    expected = [y, a, w, x, b, c, z]
    assert block.ops == expected
    for i, earlier in enumerate(expected):
        for later in expected[i + 1 :]:
            assert earlier.is_before_in_block(later)
            assert not later.is_before_in_block(earlier)
    assert block.order_valid
    assert not a.is_before_in_block(a)


def test_is_before_in_block_after_moves_and_appends():
    a, b, c = make("t.a"), make("t.b"), make("t.c")
    block = block_with(a, b, c)
    assert a.is_before_in_block(c)
    a.move_after(c)
    d = block.append(make("t.d"))
    assert block.ops == [b, c, a, d]
    assert c.is_before_in_block(a) and a.is_before_in_block(d)
    b.move_before(d)
    assert block.ops == [c, a, b, d]
    assert a.is_before_in_block(b) and not b.is_before_in_block(a)


def test_is_before_in_block_needs_one_block():
    a, b = make("t.a"), make("t.b")
    block_with(a)
    block_with(b)
    with pytest.raises(ValueError, match="same block"):
        a.is_before_in_block(b)


# -- traversal -------------------------------------------------------------------------------


def nested_tree() -> Operation:
    """root { a { a1 ; a2 } ; b } with a's region holding two blocks."""
    a1, a2, b = make("t.a1"), make("t.a2"), make("t.b")
    a = make("t.a", regions=1)
    a.regions[0].append(block_with(a1))
    a.regions[0].append(block_with(a2))
    root = make("t.root", regions=2)
    root.regions[0].append(block_with(a))
    root.regions[1].append(block_with(b))
    return root


def test_walk_pre_order():
    assert names(nested_tree().walk()) == ["t.root", "t.a", "t.a1", "t.a2", "t.b"]


def test_walk_post_order():
    order = names(nested_tree().walk(post_order=True))
    assert order == ["t.a1", "t.a2", "t.a", "t.b", "t.root"]


def test_walk_post_order_survives_erasing_the_visited_op():
    root = nested_tree()
    visited = []
    for op in root.walk(post_order=True):
        visited.append(op.name)
        if op.name in ("t.a1", "t.b"):
            op.erase()
    assert visited == ["t.a1", "t.a2", "t.a", "t.b", "t.root"]
    assert names(root.walk()) == ["t.root", "t.a", "t.a2"]


def test_ancestors_and_parents():
    root = nested_tree()
    a = root.regions[0].entry.first
    a2 = a.regions[0].blocks[1].first
    assert list(a2.ancestors()) == [a, root]
    assert a2.parent_op is a and a2.parent_region is a.regions[0]
    assert root.is_ancestor_of(a2) and not a2.is_ancestor_of(root)


# -- cloning ---------------------------------------------------------------------------------


def cfg_op(outer: Value) -> tuple[Operation, dict[str, Operation]]:
    """An op with a two-block region and forward references:

    "t.graph"() ({
    ^bb0:
      "t.use_later"(%late, %outer)          // uses a value defined in ^bb1
      "t.inner"() ({ "t.deep"(%late) })     // nested use of the same value
      "t.br"()[^bb1]                         // forward successor
    ^bb1(%arg: i32):
      %late = "t.late"(%arg)
      "t.back"()[^bb0, ^bb1]
    })
    """
    graph = make("t.graph", regions=1)
    region = graph.regions[0]
    entry, exit_ = Block(), Block([I32], [FileLineColLoc("f.mlir", 4, 2)])
    region.append(entry)
    region.append(exit_)
    late = make("t.late", [exit_.args[0]], results=1)
    use_later = make("t.use_later", [late.result, outer])
    deep = make("t.deep", [late.result])
    inner = make("t.inner", regions=1)
    inner.regions[0].append(block_with(deep))
    br = make("t.br", successors=[exit_])
    back = make("t.back", successors=[entry, exit_])
    for op in (use_later, inner, br):
        entry.append(op)
    exit_.append(late)
    exit_.append(back)
    ops = {op.name: op for op in (late, use_later, deep, inner, br, back)}
    return graph, ops


def test_clone_remaps_forward_references_and_successors():
    outer = make("t.outer", results=1)
    graph, ops = cfg_op(outer.result)
    uses_before = {name: use_set(op.result) for name, op in ops.items() if op.results}
    outer_uses_before = use_set(outer.result)

    mapping: dict = {}
    copy = graph.clone(mapping)

    entry, exit_ = copy.regions[0].blocks
    assert copy.regions[0].parent is copy
    assert names(entry) == ["t.use_later", "t.inner", "t.br"]
    assert names(exit_) == ["t.late", "t.back"]
    late = exit_.first
    use_later, inner, br = entry.ops
    back = exit_.last
    deep = inner.regions[0].entry.first

    # Uses in the clone point at the clone's values, including those defined later.
    assert use_later.operands == [late.result, outer.result]
    assert deep.operands == [late.result]
    assert late.operands == [exit_.args[0]]
    assert exit_.args[0].loc == FileLineColLoc("f.mlir", 4, 2)
    assert br.successors == [exit_]
    assert back.successors == [entry, exit_]
    assert exit_.predecessors() == [entry, exit_]
    assert use_set(late.result) == {(id(use_later), 0), (id(deep), 0)}

    # The original is untouched; the outer value gains the clone's use.
    assert {name: use_set(op.result) for name, op in ops.items() if op.results} == uses_before
    assert ops["t.br"].successors == [graph.regions[0].blocks[1]]
    assert ops["t.use_later"].operands[0] is ops["t.late"].result
    assert use_set(outer.result) == outer_uses_before | {(id(use_later), 1)}

    # The mapping records old -> new values and blocks.
    assert mapping[ops["t.late"].result] is late.result
    assert mapping[graph.regions[0].blocks[1]] is exit_
    assert_uses_consistent(graph, copy)


def test_clone_keeps_kind_name_attributes_and_location():
    loc = FileLineColLoc("f.mlir", 1, 1)
    op = UnregisteredOp("t.x", [], [I32, F32], {"p": UNIT}, {"a": StringAttr("x")}, location=loc)
    copy = op.clone()
    assert type(copy) is UnregisteredOp and copy.name == "t.x"
    assert copy.result_types == [I32, F32]
    assert copy.properties == op.properties and copy.properties is not op.properties
    assert copy.attributes == op.attributes and copy.attributes is not op.attributes
    assert copy.location is loc
    assert copy.parent is None
    assert all(r.op is copy for r in copy.results)


def test_clone_uses_the_given_mapping_for_outer_values():
    old, new = make("t.old", results=1), make("t.new", results=1)
    user = make("t.use", [old.result])
    copy = user.clone({old.result: new.result})
    assert copy.operands == [new.result]
    assert old.result.users == [user]
    assert new.result.users == [copy]


# -- blocks ----------------------------------------------------------------------------------


def test_block_arguments_add_and_erase():
    block = Block([I32, F32])
    third = block.add_argument(I32, FileLineColLoc("f.mlir", 2, 3))
    assert isinstance(third, BlockArgument)
    assert [arg.index for arg in block.args] == [0, 1, 2]
    assert third.location == FileLineColLoc("f.mlir", 2, 3)
    assert third.parent_block is block
    first = block.args[0]
    block.erase_argument(1)
    assert block.args == [first, third]
    assert [arg.index for arg in block.args] == [0, 1]


def test_erase_block_argument_refuses_while_used():
    block = Block([I32])
    block.append(make("t.use", [block.args[0]]))
    with pytest.raises(ValueError, match="argument #0"):
        block.erase_argument(0)
    assert len(block.args) == 1


def test_block_needs_one_location_per_argument():
    with pytest.raises(ValueError):
        Block([I32, F32], [FileLineColLoc("f.mlir", 1, 1)])


def test_predecessors_and_successors():
    region = Region()
    entry, left, right, merge = (region.append(Block()) for _ in range(4))
    entry.append(make("t.cond_br", successors=[left, right]))
    left.append(make("t.br", successors=[merge]))
    right.append(make("t.br", successors=[merge]))
    merge.append(make("t.switch", successors=[merge, merge]))
    assert entry.successors() == [left, right]
    assert entry.predecessors() == []
    assert left.predecessors() == [entry] and right.predecessors() == [entry]
    assert merge.predecessors() == [left, right, merge, merge]
    assert entry.is_entry and not merge.is_entry
    assert Block().predecessors() == [] and Block().successors() == []


def test_block_iteration_and_length():
    a, b = make("t.a"), make("t.b")
    block = block_with(a, b)
    assert len(block) == 2 and block.terminator is b
    assert list(block) == [a, b] and list(reversed(block)) == [b, a]
    region = Region([block])
    op = make("t.holder", regions=[region])
    assert block.parent_op is op and region.parent is op
    assert list(region.ops()) == [a, b]
