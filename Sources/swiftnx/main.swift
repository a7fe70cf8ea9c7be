import ArgumentParser
import Engine
import JupyterKernel
import REPL

print("swiftnx: not built yet")
