"""The insertion-point builder."""

from __future__ import annotations

import pytest

from irc.dialects.builtin import ModuleOp, UnrealizedConversionCastOp
from irc.frontend.parser import parse
from irc.ir.attributes import UNIT, IntegerAttr
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Block, Region, UnregisteredOp
from irc.ir.location import UNKNOWN, FileLineColLoc, NameLoc
from irc.ir.types import F32, I32, INDEX

LOC = FileLineColLoc("model.mlir", 7, 3)


def names(block: Block) -> list[str]:
    return [op.name for op in block]


def block_of(*op_names: str) -> Block:
    block = Block()
    for name in op_names:
        block.append(UnregisteredOp(name))
    return block


# -- insertion points ------------------------------------------------------------------------


def test_at_end_keeps_creation_order():
    block = block_of("t.a")
    builder = Builder(InsertionPoint.at_end(block))
    builder.create("t.x")
    builder.create("t.y")
    assert names(block) == ["t.a", "t.x", "t.y"]


def test_at_start_keeps_creation_order():
    block = block_of("t.a", "t.b")
    builder = Builder(InsertionPoint.at_start(block))
    builder.create("t.x")
    builder.create("t.y")
    assert names(block) == ["t.x", "t.y", "t.a", "t.b"]


def test_at_start_of_empty_block():
    block = Block()
    builder = Builder(InsertionPoint.at_start(block))
    builder.create("t.x")
    builder.create("t.y")
    assert names(block) == ["t.x", "t.y"]


def test_before_and_after_an_op():
    block = block_of("t.a", "t.b", "t.c")
    a, b, c = block.ops
    builder = Builder(InsertionPoint.before(b))
    builder.create("t.x1")
    builder.create("t.x2")
    assert names(block) == ["t.a", "t.x1", "t.x2", "t.b", "t.c"]
    builder.insertion_point = InsertionPoint.after(a)
    builder.create("t.y1")
    builder.create("t.y2")
    assert names(block) == ["t.a", "t.y1", "t.y2", "t.x1", "t.x2", "t.b", "t.c"]
    builder.insertion_point = InsertionPoint.after(c)
    builder.create("t.z")
    assert names(block) == ["t.a", "t.y1", "t.y2", "t.x1", "t.x2", "t.b", "t.c", "t.z"]
    ops = block.ops
    assert all(x.is_before_in_block(y) for x, y in zip(ops, ops[1:], strict=False))


def test_no_place_next_to_a_detached_op():
    with pytest.raises(ValueError, match="'t.loose' is not in a block"):
        InsertionPoint.after(UnregisteredOp("t.loose"))
    with pytest.raises(ValueError, match="not in a block"):
        InsertionPoint.before(UnregisteredOp("t.loose"))


def test_anchor_must_belong_to_the_block():
    other = block_of("t.elsewhere")
    with pytest.raises(ValueError, match="not in the block"):
        InsertionPoint(Block(), other.first)


def test_stale_insertion_point_is_refused():
    block = block_of("t.a", "t.b")
    point = InsertionPoint.before(block.last)
    block.last.erase()
    with pytest.raises(ValueError, match="stale insertion point"):
        point.insert(UnregisteredOp("t.x"))
    assert names(block) == ["t.a"]


def test_inserting_an_op_already_in_a_block_is_refused():
    source, target = block_of("t.a"), Block()
    builder = Builder(InsertionPoint.at_end(target))
    with pytest.raises(ValueError, match="already in a block"):
        builder.insert(source.first)
    assert names(source) == ["t.a"] and target.is_empty
    builder.insert(source.first.detach())
    assert source.is_empty and names(target) == ["t.a"]


# -- creating ops ----------------------------------------------------------------------------


def test_create_unregistered_op_with_everything():
    block = Block([I32])
    target = Block()
    builder = Builder(InsertionPoint.at_end(block), location=LOC)
    props = {"value": IntegerAttr(3, I32)}
    op = builder.create(
        "t.op",
        operands=[block.args[0]],
        result_types=[F32, INDEX],
        properties=props,
        attributes={"flag": UNIT},
        regions=2,
        successors=[target],
    )
    assert isinstance(op, UnregisteredOp) and op.name == "t.op"
    assert op.parent is block and block.last is op
    assert op.operands == [block.args[0]] and block.args[0].users == [op]
    assert op.result_types == [F32, INDEX]
    assert op.properties == props and op.properties is not props
    assert op.attributes == {"flag": UNIT}
    assert len(op.regions) == 2 and all(r.parent is op for r in op.regions)
    assert op.successors == [target]
    assert op.location is LOC


