"""jupyter_kernel_test's standard checks, filled in for Elixir on SwiftNx."""
from __future__ import annotations

import unittest

import jupyter_kernel_test

from kernelspec_env import installed_kernelspec


class SwiftNxKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "swiftnx"
    language_name = "elixir"
    file_extension = ".exs"

    code_hello_world = 'IO.puts("hello, world")'
    code_stderr = 'IO.puts(:stderr, "something went wrong")'
    code_generate_error = 'raise "oops"'

    completion_samples = [{"text": "Enum.redu"}, {"text": "Nx.ten"}]
    complete_code_samples = ["1 + 1", "x = [1, 2, 3]", "defmodule A do\n  def f, do: 1\nend"]
    incomplete_code_samples = ["fn x ->", "defmodule A do", "[1, 2,"]
    invalid_code_samples = [")", "end"]

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": "Enum.sum([1, 2, 3])", "result": "6"},
        {"code": '"swift" <> "nx"', "result": '"swiftnx"'},
    ]
    code_history_pattern = "Enum.sum*"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Enum.map"

    # No pager payloads and no display API yet: test_pager and test_display_data skip.


# jupyter_kernel_test methods, and what each needs beyond the protocol.
METHODS = {
    "test_kernel_info": None,
    "test_completion": None,
    "test_error": None,
    "test_history": None,
    "test_execute_stdout": "language",
    "test_execute_stderr": "language",
    "test_execute_result": "language",
    "test_is_complete": "language",
    "test_inspect": "language",
}


def run_method(binary: str, method: str) -> None:
    with installed_kernelspec(binary):
        result = unittest.TestResult()
        unittest.TestSuite([SwiftNxKernelTests(method)]).run(result)
    problems = result.errors + result.failures
    if problems:
        _, text = problems[0]
        lines = text.strip().splitlines()
        raise AssertionError(next((line for line in lines if line.startswith("AssertionError")), lines[-1]))
    if result.skipped:
        raise AssertionError(f"skipped: {result.skipped[0][1]}")


def tests():
    def bind(method):
        return lambda binary: run_method(binary, method)
    return [(f"jupyter_kernel_test.{method}", bind(method), needs, 60) for method, needs in METHODS.items()]
