"""TeX → MathML candidates on the TeX that pandoc's docx reader writes from Word equations (docs/content-format.md).

Usage: python bench/mathml.py [OUT.html]

Word stores equations as OMML; pandoc 3.9's docx reader (texmath) turns them
into TeX, which is what an imported thesis holds. This script makes such TeX
the way Word files carry it: 32 formulas typical of theses (statistics,
matrices, cases, aligned equations, accents, operators) are written into a
.docx by pandoc (TeX → OMML) and read back (OMML → TeX). Each candidate
installed here converts them: pandoc ``--mathml`` (bundled, one call for all)
and, when importable, latex2mathml (``pip install latex2mathml``; not a
dependency of the project). A formula counts as wrong when its output is not
well-formed XML or leaks TeX (an element whose text holds a backslash command
or an alignment '&'). OUT.html shows every formula side by side for a look in
a browser, which is how the choice was confirmed.
"""

from __future__ import annotations

import html
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

from generator.source import pandoc
from generator.website.mathml import convert

FORMULAS = r"""
\bar{x} = \frac{1}{n}\sum_{i=1}^{n} x_i
s^2 = \frac{1}{n-1}\sum_{i=1}^{n}(x_i-\bar{x})^2
\alpha = \frac{k}{k-1}\left(1-\frac{\sum_{i=1}^{k}\sigma_i^2}{\sigma_t^2}\right)
n = \frac{Z^2 p q N}{e^2 (N-1) + Z^2 p q}
\chi^2 = \sum_{i=1}^{k} \frac{(O_i - E_i)^2}{E_i}
r = \frac{n\sum xy - \sum x \sum y}{\sqrt{\left[n\sum x^2 - (\sum x)^2\right]\left[n\sum y^2-(\sum y)^2\right]}}
Y = \beta_0 + \beta_1 X_1 + \beta_2 X_2 + \varepsilon
f(x) = \begin{cases} x^2 & \text{si } x \geq 0 \\ -x & \text{si } x < 0 \end{cases}
A = \begin{pmatrix} a_{11} & a_{12} \\ a_{21} & a_{22} \end{pmatrix}
\int_{0}^{\infty} e^{-x^2}\, dx = \frac{\sqrt{\pi}}{2}
\lim_{n \to \infty} \left(1 + \frac{1}{n}\right)^n = e
P(A \mid B) = \frac{P(B \mid A)\, P(A)}{P(B)}
\hat{y} = \log_{10}(x) + \sin\theta \cdot \cos\phi
\binom{n}{k} = \frac{n!}{k!(n-k)!}
\mathbf{v} \in \mathbb{R}^n, \quad \|\mathbf{v}\| \leq 1
IGE = \frac{\sum_{j=1}^{4} w_j D_j}{4} \times 100\%
x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}
\overline{AB} \perp \vec{CD}, \quad \Delta t \approx 0.5\ \mathrm{s}
\prod_{i=1}^{n} p_i \neq \emptyset
\sqrt[3]{x+y} \rightarrow \infty
\tilde{\mu} = \operatorname{median}(X)
\underbrace{a + b}_{n} + \overbrace{c + d}^{m}
\underset{x \in X}{\arg\max}\, f(x) = \overset{\text{def}}{=} y
\frac{\partial f}{\partial x} + \nabla \cdot \mathbf{F} = \dot{x} + \ddot{y} + f'(x)
\iint_{D} f\, dA = \oint_{C} \mathbf{F} \cdot d\mathbf{r}
a_1 + a_2 + \cdots + a_n = \sum_{k} a_k, \quad 1, 2, \ldots, n
\begin{aligned} y &= mx + b \\ &= 2x + 3 \end{aligned}
\left| x \right| = \left\{ \begin{array}{ll} x & x \ge 0 \\ -x & x<0 \end{array} \right.
\mathrm{CO_2} + \mathrm{H_2O} \rightleftharpoons \mathrm{H_2CO_3}
\left\lfloor \frac{n}{2} \right\rfloor \leq \left\lceil \frac{n}{2} \right\rceil
\sigma = \sqrt{\frac{\sum (x - \mu)^2}{N}}
ROI = \frac{\text{Beneficio} - \text{Inversión}}{\text{Inversión}} \times 100
""".strip().splitlines()
LEAK = re.compile(r"\\[A-Za-z]|&")


def word_tex() -> list[str]:
    """The formulas as pandoc's docx reader gives them back after a trip through a .docx (OMML)."""
    source = "\n\n".join(f"$${tex}$$" for tex in FORMULAS)
    with tempfile.TemporaryDirectory() as tmp:
        docx = Path(tmp) / "eq.docx"
        pandoc.run(["-f", "markdown", "-t", "docx", "-o", str(docx), "in.md"], {"in.md": source})
        doc = json.loads(pandoc.run(["-f", "docx", "-t", "json", str(docx)], {}))
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Math":
                found.append(node["c"][1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc["blocks"])
    return found


def wrong(markup: str | None) -> bool:
    if not markup:
        return True
    try:
        root = etree.fromstring(markup.encode())
    except etree.XMLSyntaxError:
        return True
    return any(
        LEAK.search(el.text or "")
        for el in root.iter()
        if isinstance(el.tag, str) and not el.tag.endswith("annotation")
    )


def candidates(formulas: list[str]) -> dict[str, tuple[list[str | None], float]]:
    out: dict[str, tuple[list[str | None], float]] = {}
    start = time.perf_counter()
    made, _ = convert([(tex, True) for tex in formulas])
    out["pandoc 3.9 --mathml (texmath)"] = ([made.get((tex, True)) for tex in formulas], time.perf_counter() - start)
    try:
        from importlib.metadata import version

        import latex2mathml.converter as l2m  # type: ignore[import-not-found]
    except ImportError:
        return out
    start = time.perf_counter()
    results: list[str | None] = []
    for tex in formulas:
        try:
            results.append(l2m.convert(tex, display="block"))
        except Exception:  # noqa: BLE001 - any failure of the candidate counts as a wrong formula
            results.append(None)
    out[f"latex2mathml {version('latex2mathml')}"] = (results, time.perf_counter() - start)
    return out


def main(argv: list[str]) -> int:
    formulas = word_tex()
    found = candidates(formulas)
    print(f"{len(formulas)} formulas as pandoc's docx reader writes them\n")
    print("| candidate | correct | wrong (#) | time | bytes |")
    print("|---|---|---|---|---|")
    for name, (outputs, seconds) in found.items():
        bad = [i for i, markup in enumerate(outputs) if wrong(markup)]
        size = sum(len((m or "").encode()) for m in outputs)
        print(f"| {name} | {len(outputs) - len(bad)} | {', '.join(map(str, bad)) or '—'} | {seconds:.3f} s | {size} |")
    if argv:
        rows = "".join(
            f"<tr><td>{i}</td><td><code>{html.escape(tex)}</code></td>"
            + "".join(f"<td>{outputs[i] or 'ERROR'}</td>" for outputs, _ in found.values())
            + "</tr>"
            for i, tex in enumerate(formulas)
        )
        head = "".join(f"<th>{html.escape(name)}</th>" for name in found)
        Path(argv[0]).write_text(
            f"<!doctype html><meta charset=utf-8><table border=1><tr><th>#</th><th>TeX</th>{head}</tr>{rows}</table>",
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
