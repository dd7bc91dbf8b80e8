"""Command line: the only module that prints.

Exit codes: 0 success, 2 content errors (each printed as ``path:line: message``),
1 when MkDocs itself fails.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .build import Result, build_project, check_project
from .errors import BuildError, ContentError, Problem
from .i18n import available, catalog

EXIT_CONTENT = 2
EXIT_BUILD = 1


def print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def print_audit(result: Result) -> None:
    s = result.summary
    if not s:
        return
    t = catalog(result.language)
    incomplete = s["incomplete"]
    print(t("audit.title"))
    print("  " + t("audit.counts", references=s["references"], citations=s["citations"]))
    unused = f" ({', '.join(s['unused'])})" if s["unused"] else ""
    print("  " + t("audit.unused", n=len(s["unused"])) + unused)
    print("  " + t("audit.incomplete", n=len(incomplete)))
    by_gap: dict[str, int] = {}
    for gaps in incomplete.values():
        for gap in gaps:
            by_gap[gap] = by_gap.get(gap, 0) + 1
    for gap, count in sorted(by_gap.items()):
        print("    " + t("audit.gap", gap=gap, n=count))
    print("  " + t("audit.author_variants", n=len(s["author_variants"])))
    for message in s["author_variants"]:
        print(f"    {message}")
    print("  " + t("audit.orphans", n=len(s["orphan_quotes"])))
    print("  " + t("audit.unsupported", n=len(s["unsupported_findings"])))
    print("  " + t("audit.count_mismatches", n=len(s["count_mismatches"])))
    for message in s["count_mismatches"]:
        print(f"    {message}")
    print("  " + t("audit.discrepancies", n=s["discrepancies"]))


def cmd_check(args: argparse.Namespace) -> int:
    root = Path(args.dir).resolve()
    result = Result()
    try:
        check_project(root, strict=args.strict, result=result)
    except ContentError as exc:
        print_problems(exc.problems)
        print(
            f"{len([p for p in exc.problems if p.severity == 'error' or args.strict])} problem(s)",
            file=sys.stderr,
        )
        return EXIT_CONTENT
    print_problems(result.warnings)
    if args.list_incomplete:
        for key, gaps in sorted(result.summary.get("incomplete", {}).items()):
            print(f"{key}: {', '.join(gaps)}")
    print_audit(result)
    print(f"ok: 0 errors, {len(result.warnings)} warning(s)")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    root = Path(args.dir).resolve()
    try:
        result = build_project(root, strict=args.strict)
    except ContentError as exc:
        print_problems(exc.problems)
        print(f"build failed: {len(exc.problems)} problem(s); the previous site/ was kept", file=sys.stderr)
        return EXIT_CONTENT
    except BuildError as exc:
        print(f"build failed: {exc}; the previous site/ was kept", file=sys.stderr)
        return EXIT_BUILD
    # configuration warnings (site_url missing) are printed once on every build; audit warnings with -v
    print_problems([w for w in result.warnings if args.verbose or w.category == "config"])
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())
    reused = f"{result.reused_pages} unchanged since the last build; " if result.reused_pages else ""
    print(f"built {result.pages} pages into {root / 'site'} ({reused}{len(result.warnings)} warning(s); {stages})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    return serve(Path(args.dir).resolve(), args.host, args.port)


def cmd_new(args: argparse.Namespace) -> int:
    from .source.starter import create

    target = Path(args.dir)
    try:
        create(target, args.language)
    except FileExistsError as exc:
        print(f"{exc}", file=sys.stderr)
        return EXIT_CONTENT
    print(f"created a starter project in {target}; build it with: thesis-site build {target}")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    from .synth import synth

    target = Path(args.dir)
    if target.exists() and any(target.iterdir()):
        print(f"{target}: folder exists and is not empty; choose a new folder", file=sys.stderr)
        return EXIT_CONTENT
    synth(target, args.scale, args.seed)
    print(f"wrote a synthetic project ×{args.scale} (seed {args.seed}) into {target}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .source.schema import content_schema, write_schemas

    if args.out is None:
        print(json.dumps(content_schema(), ensure_ascii=False, indent=2, sort_keys=True))
        return 0
    names = write_schemas(Path(args.out))
    print(f"wrote {len(names)} schemas into {args.out}: {', '.join(names)}")
    return 0


def cmd_export_qdpx(args: argparse.Namespace) -> int:
    from .website.qdpx_export import export_qdpx

    root = Path(args.dir).resolve()
    try:
        corpus, _ = check_project(root)
    except ContentError as exc:
        print_problems(exc.problems)
        print(f"export failed: {len(exc.problems)} problem(s); nothing written", file=sys.stderr)
        return EXIT_CONTENT
    target = Path(args.file)
    if not target.parent.is_dir():
        print(f"{target}: folder {target.parent} does not exist", file=sys.stderr)
        return EXIT_CONTENT
    export_qdpx(corpus, target)
    print(f"exported {len(corpus.quotes)} quotes of {len(corpus.informants)} informants to {target}")
    return 0


def cmd_import_qdpx(args: argparse.Namespace) -> int:
    from .importers.qdpx.importer import ImportError_, import_qdpx

    try:
        summary = import_qdpx(Path(args.file), Path(args.dir), args.language)
    except ImportError_ as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        print(f"import failed: {len(exc.messages)} problem(s); nothing written", file=sys.stderr)
        return EXIT_CONTENT
    counts = ", ".join(f"{v} {k}" for k, v in summary.counts.items())
    print(f"imported {counts} into {args.dir}")
    for note in summary.notes:
        print(note)
    if summary.skipped:
        print("not imported: " + ", ".join(f"{k} ({v})" for k, v in sorted(summary.skipped.items())))
    print(f"build it with: thesis-site build {args.dir}")
    return 0


def cmd_import_docx(args: argparse.Namespace) -> int:
    from .importers.docx.importer import import_docx
    from .importers.records import ImportError_

    try:
        report = import_docx(Path(args.file), Path(args.dir), args.language, args.heading_style)
    except ImportError_ as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        print(f"import failed: {len(exc.messages)} problem(s); nothing written", file=sys.stderr)
        return EXIT_CONTENT
    print(f"imported {args.file} into {args.dir} in {report.seconds:.1f} s (language: {report.language})")
    for name, value in report.counts.items():
        print(f"  {name}: {value}")
    for title, items in (("dropped", report.dropped), ("unresolved", report.unresolved)):
        if items:
            print(f"{title}:")
            for item in items[:12]:
                print(f"  - {item}")
            if len(items) > 12:
                print(f"  … {len(items) - 12} more")
    print(f"the whole report: {Path(args.dir) / 'content/imported/docx/report.md'}")
    print(f"build it with: thesis-site build {args.dir}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="thesis-site", description="Publish a thesis (YAML + BibTeX) as a website.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="validate and build DIR/site")
    b.add_argument("dir", nargs="?", default=".")
    b.add_argument("--strict", action="store_true", help="treat audit warnings as errors")
    b.add_argument("-v", "--verbose", action="store_true", help="print audit warnings")
    b.set_defaults(func=cmd_build)
    c = sub.add_parser("check", help="validate DIR and print the citation audit")
    c.add_argument("dir", nargs="?", default=".")
    c.add_argument("--strict", action="store_true", help="treat audit warnings as errors")
    c.add_argument("--list-incomplete", action="store_true", help="list every incomplete reference")
    c.set_defaults(func=cmd_check)
    s = sub.add_parser("serve", help="live preview that rebuilds on change")
    s.add_argument("dir", nargs="?", default=".")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
    n = sub.add_parser("new", help="create a starter project in DIR")
    n.add_argument("dir")
    n.add_argument("--language", choices=available(), default="es", help="language of the starter and its site")
    n.set_defaults(func=cmd_new)
    sy = sub.add_parser("synth", help="write a synthetic project N times the size of this thesis")
    sy.add_argument("dir")
    sy.add_argument("--scale", type=int, default=10)
    sy.add_argument("--seed", type=int, default=1)
    sy.set_defaults(func=cmd_synth)
    ex = sub.add_parser("export", help="export the thesis in an exchange format").add_subparsers(
        dest="format", required=True
    )
    exq = ex.add_parser("qdpx", help="write DIR's thesis as a REFI-QDA project (FILE.qdpx)")
    exq.add_argument("dir")
    exq.add_argument("file")
    exq.set_defaults(func=cmd_export_qdpx)
    im = sub.add_parser("import", help="import data from an exchange format").add_subparsers(
        dest="format", required=True
    )
    imq = im.add_parser("qdpx", help="create or update the project DIR from a REFI-QDA project (FILE.qdpx)")
    imq.add_argument("file")
    imq.add_argument("dir")
    imq.add_argument(
        "--language",
        choices=available(),
        default=None,
        help="language of a new project (an existing one keeps its own)",
    )
    imq.set_defaults(func=cmd_import_qdpx)
    imd = im.add_parser("docx", help="create or update the project DIR from a Word thesis (FILE.docx)")
    imd.add_argument("file")
    imd.add_argument("dir")
    imd.add_argument("--language", choices=available(), default=None, help="the thesis's language (default: detected)")
    imd.add_argument(
        "--heading-style",
        action="append",
        default=[],
        metavar="STYLE=LEVEL",
        help="treat paragraphs in Word style STYLE as headings of LEVEL (0: not a heading); repeatable",
    )
    imd.set_defaults(func=cmd_import_docx)
    sc = sub.add_parser("schema", help="write the JSON Schema of each content file (for editors) into --out DIR")
    sc.add_argument(
        "--out",
        default=None,
        help="folder for one schema per content file (a project's schema/); without it, print all",
    )
    sc.set_defaults(func=cmd_schema)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
