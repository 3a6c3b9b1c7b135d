"""gendocs: the dialect reference, docs/dialects/<dialect>.md, from the op declarations.

    python -m irc.tools.gendocs            # (re)write docs/dialects/*.md
    python -m irc.tools.gendocs --check    # exit 1 if a committed file is not current
    python -m irc.tools.gendocs --out DIR  # write elsewhere

For every registered dialect: the dialect module's docstring, an index of its ops, then
per op (sorted by name) its summary, the rest of its docstring with the IR example as a
code block, its syntax (the declarative assembly format, or "custom" / "generic form
only"), operands and results with their constraints, properties with their defaults,
regions, successors, parents and traits. The output depends only on the declarations, so
the files are deterministic and a test can require them to be current.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
from pathlib import Path

from irc.dialects import DIALECTS
from irc.ir.opdef import Op

DOCS_DIR = Path(__file__).resolve().parents[2] / "docs" / "dialects"
COMMAND = "python -m irc.tools.gendocs"

# A paragraph is IR (an example) when its first line starts like an op, a value or a block.
_IR_START = re.compile(r"^(%|\"|\^|[a-z_]\w*\.[a-z_][\w.]*\b|module\b|return\b)")
_ONE_LINE_EXAMPLE = re.compile(r"^(?P<summary>.*?\S)\s{3,}(?P<example>(%|\"|[a-z_]\w*\.).*)$")


# -- docstrings --------------------------------------------------------------------------------


def docstring_parts(doc: str | None) -> tuple[str, list[tuple[str, str]]]:
    """The one-line summary and the rest as ("text" | "ir", paragraph) pairs."""
    paragraphs = [p for p in re.split(r"\n\s*\n", inspect.cleandoc(doc or "")) if p.strip()]
    if not paragraphs:
        return "", []
    first = " ".join(line.strip() for line in paragraphs[0].splitlines())
    rest = paragraphs[1:]
    found = _ONE_LINE_EXAMPLE.match(first)
    if found:  # "Summary.   %y = d.op %x : f32", the short form of a docstring
        first = found["summary"]
        rest = [found["example"], *rest]
    return first, [("ir" if _IR_START.match(p) else "text", p) for p in rest]


def _own_doc(cls: type) -> str | None:
    return cls.__dict__.get("__doc__")


# -- one op -------------------------------------------------------------------------------------


def _syntax(cls: type[Op]) -> list[str]:
    if cls.assembly_format is not None:
        return ["```", f"{cls.name} {cls.assembly_format}", "```"]
    if getattr(cls, "parse_custom", None) is not None:
        return ["Custom: see the example above."]
    return ["Generic form only."]


def _values_table(kind: str, defs) -> list[str]:
    if defs is None:
        return [f"{kind}: not declared (any number, any types)."]
    if not defs:
        return []
    rows = [f"| {kind[:-1]} | Count | Constraint |", "| --- | --- | --- |"]
    for definition in defs:
        count = {(1, 1): "one", (0, 1): "optional", (0, None): "variadic"}.get(
            (definition.min_count, definition.max_count), "variadic"
        )
        rows.append(f"| `{definition.name}` | {count} | {definition.description} |")
    return [f"{kind}:", "", *rows]


def _properties_table(cls: type[Op]) -> list[str]:
    if not cls.prop_defs:
        return []
    rows = ["| Property | Kind | Default |", "| --- | --- | --- |"]
    for prop in cls.prop_defs:
        if prop.default is not None:
            default = f"`{prop.default}`"
        else:
            default = "(optional)" if prop.optional else "(required)"
        rows.append(f"| `{prop.name}` | {_kind_text(prop.kind)} | {default} |")
    return ["Properties:", "", *rows]


def _kind_text(kind) -> str:
    """What a property holds, with the cases of an enum or flags kind."""
    cases = getattr(kind, "names", None)
    flags = getattr(getattr(kind, "attr_class", None), "FLAGS", None)
    if cases is None and flags is not None:
        cases = list(flags)
    if not cases:
        return kind.description
    return f"{kind.description}: " + ", ".join(f"`{case}`" for case in cases)


def _structure(cls: type[Op]) -> list[str]:
    """Regions, successors, parents and traits, one line each when there are any."""
    lines = []
    if cls.num_regions:
        lines.append(f"Regions: {cls.num_regions}.")
    elif cls.num_regions is None:
        lines.append("Regions: any number.")
    if cls.num_successors:
        lines.append(f"Successors: {cls.num_successors}.")
    elif cls.num_successors is None:
        lines.append("Successors: any number.")
    if cls.parent_ops:
        lines.append("Parent: " + ", ".join(f"`{p}`" for p in cls.parent_ops) + ".")
    traits = sorted(trait.__name__ for trait in cls.traits)
    if traits:
        lines.append("Traits: " + ", ".join(f"`{t}`" for t in traits) + ".")
    return [line for item in lines for line in (item, "")][:-1]


def op_section(cls: type[Op]) -> list[str]:
    summary, rest = docstring_parts(_own_doc(cls))
    lines = [f"### `{cls.name}`", "", summary or "(no description)", ""]
    for kind, paragraph in rest:
        if kind == "ir":
            lines += ["```mlir", paragraph, "```", ""]
        else:
            lines += [" ".join(line.strip() for line in paragraph.splitlines()), ""]
    lines += ["Syntax:", "", *_syntax(cls), ""]
    for block in (
        _values_table("Operands", cls.operand_defs),
        _values_table("Results", cls.result_defs),
        _properties_table(cls),
        _structure(cls),
    ):
        if block:
            lines += [*block, ""]
    lines.append(f"Declared by `{_python_name(cls)}`.")
    return lines


def _python_name(cls: type) -> str:
    """Where the class is found: `irc.dialects.arith.AddFOp` (the name it is bound to,
    which for a class made by a factory may differ from its __name__)."""
    module = sys.modules[cls.__module__]
    for name, value in vars(module).items():
        if value is cls:
            return f"{cls.__module__}.{name}"
    return f"{cls.__module__}.{cls.__qualname__}"


# -- one dialect ---------------------------------------------------------------------------------


def dialect_markdown(dialect: str) -> str:
    module = importlib.import_module(DIALECTS[dialect])
    ops = sorted(module.OPS.values(), key=lambda cls: cls.name)
    doc = inspect.cleandoc(module.__doc__ or "")
    lines = [
        f"<!-- Generated by `{COMMAND}` from {module.__name__}; do not edit. -->",
        "",
        f"# The `{dialect}` dialect",
        "",
        *(doc.splitlines() if doc else []),
        "",
        "## Operations",
        "",
        "| Op | Summary |",
        "| --- | --- |",
    ]
    for cls in ops:
        summary = docstring_parts(_own_doc(cls))[0].replace("|", "\\|")
        lines.append(f"| [`{cls.name}`](#{_anchor(cls.name)}) | {summary} |")
    for cls in ops:
        lines += ["", *op_section(cls)]
    return "\n".join(lines).rstrip() + "\n"


def _anchor(name: str) -> str:
    """GitHub's heading anchor of "### `arith.addf`": lowercase, punctuation dropped."""
    return re.sub(r"[^\w\- ]", "", name.lower()).replace(" ", "-")


def generate() -> dict[str, str]:
    """File name -> content, for every registered dialect."""
    return {f"{dialect}.md": dialect_markdown(dialect) for dialect in sorted(DIALECTS)}


def write_docs(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_files(out: Path) -> list[str]:
    """Generated files that are missing from `out` or differ from what is there."""
    stale = []
    for name, text in generate().items():
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gendocs", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DOCS_DIR, help="output directory")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a file is not current; write nothing"
    )
    args = parser.parse_args(argv)
    if args.check:
        stale = stale_files(args.out)
        for name in stale:
            print(f"{args.out / name} is not current; run `{COMMAND}`", file=sys.stderr)
        return 1 if stale else 0
    for path in write_docs(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
