"""`make bench`: how fast and how heavy thesis-site is on the thesis and on synthetic theses ×10 and ×100.

For each scale: one cold build (empty citation cache) and warm builds, each in a
fresh process; stage timings and peak memory; the same Markdown built by plain
`mkdocs build` (the floor); pages, output size, search index size, the heaviest
first visit of a quote page; the link check. At ×1 also a real edit in the live
preview. Prints a table, writes bench/results.json and appends a dated row to
docs/benchmarks.md. Figures only: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
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
from bench.weights import first_visit  # noqa: E402
from generator.linkcheck import check_site  # noqa: E402


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


def one_build(path: Path) -> dict:
    proc = subprocess.run([PY, "-m", "bench.stages", str(path)], capture_output=True, text=True, env=ENV, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"build failed at {path}:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def floor(path: Path) -> float:
    """Plain `mkdocs build` of the generated Markdown, in a fresh process."""
    site = path / ".thesis-site" / "floor-site"
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([str(Path(PY).with_name("mkdocs")), "build", "-q", "-f", str(path / ".thesis-site" / "mkdocs.yml"),
                    "-d", str(site)], check=True, env=ENV, capture_output=True)  # fmt: skip
    elapsed = time.perf_counter() - start
    shutil.rmtree(site, ignore_errors=True)
    return elapsed


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
    # changed[0] is the initial build; changed[1] the rebuild caused by the edit
    return {"seconds_to_updated_page": latency, "markdown_files_rewritten": changed[1] if len(changed) > 1 else None}


def measure(scale: int, runs: int) -> dict:
    path = project(scale)
    builds = []
    for i in range(runs):
        if i == 0:
            shutil.rmtree(path / ".thesis-site", ignore_errors=True)  # cold: no citation cache
        builds.append(one_build(path))
    warm = builds[1:] or builds
    site = path / "site"
    index = (site / "search" / "search_index.json").read_bytes()
    quotes = sorted((site / "citas").glob("*/index.html"), key=lambda p: p.stat().st_size)
    heaviest = quotes[-1].parent.relative_to(site).as_posix() + "/"
    visit = first_visit(site, [heaviest])[0]
    links = check_site(site)
    ours = [sum(b["timings"][s] for s in STAGES) for b in warm]
    totals = [b["wall"] for b in warm]
    floors = [floor(path) for _ in range(2 if scale < 100 else 1)]
    row = {
        "scale": scale,
        "pages": builds[-1]["pages"],
        "cold": {"ours_s": sum(builds[0]["timings"][s] for s in STAGES), "total_s": builds[0]["wall"]},
        "stages_s": {s: summary([b["timings"][s] for b in warm]) for s in [*STAGES, "mkdocs", "swap"]},
        "stage_peak_mib": {s: max(b["memory_kib"][s] for b in warm) / 1024 for s in [*STAGES, "mkdocs"]},
        "ours_s": summary(ours),
        "total_s": summary(totals),
        "peak_mib": max(b["peak_kib"] for b in builds) / 1024,
        "floor_s": summary(floors),
        "ours_share": statistics.median(ours) / statistics.median(totals),
        "total_over_floor": statistics.median(totals) / statistics.median(floors),
        "output_mib": size(site) / 2**20,
        "search_index_kib": len(index) / 1024,
        "search_index_gzip_kib": len(gzip.compress(index, 6, mtime=0)) / 1024,
        "heaviest_quote": heaviest,
        "heaviest_quote_first_visit_gzip_kib": visit["page_gzip"] / 1024,
        "link_check": {"pages": links.pages, "links": links.links, "broken": len(links.broken)},
    }
    if scale == 1:
        row["preview"] = preview_edit(path)
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


def table(rows: list[dict]) -> str:
    lines = [
        "| scale | pages | load | validate | link | render | write | ours (warm) | mkdocs | total (warm) | ours/total | cold total | floor | total/floor | peak MiB | output MiB | search idx (gzip) | quote 1st visit |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for r in rows:
        st = r["stages_s"]

        def cell(name: str, st=st) -> str:
            s = st[name]
            return f"{s['median']:.2f} ({s['min']:.2f}–{s['max']:.2f})"

        lines.append(
            f"| ×{r['scale']} | {r['pages']} | {cell('load')} | {cell('validate')} | {cell('link')} | {cell('render')} "
            f"| {cell('write')} | {r['ours_s']['median']:.2f} | {cell('mkdocs')} | {r['total_s']['median']:.2f} "
            f"| {100 * r['ours_share']:.0f}% | {r['cold']['total_s']:.2f} | {r['floor_s']['median']:.2f} "
            f"| {r['total_over_floor']:.2f} | {r['peak_mib']:.0f} | {r['output_mib']:.1f} "
            f"| {r['search_index_kib']:.0f} KiB ({r['search_index_gzip_kib']:.0f}) | {r['heaviest_quote_first_visit_gzip_kib']:.0f} KiB |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,4,10,100")
    parser.add_argument("--runs", default="5,3,3,2", help="builds per scale (the first is cold)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    runs = [int(r) for r in args.runs.split(",")]
    rows = []
    for scale, n in zip(scales, runs, strict=True):
        print(f"… ×{scale}: {n} builds", file=sys.stderr, flush=True)
        rows.append(measure(scale, n))
    today = dt.date.today().isoformat()
    results = {"date": today, "machine": machine(), "rows": rows}
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    text = table(rows)
    print(text)
    notes = []
    for r in rows:
        notes.append(
            f"×{r['scale']}: cold ours {r['cold']['ours_s']:.2f} s / total {r['cold']['total_s']:.2f} s; "
            f"links {r['link_check']['links']} checked, {r['link_check']['broken']} broken; peak RSS by the end of "
            f"each stage (MiB) {', '.join(f'{k} {v:.0f}' for k, v in r['stage_peak_mib'].items())}"
        )
        if "preview" in r:
            p = r["preview"]
            notes.append(
                f"×1 live preview: one quote edited → page updated in {p['seconds_to_updated_page']:.2f} s, "
                f"{p['markdown_files_rewritten']} Markdown files rewritten"
            )
    print("\n".join(notes))
    log = ROOT / "docs" / "benchmarks.md"
    with log.open("a", encoding="utf-8") as f:
        f.write(f"\n### {today} — {machine()}\n\n{text}\n\n" + "".join(f"- {n}\n" for n in notes))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
