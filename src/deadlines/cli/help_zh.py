"""`--help` in Chinese: the words of each command and option, and a help formatter that uses them.

The commands' docstrings and option texts are written in English (click reads them); this
catalogue holds their Chinese, keyed by the command's path and by the option's English text.
In Chinese (the default) `--help` shows the Chinese summary, the command's examples and the
options in Chinese, with click's own words (Usage, Options, Commands…) translated too; with
`--lang en` it is click's English help unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable

import click

from deadlines.core.i18n import language

COMMANDS: dict[str, str] = {
    "deadlines": "中国标准化合规期限：工作日、民法典期间、义务与提醒。不带命令时打开终端界面（数据目录或 --db）。",
    "deadlines calc": "计算一个到期日：起算日 START 加期间 EXPR，按民法典的规则，并给出理由。",
    "deadlines rule": "读一条规则文字，说明如何理解它，并列出从今天起的下几个期次。",
    "deadlines calendar": "中国工作日日历：官方、用户导入和推算的年份。",
    "deadlines calendar day": "某一天是否上班、是什么日子、依据哪一份安排。",
    "deadlines calendar days": "某年中与普通周一至周五不同的每一天。",
    "deadlines calendar import-notice": "读取国务院办公厅的节假日安排通知（年度或补充通知，按网页原样粘贴），"
    "显示变化的日期和受影响的期限，并重建所涉及年份的日历。",
    "deadlines calendar show": "月历：标出节假日、调休上班日和推算的日子。",
    "deadlines calendar status": "各来源覆盖的年份；明年官方数据缺失时给出警告。",
    "deadlines add": "新增一项义务。",
    "deadlines edit": "修改一项义务：只改给出的选项（列表整体替换）。",
    "deadlines rm": "删除义务（可用 deadlines restore 键 恢复）。",
    "deadlines restore": "恢复已删除的义务。",
    "deadlines list": "全部义务及其当前期次，最紧急的在前。",
    "deadlines due": "已逾期和在 N 天内到期（按最早可能日期）的义务，最紧急的在前。",
    "deadlines show": "一项义务：规则、接下来的期次及理由、完成记录。",
    "deadlines done": "把一项义务的当前期次标记为完成；周期性的义务转到下一期。",
    "deadlines activate": "启用可选环节（如确实无法按期完成时的延期申请）；启用前它显示为可选，不提醒、不逾期。",
    "deadlines history": "一项义务的完成记录和每一次修改。",
    "deadlines profile": "从政策文件整理出的义务模板（档案）。",
    "deadlines profile apply": "按档案生成义务（重复应用不会重复生成）。",
    "deadlines profile list": "全部档案：所依据的文件和义务数。",
    "deadlines profile show": "一个档案：文件、参数和每项义务及其出处。",
    "deadlines import": "从文件（CSV、XLSX、JSON 或 NDJSON；- 表示标准输入）批量新增或更新义务。"
    "每一行先检查；有任何无效行或可能重复的行，都不写入，并逐行列出。",
    "deadlines export": "把全部义务导出为 JSON、CSV（即导入的列）或 iCalendar 日历。",
    "deadlines remind": "给每位负责人发一封提醒汇总（已逾期、今日到期、提前提醒、窗口开放），也发到配置的群机器人。"
    "供 cron 每天运行：同一提醒不会重发，漏跑的日子会补发。退出码 0 已送达或无可发；1 有未送达；2 用法或配置错误。",
    "deadlines notify": "接收提醒的群机器人：企业微信（wecom）、钉钉（dingtalk）、飞书（feishu）。",
    "deadlines notify test": "向某个渠道的默认群发一条测试消息，并打印服务的应答（JSON）。",
    "deadlines report": "给管理层的状态报告：按状态和角色、按负责人/标签/档案的统计，逾期清单和逾期天数，"
    "30 天与 90 天内到期的事项，期间内的完成情况、按时完成率与凭证；推算的日期会标出。",
    "deadlines config": "config.toml 中的设置（语言、地区、提醒邮件的 SMTP、升级提醒、群机器人、数据库）。",
    "deadlines config path": "打印 config.toml 的路径（文件可能还不存在）。",
    "deadlines config set": "在 config.toml 中设置 KEY 为 VALUE（先检查；文件原子替换，注释保留）。",
    "deadlines config show": "每项设置的当前值与说明；* 表示在文件中设置过。",
    "deadlines doctor": "检查数据库；加 --restore 时用最近的完好备份替换损坏的文件。"
    "数据库损坏、缺少结构或由更新版本写入时退出码为 1。",
    "deadlines db": "创建、升级、复制和压缩数据库。",
    "deadlines db compact": "压缩发送记录（每条提醒一行），并清除未完成写入的残留。",
    "deadlines db copy": "把全部内容（义务、完成记录、修改记录、发送记录）无损复制到另一个数据库。",
    "deadlines db init": "为新数据库建表（PostgreSQL 地址或文件路径）；已有的数据库会被升级。",
    "deadlines db migrate": "把正在使用的数据库（--db / DEADLINES_DB）升级到本版本的结构。",
    "deadlines locate": "打印本工具使用的路径（全部，或只打印 WHAT）。",
}

OPTIONS: dict[str, str] = {
    "Take this date as today (also DEADLINES_TODAY). Default: today in Beijing time.": "把这一天当作今天（也可用 DEADLINES_TODAY）。默认：北京时间的今天。",
    "Database: a file instead of the one in the data dir, or postgresql://user@host/db (also DEADLINES_DB).": "数据库：代替数据目录中那个文件的另一个文件，或 postgresql://用户@主机/库（也可用 DEADLINES_DB）。",
    "Interface language (default from config, else zh).": "界面语言（默认取配置，否则中文 zh）。",
    "Show the version and exit.": "显示版本并退出。",
    "Show this message and exit.": "显示此帮助并退出。",
    "Read START<TAB>EXPR lines from FILE ('-' for stdin; UTF-8, or GB18030 from Excel).": "从 FILE 逐行读取「起算日<TAB>期间」（- 为标准输入；UTF-8，或 Excel 的 GB18030）。",
    "Print JSON (one object; NDJSON lines with --batch).": "输出 JSON（一个对象；--batch 时每行一个）。",
    "Count the start day as day one (「自……之日起」).": "起算日计入，作为第一天（「自……之日起」）。",
    "Business-hours cut-off on the due day instead of 24:00.": "到期日按办公时间截止，而不是 24:00。",
    "Regional holiday overlay (a file in calendars/regions/, e.g. guangxi). Default: config.": "地区节假日（calendars/regions/ 中的文件，如 guangxi）。默认取配置。",
    "Trigger date for a relative rule (training end, issue date, expiry…).": "相对规则的起算日期（培训结束、发布日期、届满日……）。",
    "How many occurrences to print.": "列出多少个期次。",
    "Print a JSON list of occurrences.": "以 JSON 列表输出期次。",
    "Count the trigger day as day one.": "起算日计入，作为第一天。",
    "The rule's 日 are working days by statute (行政许可法第八十二条); same as ending the rule with （工作日）.": "按法律规定规则中的「日」为工作日（行政许可法第八十二条）；等同于在规则末尾加「（工作日）」。",
    "Print JSON {date, workday, name, source, certainty}.": "输出 JSON {date, workday, name, source, certainty}。",
    "Print a JSON list.": "输出 JSON 列表。",
    "Print the forecast for YEAR as if its notice were not published (from 2008).": "显示假定该年通知尚未发布时的推算结果（2008 年起），用来与实际对照。",
    "The notice's year, when its title does not say.": "通知所属年份（标题中没有写明时）。",
    "Show what would change and write nothing.": "只显示将会变化的内容，不写入。",
    "Write what was read even if some sentences were not (they are listed).": "即使有句子未能读取，也写入已读取的部分（未读部分会列出）。",
    "Print JSON.": "输出 JSON。",
    "A stable key (default: derived from title and rule).": "稳定的键（默认由标题和规则生成）。",
    "Rule text: 每年4月30日前, 培训结束后10个工作日内, 有效期3年, … (see deadlines rule --help).": "规则文字：每年4月30日前、培训结束后10个工作日内、有效期3年……（见 deadlines rule --help）。",
    "Trigger date for a relative rule.": "相对规则的起算日期。",
    "Where the start date comes from instead of --start: a --set parameter, or @KEY for another obligation's due date (its completion date once done).": "起算日期的来源（代替 --start）：一个 --set 参数，或 @键 表示另一项义务（@键.due 为其到期日，@键.done 或 @键 为其完成日）。",
    "Who gets reminders (repeatable).": "接收提醒的人（可重复）。",
    "A tag (repeatable).": "标签（可重复）。",
    "A parameter, e.g. training_end=2026-09-30 (repeatable).": "参数，如 training_end=2026-09-30（可重复）。",
    "Lead time for alerts: 30日, 7日, 5个工作日 (repeatable; default 30日 7日 1日).": "提前提醒：30日、7日、5个工作日（可重复；默认 30日 7日 1日）。",
    "Citation: document, clause or line.": "出处：文件、条款或行号。",
    "Who the obligation concerns.": "涉及的对象。",
    "Free notes.": "备注。",
    "Business-hours cut-off instead of 24:00.": "按办公时间截止，而不是 24:00。",
    "Regional holiday overlay for this obligation.": "这项义务使用的地区节假日。",
    "Whose step: duty (ours, the default), authority (the issuing body's), info (policy information).": "谁的环节：duty 本单位义务（默认）、authority 主管部门环节、info 政策信息。",
    "Only this status, by code or name: overdue/已逾期, due_today/今日到期, … (repeatable).": "只看此状态，写代码或名称均可：overdue/已逾期、due_today/今日到期……（可重复）。",
    "Only obligations with this tag (repeatable).": "只看带此标签的义务（可重复）。",
    "Only obligations of this owner (repeatable).": "只看此负责人的义务（可重复）。",
    "Only obligations from this profile.": "只看来自此档案的义务。",
    "Only this role: duty (the user's own steps), authority, info (repeatable).": "只看此角色：duty 本单位义务、authority 主管部门环节、info 政策信息（可重复）。",
    "Output format.": "输出格式。",
    "Days ahead to include.": "包含今后多少天。",
    "How many occurrences to show.": "显示多少个期次。",
    "Completion date (default today).": "完成日期（默认今天）。",
    "Evidence: a reference number, a file path or a link.": "凭证：文号、文件路径或链接。",
    "Make the optional steps inactive again.": "把可选环节重新停用。",
    "A parameter value (repeatable).": "参数值（可重复）。",
    "Apply again as a separate instance (e.g. a second training).": "作为另一份实例再次应用（如第二期培训）。",
    "Owner for every obligation (repeatable).": "每项义务的负责人（可重复）。",
    "Show what would be added and write nothing.": "只显示将会新增的内容，不写入。",
    "File format (default: from the suffix, else the content).": "文件格式（默认按扩展名，否则按内容判断）。",
    "The text encoding of a CSV/JSON file, e.g. big5 (default: UTF-8, else plausible GB18030).": "CSV/JSON 文件的文字编码，如 big5（默认 UTF-8，否则合理的 GB18030）。",
    "Check every row and count what would change; write nothing.": "检查每一行并统计将会发生的变化；不写入。",
    "Import the valid rows even if some are invalid (still exit 1).": "即使有无效行也导入其余有效的行（退出码仍为 1）。",
    "Skip columns this tool does not know instead of refusing the file.": "跳过本工具不认识的列，而不是拒绝整个文件。",
    "A row that likely repeats a stored obligation (same title and rule, or the same source line) under another key: refuse the file and list them, skip those rows, update the stored one, or add anyway.": "某行可能以另一个键重复已有义务（标题和规则相同，或出处的行相同）时：refuse 拒绝整个文件并列出，skip 跳过这些行，update 更新已有的，add 仍然新增。",
    "An obligation that likely repeats one stored under another key (same title and rule, or the same source line): refuse and list them, skip them, or add anyway.": "某项义务可能以另一个键重复已有义务（标题和规则相同，或出处的行相同）时：refuse 拒绝并列出，skip 跳过，add 仍然新增。",
    "Print a JSON summary on stdout.": "在标准输出打印 JSON 摘要。",
    "Default: from -o's suffix, else json.": "默认按 -o 的扩展名，否则 json。",
    "Write to this regular file (atomically; a link is followed).": "写入这个普通文件（原子写入；链接写到其目标）。",
    "Print the mails that would be sent (stdout); send and record nothing.": "打印将要发送的邮件（标准输出）；不发送也不记录。",
    "Take this date as today (like the global --today), e.g. to send a catch-up or to test.": "把这一天当作今天（同全局 --today），例如补发或测试。",
    "SMTP server (config smtp.host).": "SMTP 服务器（配置 smtp.host）。",
    "SMTP port (config smtp.port).": "SMTP 端口（配置 smtp.port）。",
    "ssl, starttls or none (smtp.security).": "ssl、starttls 或 none（smtp.security）。",
    "Login name (smtp.user); password from DEADLINES_SMTP_PASSWORD.": "登录名（smtp.user）；密码取自 DEADLINES_SMTP_PASSWORD。",
    "Sender address (smtp.from).": "发件人地址（smtp.from）。",
    "Trust this CA/self-signed certificate (PEM), e.g. a local test server's (smtp.cafile).": "信任此 CA 或自签名证书（PEM），如本机测试服务器的（smtp.cafile）。",
    "The group of the route [notify.routes.NAME] instead of the default one.": "使用路由 [notify.routes.NAME] 的群，而不是默认群。",
    "Period start (default: the 1st of this month).": "统计期间的开始（默认本月 1 日）。",
    "Period end (default: today).": "统计期间的结束（默认今天）。",
    "Count by owner, tag or profile.": "按负责人、标签或档案统计。",
    "xlsx, html or md (default: from the file name).": "xlsx、html 或 md（默认按文件名）。",
    "The file to write ('-' for stdout, md/html only).": "要写入的文件（- 为标准输出，仅 md/html）。",
    "Print JSON {key: {value, default, set, help}}.": "输出 JSON {key: {value, default, set, help}}。",
    "Put back the newest good backup (the broken file is kept aside).": "恢复最近的完好备份（损坏的文件另存保留）。",
    "The new, empty database to copy into.": "复制到的新的空数据库。",
}

_WORDS = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Arguments": "参数",
    "Examples:": "示例：",
    "default:": "默认：",
    "required": "必填",
}


class ZhHelpFormatter(click.HelpFormatter):
    """click's help formatter, writing Chinese where the catalogue has it (only while the language is zh)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=_WORDS["Usage:"] if _zh() else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_WORDS.get(heading, heading) if _zh() else heading)

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(term, _option(text)) for term, text in rows], col_max, col_spacing)


