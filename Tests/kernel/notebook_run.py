"""Runs nx_tour.ipynb end to end with nbclient, as papermill and CI would."""
from __future__ import annotations

import os

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from kernelspec_env import installed_kernelspec

NOTEBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nx_tour.ipynb")

# What each cell shows: (text/plain of its result, or the error's (ename, evalue)).
EXPECTED = [
    ("result", "#Nx.Tensor<\n  s64[2][2]\n  [\n    [1, 2],\n    [3, 4]\n  ]\n>"),
    ("ok", None),
    ("result", "#Nx.Tensor<\n  f32[3]\n  \n  Nx.Defn.Expr\n"
               "  parameter a:0                            s64[3]\n"
               "  b = exp a                                f32[3]\n"
               "  c = exp a                                f32[3]\n"
               "  d = sum c, axes: nil, keep_axes: false   f32\n"
               "  e = divide b, d                          f32[3]\n>"),
    ("result", "#Nx.Tensor<\n  f32\n  6.0\n>"),
    ("error", ("ArgumentError", "cannot broadcast tensor of dimensions {2} to {3}")),
    ("result", "#Nx.Tensor<\n  s64\n  10\n>"),
]


def check(cell_index: int, cell, kind: str, expected) -> None:
    outputs = cell.outputs
    where = f"cell {cell_index}"
    if kind == "error":
        errors = [o for o in outputs if o.output_type == "error"]
        if not errors or (errors[0].ename, errors[0].evalue) != expected:
            raise AssertionError(f"{where}: expected error {expected}, got {outputs}")
        return
    errors = [o for o in outputs if o.output_type == "error"]
    if errors:
        raise AssertionError(f"{where}: unexpected {errors[0].ename}: {errors[0].evalue}")
    if kind == "result":
        results = [o for o in outputs if o.output_type == "execute_result"]
        if not results or results[0].data.get("text/plain") != expected:
            got = results[0].data.get("text/plain") if results else None
            raise AssertionError(f"{where}: expected {expected!r}, got {got!r}")


def run_notebook(binary: str) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with installed_kernelspec(binary):
        try:
            NotebookClient(notebook, kernel_name="swiftnx", timeout=60).execute()
        except CellExecutionError as error:
            raise AssertionError(f"a cell failed: {error.ename}: {error.evalue}") from None
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    if len(code_cells) != len(EXPECTED):
        raise AssertionError(f"expected {len(EXPECTED)} code cells, found {len(code_cells)}")
    for index, (cell, (kind, expected)) in enumerate(zip(code_cells, EXPECTED)):
        check(index, cell, kind, expected)
    tensor = [o for o in code_cells[0].outputs if o.output_type == "execute_result"][0]
    if "<td>4</td>" not in tensor.data.get("text/html", ""):
        raise AssertionError("cell 0: no text/html table for a 2-D tensor")
    graph = [o for o in code_cells[2].outputs if o.output_type == "execute_result"][0]
    if "<td>divide</td>" not in graph.data.get("text/html", ""):
        raise AssertionError("cell 2: no text/html node table for debug_expr")


def run_plain_elixir_notebook(binary: str) -> None:
    """Bindings, output, an allowed error and a later cell, without Nx."""
    from nbformat.v4 import new_code_cell, new_notebook
    notebook = new_notebook(cells=[
        new_code_cell("x = [1, 2, 3]"),
        new_code_cell('IO.puts("sum:")\nEnum.sum(x)'),
        new_code_cell('raise ArgumentError, "no"', metadata={"tags": ["raises-exception"]}),
        new_code_cell("Enum.map(x, &(&1 * 2))"),
    ])
    with installed_kernelspec(binary):
        NotebookClient(notebook, kernel_name="swiftnx", timeout=60).execute()
    shown = [[(o.output_type, o.get("text") or o.get("data", {}).get("text/plain") or o.get("ename"))
              for o in cell.outputs] for cell in notebook.cells]
    expected = [[("execute_result", "[1, 2, 3]")],
                [("stream", "sum:\n"), ("execute_result", "6")],
                [("error", "ArgumentError")],
                [("execute_result", "[2, 4, 6]")]]
    if shown != expected:
        raise AssertionError(f"outputs {shown}")
    counts = [cell.execution_count for cell in notebook.cells]
    if counts != [1, 2, 3, 4]:
        raise AssertionError(f"execution counts {counts}")


def tests():
    return [("notebook.elixir_cells_run_end_to_end", run_plain_elixir_notebook, "language", 120),
            ("notebook.nx_tour_runs_end_to_end", run_notebook, "defn", 120)]
