"""A second running instance does not offer the first one's live work; once that process is gone, it does."""

import os
import subprocess
import sys
import time

from budgetdesk.ui.userdata import pending_recoveries, recovery_dir

HOLDER = """
import os, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from budgetdesk.core.document import Document, UnitMeta
from budgetdesk.resources import load_template
from budgetdesk.ui.userdata import Recovery
r = Recovery("first-instance-document")
r.save(Document(load_template("cq-budget"), UnitMeta(unit_name="甲单位", year=2024)), None)
print("held", flush=True)
time.sleep(60)
"""


def test_live_work_of_another_process_is_not_offered_until_it_dies(user_dir):
    env = dict(os.environ, BUDGETDESK_USER_DIR=str(user_dir), PYTHONPATH=os.getcwd())
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert len(list(recovery_dir().glob("*.bdesk"))) == 1
        assert pending_recoveries() == []  # the other instance is running: its work is live, not left over
    finally:
        holder.kill()  # killed (SIGKILL; TerminateProcess on Windows): no clean exit, the lock file stays behind
        holder.wait()
        holder.stdout.close()
    assert list(recovery_dir().glob("*.lock"))
    deadline = time.time() + 5
    while not pending_recoveries() and time.time() < deadline:
        time.sleep(0.1)
    (path, info), = pending_recoveries()  # a dead process's lock is stale: the work is offered
    assert info["unit_name"] == "甲单位"
