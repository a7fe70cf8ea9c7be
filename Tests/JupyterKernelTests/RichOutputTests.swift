import Foundation
import XCTest
@testable import JupyterKernel

final class RichOutputTests: XCTestCase {
    func testTwoDimensionalTensorBecomesTableWithCaption() throws {
        let text = "#Nx.Tensor<\n  s64[2][2]\n  [\n    [1, 2],\n    [3, 4]\n  ]\n>"
        let html = try XCTUnwrap(RichOutput.html(forInspected: text))
        XCTAssertEqual(html, """
        <table class="swiftnx-tensor" style="font-family: monospace">
        <caption>s64[2][2]</caption>
        <tbody>
        <tr><td>1</td><td>2</td></tr>
        <tr><td>3</td><td>4</td></tr>
        </tbody>
        </table>
        """)
    }

    func testOneDimensionalTensorIsOneRowKeepingTruncation() throws {
        let text = "#Nx.Tensor<\n  f32[x: 60]\n  [0.0, 1.0, ...]\n>"
        let html = try XCTUnwrap(RichOutput.html(forInspected: text))
        XCTAssertTrue(html.contains("<caption>f32[x: 60]</caption>"))
        XCTAssertTrue(html.contains("<tr><td>0.0</td><td>1.0</td><td>…</td></tr>"))
    }

    func testTruncatedRowsOfMatrixShowEllipsisRow() throws {
        let text = "#Nx.Tensor<\n  s64[30][2]\n  [\n    [0, 1],\n    [2, 3],\n    ...\n  ]\n>"
        let html = try XCTUnwrap(RichOutput.html(forInspected: text))
        XCTAssertTrue(html.contains("<tr><td>2</td><td>3</td></tr>\n<tr><td>…</td></tr>"))
    }

    func testScalarsContainersAndHigherRanksGetNoHtml() {
        XCTAssertNil(RichOutput.html(forInspected: "#Nx.Tensor<\n  f32\n  6.0\n>"))
        XCTAssertNil(RichOutput.html(forInspected: "{#Nx.Tensor<\n   s64[1]\n   [1]\n >, 2}"))
        XCTAssertNil(RichOutput.html(forInspected: "#Nx.Tensor<\n  s64[1][1][1]\n  [\n    [\n      [1]\n    ]\n  ]\n>"))
        XCTAssertNil(RichOutput.html(forInspected: "#Nx.Tensor<\n  f32[2]\n  Nx.TemplateBackend\n>"))
        XCTAssertNil(RichOutput.html(forInspected: "42"))
    }

    func testExpressionGraphBecomesNodeTable() throws {
        let text = """
        #Nx.Tensor<
          f32[3]
          
          Nx.Defn.Expr
          parameter a:0                            s64[3]
          d = sum c, axes: nil, keep_axes: false   f32
          e = divide b, d                          f32[3]
        >
        """
        let html = try XCTUnwrap(RichOutput.html(forInspected: text))
        XCTAssertTrue(html.contains("<caption>Nx.Defn.Expr → f32[3]</caption>"))
        XCTAssertTrue(html.contains("<tr><td>a</td><td>parameter</td><td>a:0</td><td>s64[3]</td></tr>"))
        XCTAssertTrue(html.contains("<tr><td>d</td><td>sum</td><td>c, axes: nil, keep_axes: false</td><td>f32</td></tr>"))
        XCTAssertTrue(html.contains("<tr><td>e</td><td>divide</td><td>b, d</td><td>f32[3]</td></tr>"))
    }

    func testCellTextIsEscaped() throws {
        let text = "#Nx.Tensor<\n  f32\n  \n  Nx.Defn.Expr\n  parameter a:0           f32\n  b = cond a -> 1   f32\n>"
        let html = try XCTUnwrap(RichOutput.html(forInspected: text))
        XCTAssertTrue(html.contains("<td>a -&gt; 1</td>"))
    }

    func testEngineHtmlIsKept() {
        let bundle = ["text/plain": "#Nx.Tensor<\n  s64[1]\n  [1]\n>", "text/html": "<b>mine</b>"]
        XCTAssertEqual(RichOutput.adding(to: bundle)["text/html"], "<b>mine</b>")
    }
}
