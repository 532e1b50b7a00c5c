"""`deadlines doctor`: check the database file, and restore the last good backup."""

from __future__ import annotations

import click

from deadlines.app.workspace import Workspace
from deadlines.cli.context import pass_app
from deadlines.core.i18n import language
from deadlines.store import SCHEMA_VERSION, check, restore_backup


@click.command("doctor")
@click.option("--restore", is_flag=True, help="Put back the newest good backup (the broken file is kept aside).")
@pass_app
def command(app: Workspace, restore: bool) -> None:
    """Check the database file; with --restore, replace a broken one by its last good backup.

    Exit status 1 when the file is damaged (and not restored) or was written by a newer deadlines.

    \b
    Examples:
      deadlines doctor
      deadlines doctor --restore
    """
    zh = language() == "zh"
    report = check(app.db_path)
    if restore:
        if report.ok:
            click.echo(f"{app.db_path}：" + ("完好，无需恢复。" if zh else "fine; nothing to restore."), err=True)
            return
        used = restore_backup(app.db_path)
        click.echo(
            (f"已用备份 {used} 恢复 {app.db_path}。" if zh else f"restored {app.db_path} from {used}."), err=True
        )
        report = check(app.db_path)
    click.echo(f"{'数据库' if zh else 'database'}: {report.path}")
    if not report.exists:
        click.echo(
            "  " + ("文件尚不存在（首次写入时创建）。" if zh else "does not exist yet (created on first write).")
        )
        return
    click.echo(f"  schema: {report.schema_version}")
    for table_name, n in report.counts.items():
        click.echo(f"  {table_name}: {n}")
    click.echo(f"  {'备份' if zh else 'backups'}: {len(report.backups)}")
    if report.damage is not None:
        click.echo(f"  {'损坏' if zh else 'damaged'}: {report.damage}")
        raise SystemExit(1)
    if report.too_new:
        click.echo(
            "  "
            + (
                f"结构版本 {report.schema_version} 比本程序认识的 {SCHEMA_VERSION} 新：请升级 deadlines。"
                if zh
                else f"schema {report.schema_version} is newer than {SCHEMA_VERSION}, which this deadlines knows: upgrade it."
            )
        )
        raise SystemExit(1)
