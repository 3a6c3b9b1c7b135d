"""view-op-graph: a Graphviz (dot) picture of an op's data flow, written as MLIR writes it.

    irc-opt f.mlir --view-op-graph 2> f.dot && dot -Tsvg f.dot > f.svg
    irc-opt f.mlir --view-op-graph='print-control-flow-edges=true max-label-len=40'

As in MLIR it is a pass that leaves the IR alone: the graph goes to stderr and the IR to the
output as usual (`output-file=F`, an irc extension, writes the graph to F instead; `-` is
stdout). The graph has MLIR's shape: an op with regions is a cluster (`subgraph cluster_N`)
holding a cluster per block, whose block arguments and ops are record nodes (`Mrecord`) with
a port per operand (`<arg_x>`) and per result (`<res_x>`); ops of one name share a fill color
(hues spread over the op names in post-order); data-flow edges run from result ports to
operand ports, solid; with `print-control-flow-edges`, dashed edges chain the ops of a block.
Labels longer than `max-label-len` are cut with `...`; elements attributes of more than 16
values print as `[...] : type`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import ClassVar

from irc.ir import attributes as A
from irc.ir.core import Operation, Region, Value
from irc.passes.pass_manager import Pass, PassContext, PassFailure, option

LARGE_ATTRIBUTE_LIMIT = 16  # MLIR's default when the printing flags set none


def escape_label(text: str) -> str:
    """Graphviz record labels need `{ | < } >`, newlines and quotes escaped."""
    return "".join("\\" + c if c in '{|<}>\n"' else c for c in text)


@dataclass
class _Node:
    id: int
    cluster: int | None = None


@dataclass
class GraphOptions:
    max_label_len: int = 20
    print_attrs: bool = True
    print_control_flow_edges: bool = False
    print_data_flow_edges: bool = True
    print_result_types: bool = True


class OpGraphWriter:
    """Writes one op as a dot graph; `graph(op)` returns the text."""

    def __init__(self, options: GraphOptions | None = None) -> None:
        self.options = options or GraphOptions()
        self.lines: list[str] = []
        self.depth = 0
        self.counter = 0
        self.value_nodes: dict[Value, _Node] = {}
        self.data_edges: list[tuple[Value, _Node, str]] = []
        self.control_edges: list[str] = []
        self.names: dict[Value, str] = {}
        self.colors: dict[str, str] = {}

    def graph(self, op: Operation) -> str:
        self._name_values(op)
        self._init_colors(op)
        self._emit("digraph G {")
        self.depth += 1
        self._emit("compound = true;")
        self._process_op(op)
        self._emit_edges()
        self.depth -= 1
        self._emit("}")
        return "\n".join(self.lines) + "\n"

    # -- set-up ------------------------------------------------------------------------------

    def _name_values(self, op: Operation) -> None:
        """Value names as the printer gives them when printing the top-level op."""
        from irc.frontend.printer import Printer

        top = op
        while top.parent_op is not None:
            top = top.parent_op
        printer = Printer()
        printer.number(top)
        self.names = printer.names

    def _init_colors(self, op: Operation) -> None:
        """One color per op name: hues spread evenly over the names in post-order."""
        names: list[str] = []
        for nested in op.walk(post_order=True):
            if nested.name not in self.colors:
                self.colors[nested.name] = ""
                names.append(nested.name)
        for index, name in enumerate(names):
            self.colors[name] = f"{index / len(names):.6f} 0.3 0.95"

    # -- statements -------------------------------------------------------------------------

    def _emit(self, line: str) -> None:
        self.lines.append("  " * self.depth + line)

    def _node(self, label: str, shape: str = "Mrecord", fill: str = "") -> _Node:
        self.counter += 1
        attrs = {"label": f'"{label}"', "shape": shape}
        if fill:
            attrs["fillcolor"] = f'"{fill}"'
            attrs["style"] = "filled"
        self._emit(f"v{self.counter} {_attr_list(attrs)};")
        return _Node(self.counter)

    def _cluster(self, body, label: str = "") -> _Node:
        self.counter += 1
        cluster = self.counter
        self._emit(f"subgraph cluster_{cluster} {{")
        self.depth += 1
        anchor = self._node(" ", "plain")
        self._emit(f'label = "{label}";')
        body()
        self.depth -= 1
        self._emit("}")
        return _Node(anchor.id, cluster)

    def _edge(self, source: _Node, target: _Node, style: str, ports=("", "")) -> str:
        attrs = {"style": style}
        if source.cluster is not None:
            attrs["ltail"] = f"cluster_{source.cluster}"
        if target.cluster is not None:
            attrs["lhead"] = f"cluster_{target.cluster}"
        text = f"v{source.id}"
        if ports[0] and source.cluster is None:
            text += f":res{ports[0]}:s"
        text += f" -> v{target.id}"
        if ports[1] and target.cluster is None:
            text += f":arg{ports[1]}:n"
        return text + _attr_list(attrs)

    def _emit_edges(self) -> None:
        """Control-flow edges first, then data-flow edges, as MLIR 3.13 writes them."""
        for edge in self.control_edges:
            self._emit(edge + ";")
        if self.options.print_data_flow_edges:
            for value, target, port in self.data_edges:
                source = self.value_nodes.get(value)
                if source is not None:  # a value defined outside the op drawn
                    self._emit(self._edge(source, target, "solid", (port, port)) + ";")

    # -- the IR ----------------------------------------------------------------------------------

    def _process_op(self, op: Operation) -> _Node:
        if op.regions:
            node = self._cluster(lambda: self._process_regions(op.regions), self._cluster_label(op))
        else:
            node = self._node(self._record_label(op), fill=self.colors.get(op.name, ""))
        for operand in op.operands:
            self.data_edges.append((operand, node, self._port(operand)))
        for result in op.results:
            self.value_nodes[result] = node
        return node

    def _process_regions(self, regions: list[Region]) -> None:
        for region in regions:
            for block in region.blocks:
                self._cluster(lambda block=block: self._process_block(block))

    def _process_block(self, block) -> None:
        for arg in block.args:
            self.value_nodes[arg] = self._node(self._result_port(arg))
        previous = None
        for op in block:
            node = self._process_op(op)
            if self.options.print_control_flow_edges and previous is not None:
                self.control_edges.append(self._edge(previous, node, "dashed"))
            previous = node

    # -- labels ----------------------------------------------------------------------------------

    def _name(self, value: Value) -> str:
        return self.names.get(value, "<<UNKNOWN SSA VALUE>>")

    def _port(self, value: Value) -> str:
        return self._name(value).replace("%", "_").replace("#", "_")

    def _result_port(self, value: Value) -> str:
        text = f"<res{self._port(value)}> {self._name(value)}"
        if self.options.print_result_types:
            text += " " + escape_label(self._truncate(str(value.type)))
        return text

    def _attributes(self, op: Operation) -> list[tuple[str, A.Attribute]]:
        """Discardable attributes, then properties, each sorted by name (MLIR's order)."""
        return sorted(op.attributes.items()) + sorted(op.properties.items())

    def _record_label(self, op: Operation) -> str:
        text = "{"
        if op.operands:
            ports = (f"<arg{self._port(v)}> {self._name(v)}" for v in op.operands)
            text += "{" + "|".join(ports) + "}|"
        text += op.name + "\\l"
        attributes = self._attributes(op)
        if self.options.print_attrs and attributes:
            text += "\\l"
            for name, attr in attributes:
                text += f"{name}: {self._attr_text(attr)}\\l"
        if op.results:
            text += "|{" + "|".join(self._result_port(r) for r in op.results) + "}"
        return text + "}"

    def _cluster_label(self, op: Operation) -> str:
        text = op.name
        if self.options.print_result_types:
            types = ", ".join(str(r.type) for r in op.results)
            text += f" : ({self._truncate(types)})"
        if self.options.print_attrs:
            text += "\\l"
            for name, attr in self._attributes(op):
                text += f"{name}: {self._attr_text(attr)}\\l"
        return text

    def _attr_text(self, attr: A.Attribute) -> str:
        if isinstance(attr, A.DenseElementsAttr):
            if attr.splat:
                return escape_label(str(attr))
            if attr.type.num_elements > LARGE_ATTRIBUTE_LIMIT:
                rank = len(attr.type.shape)
                shaped = escape_label(self._truncate(str(attr.type)))
                return "[" * rank + "..." + "]" * rank + " : " + shaped
        if isinstance(attr, A.ArrayAttr) and len(attr) > LARGE_ATTRIBUTE_LIMIT:
            return "[...]"
        return escape_label(self._truncate(str(attr)))

    def _truncate(self, text: str) -> str:
        limit = self.options.max_label_len
        return text if len(text) <= limit else text[:limit] + "..."


def _attr_list(attrs: dict[str, str]) -> str:
    return "[" + ", ".join(f"{key} = {attrs[key]}" for key in sorted(attrs)) + "]"


def op_graph(op: Operation, options: GraphOptions | None = None) -> str:
    """The dot text of `op`'s graph."""
    return OpGraphWriter(options).graph(op)


@dataclass
class ViewOpGraph(Pass):
    """Print a Graphviz (dot) graph of the op the pass runs on, and leave the IR unchanged.

    The graph goes to stderr, as in MLIR; `output-file` names a file instead (`-` for
    stdout). Render it with `dot -Tsvg`."""

    name: ClassVar[str] = "view-op-graph"
    summary: ClassVar[str] = "Print Graphviz visualization of an operation"

    max_label_len: int = option(20, "Limit attribute/type length to number of chars")
    print_attrs: bool = option(True, "Print attributes of operations")
    print_control_flow_edges: bool = option(False, "Print control flow edges")
    print_data_flow_edges: bool = option(True, "Print data flow edges")
    print_result_types: bool = option(True, "Print result types of operations")
    output_file: str = option(
        "", "File to write the graph to: '' for stderr, '-' for stdout (an irc extension)"
    )

    def run(self, op: Operation, context: PassContext) -> None:
        options = GraphOptions(
            self.max_label_len,
            self.print_attrs,
            self.print_control_flow_edges,
            self.print_data_flow_edges,
            self.print_result_types,
        )
        text = op_graph(op, options)
        if self.output_file in ("", "-"):
            (sys.stderr if self.output_file == "" else sys.stdout).write(text)
            return
        try:
            with open(self.output_file, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise PassFailure(
                f"view-op-graph: could not open '{self.output_file}': {exc.strerror}", op
            ) from None
