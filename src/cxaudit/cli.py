"""The `cxaudit` command line: analyze, import, demo, detectors, eval."""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import ConfigError, load_config

err = Console(stderr=True)
out = Console(width=None if sys.stdout.isatty() else 160)


def _config(path: str | None, default_tz: str | None):
    try:
        cfg = load_config(path)
    except ConfigError as exc:
        raise click.ClickException(f"config: {exc}") from None
    if default_tz:
        from .reader import parse_tz

        try:
            parse_tz(default_tz)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--default-tz") from None
        cfg = dataclasses.replace(cfg, default_tz=default_tz)
    return cfg


def _parse_pairs(pairs: tuple[str, ...], what: str) -> dict[str, str]:
    outd = {}
    for p in pairs:
        if "=" not in p:
            raise click.BadParameter(f"expected KEY=VALUE, got {p!r}", param_hint=what)
        k, v = p.split("=", 1)
        outd[k.strip()] = v
    return outd


def _import_to(fmt: str, inputs: tuple[str, ...], mapping: dict[str, str], options: dict[str, str], dest: Path) -> int:
    from .importers import get_importer, write_jsonl

    try:
        convert = get_importer(fmt)
    except Exception as exc:  # noqa: BLE001 - report any importer lookup failure plainly
        raise click.ClickException(str(exc)) from None
    kw: dict[str, Any] = dict(options)
    if mapping:
        kw["mapping"] = mapping

    def records():
        for inp in inputs:
            yield from convert(inp, **kw)

    try:
        return write_jsonl(records(), dest)
    except (ValueError, KeyError, OSError) as exc:
        raise click.ClickException(f"import {fmt}: {exc}") from None


def print_summary(summary: dict[str, Any], out_dir: str | None) -> None:
    rec = summary["records"]
    t = Table(title="cxaudit findings", show_lines=False)
    t.add_column("code")
    for sev in ("critical", "high", "medium", "low"):
        t.add_column(sev, justify="right")
    t.add_column("total", justify="right", style="bold")
    by_sev: dict[str, dict[str, int]] = summary.get("findings_by_code_severity", {})
    for code, n in sorted(summary["findings_by_code"].items(), key=lambda kv: -kv[1]):
        row = by_sev.get(code, {})
        t.add_row(code, *[str(row.get(s, "")) for s in ("critical", "high", "medium", "low")], str(n))
    out.print(t)
    ok = "[green]reconciled[/]" if summary["reconciled"] else "[red]NOT reconciled[/]"
    out.print(
        f"records read {rec['read']:,} = accepted {rec['accepted']:,} + rejected {rec['rejected']:,} ({ok}); "
        f"{summary['messages']:,} messages, {summary['conversations']:,} conversations, {summary['customers']:,} customers; "
        f"{summary['findings']:,} findings in {summary['seconds']:.2f} s"
    )
    if summary.get("warnings"):
        out.print(f"[yellow]{summary['warnings']} warning(s)[/] (reply links not trusted): see warnings.jsonl")
    if summary.get("error_count"):
        out.print(f"[red]{summary['error_count']} detector error(s)[/]: see summary.json 'errors'")
        for e in summary["errors"][:5]:
            out.print(f"  {e.get('detector')}: {e.get('error')}")
    if rec["rejected"]:
        out.print(f"[yellow]{rec['rejected']} rejected line(s)[/]: see rejects.jsonl")
    if out_dir:
        out.print(f"outputs written to [bold]{out_dir}[/]")


def _run(inputs: Any, out_dir: str, fmt: str, cfg: Any, strict: bool, only: tuple[str, ...], quiet: bool) -> dict[str, Any]:
    from .api import analyze
    from .reader import StrictError

    show = not quiet and err.is_terminal
    progress = Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(), console=err, transient=True, disable=not show)
    tasks: dict[str, Any] = {}

    def cb(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=max(total, 1))
        progress.update(tasks[stage], completed=done, total=max(total, 1))

    try:
        with progress:
            res = analyze(inputs, cfg, out=out_dir, format=fmt, strict=strict, only=only or None, progress=cb, keep=False)
    except StrictError as exc:
        raise click.ClickException(f"--strict: rejected {exc}") from None
    except ConfigError as exc:
        raise click.ClickException(f"config: {exc}") from None
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    return res.summary


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cxaudit")
def main() -> None:
    """cxaudit: audit customer service across channels, systems and published content."""


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out_dir", default="cxaudit-out", show_default=True, help="Output folder.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="TOML config file.")
@click.option("--default-tz", help="Time zone for naive timestamps (otherwise they are rejected).")
@click.option("--strict", is_flag=True, help="Stop at the first rejected line.")
@click.option("--from", "from_fmt", help="Import INPUTS with this importer first (twcs, csv, ...).")
@click.option("--map", "mapping", multiple=True, help="Importer column mapping FIELD=COLUMN (csv).")
@click.option("--opt", "options", multiple=True, help="Importer option KEY=VALUE.")
@click.option("--only", multiple=True, help="Run only these detector codes.")
@click.option("--html", "html", is_flag=True, help="Also write a self-contained report.html in the output folder.")
@click.option("--quiet", "-q", is_flag=True)
def analyze(inputs, out_dir, fmt, config_path, default_tz, strict, from_fmt, mapping, options, only, html, quiet):
    """Analyze interchange JSONL (files, directories of *.jsonl, or - for stdin)."""
    cfg = _config(config_path, default_tz)
    with tempfile.TemporaryDirectory(prefix="cxaudit-import-") as tmp:
        if from_fmt:
            dest = Path(tmp, "imported.jsonl")
            n = _import_to(from_fmt, inputs, _parse_pairs(mapping, "--map"), _parse_pairs(options, "--opt"), dest)
            if not quiet:
                err.print(f"imported {n:,} records with {from_fmt}")
            src: Any = str(dest)
        else:
            src = list(inputs)
        summary = _run(src, out_dir, fmt, cfg, strict, only, quiet)
    if not quiet:
        print_summary(summary, out_dir)
    if html:
        _html(out_dir, quiet)


