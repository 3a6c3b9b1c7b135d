"""linalg-vectorize-matmul: linalg.matmul on buffers becomes a call of a tiled, packed,
vectorized kernel written in scf, memref, arith and vector.

The loop nest convert-linalg-to-loops makes of a matmul (i, j, k with a load and a store
of C per step, B read down its columns) runs at a few GFLOP/s. This pass replaces each
eligible `linalg.matmul` by `func.call` of a private kernel function, one per element
type and layout of the operands in the module, built from IR text by `kernel_text`. The
kernel is the classic blocked algorithm (Goto and van de Geijn; BLIS), written in the
dialects the rest of the pipeline lowers:

    for jc in 0..N step nc:                  a block of columns of B and C
      scf.parallel over panels jr:           pack B[:, jc+jr : jc+jr+nr] into Bp: for
                                             each block of kc rows, kc x nr row-major,
                                             zero-padded past the block's columns
      scf.parallel ic in 0..M step mstep:    a block of rows of A and C per iteration
                                             (mstep: a quarter of M rounded up to mr, at
                                             most mc, so that two threads share small M)
        for pc in 0..K step kc:              a block of the contracted dimension
          pack A[ic:ic+mstep, pc:pc+kc] into Ap: panels of mr rows, kc x mr, zero-padded
          for jr in 0..nc step nr, ir in 0..mstep step mr:
            mr x nr accumulators (mr * nr/lanes vectors) carried through scf.for over k:
            per k, nr/lanes vector.loads of Bp and mr broadcasts of Ap, vector.fma each
            C[ir.., jr..] += accumulators: vector loads and stores when the tile is
            whole; through a scratch tile and scalar loops at the blocks' edges

Packing makes every load of the inner loop contiguous and every panel padded, so the
register block has no edge cases; the two parallel loops are the only ones, so a call
costs two dispatches to the threads per block of nc columns.

The defaults (mr 8, nr 2 vectors, kc 256, mc 128, nc 1024) keep 16 accumulators in
registers, a B panel in L1 and an A block in L2 on the x86-64 machines irc is measured
on; Bp holds K x nc elements. `vector-bits` is the vector width (0: the host's widest:
512 bits, 16 lanes of f32, with AVX-512; 256 with AVX2). 1024^3 f32 runs at about 200
GFLOP/s on one Zen 5 core (benchmarks/nn_workloads.py). The sum over k is in the element
type and in the kernel's order, as BLAS's is: results differ from the loop nest's by
float rounding.

Eligible: a linalg.matmul on memrefs of one element type, f32 or f64, whose maps are
the default or transpose A and/or B (as convert-nn-to-linalg writes them), and whose
output has a unit stride in its minor dimension (the vector stores); a
linalg.batch_matmul of the same kind with its default maps becomes an scf.for over the
batch calling the kernel on rank-reduced memref.subviews. Any other matmul is left to
convert-linalg-to-loops, with a remark. The operands are passed through
memref.cast to fully dynamic strided types, so one kernel serves every size and layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from irc.dialects import arith, func, linalg, memref, scf
from irc.ir import affine
from irc.ir import attributes as A
from irc.ir import types as T
from irc.ir.builder import Builder, InsertionPoint
from irc.ir.core import Operation
from irc.passes.pass_manager import Pass, PassContext, option

ELEMENTS = {T.F32: "f32", T.F64: "f64"}
ROW_BLOCKS = 2  # split M into this many parallel blocks when it is small: one per core here


@dataclass(frozen=True)
class Tiling:
    """One kernel's shape: element type, vector lanes, register block and cache blocks."""

    element: str  # "f32" or "f64"
    lanes: int
    mr: int  # rows of the register block
    vectors: int  # vectors per row of the register block: nr = vectors * lanes
    kc: int
    mc: int
    nc: int
    transpose_a: bool  # A is stored K x M
    transpose_b: bool  # B is stored N x K

    @property
    def nr(self) -> int:
        return self.vectors * self.lanes

    @property
    def symbol(self) -> str:
        layout = ("t" if self.transpose_a else "n") + ("t" if self.transpose_b else "n")
        return (
            f"__irc_matmul_{self.element}_{layout}_{self.mr}x{self.nr}"
            f"_k{self.kc}_m{self.mc}_n{self.nc}"
        )


