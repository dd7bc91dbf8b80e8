"""`make bench`: how fast thesis-site builds next to stock MkDocs + Material (and Zensical) on the same pages.

For each scale (the thesis ×1, synthetic theses ×4 and ×20 by default): one
cold build (empty caches) and warm builds of `thesis-site build`, each a fresh
process timed from outside (wall and CPU seconds, Pagefind included); then, in
the same run, stock MkDocs + Material building the very same generated pages
(`bench/stock.py`: Material's defaults and its search plugin) and Zensical on
the same configuration when `.venv-zensical` exists. Also stage timings, peak
memory, output and search-bundle size, the link check, first visits of every
page kind and a search (`bench/weights.py`) where asked, and at ×1 a real edit
in the live preview. Prints the tables, writes bench/results.json and appends
a dated section to docs/benchmarks.md. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
STAGES = ["load", "validate", "link", "render", "write"]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}

sys.path.insert(0, str(ROOT))
from bench.preview import rename_save_seconds  # noqa: E402
from bench.stock import stock_mkdocs, zensical  # noqa: E402
from bench.weights import FIRST_VISIT_BUDGET, first_visit, kind_paths, search_transfer  # noqa: E402
from generator.output.linkcheck import check_site  # noqa: E402
from generator.output.write import BUILD_DIR  # noqa: E402

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"


def project(scale: int) -> Path:
    """A fresh project folder for a scale (the real thesis at ×1)."""
    target = OUT / f"x{scale}"
    shutil.rmtree(target, ignore_errors=True)
    if scale == 1:
        target.mkdir(parents=True)
        shutil.copytree(ROOT / "content", target / "content")
        shutil.copyfile(ROOT / "bibliography.bib", target / "bibliography.bib")
        shutil.copyfile(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    else:
        subprocess.run([PY, "-m", "generator.cli", "synth", "--scale", str(scale), str(target)], check=True, env=ENV,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    return target


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_build(path: Path) -> dict:
    """`thesis-site build` in a fresh process: its stage report plus wall and CPU seconds measured from outside."""
    cpu, start = children_cpu(), time.perf_counter()
    proc = subprocess.run([PY, "-m", "bench.stages", str(path)], capture_output=True, text=True, env=ENV, cwd=ROOT)
    wall, cpu = time.perf_counter() - start, children_cpu() - cpu
    if proc.returncode != 0:
        raise SystemExit(f"build failed at {path}:\n{proc.stderr}")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "process_s": wall, "process_cpu_s": cpu}


def timed(build) -> tuple[float | str, float]:  # type: ignore[no-untyped-def]
    """(wall seconds or the reason it failed, CPU seconds) of one build by another tool."""
    cpu = children_cpu()
    return build(), children_cpu() - cpu


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def preview_edit(path: Path) -> dict:
    """Start the live preview, edit one quote, time until the page shows the edit."""
    port = free_port()
    proc = subprocess.Popen([PY, "-m", "generator.cli", "serve", str(path), "--port", str(port)], env=ENV, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}/citas/dmpp5-01/"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        quotes = path / "content" / "quotes.yml"
        text = quotes.read_text("utf-8")
        marker = "EDITADO-EN-VIVO"
        edited = text.replace(
            "El gobierno electrónico es el proceso", f"{marker} El gobierno electrónico es el proceso", 1
        )
        assert edited != text
        start = time.perf_counter()
        quotes.write_text(edited, "utf-8")
        while time.perf_counter() - start < 60:
            if marker in urllib.request.urlopen(url, timeout=5).read().decode("utf-8"):
                break
            time.sleep(0.05)
        latency = time.perf_counter() - start
        time.sleep(0.5)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=10)[0]
    changed = [int(m) for m in re.findall(r"\((\d+) files changed\)", output)]
    # the last rebuild is the one the edit caused
    return {"seconds_to_updated_page": latency, "markdown_files_rewritten": changed[-1] if changed else None}


def edit_one_quote(path: Path, n: int) -> None:
    """Change one word of the first quote, as an author would between two builds."""
    quotes = path / "content" / "quotes.yml"
    lines = quotes.read_text("utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.lstrip().startswith("text:"))
    head, _, rest = lines[index].partition("text:")
    rest = re.sub(r"^ (?:«edición \d+» )?", "", rest)
    if rest.startswith(("'", '"')):
        lines[index] = f"{head}text: {rest[0]}«edición {n}» {rest[1:]}"
    else:
        lines[index] = f"{head}text: «edición {n}» {rest}"
    quotes.write_text("\n".join(lines), "utf-8")


def forget_outputs(path: Path) -> None:
    """Drop the page cache, the search index and the PDF of the last build: every page is rendered, Pagefind runs,
    the PDF is made."""
    shutil.rmtree(path / BUILD_DIR / "cache" / "pages", ignore_errors=True)
    shutil.rmtree(path / BUILD_DIR / "search", ignore_errors=True)
    shutil.rmtree(path / BUILD_DIR / "cache" / "pdf", ignore_errors=True)  # the PDF is made again too (pdf.py)


def measure(scale: int, runs: int, stock_runs: int, weights: bool) -> dict:
    """One scale: our builds (cold, warm, one quote edited, every page rendered) interleaved with stock builds."""
    path = project(scale)
    shutil.rmtree(path / BUILD_DIR, ignore_errors=True)  # cold: no citation, template, page or search cache
    cold = one_build(path)
    mkdocs = Path(PY).with_name("mkdocs")
    warm, edited, full, stock = [], [], [], []
    ours_runs = max(runs - 1, 1)
    for i in range(max(ours_runs, stock_runs)):
        if i < ours_runs:
            warm.append(one_build(path))  # nothing changed since the last build
            edit_one_quote(path, i + 1)
            edited.append(one_build(path))  # one quote edited: its pages and the search index are redone
            forget_outputs(path)
            full.append(one_build(path))  # every page through Material's templates, Pagefind on every page
        if i < stock_runs:
            stock.append(timed(lambda: stock_mkdocs(path, mkdocs, ENV)))
    builds = [cold, *warm, *edited, *full]
    zens = [timed(lambda: zensical(path, ZENSICAL, ENV))] if stock_runs and ZENSICAL.is_file() else []
    one_build(path)  # the site measured below is a complete, ordinary build
    site = path / "site"
    links = check_site(site)
    ours = [b["process_s"] for b in warm]
    row = {
        "scale": scale,
        "pages": cold["pages"],
        "ours_s": summary(ours),
        "ours_cpu_s": summary([b["process_cpu_s"] for b in warm]),
        "edit_s": summary([b["process_s"] for b in edited]),
        "edit_cpu_s": summary([b["process_cpu_s"] for b in edited]),
        "edit_reused_pages": statistics.median(b["reused_pages"] for b in edited),
        "full_s": summary([b["process_s"] for b in full]),
        "full_cpu_s": summary([b["process_cpu_s"] for b in full]),
        "cold_s": cold["process_s"],
        "cold_cpu_s": cold["process_cpu_s"],
        "stages_s": {s: summary([b["timings"][s] for b in warm]) for s in [*STAGES, "mkdocs", "search", "swap"]},
        "full_stages_s": {s: summary([b["timings"][s] for b in full]) for s in [*STAGES, "mkdocs", "search", "swap"]},
        # the PDF of the whole thesis (generator/website/pdf.py): made by a build from scratch, reused while the text stands
        "pdf_s": {
            "full": summary([b["timings"].get("pdf", 0.0) for b in full]),
            "warm": summary([b["timings"].get("pdf", 0.0) for b in warm]),
        },
        "pdf_kib": (site / "datos" / "tesis.pdf").stat().st_size / 1024
        if (site / "datos" / "tesis.pdf").is_file()
        else None,
        "stage_peak_mib": {s: max(b["memory_kib"][s] for b in warm) / 1024 for s in [*STAGES, "mkdocs"]},
        "peak_mib": max(b["peak_kib"] for b in builds) / 1024,
        "output_mib": size(site) / 2**20,
        "search_bundle_mib": size(site / "pagefind") / 2**20,
        "link_check": {"pages": links.pages, "links": links.links, "broken": len(links.broken)},
    }
    times = [t for t, _ in stock if isinstance(t, float)]
    if times:
        row["stock_s"] = summary(times)
        row["stock_cpu_s"] = summary([c for t, c in stock if isinstance(t, float)])
        row["ratio"] = statistics.median(ours) / statistics.median(times)
        row["edit_ratio"] = row["edit_s"]["median"] / statistics.median(times)
        row["full_ratio"] = row["full_s"]["median"] / statistics.median(times)
        row["cold_ratio"] = cold["process_s"] / statistics.median(times)
        row["cpu_ratio"] = row["ours_cpu_s"]["median"] / row["stock_cpu_s"]["median"]
        row["full_cpu_ratio"] = row["full_cpu_s"]["median"] / row["stock_cpu_s"]["median"]
    elif stock:
        row["stock_failed"] = stock[0][0]
    if zens:
        row["zensical_s"] = zens[0][0]
        row["zensical_cpu_s"] = zens[0][1]
    if weights:
        paths = kind_paths(site)
        visits = first_visit(site, list(paths.values()))
        row["first_visit_kib"] = {k: v["page_gzip"] / 1024 for k, v in zip(paths, visits, strict=True)}
        row["first_visit_paths"] = paths
        found = search_transfer(site)
        row["search_ongei_kib"] = found["gzip"] / 1024  # type: ignore[operator]
        row["search_ongei_files"] = found["requests"]
    if scale == 1:
        row["preview"] = preview_edit(path)
        row["preview_chromium"] = rename_save_seconds(path, "citas/dmpp5-01/", "El gobierno electrónico es el proceso")
    return row


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found[1].strip() if found else cpu
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text())[1])  # type: ignore[index]
        mem = f", {kib / 2**20:.0f} GiB"
    return f"{os.cpu_count()} cores, {cpu}{mem}, Python {platform.python_version()}"


def speed_table(rows: list[dict]) -> str:
    """Wall seconds (median of the runs, fresh processes) and each against stock Material on the same pages."""
    lines = [
        "| scale | pages | stock Material | ours, warm | ours/stock | ours, one quote edited | edited/stock "
        "| ours, every page rendered | every page/stock | ours, cold | cold/stock | Zensical (cold) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        stock = f"{r['stock_s']['median']:.2f}" if "stock_s" in r else r.get("stock_failed", "not run")
        zens = r.get("zensical_s", "not run")
        zens = f"{zens:.2f}" if isinstance(zens, float) else zens

        def ratio(key: str, r: dict = r) -> str:
            return f"**{r[key]:.2f}**" if key in r else "–"

        lines.append(
            f"| ×{r['scale']} | {r['pages']} | {stock} | {r['ours_s']['median']:.2f} | {ratio('ratio')} "
            f"| {r['edit_s']['median']:.2f} | {ratio('edit_ratio')} | {r['full_s']['median']:.2f} | {ratio('full_ratio')} "
            f"| {r['cold_s']:.2f} | {ratio('cold_ratio')} | {zens} |"
        )
    return "\n".join(lines)


def cpu_table(rows: list[dict]) -> str:
    """CPU seconds (user + system, Pagefind included), which the machine's load distorts least."""
    lines = [
        "| scale | stock Material | ours, warm | ours/stock | ours, one quote edited | ours, every page rendered "
        "| every page/stock | ours, cold | Zensical (cold) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        stock = f"{r['stock_cpu_s']['median']:.2f}" if "stock_cpu_s" in r else "–"
        zens = f"{r['zensical_cpu_s']:.2f}" if isinstance(r.get("zensical_s"), float) else "–"
        cpu_ratio = f"{r['cpu_ratio']:.2f}" if "cpu_ratio" in r else "–"
        full_ratio = f"{r['full_cpu_ratio']:.2f}" if "full_cpu_ratio" in r else "–"
        lines.append(
            f"| ×{r['scale']} | {stock} | {r['ours_cpu_s']['median']:.2f} | {cpu_ratio} | {r['edit_cpu_s']['median']:.2f} "
            f"| {r['full_cpu_s']['median']:.2f} | {full_ratio} | {r['cold_cpu_s']:.2f} | {zens} |"
        )
    return "\n".join(lines)


def stage_table(rows: list[dict]) -> str:
    names = [*STAGES, "mkdocs", "search", "swap"]
    lines = ["| scale | " + " | ".join(names) + " | PDF from scratch s (kB) | peak MiB | output MiB | search bundle MiB "
             "| links (broken) |", "|---|" + "---:|" * (len(names) + 5)]  # fmt: skip
    for r in rows:
        cells = " | ".join(f"{r['stages_s'][n]['median']:.2f}" for n in names)
        links = r["link_check"]
        pdf = f"{r['pdf_s']['full']['median']:.2f} ({r['pdf_kib']:.0f})" if r.get("pdf_kib") else "— (none)"
        lines.append(f"| ×{r['scale']} | {cells} | {pdf} | {r['peak_mib']:.0f} | {r['output_mib']:.1f} "
                     f"| {r['search_bundle_mib']:.1f} | {links['links']} ({links['broken']}) |")  # fmt: skip
    return "\n".join(lines)


def weight_table(rows: list[dict]) -> str:
    measured = [r for r in rows if "first_visit_kib" in r]
    if not measured:
        return ""
    kinds = list(measured[0]["first_visit_kib"])
    lines = ["| scale | " + " | ".join(kinds) + " | search “ONGEI” |", "|---|" + "---:|" * (len(kinds) + 1)]
    for r in measured:
        cells = " | ".join(f"{r['first_visit_kib'].get(k, 0):.0f}" for k in kinds)
        lines.append(f"| ×{r['scale']} | {cells} | {r['search_ongei_kib']:.0f} ({r['search_ongei_files']} files) |")
    return (
        "\n".join(lines)
        + f"\n\nFirst visits in kB gzip (budget {FIRST_VISIT_BUDGET // 1024} kB); the heaviest page of each kind."
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,4,20")
    parser.add_argument("--runs", default="4,3,2", help="builds per scale (the first is cold)")
    parser.add_argument("--stock-runs", default="2,2,1", help="stock builds per scale (0: none, e.g. at ×100)")
    parser.add_argument("--weights", default="1", help="scales whose page weights and search are measured")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    runs = [int(r) for r in args.runs.split(",")]
    stock_runs = [int(r) for r in args.stock_runs.split(",")]
    weights = {int(s) for s in args.weights.split(",") if s}
    rows = []
    for scale, n, m in zip(scales, runs, stock_runs, strict=True):
        print(f"… ×{scale}: {n} builds, {m} stock", file=sys.stderr, flush=True)
        rows.append(measure(scale, n, m, scale in weights))
    today = dt.date.today().isoformat()
    results = {"date": today, "machine": machine(), "rows": rows}
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    text = "\n\n".join(t for t in (speed_table(rows), cpu_table(rows), stage_table(rows), weight_table(rows)) if t)
    print(text)
    notes = []
    for r in rows:
        notes.append(
            f"×{r['scale']}: peak RSS by the end of each stage (MiB) "
            f"{', '.join(f'{k} {v:.0f}' for k, v in r['stage_peak_mib'].items())}"
        )
        if "preview" in r:
            p = r["preview"]
            notes.append(
                f"×1 live preview: one quote edited → page updated in {p['seconds_to_updated_page']:.2f} s, "
                f"{p['markdown_files_rewritten']} Markdown files rewritten"
            )
        if "preview_chromium" in r:
            c = r["preview_chromium"]
            notes.append(
                f"×1 live preview in Chromium: rename-save (os.replace) → open page shows the edit, median "
                f"{c['median_s']:.2f} s over {c['saves']} saves {c['pause_s']:.0f} s apart (rebuild {c['rebuild_median_s']:.2f} s; "
                f"load average {c['load_average']:.1f})"
            )
    print("\n".join(notes))
    log = ROOT / "docs" / "benchmarks.md"
    with log.open("a", encoding="utf-8") as f:
        f.write(f"\n### {today} — {machine()}\n\n{text}\n\n" + "".join(f"- {n}\n" for n in notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
