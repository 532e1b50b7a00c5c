"""The administrator's part of a remind run: plan the day's admin digest, preview it, or claim, send, record.

Under the same contract as the owners' digests (`app.reminders`): the digest
is claimed in the send log (state `sending`) before it is sent, so two runs
never both send it; its outcome is written after; a failure leaves it to be
sent again by the next run. With `remind.admin` unset nothing is sent and the
run says once where such notes would go.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from deadlines import config
from deadlines.app.workspace import Workspace
from deadlines.core.errors import DeadlinesError, DeliveryError, StoreError
from deadlines.core.i18n import Text
from deadlines.remind.admin import (
    AdminLetter,
    admin_message,
    admin_notes,
    admin_rows,
    compose_admin,
    waiting,
)
from deadlines.remind.plan import SENDING, UNCONFIRMED, Plan, Row
from deadlines.remind.smtp import Postman, SmtpSettings

Say = Callable[[Text], None]
SETTING = "remind.admin"

NOWHERE = Text(
    "有只有管理员能处理的事项（日历、无法计算的日期、负责人），但没有设置管理员地址，未发送："
    f"deadlines config set {SETTING} 地址",
    "there are notes only an administrator can act on (calendar, dates that cannot be computed, owners), but no "
    f"administrator address is set, so none was sent: deadlines config set {SETTING} ADDRESS",
)


def letter(
    ws: Workspace, plan: Plan, sends: Mapping[str, Row], missing_year: int | None, smtp: SmtpSettings, say: Say
) -> AdminLetter | None:
    """Today's admin digest, or None (nothing to say, already sent today, or no address: then it says so)."""
    address = ws.settings[SETTING]
    if not address:
        if waiting(plan, missing_year):
            say(NOWHERE)
        return None
    recipient = config.parse_address(address).addr_spec.lower()
    notes = admin_notes(plan, recipient, ws.today, sends, missing_year)
    return compose_admin(notes, ws.lang, domain=smtp.domain) if notes else None


def send(
    ws: Workspace, smtp: SmtpSettings, digest: AdminLetter, sends: Mapping[str, Row], say: Say
) -> tuple[bool, DeliveryError | None, DeadlinesError | None]:
    """Claim, send and record the digest: (sent, the delivery failure, the send-log error that stopped it)."""
    assert smtp.sender is not None
    try:
        claimed = ws.store.claim_sends(admin_rows(digest, sends, state=SENDING, at=ws.clock.stamp(), error=UNCONFIRMED))
    except (DeadlinesError, OSError) as error:
        return False, None, _unwritable(error, sent=False)
    if not claimed:
        who = digest.notes.recipient
        say(
            Text(f"发给管理员 {who} 的提示正由另一次运行发送，本次跳过。", f"another run is sending to {who}; skipped.")
        )
        return False, None, None
    postman = Postman(smtp, smtp.password())
    now = ws.clock.now()
    try:
        postman.open()
        postman.send(admin_message(digest, smtp.sender, now))
    except DeliveryError as error:
        say(
            Text(
                f"发给管理员 {digest.notes.recipient} 失败：{error.text.zh}",
                f"to {digest.notes.recipient}: {error.text.en}",
            )
        )
        outcome = admin_rows(digest, sends, state="failed", at=ws.clock.stamp(), error=error.text.en)
        return False, error, _record(ws, outcome)
    finally:
        postman.close()
    n = digest.notes.count
    say(
        Text(
            f"已发给管理员 {digest.notes.recipient}：1 封管理提示（{n} 项）。",
            f"sent the administrator {digest.notes.recipient} 1 digest ({n} items).",
        )
    )
    return True, None, _record(ws, admin_rows(digest, sends, state="sent", at=now.isoformat(timespec="seconds")))


def _record(ws: Workspace, rows: list[Row]) -> DeadlinesError | None:
    try:
        ws.store.record_sends(rows)
    except (DeadlinesError, OSError) as error:
        return _unwritable(error, sent=True)
    return None


def _unwritable(error: Exception, *, sent: bool) -> StoreError:
    why = error.text if isinstance(error, DeadlinesError) else Text(str(error), str(error))
    if not sent:
        return StoreError(
            f"无法写入发送记录（{why.zh}）；不能记录的提示一律不发，管理员提示未发送。",
            f"cannot write the send log ({why.en}); nothing is sent that cannot be recorded, so the administrator's "
            "digest was not sent.",
        )
    return StoreError(
        f"无法写入发送记录（{why.zh}），管理员提示的发送结果未记下；下次运行可能再发一次。",
        f"cannot write the send log ({why.en}), so the outcome of the administrator's digest is not recorded; "
        "the next run may send it once more.",
    )
