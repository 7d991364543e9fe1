"""Test-session set-up shared by unit tests, nbval and the browser tests."""
import os
import tempfile

# Never let a test run touch the learner's own progress file. Kernels started
# by nbval inherit this environment.
os.environ["BACKSAFE_DATA_DIR"] = tempfile.mkdtemp(prefix="backsafe-test-")
os.environ.setdefault("MPLBACKEND", "Agg")
