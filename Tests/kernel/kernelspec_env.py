"""A throwaway Jupyter data dir with this binary's kernelspec, as `install-kernel` writes it."""
from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile


@contextlib.contextmanager
def installed_kernelspec(binary: str):
    """Within the block, kernel_name "swiftnx" starts `binary` (JUPYTER_DATA_DIR is set)."""
    previous = os.environ.get("JUPYTER_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="swiftnx-jupyter-") as data_dir:
        os.environ["JUPYTER_DATA_DIR"] = data_dir
        try:
            subprocess.run([binary, "install-kernel", "--user"], check=True, capture_output=True, timeout=10)
            yield data_dir
        finally:
            if previous is None:
                del os.environ["JUPYTER_DATA_DIR"]
            else:
                os.environ["JUPYTER_DATA_DIR"] = previous
