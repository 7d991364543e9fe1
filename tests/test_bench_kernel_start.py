"""The benchmark starts kernels the way Jupyter Server does: ready once the
kernel answered kernel_info and IOPub carried its status, without
jupyter_client's extra 0.2 s wait for IOPub to stay silent."""
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import nbformat


def test_a_notebook_runs_with_its_outputs_in_order(bench, tmp_path):
    """The extra kernel_info requests of the start must not reach any cell."""
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 40"), nbformat.v4.new_code_cell("print(x + 2)"),
                nbformat.v4.new_code_cell("x * 2")]
    NotebookClient(nb, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                   kernel_manager_class=bench.ready_kernel_manager()).execute()
    assert [c.execution_count for c in nb.cells] == [1, 2, 3]
    assert nb.cells[1].outputs[0]["text"] == "42\n"
    assert nb.cells[2].outputs[0]["data"]["text/plain"] == "80"
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, str(path))
    run = bench.run_notebook(path, tmp_path)
    assert run.error is None and run.seconds > 0 and run.maxrss_kb > 0


def _time_to_ready(manager_class) -> float:
    """Seconds that wait_for_ready takes on a kernel that is already up and idle."""
    async def go():
        km = manager_class()
        await km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            t0 = time.perf_counter()
            await kc.wait_for_ready(timeout=60)
            again = time.perf_counter() - t0
            msg_id = kc.execute("print('after start')")
            while True:
                msg = await kc.get_iopub_msg(timeout=30)
                if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                    assert msg["content"]["text"] == "after start\n"
                    break
            return again
        finally:
            kc.stop_channels()
            await km.shutdown_kernel(now=True)
    # A thread of its own: another test in this worker may have left an event loop running.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, go()).result()


def test_ready_has_no_fixed_wait_and_the_kernel_then_runs_code(bench):
    from jupyter_client.manager import AsyncKernelManager

    ours = _time_to_ready(bench.ready_kernel_manager())
    theirs = _time_to_ready(AsyncKernelManager)
    assert theirs >= 0.2            # jupyter_client waits 0.2 s for IOPub to stay silent
    assert ours < 0.2               # a kernel_info round trip to an idle kernel
