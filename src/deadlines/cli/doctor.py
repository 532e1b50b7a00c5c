"""`deadlines doctor`: check the database (file or PostgreSQL), and restore a damaged file's last good backup."""

from __future__ import annotations

from pathlib import Path

import click

from deadlines.app.uncomputable import uncomputable
from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app
from deadlines.core.clock import Clock
from deadlines.core.errors import InputError
from deadlines.core.i18n import Text
from deadlines.store import is_url, open_store, restore_backup


@click.command("doctor")
@click.option("--restore", is_flag=True, help="Put back the newest good backup (the broken file is kept aside).")
@pass_app
def command(app: Workspace, restore: bool) -> None:
    """Check the database; with --restore, replace a broken file by its last good backup.

    Exit status 1 when the database is damaged (and not restored), lacks part
    of its schema, or was written by a newer deadlines.

    \b
    Examples:
      deadlines doctor
      deadlines doctor --restore
    """
    store = open_store(app.db_path, clock=Clock(today_override=app.today))
    report = store.check()
    if restore:
        if is_url(app.db_path):
            raise InputError(
                "PostgreSQL 数据库没有文件备份可恢复：请用 pg_dump/pg_restore 或服务器的备份。",
                "A PostgreSQL database has no file backups to restore: use pg_dump/pg_restore or the server's backups.",
            )
        if report.ok:
            click.echo(
                str(Text(f"{app.db_path}：完好，无需恢复。", f"{app.db_path}: fine; nothing to restore.")), err=True
            )
            return
        used = restore_backup(Path(app.db_path))
        click.echo(str(Text(f"已用备份 {used} 恢复 {app.db_path}。", f"restored {app.db_path} from {used}.")), err=True)
        report = store.check()
    click.echo(f"{Text('数据库', 'database')}: {report.path}")
    if not report.exists:
        click.echo("  " + str(Text("尚不存在（首次写入时创建）。", "does not exist yet (created on first write).")))
        return
    click.echo(f"  schema: {report.schema_version}")
    for table_name, n in report.counts.items():
        click.echo(f"  {table_name}: {n}")
    if not is_url(app.db_path):
        click.echo(f"  {Text('备份', 'backups')}: {len(report.backups)}")
    if report.damage is not None:
        click.echo(f"  {Text('损坏', 'damaged')}: {report.damage}")
        raise SystemExit(1)
    if report.too_new:
        click.echo(
            "  "
            + str(
                Text(
                    f"结构版本 {report.schema_version} 比本程序认识的 {report.current_version} 新：请升级 deadlines。",
                    f"schema {report.schema_version} is newer than {report.current_version}, "
                    "which this deadlines knows: upgrade it.",
                )
            )
        )
        raise SystemExit(1)
    problems = uncomputable(app)
    if problems:
        click.echo(
            "  "
            + str(
                Text(
                    f"{len(problems)} 项义务今天算不出日期（提醒和日历导出会跳过它们；用 deadlines edit 改正）：",
                    f"{len(problems)} obligation(s) whose dates cannot be computed today (reminders and calendar "
                    "exports skip them; correct them with deadlines edit):",
                )
            )
        )
        for problem in problems:
            click.echo(f"    {problem.key}: {problem.problem}")