def _html(out_dir: str, quiet: bool = False) -> None:
    from .html_report import write_html_report

    try:
        path = write_html_report(Path(out_dir))
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    if not quiet:
        out.print(f"report: [bold]{path}[/]")


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="HTML file (default OUT_DIR/report.html).")
@click.option("--max-per-code", default=50, show_default=True, help="Findings shown per code.")
def report(out_dir, output, max_per_code):
    """Write a self-contained HTML report from an analyze output folder."""
    from .html_report import write_html_report

    try:
        path = write_html_report(Path(out_dir), Path(output) if output else None, max_findings_per_code=max_per_code)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    out.print(f"report: [bold]{path}[/]")


@main.command("import")
@click.argument("fmt")
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Interchange JSONL to write.")
@click.option("--map", "mapping", multiple=True, help="Column mapping FIELD=COLUMN (csv).")
@click.option("--opt", "options", multiple=True, help="Importer option KEY=VALUE.")
def import_(fmt, inputs, output, mapping, options):
    """Convert another format (twcs, csv, ...) to the interchange format."""
    n = _import_to(fmt, inputs, _parse_pairs(mapping, "--map"), _parse_pairs(options, "--opt"), Path(output))
    out.print(f"wrote {n:,} records to {output}")


@main.command()
@click.option("--out", "out_dir", default="cxaudit-demo", show_default=True, help="Output folder.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "parquet"]), default="jsonl", show_default=True)
def demo(out_dir, fmt):
    """Analyze the built-in demo corpus and write the outputs."""
    from .demo import demo_path

    cfg = _config(None, None)
    out.print(f"cxaudit {__version__}: analysing the built-in demo corpus ({demo_path().name})")
    summary = _run(str(demo_path()), out_dir, fmt, cfg, False, (), False)
    print_summary(summary, out_dir)
    from .report import top_findings

    for line in top_findings(Path(out_dir), limit=14):
        out.print(line, markup=False, highlight=False)
    _html(out_dir)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def detectors(as_json):
    """List every detector with its code, scope, needs and settings."""
    from .config import Config
    from .detectors.base import load_detectors

    loaded = load_detectors(Config())
    rows = [
        {"code": d.code, "scope": d.scope, "needs": list(d.needs), "settings": d.settings_doc(), "description": d.description}
        for d in loaded.detectors
    ]
    if as_json:
        import orjson

        click.echo(orjson.dumps({"detectors": rows, "errors": loaded.errors}, option=orjson.OPT_INDENT_2, default=str).decode())
        return
    t = Table(title="cxaudit detectors")
    for c in ("code", "scope", "settings", "description"):
        t.add_column(c, overflow="fold")
    for r in rows:
        t.add_row(r["code"], r["scope"], ", ".join(f"{k}={v}" for k, v in r["settings"].items()), r["description"])
    out.print(t)
    for e in loaded.errors:
        out.print(f"[red]failed to load {e['detector']}[/]: {e['error']}")


@main.command("eval")
@click.option("--data", "data_dir", type=click.Path(file_okay=False), default=None, help="Shared data folder (default: ../shared/data).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--section", multiple=True, help="Only these sections (signals, scenarios, holdout, blind_sets, contradiction_pairs).")
@click.option("--ml", is_flag=True, help="Also score the optional embedding backend (needs the [ml] extra; slow on CPU).")
def eval_(data_dir, as_json, section, ml):
    """Precision, recall and F1 of signals and finding codes on the labelled shared data."""
    from .evaluation import runner
    from .evaluation.runner import default_data_dir, run_all

    runner.ML_BACKEND = ml
    d = Path(data_dir) if data_dir else default_data_dir()
    if not d.exists():
        raise click.ClickException(f"data folder not found: {d} (pass --data)")
    rows = run_all(d, sections=section or None)
    if as_json:
        import orjson

        click.echo(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode())
        return
    t = Table(title=f"cxaudit eval on {d}")
    for c in ("section", "name", "metric", "value", "P", "R", "n", "baseline", "target", "met"):
        t.add_column(c, justify="right" if c in ("value", "P", "R", "n", "baseline") else "left")
    f = lambda v: "" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))  # noqa: E731
    for r in rows:
        base = f"{r['baseline_name']} {f(r['baseline'])}" if r.get("baseline_name") else ""
        met = {True: "[green]yes[/]", False: "[red]no[/]", None: ""}[r.get("met")]
        t.add_row(r["section"], r["name"], r["metric"], f(r["value"]), f(r.get("precision")), f(r.get("recall")), f(r.get("n")), base, r.get("target") or "", met)
    out.print(t)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
