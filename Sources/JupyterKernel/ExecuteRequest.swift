import Engine
import Foundation

extension KernelServer {
    /// execute_request: runs a cell, publishing execute_input, its streams, then its
    /// execute_result or error; replies ok, error, or aborted (after an earlier failure).
    /// A silent cell publishes only its streams, takes no number and aborts nothing.
    func execute(_ request: Message) -> JSONObject {
        if aborting { return ["status": "aborted"] }
        let content = request.content
        let code = content.string("code") ?? ""
        let silent = content.bool("silent", default: false)
        let storeHistory = !silent && content.bool("store_history", default: true)
        // Blank cells run nothing and take no number, as in IPython.
        let isBlank = code.allSatisfy(\.isWhitespace)
        if storeHistory && !isBlank { executionCount += 1 }
        let count = executionCount
        if !silent {
            iopub.publish("execute_input", ["code": code, "execution_count": count], parent: request)
        }
        if isBlank {
            return ["status": "ok", "execution_count": count, "payload": [Any](), "user_expressions": JSONObject()]
        }

        // IEx's helpers (h, v, clear) work in cells as in the REPL; stored cells join `v`'s history.
        let evaluation = whileRunning(request, allowStdin: content.bool("allow_stdin", default: true)) {
            storeHistory ? session.evaluateInteractively(code, history: results, ansi: true)
                : session.runHelper(code, history: results, ansi: true) ?? session.evaluate(code)
        }
        if storeHistory {
            history.record(line: count, input: code, output: evaluation.result?["text/plain"])
        }
        if let error = evaluation.error {
            var errorContent = Self.content(of: error)
            if !silent {
                iopub.publish("error", errorContent.merging(["execution_count": count]) { a, _ in a }, parent: request)
                if content.bool("stop_on_error", default: true) { abortQueuedCells() }
            }
            errorContent["status"] = "error"
            errorContent["execution_count"] = count
            return errorContent
        }
        if let result = evaluation.result, !silent {
            iopub.publish("execute_result", ["execution_count": count, "data": RichOutput.adding(to: result),
                                              "metadata": JSONObject()],
                          parent: request)
        }
        let expressions = content["user_expressions"] as? [String: String] ?? [:]
        return ["status": "ok", "execution_count": count, "payload": [Any](),
                "user_expressions": evaluate(expressions, for: request)]
    }

    /// After a failed cell, holds back the requests queued behind it (a "Run All"),
    /// so its execute requests are answered "aborted". Gathering happens before the error
    /// is replied to: a client that waits for each reply never has a cell aborted, and a
    /// burst is caught whole however its messages trickle in.
    private func abortQueuedCells() {
        aborting = true
        let gap = 20  // ms allowed between two messages of one burst
        while heldRequests.count < 10_000, (try? shellSocket.waitForMessage(milliseconds: gap)) == true,
              let frames = try? shellSocket.receive() {
            heldRequests.append(frames)
        }
    }

    /// Evaluates each user expression after a successful cell, reporting each as a
    /// MIME bundle or an error.
    private func evaluate(_ expressions: [String: String], for request: Message) -> JSONObject {
        var values = JSONObject()
        for (name, expression) in expressions {
            let evaluation = whileRunning(request, allowStdin: false) { session.evaluate(expression) }
            if let error = evaluation.error {
                values[name] = Self.content(of: error).merging(["status": "error"]) { a, _ in a }
            } else {
                values[name] = ["status": "ok", "data": evaluation.result ?? [:], "metadata": JSONObject()]
            }
        }
        return values
    }

    static func content(of error: Session.ErrorReport) -> JSONObject {
        ["ename": error.name, "evalue": error.message, "traceback": error.traceback]
    }
}