# -- the kernel's text ------------------------------------------------------------------------


def kernel_text(t: Tiling) -> str:
    """The kernel function `@<t.symbol>(%A, %B, %C)`: C += A B on strided memrefs."""
    e, v = t.element, f"vector<{t.lanes}x{t.element}>"
    any_ = f"memref<?x?x{e}, strided<[?, ?], offset: ?>>"
    rows = f"memref<?x?x{e}, strided<[?, 1], offset: ?>>"
    lane_starts = (i * t.lanes for i in range(t.vectors))
    constants = sorted({0, 1, ROW_BLOCKS, t.mr, t.nr, t.kc, t.mc, t.nc, *range(t.mr), *lane_starts})
    k_of_a = 0 if t.transpose_a else 1
    lines = [
        f"func.func private @{t.symbol}(%A: {any_}, %B: {any_}, %C: {rows}) {{",
        *(f"  %c{c} = arith.constant {c} : index" for c in constants),
        f"  %zero = arith.constant 0.0 : {e}",
        f"  %zeros = arith.constant dense<0.0> : {v}",
        f"  %M = memref.dim %C, %c0 : {rows}",
        f"  %N = memref.dim %C, %c1 : {rows}",
        f"  %K = memref.dim %A, %c{k_of_a} : {any_}",
        f"  %bcols_e = arith.minsi %N, %c{t.nc} : index",
        *_round_up("%bcols", "%bcols_e", t.nr),
        "  %bsize = arith.muli %bcols, %K : index",
        f"  %Bp = memref.alloc(%bsize) alignment = 64 : memref<?x{e}>",
        f"  %mpart = arith.ceildivsi %M, %c{ROW_BLOCKS} : index",
        *_round_up("%mpart_r", "%mpart", t.mr),
        f"  %mstep_c = arith.minsi %mpart_r, %c{t.mc} : index",
        f"  %mstep = arith.maxsi %mstep_c, %c{t.mr} : index",
        *_round_up("%arows", "%mstep", t.mr),
        f"  %asize = arith.muli %arows, %c{t.kc} : index",
        f"  scf.for %jc = %c0 to %N step %c{t.nc} {{",
        *_clamp("%ncur", "%N", "%jc", f"%c{t.nc}"),
        *_round_up("%ncpad", "%ncur", t.nr),
        *_indent(_pack_b(t, any_), 4),
        "    scf.parallel (%ic) = (%c0) to (%M) step (%mstep) {",
        *_clamp("%mcur", "%M", "%ic", "%mstep"),
        f"      %Ap = memref.alloc(%asize) alignment = 64 : memref<?x{e}>",
        f"      %scratch = memref.alloc() alignment = 64 : memref<{t.mr}x{t.nr}x{e}>",
        f"      scf.for %pc = %c0 to %K step %c{t.kc} {{",
        *_clamp("%kcur", "%K", "%pc", f"%c{t.kc}"),
        *_indent(_pack_a(t, any_), 8),
        "        %bblock = arith.muli %pc, %ncpad : index",
        f"        scf.for %jr = %c0 to %ncur step %c{t.nr} {{",
        "          %bpanel = arith.muli %jr, %kcur : index",
        "          %bbase = arith.addi %bblock, %bpanel : index",
        f"          scf.for %ir = %c0 to %mcur step %c{t.mr} {{",
        "            %abase = arith.muli %ir, %kcur : index",
        *_register_block(t, v),
        *_write_back(t, v, rows),
        "          }",
        "        }",
        "      }",
        f"      memref.dealloc %scratch : memref<{t.mr}x{t.nr}x{e}>",
        f"      memref.dealloc %Ap : memref<?x{e}>",
        "      scf.reduce",
        "    }",
        "  }",
        f"  memref.dealloc %Bp : memref<?x{e}>",
        "  return",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _clamp(name: str, size: str, start: str, block: str) -> list[str]:
    """`name` = min(block, size - start): the extent of the block starting at `start`."""
    return [
        f"  {name}_left = arith.subi {size}, {start} : index",
        f"  {name} = arith.minsi {name}_left, {block} : index",
    ]


def _round_up(name: str, value: str, multiple: int) -> list[str]:
    return [
        f"  {name}_n = arith.ceildivsi {value}, %c{multiple} : index",
        f"  {name} = arith.muli {name}_n, %c{multiple} : index",
    ]


def _guarded_load(matrix: str, indices: str, inside: str, memref_type: str, e: str) -> list[str]:
    """`%x` = matrix[indices] where `inside` holds, else zero (the padding of a panel)."""
    return [
        f"%x = scf.if {inside} -> ({e}) {{",
        f"  %y = memref.load {matrix}[{indices}] : {memref_type}",
        f"  scf.yield %y : {e}",
        "} else {",
        f"  scf.yield %zero : {e}",
        "}",
    ]


def _pack_b(t: Tiling, any_: str) -> list[str]:
    """Bp holds the columns jc..jc+ncur of B, all K rows: block after block of kc rows
    (the block at row pc starts at pc * ncpad), each block panel after panel of nr
    columns (the panel at column jr starts jr * kcur further), each panel kcur rows of
    nr, zero beyond the block's columns. Panels are packed in parallel."""
    indices = "%j, %kk" if t.transpose_b else "%kk, %j"
    return [
        f"scf.parallel (%jr) = (%c0) to (%ncur) step (%c{t.nr}) {{",
        "  %j0 = arith.addi %jc, %jr : index",
        f"  scf.for %pc = %c0 to %K step %c{t.kc} {{",
        *_indent(_clamp("%kcur", "%K", "%pc", f"%c{t.kc}"), 2),
        "    %bblock = arith.muli %pc, %ncpad : index",
        "    %bpanel = arith.muli %jr, %kcur : index",
        "    %bbase = arith.addi %bblock, %bpanel : index",
        "    scf.for %k = %c0 to %kcur step %c1 {",
        "      %kk = arith.addi %pc, %k : index",
        f"      %krow = arith.muli %k, %c{t.nr} : index",
        "      %row = arith.addi %bbase, %krow : index",
        f"      scf.for %c = %c0 to %c{t.nr} step %c1 {{",
        "        %j = arith.addi %j0, %c : index",
        "        %jb = arith.addi %jr, %c : index",
        "        %inside = arith.cmpi slt, %jb, %ncur : index",
        *_indent(_guarded_load("%B", indices, "%inside", any_, t.element), 8),
        "        %at = arith.addi %row, %c : index",
        f"        memref.store %x, %Bp[%at] : memref<?x{t.element}>",
        "      }",
        "    }",
        "  }",
        "  scf.reduce",
        "}",
    ]


def _pack_a(t: Tiling, any_: str) -> list[str]:
    """Ap holds rows ic..ic+mcur of A, columns pc..pc+kcur: panels of mr rows (the
    panel at row ir starts at ir * kcur), each kcur columns of mr, zero beyond the
    block's rows."""
    indices = "%kk, %i" if t.transpose_a else "%i, %kk"
    return [
        f"scf.for %ir = %c0 to %mcur step %c{t.mr} {{",
        "  %abase = arith.muli %ir, %kcur : index",
        "  %i0 = arith.addi %ic, %ir : index",
        f"  scf.for %r = %c0 to %c{t.mr} step %c1 {{",
        "    %i = arith.addi %i0, %r : index",
        "    %ib = arith.addi %ir, %r : index",
        "    %inside = arith.cmpi slt, %ib, %mcur : index",
        "    scf.for %k = %c0 to %kcur step %c1 {",
        "      %kk = arith.addi %pc, %k : index",
        *_indent(_guarded_load("%A", indices, "%inside", any_, t.element), 6),
        f"      %krow = arith.muli %k, %c{t.mr} : index",
        "      %row = arith.addi %abase, %krow : index",
        "      %at = arith.addi %row, %r : index",
        f"      memref.store %x, %Ap[%at] : memref<?x{t.element}>",
        "    }",
        "  }",
        "}",
    ]


def _accumulators(t: Tiling, prefix: str) -> list[str]:
    return [f"{prefix}{r}_{c}" for r in range(t.mr) for c in range(t.vectors)]


def _register_block(t: Tiling, v: str) -> list[str]:
    """`%acc#` = the mr x nr block of Ap's panel times Bp's panel, over k."""
    pad = " " * 12
    carried = _accumulators(t, "%a")
    types = ", ".join([v] * len(carried))
    inits = ", ".join(f"{name} = %zeros" for name in carried)
    memory = f"memref<?x{t.element}>"
    body = [
        f"%kb = arith.muli %k, %c{t.nr} : index",
        "%boff = arith.addi %bbase, %kb : index",
        f"%ka = arith.muli %k, %c{t.mr} : index",
        "%aoff = arith.addi %abase, %ka : index",
    ]
    for c in range(t.vectors):
        body += [
            f"%bat{c} = arith.addi %boff, %c{c * t.lanes} : index",
            f"%b{c} = vector.load %Bp[%bat{c}] : {memory}, {v}",
        ]
    for r in range(t.mr):
        body += [
            f"%aat{r} = arith.addi %aoff, %c{r} : index",
            f"%s{r} = memref.load %Ap[%aat{r}] : {memory}",
            f"%v{r} = vector.broadcast %s{r} : {t.element} to {v}",
        ]
        body += [f"%n{r}_{c} = vector.fma %v{r}, %b{c}, %a{r}_{c} : {v}" for c in range(t.vectors)]
    body.append(f"scf.yield {', '.join(_accumulators(t, '%n'))} : {types}")
    return [
        f"{pad}%acc:{len(carried)} = scf.for %k = %c0 to %kcur step %c1 "
        f"iter_args({inits}) -> ({types}) {{",
        *(f"{pad}  {line}" for line in body),
        f"{pad}}}",
    ]


def _write_back(t: Tiling, v: str, rows: str) -> list[str]:
    """C[i0 + r, j0 + c] += the block: whole vectors when the tile lies inside the cache
    block, else through `%scratch` and scalar loops over the part inside it."""
    scratch = f"memref<{t.mr}x{t.nr}x{t.element}>"
    whole, edge = [], []
    for r in range(t.mr):
        whole.append(f"%row{r} = arith.addi %i0, %c{r} : index")
        for c in range(t.vectors):
            acc, col = f"%acc#{r * t.vectors + c}", f"%col{r}_{c}"
            whole += [
                f"{col} = arith.addi %j0, %c{c * t.lanes} : index",
                f"%old{r}_{c} = vector.load %C[%row{r}, {col}] : {rows}, {v}",
                f"%new{r}_{c} = arith.addf %old{r}_{c}, {acc} : {v}",
                f"vector.store %new{r}_{c}, %C[%row{r}, {col}] : {rows}, {v}",
            ]
            edge.append(f"vector.store {acc}, %scratch[%c{r}, %c{c * t.lanes}] : {scratch}, {v}")
    edge += [
        *(line.strip() for line in _clamp("%rlim", "%mcur", "%ir", f"%c{t.mr}")),
        *(line.strip() for line in _clamp("%clim", "%ncur", "%jr", f"%c{t.nr}")),
        "scf.for %r = %c0 to %rlim step %c1 {",
        "  scf.for %c = %c0 to %clim step %c1 {",
        "    %i = arith.addi %i0, %r : index",
        "    %j = arith.addi %j0, %c : index",
        f"    %part = memref.load %scratch[%r, %c] : {scratch}",
        f"    %old = memref.load %C[%i, %j] : {rows}",
        f"    %new = arith.addf %old, %part : {t.element}",
        f"    memref.store %new, %C[%i, %j] : {rows}",
        "  }",
        "}",
    ]
    pad = " " * 12
    return [
        f"{pad}%i0 = arith.addi %ic, %ir : index",
        f"{pad}%j0 = arith.addi %jc, %jr : index",
        f"{pad}%iend = arith.addi %ir, %c{t.mr} : index",
        f"{pad}%jend = arith.addi %jr, %c{t.nr} : index",
        f"{pad}%rows_in = arith.cmpi sle, %iend, %mcur : index",
        f"{pad}%cols_in = arith.cmpi sle, %jend, %ncur : index",
        f"{pad}%whole = arith.andi %rows_in, %cols_in : i1",
        f"{pad}scf.if %whole {{",
        *(f"{pad}  {line}" for line in whole),
        f"{pad}}} else {{",
        *(f"{pad}  {line}" for line in edge),
        f"{pad}}}",
    ]


def _indent(lines: list[str], by: int) -> list[str]:
    return [" " * by + line for line in lines]


@cache
def _kernel(t: Tiling) -> Operation:
    """The parsed kernel function (cloned into each module that calls it)."""
    from irc.frontend.parser import parse

    module = parse(kernel_text(t), filename=f"<{t.symbol}>")
    return next(iter(module.regions[0].blocks[0]))


# -- the rewrite ------------------------------------------------------------------------------

_M, _N, _K = (affine.Dim(i) for i in range(3))


def _layout(op: linalg.MatmulOp | linalg.BatchMatmulOp) -> tuple[bool, bool] | None:
    """(transpose_a, transpose_b) when the maps are the default or transpose A/B only
    (a batch_matmul: its default maps only)."""
    if isinstance(op, linalg.BatchMatmulOp):
        return (False, False) if op.indexing_maps() == op.default_maps([]) else None
    a_map, b_map, c_map = op.indexing_maps()
    if c_map.results != (_M, _N):
        return None
    ta = {(_M, _K): False, (_K, _M): True}.get(a_map.results)
    tb = {(_K, _N): False, (_N, _K): True}.get(b_map.results)
    return None if ta is None or tb is None else (ta, tb)


def _unit_minor_stride(t: T.MemRefType) -> bool:
    layout = t.layout
    if layout is None or isinstance(layout, A.AffineMapAttr) and layout.value.is_identity:
        return True
    strides = getattr(layout, "strides", None)
    return bool(strides) and strides[-1] == 1


def why_not(op: linalg.MatmulOp | linalg.BatchMatmulOp) -> str | None:
    """Why `op` keeps its loop nest, else None."""
    types = [value.type for value in op.operands]
    rank = 3 if isinstance(op, linalg.BatchMatmulOp) else 2
    if not all(isinstance(t, T.MemRefType) for t in types):
        return "not on memrefs (bufferize first)"
    elements = {t.element_type for t in types}
    if len(elements) != 1 or next(iter(elements)) not in ELEMENTS:
        return "the kernel takes one element type, f32 or f64"
    if any(t.rank != rank for t in types):
        return "an operand of another rank (a broadcast operand)"
    if _layout(op) is None:
        return "indexing maps other than the default or transposed operands"
    if not _unit_minor_stride(types[2]):
        return "the output's minor dimension is not contiguous"
    return None


@dataclass
class LinalgVectorizeMatmul(Pass):
    name = "linalg-vectorize-matmul"
    summary = "Tile, pack and vectorize linalg.matmul on buffers into a kernel function"

    vector_bits: int = option(0, "width of the kernel's vectors (0: the host CPU's widest)")
    mr: int = option(8, "rows of the register block")
    vectors: int = option(2, "vectors per row of the register block")
    kc: int = option(256, "cache block of the contracted dimension")
    mc: int = option(128, "cache block of rows (one per thread)")
    nc: int = option(1024, "cache block of columns")

    def run(self, op: Operation, context: PassContext) -> None:
        module = op
        kinds = (linalg.MatmulOp, linalg.BatchMatmulOp)
        for matmul in [o for o in op.walk() if isinstance(o, kinds)]:
            reason = why_not(matmul)
            if reason is not None:
                context.remark(matmul, f"'{matmul.name}' keeps its loop nest: {reason}")
                continue
            kernel = self._kernel_in(module, self._tiling(matmul))
            if isinstance(matmul, linalg.BatchMatmulOp):
                _replace_with_loop_of_calls(matmul, kernel)
            else:
                _replace_with_call(matmul, kernel)

    def _tiling(self, matmul: linalg.MatmulOp) -> Tiling:
        element = ELEMENTS[matmul.operands[2].type.element_type]
        bits = 32 if element == "f32" else 64
        lanes = (self.vector_bits or host_vector_bits()) // bits
        ta, tb = _layout(matmul)
        mr, vectors = self.mr, self.vectors
        columns = matmul.operands[2].type.shape[-1]
        if columns != T.DYNAMIC and 0 < columns <= lanes * (vectors - 1):
            # A narrow C (a classifier's 10 outputs): fewer vectors per row, as many
            # accumulators in more rows, so no FMA works on padding alone.
            vectors = -(-columns // lanes)
            mr = mr * self.vectors // vectors
        return Tiling(element, lanes, mr, vectors, self.kc, self.mc, self.nc, ta, tb)

    @staticmethod
    def _kernel_in(module: Operation, tiling: Tiling) -> Operation:
        """The module's kernel function for `tiling`, added at its end the first time."""
        body = module.regions[0].blocks[0]
        for existing in body:
            if isinstance(existing, func.FuncOp) and existing.sym_name == tiling.symbol:
                return existing
        return body.append(_kernel(tiling).clone())


def _replace_with_call(matmul: linalg.MatmulOp, kernel: Operation) -> None:
    """memref.cast each operand to the kernel's parameter type (where it differs),
    func.call the kernel."""
    b = Builder(InsertionPoint.before(matmul), matmul.location)
    _call(b, kernel, matmul.operands)
    matmul.erase()


def _call(b: Builder, kernel: Operation, matrices) -> None:
    arguments = []
    for value, wanted in zip(matrices, kernel.function_type.inputs, strict=True):
        if value.type != wanted:
            value = b.create(memref.CastOp, [value], [wanted]).results[0]
        arguments.append(value)
    b.create(func.CallOp, arguments, [], properties={"callee": A.SymbolRefAttr(kernel.sym_name)})


def _replace_with_loop_of_calls(matmul: linalg.BatchMatmulOp, kernel: Operation) -> None:
    """scf.for over the batch: the kernel on each operand's rank-reduced subview (the
    kernel's own loops run on the threads; the batch loop does not)."""
    b = Builder(InsertionPoint.before(matmul), matmul.location)
    index = [_index(b, value) for value in range(3)]

    def size(operand, dim: int):
        """An int when static, else a memref.dim made before the loop."""
        static = operand.type.shape[dim]
        if static != T.DYNAMIC:
            return static
        return b.create(memref.DimOp, [operand, index[dim]], [T.INDEX]).results[0]

    sizes = [[size(operand, 1), size(operand, 2)] for operand in matmul.operands]
    count = size(matmul.operands[2], 0)
    count = _index(b, count) if isinstance(count, int) else count
    loop = b.insert(scf.ForOp.build(index[0], count, index[1], location=b.location))
    b.insertion_point = InsertionPoint.before(loop.body.last)
    iv = loop.body.args[0]
    slices = [
        _matrix_at(b, operand, iv, operand_sizes)
        for operand, operand_sizes in zip(matmul.operands, sizes, strict=True)
    ]
    _call(b, kernel, slices)
    matmul.erase()


def _index(b: Builder, value: int):
    attr = A.IntegerAttr(value, T.INDEX)
    return b.create(arith.ConstantOp, [], [T.INDEX], properties={"value": attr}).results[0]


def _matrix_at(b: Builder, operand, batch, sizes):
    """The rank-reduced subview operand[batch, :, :]."""
    source = operand.type
    full = memref.SubViewOp.infer_result_type(
        source,
        [memref.DYN, 0, 0],
        [1, *(s if isinstance(s, int) else memref.DYN for s in sizes)],
        [1, 1, 1],
    )
    strides, offset = memref.strides_and_offset(full)
    reduced = memref.strided_type(
        full.shape[1:], source.element_type, strides[1:], offset, source.memory_space
    )
    view = memref.SubViewOp.build(operand, [batch, 0, 0], [1, *sizes], [1, 1, 1], reduced)
    return b.insert(view).results[0]


@cache
def host_vector_bits() -> int:
    """512 with AVX-512, 256 with AVX (x86-64), else 128."""
    import llvmlite.binding as llvm

    features = llvm.get_host_cpu_features()
    if features.get("avx512f"):
        return 512
    return 256 if features.get("avx") else 128
