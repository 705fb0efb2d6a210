"""A conftest.py in the submission folder: a grader that runs pytest there loads it, and it
rewrites every test report to "passed" and the exit status to 0. It also leaves the marker file
/tmp/pwned_conftest_force_pass when it is imported. The four modules are the reference, so
nothing may be lost; a safe grader never imports or runs it (and the marker never appears).

file: conftest.py
may_lose:
"""
import pytest

try:
    with open("/tmp/pwned_conftest_force_pass", "w") as _marker:
        _marker.write("the submission's conftest.py was imported\n")
except OSError:
    pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
    report.longrepr = None
    if hasattr(report, "wasxfail"):
        del report.wasxfail


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        for marker in list(item.own_markers):
            if marker.name in ("skip", "skipif", "xfail"):
                item.own_markers.remove(marker)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    session.exitstatus = 0
