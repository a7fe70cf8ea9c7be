#!/usr/bin/env python3
"""The Jupyter kernel, tested through the real protocol.

    python3 Tests/kernel/test_kernel.py SWIFTNX_BINARY [--only SUBSTR] [--protocol-only] [--skip NEEDS]...

Starts `SWIFTNX_BINARY kernel -f` on generated loopback connection files and talks to
it with jupyter_client (plus jupyter_kernel_test's KernelTests and an nbclient run of
nx_tour.ipynb). Prints one line per test, then `kernel: N passed, M failed`; exits 1 on
any failure. Tests marked [language] check evaluated values (they need Session.evaluate),
[nx] ones need the Nx bindings too, and [defn] ones Nx.Defn: --skip NEEDS leaves out the
tests marked NEEDS, and --protocol-only all three kinds.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid

import zmq
from jupyter_client.session import Session

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_harness import KernelProcess, of_type, result_text, stream_text  # noqa: E402

TESTS = []


def case(needs: str | None = None, timeout: int = 30):
    """Registers a test; `needs` is "language", "nx" or "defn" when it checks evaluated values."""
    def register(fn):
        TESTS.append((fn.__name__, fn, needs, timeout))
        return fn
    return register


class TestTimeout(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def expect_equal(actual, expected, what: str) -> None:
    if actual != expected:
        raise AssertionError(f"{what}: expected {expected!r}, got {actual!r}")


# -- protocol ------------------------------------------------------------------------

@case()
def test_kernel_info_describes_elixir(k: KernelProcess):
    content = k.shell("kernel_info_request")["content"]
    expect_equal(content["status"], "ok", "status")
    expect_equal(content["protocol_version"], "5.3", "protocol_version")
    expect_equal(content["implementation"], "swiftnx", "implementation")
    expect(content["implementation_version"], "implementation_version is empty")
    expect_equal(content["language_info"], {
        "name": "elixir", "version": "1.14", "mimetype": "text/x-elixir", "file_extension": ".exs",
        "pygments_lexer": "elixir", "codemirror_mode": "elixir"}, "language_info")
    expect(any("hexdocs.pm/nx" in link["url"] for link in content["help_links"]), "no Nx help link")
    expect(content["banner"], "banner is empty")


@case()
def test_kernel_info_on_control_channel(k: KernelProcess):
    reply = k.control("kernel_info_request")
    expect_equal(reply["msg_type"], "kernel_info_reply", "reply type")
    expect_equal(reply["content"]["implementation"], "swiftnx", "implementation")


@case()
def test_status_busy_then_idle_around_each_request(k: KernelProcess):
    msg_id = k.client.kernel_info()
    k.shell_reply(msg_id)
    states = [m["content"]["execution_state"] for m in k.iopub_until_idle(msg_id) if m["msg_type"] == "status"]
    expect_equal(states, ["busy", "idle"], "status sequence")


@case()
def test_heartbeat_echoes(k: KernelProcess):
    context = zmq.Context.instance()
    socket = context.socket(zmq.REQ)
    socket.linger = 0
    socket.connect(f"tcp://127.0.0.1:{k.info['hb_port']}")
    try:
        socket.send(b"ping-123")
        expect(socket.poll(3000), "no heartbeat echo within 3 s")
        expect_equal(socket.recv(), b"ping-123", "echo")
    finally:
        socket.close()


@case()
def test_execute_input_and_counter(k: KernelProcess):
    counts = []
    for code in ["a = 1", "a + 1"]:
        reply, outputs = k.execute(code, stop_on_error=False)
        inputs = of_type(outputs, "execute_input")
        expect_equal(len(inputs), 1, "execute_input messages")
        expect_equal(inputs[0]["content"]["code"], code, "execute_input code")
        expect_equal(inputs[0]["content"]["execution_count"], reply["content"]["execution_count"], "input count")
        counts.append(reply["content"]["execution_count"])
    expect_equal(counts, [1, 2], "execution counts")
    reply, outputs = k.execute("a", silent=True, stop_on_error=False)
    expect_equal(of_type(outputs, "execute_input"), [], "execute_input of a silent cell")
    expect_equal(of_type(outputs, "execute_result"), [], "execute_result of a silent cell")
    reply, _ = k.execute("a", store_history=False, stop_on_error=False)
    expect_equal(reply["content"]["execution_count"], 2, "count after store_history=False")
    reply, _ = k.execute("a", stop_on_error=False)
    expect_equal(reply["content"]["execution_count"], 3, "count of the next stored cell")


@case()
def test_deeply_nested_result_is_released_without_crashing(k: KernelProcess):
    # Not stored in the history, the 300,000-deep result is released on the shell thread at once.
    reply, _ = k.execute("Enum.reduce(1..300000, {}, fn i, acc -> {acc, i} end) |> elem(1)",
                         store_history=False, timeout=30)
    expect_equal(reply["content"]["status"], "ok", "status of the deep cell")
    reply, outputs = k.execute("Enum.reduce(1..300000, [], fn i, acc -> [acc | i] end)", store_history=False, timeout=30)
    expect_equal(reply["content"]["status"], "ok", "status of the deep list cell")
    reply, outputs = k.execute("1 + 1")
    expect_equal(of_type(outputs, "execute_result")[0]["content"]["data"]["text/plain"], "2", "the next cell's result")


@case()
def test_blank_cell_is_ok_and_takes_no_number(k: KernelProcess):
    reply, outputs = k.execute("  \n")
    expect_equal(reply["content"]["status"], "ok", "status")
    expect_equal(reply["content"]["execution_count"], 0, "execution_count")
    expect_equal(of_type(outputs, "error") + of_type(outputs, "execute_result"), [], "outputs")


@case()
def test_error_reply_and_error_message_agree(k: KernelProcess):
    reply, outputs = k.execute('raise ArgumentError, "bad argument"')
    content = reply["content"]
    expect_equal(content["status"], "error", "status")
    errors = of_type(outputs, "error")
    expect_equal(len(errors), 1, "error messages")
    for field in ("ename", "evalue", "traceback"):
        expect_equal(errors[0]["content"][field], content[field], field)
    expect(isinstance(content["traceback"], list) and content["traceback"], "traceback is not a list of lines")
    # jupyter_kernel_test expects the error to be the only output.
    expect_equal([m["msg_type"] for m in outputs if m["msg_type"] not in ("status", "execute_input")],
                 ["error"], "outputs")


@case()
def test_stop_on_error_aborts_queued_cells(k: KernelProcess):
    ids = [k.client.execute('raise "boom"'), k.client.execute("1 + 1"), k.client.execute("2 + 2")]
    statuses = [k.shell_reply(msg_id)["content"]["status"] for msg_id in ids]
    expect_equal(statuses, ["error", "aborted", "aborted"], "statuses")
    for msg_id in ids:
        k.iopub_until_idle(msg_id)
    reply, _ = k.execute("3 + 3", stop_on_error=False)
    expect(reply["content"]["status"] != "aborted", "a cell sent after the queue drained was aborted")


@case()
def test_stop_on_error_false_runs_queued_cells(k: KernelProcess):
    ids = [k.client.execute('raise "boom"', stop_on_error=False), k.client.execute("1 + 1")]
    statuses = [k.shell_reply(msg_id)["content"]["status"] for msg_id in ids]
    expect_equal(statuses[0], "error", "first status")
    expect(statuses[1] != "aborted", "the second cell was aborted")


@case()
def test_silent_failure_aborts_nothing(k: KernelProcess):
    ids = [k.client.execute('raise "boom"', silent=True), k.client.execute("1 + 1")]
    statuses = [k.shell_reply(msg_id)["content"]["status"] for msg_id in ids]
    expect_equal(statuses[0], "error", "status of the silent cell")
    expect(statuses[1] != "aborted", "a silent failure aborted the next cell")
    outputs = k.iopub_until_idle(ids[0])
    expect_equal(of_type(outputs, "error") + of_type(outputs, "execute_input"), [], "IOPub of the silent cell")


def raw_shell_socket(k: KernelProcess) -> zmq.Socket:
    socket = zmq.Context.instance().socket(zmq.DEALER)
    socket.linger = 0
    socket.identity = uuid.uuid4().hex.encode()
    socket.connect(f"tcp://127.0.0.1:{k.info['shell_port']}")
    return socket


def history_inputs(k: KernelProcess) -> list[str]:
    reply = k.shell("history_request", {"output": False, "raw": True, "hist_access_type": "tail", "n": 1000})
    return [row[2] for row in reply["content"]["history"]]


def bad_signature_is_dropped(k: KernelProcess, forger: Session):
    socket = raw_shell_socket(k)
    try:
        code = 'IO.puts("forged")'
        sent = forger.send(socket, "execute_request", {"code": code, "silent": False, "store_history": True,
                                                       "user_expressions": {}, "allow_stdin": False,
                                                       "stop_on_error": True})
        expect(not socket.poll(1500), "the kernel answered a message with a bad signature")
        stray = [m for m in k.drain_iopub() if m["parent_header"].get("msg_id") == sent["header"]["msg_id"]]
        expect_equal(stray, [], "IOPub messages for the forged request")
        expect(code not in history_inputs(k), "the forged cell was executed")
        expect("invalid signature" in k.stderr, "the drop was not logged on stderr")
        # The same socket, correctly signed, is answered.
        genuine = Session(key=k.key, signature_scheme="hmac-sha256")
        genuine.send(socket, "kernel_info_request", {})
        expect(socket.poll(5000), "no reply to a correctly signed request")
        _, reply = genuine.feed_identities(socket.recv_multipart(), copy=True)
        expect_equal(genuine.deserialize(reply)["msg_type"], "kernel_info_reply", "reply type")
    finally:
        socket.close()


@case()
def test_message_signed_with_wrong_key_is_dropped(k: KernelProcess):
    bad_signature_is_dropped(k, Session(key=b"not-the-key", signature_scheme="hmac-sha256"))


@case()
def test_unsigned_message_is_dropped(k: KernelProcess):
    bad_signature_is_dropped(k, Session(key=b""))


@case()
def test_malformed_messages_are_dropped_without_harm(k: KernelProcess):
    socket = raw_shell_socket(k)
    genuine = Session(key=k.key, signature_scheme="hmac-sha256")
    try:
        socket.send_multipart([b"no delimiter at all"])
        socket.send_multipart([b"<IDS|MSG>", b"sig"])
        parts = [b"[]", b"{}", b"{}", b"{}"]
        socket.send_multipart([b"<IDS|MSG>", genuine.sign(parts)] + parts)
        genuine.send(socket, "execute_request", {"code": 5, "silent": "yes", "cursor_pos": "x"})
        genuine.send(socket, "complete_request", {"code": "abc", "cursor_pos": 99})
        replies = []
        while len(replies) < 2 and socket.poll(3000):
            _, frames = genuine.feed_identities(socket.recv_multipart(), copy=True)
            replies.append(genuine.deserialize(frames))
        expect_equal([r["msg_type"] for r in replies], ["execute_reply", "complete_reply"], "replies")
        expect(0 <= replies[1]["content"]["cursor_end"] <= 3, "cursor_pos past the end was not clamped")
        expect(k.process.poll() is None, "the kernel died")
    finally:
        socket.close()


@case()
def test_history_tail_range_and_search(k: KernelProcess):
    codes = ["x = 1", "x + 1", "y = x * 10"]
    for code in codes:
        k.execute(code, stop_on_error=False)
    tail = k.shell("history_request", {"output": False, "raw": True, "hist_access_type": "tail", "n": 2})
    expect_equal([row[2] for row in tail["content"]["history"]], codes[1:], "tail inputs")
    session, start = tail["content"]["history"][0][:2]
    ranged = k.shell("history_request", {"output": False, "raw": True, "hist_access_type": "range",
                                         "session": session, "start": start, "stop": start + 1})
    expect_equal(ranged["content"]["history"], [[session, start, codes[1]]], "range")
    found = k.shell("history_request", {"output": False, "raw": True, "hist_access_type": "search",
                                        "pattern": "x*", "n": 10})
    expect_equal([row[2] for row in found["content"]["history"]], codes[:2], "search x*")
    with_output = k.shell("history_request", {"output": True, "raw": True, "hist_access_type": "tail", "n": 1})
    expect_equal(len(with_output["content"]["history"][0][2]), 2, "an (input, output) pair")


@case()
def test_complete_reply_counts_code_points(k: KernelProcess):
    code = "é = 1; Enum.ma"
    reply = k.shell("complete_request", {"code": code, "cursor_pos": len(code)})["content"]
    expect_equal(reply["status"], "ok", "status")
    expect(isinstance(reply["matches"], list), "matches is not a list")
    expect(0 <= reply["cursor_start"] <= reply["cursor_end"] <= len(code), f"cursor span {reply}")
    expect_equal(reply["cursor_end"], len(code), "cursor_end (in code points)")


@case()
def test_inspect_reply_shape(k: KernelProcess):
    reply = k.shell("inspect_request", {"code": "Enum.map", "cursor_pos": 6, "detail_level": 0})["content"]
    expect_equal(reply["status"], "ok", "status")
    expect(isinstance(reply["found"], bool) and isinstance(reply["data"], dict), f"reply {reply}")


@case()
def test_is_complete_reply_shape(k: KernelProcess):
    reply = k.shell("is_complete_request", {"code": "1 + 1"})["content"]
    expect_equal(reply["status"], "complete", "status of 1 + 1")


@case()
def test_comm_open_to_unknown_target_is_closed(k: KernelProcess):
    msg = k.client.session.msg("comm_open", {"comm_id": "c-1", "target_name": "jupyter.widget", "data": {}})
    k.client.shell_channel.send(msg)
    closes = of_type(k.iopub_until_idle(msg["header"]["msg_id"]), "comm_close")
    expect_equal([m["content"]["comm_id"] for m in closes], ["c-1"], "comm_close ids")
    comms = k.shell("comm_info_request", {})["content"]
    expect_equal((comms["status"], comms["comms"]), ("ok", {}), "comm_info")


@case()
def test_debug_request_is_unsupported(k: KernelProcess):
    reply = k.control("debug_request", {"type": "request", "seq": 1, "command": "initialize", "arguments": {}})
    expect_equal(reply["msg_type"], "debug_reply", "reply type")
    expect_equal(reply["content"]["status"], "error", "status")
    expect_equal(reply["content"]["success"], False, "success")


@case()
def test_interrupt_request_when_idle(k: KernelProcess):
    reply = k.control("interrupt_request")
    expect_equal((reply["msg_type"], reply["content"]["status"]), ("interrupt_reply", "ok"), "reply")
    expect_equal(k.shell("kernel_info_request")["content"]["status"], "ok", "kernel_info after")


@case()
def test_sigint_when_idle_keeps_kernel_alive(k: KernelProcess):
    k.process.send_signal(signal.SIGINT)
    time.sleep(0.3)
    expect(k.process.poll() is None, "SIGINT killed the kernel")
    expect_equal(k.shell("kernel_info_request")["content"]["status"], "ok", "kernel_info after SIGINT")


@case()
def test_shutdown_replies_and_exits(k: KernelProcess):
    reply = k.control("shutdown_request", {"restart": True})
    expect_equal(reply["content"], {"status": "ok", "restart": True}, "shutdown_reply")
    try:
        code = k.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        raise AssertionError("the kernel did not exit within 5 s of shutdown_request")
    expect_equal(code, 0, "exit status")


@case()
def test_hundred_cells_in_quick_succession(k: KernelProcess):
    ids = [k.client.execute(f"{i} + 1", stop_on_error=False) for i in range(100)]
    replies = [k.shell_reply(msg_id, timeout=20) for msg_id in ids]
    expect_equal([r["content"]["execution_count"] for r in replies], list(range(1, 101)), "execution counts")
    k.iopub_until_idle(ids[-1], timeout=20)


@case()
def test_missing_connection_file_fails_cleanly(binary: str):
    run = subprocess.run([binary, "kernel", "-f", "/nonexistent/kernel-x.json"], capture_output=True,
                         text=True, timeout=10)
    expect_equal(run.returncode, 1, "exit status")
    expect('** (File.Error) could not read file "/nonexistent/kernel-x.json"' in run.stderr, run.stderr)


@case()
def test_install_kernel_is_listed_by_jupyter(binary: str):
    with tempfile.TemporaryDirectory() as data_dir:
        env = dict(os.environ, JUPYTER_DATA_DIR=data_dir)
        run = subprocess.run([binary, "install-kernel", "--user"], env=env, capture_output=True, text=True,
                             timeout=10)
        expect_equal(run.returncode, 0, f"install-kernel exit status ({run.stderr})")
        listed = subprocess.run([sys.executable, "-m", "jupyter", "kernelspec", "list", "--json"], env=env,
                                capture_output=True, text=True, timeout=30)
        specs = json.loads(listed.stdout)["kernelspecs"]
        expect("swiftnx" in specs, f"swiftnx not in {sorted(specs)}")
        spec = specs["swiftnx"]["spec"]
        expect(os.path.isabs(spec["argv"][0]) and os.path.samefile(spec["argv"][0], binary),
               f"argv[0] {spec['argv'][0]} is not this binary")
        expect_equal(spec["argv"][1:], ["kernel", "-f", "{connection_file}"], "argv")
        expect_equal((spec["language"], spec["interrupt_mode"]), ("elixir", "signal"), "language, interrupt_mode")


@case()
def test_kernel_manager_starts_installed_kernel(binary: str):
    from jupyter_client.manager import start_new_kernel
    with tempfile.TemporaryDirectory() as data_dir:
        os.environ["JUPYTER_DATA_DIR"] = data_dir
        try:
            subprocess.run([binary, "install-kernel", "--user"], check=True, capture_output=True, timeout=10)
            manager, client = start_new_kernel(kernel_name="swiftnx", startup_timeout=20)
            try:
                reply = client.kernel_info(reply=True, timeout=10)
                expect_equal(reply["content"]["implementation"], "swiftnx", "implementation")
                manager.interrupt_kernel()  # interrupt_mode "signal": SIGINT to the kernel
                expect(manager.is_alive(), "the kernel died on interrupt")
            finally:
                client.stop_channels()
                manager.shutdown_kernel(now=False)
            expect(not manager.is_alive(), "the kernel is still alive after shutdown")
        finally:
            del os.environ["JUPYTER_DATA_DIR"]


# -- evaluation (needs the Elixir engine) --------------------------------------------

@case(needs="language")
def test_execute_result_is_inspect_text(k: KernelProcess):
    reply, outputs = k.execute("1 + 1")
    expect_equal(reply["content"]["status"], "ok", "status")
    expect_equal(result_text(outputs), "2", "text/plain")
    expect_equal(of_type(outputs, "execute_result")[0]["content"]["execution_count"], 1, "execution_count")


@case(needs="language")
def test_stdout_and_stderr_streams(k: KernelProcess):
    _, outputs = k.execute('IO.puts("hello, world")\nIO.puts(:stderr, "careful")')
    expect_equal(stream_text(outputs, "stdout"), "hello, world\n", "stdout")
    expect_equal(stream_text(outputs, "stderr"), "careful\n", "stderr")
    expect_equal(result_text(outputs), ":ok", "result")


@case(needs="language")
def test_error_names_the_exception(k: KernelProcess):
    reply, _ = k.execute('raise ArgumentError, "bad argument"')
    expect_equal((reply["content"]["ename"], reply["content"]["evalue"]), ("ArgumentError", "bad argument"),
                 "ename, evalue")
    expect_equal(reply["content"]["traceback"][0], "** (ArgumentError) bad argument", "traceback[0]")


@case(needs="language")
def test_state_persists_across_cells(k: KernelProcess):
    k.execute("x = 21")
    _, outputs = k.execute("x * 2")
    expect_equal(result_text(outputs), "42", "x * 2")
    k.execute("defmodule Greeter do\n  def hi(name), do: \"hi \" <> name\nend")
    _, outputs = k.execute('Greeter.hi("Ada")')
    expect_equal(result_text(outputs), '"hi Ada"', "module call")


@case(needs="language")
def test_error_leaves_session_usable(k: KernelProcess):
    k.execute("x = 5")
    reply, _ = k.execute("x / 0")
    expect_equal(reply["content"]["ename"], "ArithmeticError", "ename")
    _, outputs = k.execute("x + 1")
    expect_equal(result_text(outputs), "6", "x + 1 after the error")


def interrupt_long_cell(k: KernelProcess, interrupt) -> None:
    msg_id = k.client.execute("Enum.each(1..100_000_000_000, fn _ -> :ok end)")
    time.sleep(0.5)
    started = time.monotonic()
    interrupt()
    reply = k.shell_reply(msg_id, timeout=10)
    expect(time.monotonic() - started < 2, "the cell was not interrupted within 2 s")
    expect_equal(reply["content"]["status"], "error", "status of the interrupted cell")
    k.iopub_until_idle(msg_id)
    _, outputs = k.execute("1 + 1")
    expect_equal(result_text(outputs), "2", "the next cell")


@case(needs="language")
def test_interrupt_request_stops_long_cell(k: KernelProcess):
    interrupt_long_cell(k, lambda: k.control("interrupt_request", timeout=2))


@case(needs="language")
def test_sigint_stops_long_cell(k: KernelProcess):
    interrupt_long_cell(k, lambda: k.process.send_signal(signal.SIGINT))


@case(needs="language")
def test_io_gets_asks_on_stdin(k: KernelProcess):
    msg_id = k.client.execute('name = IO.gets("name? ")', allow_stdin=True)
    request = k.client.get_stdin_msg(timeout=10)
    expect_equal(request["msg_type"], "input_request", "stdin message")
    expect_equal(request["content"]["prompt"], "name? ", "prompt")
    expect_equal(request["parent_header"]["msg_id"], msg_id, "parent")
    k.client.input("Ada")
    k.shell_reply(msg_id)
    expect_equal(result_text(k.iopub_until_idle(msg_id)), '"Ada\\n"', "IO.gets result")


@case(needs="language")
def test_interrupt_ends_a_wait_for_input(k: KernelProcess):
    msg_id = k.client.execute('IO.gets("never answered? ")', allow_stdin=True)
    expect_equal(k.client.get_stdin_msg(timeout=10)["msg_type"], "input_request", "stdin message")
    started = time.monotonic()
    k.control("interrupt_request", timeout=2)
    k.shell_reply(msg_id, timeout=10)
    expect(time.monotonic() - started < 2, "the wait for input was not interrupted within 2 s")
    k.iopub_until_idle(msg_id)
    _, outputs = k.execute("1 + 1")
    expect_equal(result_text(outputs), "2", "the next cell")


@case(needs="language")
def test_megabyte_of_output_in_one_cell(k: KernelProcess):
    _, outputs = k.execute('IO.write(String.duplicate("x", 1_000_000))', timeout=30)
    text = stream_text(outputs)
    expect_equal(len(text), 1_000_000, "characters received")
    expect(len(of_type(outputs, "stream")) < 200, "output was not batched")


@case(needs="language")
def test_output_streams_while_cell_runs(k: KernelProcess):
    msg_id = k.client.execute('IO.puts("before")\nProcess.sleep(1500)\nIO.puts("after")')
    started = time.monotonic()
    while True:
        msg = k.client.get_iopub_msg(timeout=5)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
            break
    expect_equal(msg["content"]["text"], "before\n", "first stream")
    expect(time.monotonic() - started < 1.0, "output printed before the sleep arrived only at the end")
    k.shell_reply(msg_id)


@case(needs="language")
def test_hundred_cells_give_their_results(k: KernelProcess):
    ids = [k.client.execute(f"{i} + 1") for i in range(100)]
    for msg_id in ids:
        k.shell_reply(msg_id, timeout=20)
    results = [result_text(k.iopub_until_idle(msg_id, timeout=20)) for msg_id in ids]
    expect_equal(results, [str(i + 1) for i in range(100)], "results")


@case(needs="language")
def test_user_expressions_are_evaluated(k: KernelProcess):
    reply, _ = k.execute("y = 5", user_expressions={"double": "y * 2", "broken": "y.z"})
    expressions = reply["content"]["user_expressions"]
    expect_equal(expressions["double"]["status"], "ok", "double status")
    expect_equal(expressions["double"]["data"]["text/plain"], "10", "double value")
    expect_equal(expressions["broken"]["status"], "error", "broken status")


@case(needs="language")
def test_complete_finds_module_function(k: KernelProcess):
    code = "Enum.ma"
    reply = k.shell("complete_request", {"code": code, "cursor_pos": len(code)})["content"]
    applied = [code[:reply["cursor_start"]] + m + code[reply["cursor_end"]:] for m in reply["matches"]]
    expect("Enum.map" in applied, f"completing {code!r} gave {applied}")


@case(needs="language")
def test_complete_finds_bound_variable(k: KernelProcess):
    k.execute("learning_rate = 0.01")
    code = "x = learning_r"
    reply = k.shell("complete_request", {"code": code, "cursor_pos": len(code)})["content"]
    applied = [code[:reply["cursor_start"]] + m + code[reply["cursor_end"]:] for m in reply["matches"]]
    expect_equal(applied, ["x = learning_rate"], "completions")


@case(needs="language")
def test_inspect_finds_docs(k: KernelProcess):
    reply = k.shell("inspect_request", {"code": "Enum.map", "cursor_pos": 6, "detail_level": 0})["content"]
    expect(reply["found"], "no docs for Enum.map")
    expect("Enum.map" in reply["data"]["text/plain"], "the docs do not name Enum.map")


@case(needs="language")
def test_is_complete_sees_open_blocks(k: KernelProcess):
    for code, status in [("fn x ->", "incomplete"), ("defmodule A do", "incomplete"), ("1 + 1", "complete"),
                         (")", "invalid")]:
        reply = k.shell("is_complete_request", {"code": code})["content"]
        expect_equal(reply["status"], status, f"is_complete of {code!r}")


@case(needs="language")
def test_iex_helpers_work_in_cells(k: KernelProcess):
    k.execute("1 + 1")
    _, outputs = k.execute("v(1)")
    expect_equal(result_text(outputs), "2", "v(1)")
    _, outputs = k.execute("h Enum.map")
    expect("Enum.map" in stream_text(outputs), "h Enum.map printed no docs")
    expect_equal(result_text(outputs), None, "result of h")
    _, outputs = k.execute("clear")
    expect_equal(len(of_type(outputs, "clear_output")), 1, "clear_output messages of clear")
    _, outputs = k.execute('IO.puts("old")\nIO.write("\\e[H\\e[2J")')
    expect_equal([m["msg_type"] for m in outputs if m["msg_type"] in ("stream", "clear_output")],
                 ["stream", "clear_output"], "a clear-screen sequence after output")


@case(needs="nx")
def test_tensor_result_has_text_and_html(k: KernelProcess):
    _, outputs = k.execute("Nx.tensor([1, 2, 3])")
    data = of_type(outputs, "execute_result")[0]["content"]["data"]
    expect_equal(data["text/plain"], "#Nx.Tensor<\n  s64[3]\n  [1, 2, 3]\n>", "text/plain")
    expect("<table" in data.get("text/html", ""), "no HTML table for a 1-D tensor")


# -- runner ---------------------------------------------------------------------------

def run_one(binary: str, fn, timeout: int) -> None:
    def on_alarm(signum, frame):
        raise TestTimeout(f"timed out after {timeout} s")
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(timeout)
    kernel = None
    try:
        if fn.__code__.co_varnames[0] == "binary":
            fn(binary)
        else:
            kernel = KernelProcess(binary)
            fn(kernel)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        if kernel is not None:
            kernel.close()


def main(argv: list[str]) -> int:
    import argparse
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("binary")
    parser.add_argument("--only", default="", help="run only tests whose name contains this")
    parser.add_argument("--protocol-only", action="store_true", help="skip tests that need evaluation")
    parser.add_argument("--skip", action="append", default=[], choices=["language", "nx", "defn"],
                        help="skip the tests that need this (repeatable)")
    args = parser.parse_args(argv)
    binary = os.path.abspath(args.binary)

    import jupyter_suite
    import notebook_run
    tests = TESTS + jupyter_suite.tests() + notebook_run.tests()

    passed = failed = skipped = 0
    skipping = {"language", "nx", "defn"} if args.protocol_only else set(args.skip)
    for name, fn, needs, timeout in tests:
        if args.only not in name:
            continue
        tag = f" [{needs}]" if needs else ""
        if needs in skipping:
            skipped += 1
            continue
        started = time.monotonic()
        try:
            run_one(binary, fn, timeout)
        except Exception as error:  # noqa: BLE001 - every failure is reported the same way
            failed += 1
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            print(f"FAIL {name}{tag}: {reason}", flush=True)
            if os.environ.get("KERNEL_TEST_VERBOSE"):
                traceback.print_exc()
        else:
            passed += 1
            print(f"ok   {name}{tag} ({time.monotonic() - started:.1f}s)", flush=True)
    if skipped:
        print(f"skipped {skipped} tests that need {' or '.join(sorted(skipping))}")
    print(f"kernel: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