def _zh() -> bool:
    return language() == "zh"


def _option(text: str) -> str:
    if not _zh():
        return text
    main, sep, tail = text.partition("  [")
    tail = tail.replace("default:", _WORDS["default:"]).replace("required", _WORDS["required"])
    return OPTIONS.get(main, main) + (f"  [{tail}" if sep else "")


def command_help(path: str, english: str | None) -> str | None:
    """A command's help for `--help`: in Chinese, the catalogue's summary and the docstring's examples."""
    if not _zh() or path not in COMMANDS:
        return english
    examples = inspect.cleandoc(english or "").partition("\b\nExamples:")[2]
    out = COMMANDS[path]
    if examples:
        out += "\n\n\b\n" + _WORDS["Examples:"] + examples
    english_help = " ".join(["deadlines", "--lang", "en", *path.split()[1:], "--help"])
    return out + "\n\n" + f"（英文详细说明：{english_help}）"


class ZhContext(click.Context):
    """A context whose help is formatted by `ZhHelpFormatter`."""

    formatter_class = ZhHelpFormatter


def localize(command: click.Command, path: str) -> None:
    """Give `command` (and its subcommands) the Chinese help: formatter, text and short help; idempotent."""
    if getattr(command, "_localized", False):
        return
    command._localized = True  # type: ignore[attr-defined]
    command.context_class = ZhContext
    english = command.help
    english_short = command.get_short_help_str

    def format_help_text(ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = command_help(path, english)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(inspect.cleandoc(text))

    def get_short_help_str(limit: int = 45) -> str:
        if _zh() and path in COMMANDS:
            return COMMANDS[path].split("。")[0].split("：")[0]
        return english_short(limit)

    command.format_help_text = format_help_text  # type: ignore[method-assign]
    command.get_short_help_str = get_short_help_str  # type: ignore[method-assign]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            localize(sub, f"{path} {name}")
