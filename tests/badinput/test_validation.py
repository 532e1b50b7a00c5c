"""The checks in core/validation that the CLI's add and edit are to call (see the pending cases in cases.py)."""

from __future__ import annotations

from datetime import date

import pytest

from deadlines.app.workspace import Workspace
from deadlines.core.errors import InputError
from deadlines.core.models import Obligation
from deadlines.core.validation import check_computable, check_trigger_target

TODAY = date(2026, 4, 29)


@pytest.fixture(scope="module")
def cal():
    return Workspace.open(today=TODAY).calendar_for(None)


def test_a_lead_time_reaching_before_2004_is_refused(cal) -> None:
    # Issue #12 point 2: due 2004-01-05 (a Monday); 5 working days before it is 2003-12-29, where no calendar is.
    old = Obligation("old", "旧事项", "2004年1月5日前", lead_times=("5个工作日",))
    with pytest.raises(InputError, match="2003"):
        check_computable(old, cal, TODAY)


@pytest.mark.parametrize(
    "ob",
    [
        Obligation("ok", "年报", "每年4月30日前", lead_times=("5个工作日",)),
        Obligation("wait", "登记", "培训结束后10个工作日内"),  # no start yet: it needs input and says so
        Obligation("chain", "登记", "培训结束后10个工作日内", trigger="@train"),  # the agenda follows the chain
        Obligation("from", "登记", "培训结束后10个工作日内", start=date(2026, 9, 30)),
    ],
)
def test_computable_obligations_pass(cal, ob: Obligation) -> None:
    check_computable(ob, cal, TODAY)


def test_a_trigger_must_name_a_stored_obligation() -> None:
    ob = Obligation("reg", "登记", "培训结束后10个工作日内", trigger="@nokey")
    with pytest.raises(InputError, match="@nokey"):
        check_trigger_target(ob, lambda key: key == "train")
    check_trigger_target(
        Obligation("reg", "登记", "培训结束后10个工作日内", trigger="@train"), lambda key: key == "train"
    )
