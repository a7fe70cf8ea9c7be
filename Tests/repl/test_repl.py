#!/usr/bin/env python3
"""Drives the terminal REPL through a pseudo-terminal, as a person at a keyboard would.

Usage: python3 Tests/repl/test_repl.py SWIFTNX_BINARY [NAME_SUBSTRING]

Prints one line per test and ends with `repl: N passed, M failed`; exits 1 on any failure.
Each test runs `swiftnx` with HOME pointed at a fresh temporary directory, so the history
file (~/.swiftnx_history) of one test never leaks into another.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import pexpect

PROMPT = r"iex\((\d+)\)> "
CONTINUATION = r"\.\.\.\((\d+)\)> "
UP_ARROW = "\x1b[A"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TEST_SECONDS = 30


def clean(text):
    """The text a person sees: escape sequences and carriage returns removed."""
    return ANSI.sub("", text).replace("\r", "")


def heading(title, width=80):
    """A docs heading as `h` shows it on a terminal (IEx's ANSI docs): centered in a bar."""
    left = max((width + len(title)) // 2 - len(title), 0)
    return " " * left + title + " " * max(width - left - len(title), 0)


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Repl:
    """One `swiftnx` process on a pseudo-terminal."""

    def __init__(self, binary, home):
        env = dict(os.environ, HOME=home, TERM="xterm")
        env.pop("INPUTRC", None)
        self.child = pexpect.spawn(binary, env=env, encoding="utf-8", timeout=10,
                                   dimensions=(40, 200))

    def prompt(self, timeout=10):
        """Waits for the next `iex(n)>` prompt; returns (n, what was printed before it)."""
        self.child.expect(PROMPT, timeout=timeout)
        return int(self.child.match.group(1)), clean(self.child.before)

    def run(self, line, timeout=10):
        """Sends a line and returns (next prompt number, output lines after the echo)."""
        self.child.sendline(line)
        number, before = self.prompt(timeout)
        lines = before.split("\n")
        return number, [l for l in lines[1:] if l != ""]

    def close(self):
        if self.child.isalive():
            self.child.sendeof()
            try:
                self.child.expect(pexpect.EOF, timeout=3)
            except pexpect.TIMEOUT:
                self.child.terminate(force=True)


TESTS = []


def test(function):
    TESTS.append((function.__name__, function))
    return function


@test
def test_first_prompt_is_iex_1(binary, home):
    repl = Repl(binary, home)
    number, banner = repl.prompt()
    check(number == 1, f"first prompt is iex({number})>")
    check("Ctrl+D" in banner, f"banner: {banner!r}")
    repl.close()


@test
def test_result_is_printed_and_counter_advances(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    number, output = repl.run("1 + 1")
    check(output == ["2"], f"output {output}")
    check(number == 2, f"next prompt iex({number})>")
    repl.close()


@test
def test_error_then_working_next_line(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    number, output = repl.run('raise ArgumentError, "boom"')
    check(output[:1] == ["** (ArgumentError) boom"], f"error output {output}")
    check(number == 1, f"an error keeps the prompt number, as IEx does: iex({number})>")
    number, output = repl.run("1 + 1")
    check(output == ["2"], f"output after the error {output}")
    check(number == 2, f"next prompt iex({number})>")
    repl.close()


@test
def test_error_prints_and_session_goes_on(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    number, output = repl.run("v(5)")
    # The banner, then stacktrace lines as IEx prints them.
    check(output[:1] == ["** (RuntimeError) v(5) is out of bounds, no entries were stored in history so far"]
          and all(line.startswith("    ") for line in output[1:]),
          f"error output {output}")
    check(number == 1, f"prompt after an error iex({number})>")
    number, output = repl.run("h")
    check(output[:1] == [heading("IEx.Helpers")], f"h output {output[:3]}")
    check(number == 2, f"prompt after h iex({number})>")
    repl.close()


@test
def test_errors_are_red_on_a_terminal(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.sendline("v(1)")
    repl.child.expect(PROMPT)
    check("\x1b[31m** (RuntimeError)" in repl.child.before, f"raw output {repl.child.before!r}")
    repl.close()


@test
def test_results_use_iex_colors_on_a_terminal(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.sendline('{1, :ok, "s"}')
    repl.child.expect(PROMPT)
    raw = repl.child.before
    check("\x1b[33m" in raw, f"result not yellow: {raw!r}")
    check("\x1b[36m:ok" in raw, f"atom not cyan: {raw!r}")
    check('\x1b[32m"s"' in raw, f"string not green: {raw!r}")
    repl.close()


@test
def test_multi_line_input_continues_until_complete(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.sendline("[1,")
    repl.child.expect(CONTINUATION)
    check(repl.child.match.group(1) == "1", "continuation prompt number")
    repl.child.sendline(" 2]")
    number, before = repl.prompt()
    output = [l for l in before.split("\n")[1:] if l]
    check(output == ["[1, 2]"], f"output {output}")
    check(number == 2, f"next prompt iex({number})>")
    repl.close()


@test
def test_ctrl_c_in_a_continuation_abandons_the_whole_input(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.sendline("[1,")
    repl.child.expect(CONTINUATION)
    repl.child.sendintr()
    number, _ = repl.prompt(timeout=3)
    check(number == 1, f"prompt after Ctrl-C iex({number})>")
    _, output = repl.run(":fresh")
    check(output == [":fresh"], f"the abandoned lines leaked into the next input: {output}")
    repl.close()


@test
def test_invalid_input_shows_its_syntax_error(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    number, output = repl.run("1 +* 2")
    check(output[:1] and output[0].startswith("** (SyntaxError) iex:1:"), f"output {output}")
    check(number == 1, f"prompt after a syntax error iex({number})>")
    repl.close()


@test
def test_history_is_recalled_in_the_next_session(binary, home):
    first = Repl(binary, home)
    first.prompt()
    first.run("40 + 2")
    first.close()
    check(os.path.exists(os.path.join(home, ".swiftnx_history")), "no ~/.swiftnx_history written")

    second = Repl(binary, home)
    second.prompt()
    second.child.send(UP_ARROW)
    second.child.expect_exact("40 + 2", timeout=5)
    second.child.send("\r")
    second.prompt()
    second.close()


@test
def test_recalled_line_evaluates(binary, home):
    first = Repl(binary, home)
    first.prompt()
    first.run("40 + 2")
    first.close()
    second = Repl(binary, home)
    second.prompt()
    second.child.send(UP_ARROW + "\r")
    _, before = second.prompt()
    check("42" in before.split("\n"), f"output {before!r}")
    second.close()


@test
def test_ctrl_c_at_prompt_clears_the_line(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.send("this is not code")
    time.sleep(0.3)
    repl.child.sendintr()
    number, _ = repl.prompt(timeout=3)
    check(number == 1, f"prompt after Ctrl-C iex({number})>")
    number, output = repl.run("")
    check(output == [], f"the abandoned line was evaluated: {output}")
    check(number == 1, f"prompt iex({number})>")
    repl.close()


@test
def test_ctrl_c_stops_a_long_computation_and_keeps_bindings(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.run("x = 41")
    repl.child.sendline("Enum.each(1..100_000_000_000, fn _ -> :ok end)")
    time.sleep(1.0)
    check(repl.child.isalive(), "the REPL died")
    started = time.monotonic()
    repl.child.sendintr()
    repl.prompt(timeout=2)
    elapsed = time.monotonic() - started
    check(elapsed < 2, f"prompt came back after {elapsed:.2f} s")
    _, output = repl.run("x + 1")
    check(output == ["42"], f"binding lost after the interrupt: {output}")
    repl.close()


def tab_listing(binary, home, typed):
    """The candidates the first Tab after `typed` lists (readline then shows the prompt and
    the typed text again)."""
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.send(typed + "\t")
    repl.child.expect(PROMPT + re.escape(typed), timeout=5)
    listing = clean(repl.child.before).split()
    repl.close()
    return listing


@test
def test_ctrl_c_while_io_gets_waits_returns_to_the_prompt(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.sendline('IO.gets("Name? ")')
    repl.child.expect_exact("Name? ")
    time.sleep(0.3)
    repl.child.sendintr()
    number, _ = repl.prompt(timeout=2)
    _, output = repl.run('IO.gets("Again? ")\nAda')
    check(output and output[-1].endswith('"Ada\\n"'), f"IO.gets after the interrupt: {output}")
    repl.close()


@test
def test_tab_completes_enum_functions(binary, home):
    listing = tab_listing(binary, home, "Enum.ma")
    for name in ["map", "map_every", "map_join", "map_reduce"]:
        check(name in listing, f"{name} missing from {listing}")


@test
def test_tab_completes_a_unique_module_with_its_dot(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.send("Keyw\t")
    repl.child.expect_exact("Keyword.", timeout=5)
    repl.close()


@test
def test_v_returns_earlier_results(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.run("20 + 22")
    repl.run(":other")
    number, output = repl.run("v(1)")
    check(output == ["42"], f"v(1) output {output}")
    check(number == 4, f"prompt after v(1) iex({number})>")
    _, output = repl.run("v()")
    check(output == ["42"], f"v() output {output}")
    repl.close()


@test
def test_h_prints_docs_of_modules_defined_in_the_session(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.run('defmodule Shapes do\n  @doc "The area of a square."\n  def area(s), do: s * s\nend')
    _, output = repl.run("h Shapes.area")
    check(output == [heading("def Shapes.area/1"), "  The area of a square."], f"h output {output}")
    repl.close()


@test
def test_tab_completes_nx_su_to_sum(binary, home):
    listing = tab_listing(binary, home, "Nx.su")
    for name in ["subtract", "sum"]:
        check(name in listing, f"{name} missing from {listing}")


@test
def test_h_prints_function_docs(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    number, output = repl.run("h Enum.map")
    check(output[:1] == [heading("def Enum.map/2")], f"h output {output[:3]}")
    check(number == 2, f"prompt after h iex({number})>")
    repl.close()


@test
def test_ctrl_d_exits(binary, home):
    repl = Repl(binary, home)
    repl.prompt()
    repl.child.sendeof()
    repl.child.expect(pexpect.EOF, timeout=3)
    repl.child.close()
    check(repl.child.exitstatus == 0, f"exit status {repl.child.exitstatus}")


@test
def test_deeply_nested_values_are_released_without_crashing(binary, home):
    # A 300,000-deep tuple is released recursively: in the history, on rebinding and at exit.
    repl = Repl(binary, home)
    repl.prompt()
    number, output = repl.run("x = Enum.reduce(1..300000, {}, fn i, acc -> {acc, i} end); tuple_size(x)")
    check(output == ["2"], f"output {output}")
    number, output = repl.run("Enum.reduce(1..300000, [], fn i, acc -> [acc | i] end) |> is_list()")
    check(output == ["true"], f"output {output}")
    number, output = repl.run("x = 1")
    check(output == ["1"], f"output after rebinding {output}")
    repl.child.sendeof()
    repl.child.expect(pexpect.EOF, timeout=10)
    repl.child.close()
    check(repl.child.exitstatus == 0, f"exit status {repl.child.exitstatus}, signal {repl.child.signalstatus}")
    script = subprocess.run([binary, "-e", "Enum.reduce(1..300000, [], fn i, acc -> [acc | i] end)"],
                            capture_output=True, timeout=20)
    check(script.returncode == 0, f"a script whose last value is deeply nested exits with {script.returncode}")


class TestTimeout(Exception):
    pass


def on_alarm(signum, frame):
    raise TestTimeout(f"took longer than {TEST_SECONDS} s")


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().split("\n")[2], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    only = sys.argv[2] if len(sys.argv) > 2 else ""
    signal.signal(signal.SIGALRM, on_alarm)
    passed = failed = 0
    for name, function in TESTS:
        if only not in name:
            continue
        home = tempfile.mkdtemp(prefix="swiftnx-repl-")
        signal.alarm(TEST_SECONDS)
        try:
            function(binary, home)
            print(f"PASS {name}")
            passed += 1
        except (Failure, TestTimeout, pexpect.ExceptionPexpect) as error:
            reason = str(error).split("\n")[0]
            print(f"FAIL {name}: {type(error).__name__}: {reason}")
            failed += 1
        finally:
            signal.alarm(0)
            shutil.rmtree(home, ignore_errors=True)
    print(f"repl: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