def test_create_stamps_the_default_location_unless_given():
    builder = Builder(InsertionPoint.at_end(Block()), location=LOC)
    assert builder.create("t.a").location is LOC
    other = NameLoc("fused_here")
    assert builder.create("t.b", location=other).location is other
    assert Builder(InsertionPoint.at_end(Block())).create("t.c").location == UNKNOWN


def test_ops_never_share_attribute_dicts():
    builder = Builder(InsertionPoint.at_end(Block()))
    attrs = {"a": UNIT}
    first = builder.create("t.a", attributes=attrs)
    second = builder.create("t.b", attributes=attrs)
    first.attributes["b"] = UNIT
    assert second.attributes == {"a": UNIT} and attrs == {"a": UNIT}


def test_create_registered_op_class():
    builder = Builder(location=LOC)
    module = builder.create(ModuleOp)
    assert isinstance(module, ModuleOp) and module.parent is None
    assert len(module.regions) == 1 and module.body.is_empty
    builder.insertion_point = InsertionPoint.at_end(module.body)
    source = builder.create("t.source", result_types=[I32])
    cast = builder.create(UnrealizedConversionCastOp, [source.result], [INDEX])
    assert type(cast) is UnrealizedConversionCastOp
    assert cast.name == "builtin.unrealized_conversion_cast"
    assert cast.location is LOC and cast.regions == []
    assert module.body.ops == [source, cast]


def test_without_insertion_point_ops_stay_detached():
    builder = Builder()
    op = builder.create("t.a")
    assert op.parent is None
    assert builder.insert(op) is op and op.parent is None


# -- moving the insertion point --------------------------------------------------------------


def test_at_moves_temporarily_and_restores():
    block = block_of("t.a")
    builder = Builder(InsertionPoint.at_end(block))
    last = builder.create("t.last")
    with builder.at(InsertionPoint.before(last)) as inner:
        assert inner is builder
        builder.create("t.before_last")
    builder.create("t.end")
    assert names(block) == ["t.a", "t.before_last", "t.last", "t.end"]


def test_at_restores_after_an_exception_and_nests():
    block = block_of("t.a")
    outer = InsertionPoint.at_end(block)
    builder = Builder(outer)
    with pytest.raises(RuntimeError):
        with builder.at(InsertionPoint.at_start(block)):
            with builder.at(InsertionPoint.after(block.first)):
                builder.create("t.after_a")
            builder.create("t.start")
            raise RuntimeError("boom")
    assert builder.insertion_point is outer
    builder.create("t.end")
    assert names(block) == ["t.start", "t.a", "t.after_a", "t.end"]


# -- blocks ----------------------------------------------------------------------------------


def test_create_block_sets_insertion_point_and_locations():
    builder = Builder(location=LOC)
    func = builder.create("t.func", regions=1)
    region = func.regions[0]
    entry = builder.create_block(region, [I32, F32])
    assert region.blocks == [entry] and entry.parent is region
    assert [a.type for a in entry.args] == [I32, F32]
    assert all(a.location is LOC for a in entry.args)
    op = builder.create("t.body")
    assert op.parent is entry

    arg_loc = FileLineColLoc("model.mlir", 9, 1)
    exit_ = builder.create_block(region, [I32], [arg_loc])
    assert exit_.args[0].location is arg_loc
    middle = builder.create_block(region, before=exit_)
    assert region.blocks == [entry, middle, exit_]
    builder.create("t.in_middle")
    assert names(middle) == ["t.in_middle"] and exit_.is_empty


def test_create_block_needs_one_location_per_argument():
    with pytest.raises(ValueError):
        Builder().create_block(Region(), [I32, F32], [LOC])


def test_built_module_prints_and_parses_back():
    builder = Builder(location=LOC)
    module = builder.create(ModuleOp)
    builder.insertion_point = InsertionPoint.at_end(module.body)
    const = builder.create("t.const", result_types=[I32], properties={"v": IntegerAttr(2, I32)})
    func = builder.create("t.func", regions=1)
    with builder.at(builder.insertion_point):
        entry = builder.create_block(func.regions[0], [I32])
        total = builder.create("t.add", [entry.args[0], const.result], [I32])
        builder.create("t.return", [total.result])
    builder.create("t.after_func")
    text = str(module)
    assert names(module.body) == ["t.const", "t.func", "t.after_func"]
    assert str(parse(text, allow_unregistered=True)) == text
    assert '"t.add"(%arg0, %0) : (i32, i32) -> i32' in text
