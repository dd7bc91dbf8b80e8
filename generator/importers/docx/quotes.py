"""Interview excerpts: paragraphs set apart from the text and attributed to a speaker.

A quote is a paragraph that is *set apart* — a block quote (pandoc: indented
beyond its style), a quotation style ("Quote", "Cita"…), or a paragraph
indented beyond the document's body text — *and attributed*: it ends in a
speaker's label in brackets, "…lo hicimos así." (E3), "(Entrevistado 2)",
"(Marketer)", or opens with a code, "DMPP5: …", "P03 — …". Either alone is
not enough: templates indent body text, dedications and epigraphs are set
apart, and "(Smith, 2019)" after a block quote is a citation, not a speaker.
Consecutive set-apart paragraphs that end in one attribution are one quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .convert import Chunk
from .prepass import Para
from .structure import plain

SET_APART_TWIPS = 300  # ≈ 0.2 in beyond the body text's indentation
CODE = r"[A-ZÑ]{1,6}[-_ ]?\d{1,3}[A-Za-z]?"
WORDS = (
    r"entrevistad[oa]|entrevista|participante|participant|informante|informant|interviewee|respondent|"
    r"encuestad[oa]|sujeto|subject|docente|teacher|estudiante|student|caso|case|actor|experto|expert|"
    r"funcionari[oa]|gerente|manager|directiv[oa]|director|directora|colaborador|colaboradora|usuari[oa]|user"
)
NUMBERED = rf"(?:{WORDS})\s*(?:n[°º.]?\s*|#\s*)?\d{{1,3}}"
LABEL_RE = re.compile(rf"^(?P<code>{CODE}|{NUMBERED})(?P<rest>(?:\s*[,;]\s*[^()]*)?)$", re.I)
ROLE_RE = re.compile(r"^(?=[^\d]*$)[A-ZÁÉÍÓÚÑ][\wÁÉÍÓÚÑáéíóúñü'’.-]*(?:\s+[\wÁÉÍÓÚÑáéíóúñü'’.-]+){0,3}$")
NOT_SPEAKER_RE = re.compile(
    r"^(sic|ibid|ibíd|ibidem|ibídem|idem|ídem|op\.? cit|et al|cursivas|cursiva|énfasis|enfasis|el énfasis|traducción|"
    r"traduccion|emphasis|italics|own translation|translated|trad|n\.? ?d|s\.? ?f|fin|end|continúa|continued|"
    r"ver|véase|see|cf|nota|note|fuente|source|anexo|annex|appendix|figura|figure|tabla|table|figuur|tabel|"
    r"afbeelding|abbildung|tabelle|gráfico|grafico|cuadro|ecuación|ecuacion|equation|eq|art|artículo|articulo|"
    r"paso|step|fase|phase|nivel|level)\b",
    re.I,
)
TRAILING_RE = re.compile(r"^(?P<body>.*\S)\s*[(\[]\s*(?P<label>[^()\[\]]{1,60}?)\s*[)\]]\s*[.,;]?\s*$", re.S)
LEADING_RE = re.compile(rf"^\s*(?P<label>{CODE}|{NUMBERED})\s*(?:[:：]|\s[—–-])\s*(?P<body>\S.*)$", re.S | re.I)
OPEN_QUOTES, CLOSE_QUOTES = "“\"«‘'„", "”\"»’'"
SENTENCE_END = ".!?…\"”»’')"


@dataclass
class Excerpt:
    """One attributed excerpt found in the document."""

    label: str  # the speaker as the document writes it ("E3", "Entrevistado 2", "Marketer")
    is_code: bool  # a code (E3) rather than a role (Marketer)
    text: str  # verbatim, without the attribution and the enclosing quotation marks
    chunks: list[Chunk] = field(default_factory=list)  # the paragraphs it was made of


def set_apart(chunk: Chunk, info: Para | None, body_indent: int) -> bool:
    """Is the paragraph visibly apart from the running text?"""
    if chunk.kind != "p":
        return False
    if chunk.quoted:
        return True
    if info is None or info.numbered or info.in_table or info.level is not None:
        return False
    return info.is_quote_style or info.indent - body_indent >= SET_APART_TWIPS


def strip_quotes(text: str) -> str:
    """Remove the quotation marks that enclose the whole excerpt (and a period left outside them)."""
    t = text.strip()
    if len(t) > 2 and t[-1] == "." and t[-2] in CLOSE_QUOTES:
        t = t[:-1]
    if len(t) > 2 and t[0] in OPEN_QUOTES and t[-1] in CLOSE_QUOTES:
        inner = t[1:-1]
        if not any(q in inner for q in '“”«»"'):
            return inner.strip()
    return t


# numbered things that are not people: requirements, hypotheses, objectives, questions of a guide, use cases
NOT_CODE_RE = re.compile(
    r"^(RF|RNF|RQ|RN|RD|RS|CU|UC|US|HU|H|HE|HG|HO|HA|HI|OE|OG|OS|PE|PG|PI|SQ|Q|T|EC|EQ|A|R|C|D)[-_ ]?\d", re.I
)


def speaker_label(label: str, body: str) -> bool:
    """Could ``label`` name a speaker of ``body``? Not a numbered requirement/hypothesis, not a word the
    body itself uses (an acronym the sentence defines or talks about)."""
    if NOT_SPEAKER_RE.match(label) or NOT_CODE_RE.match(label):
        return False
    return not re.search(rf"(?<!\w){re.escape(label)}(?!\w)", body)


def attribution(text: str) -> tuple[str, bool, str] | None:
    """(label, is_code, body) when the paragraph names its speaker, else None."""
    if "[@" in text or "@" in re.sub(r"\\@", "", text)[-80:]:
        return None  # ends in a citation of a work: a literature excerpt
    flat = plain(text)
    m = TRAILING_RE.match(flat)
    if m and m["body"].rstrip()[-1:] in SENTENCE_END:  # "(E3)" after a finished sentence, not "… cooperativo (CSCW)"
        label = m["label"].strip()
        body = m["body"]
        lm = LABEL_RE.match(label)
        if lm and not re.search(r"\b(1[6-9]|20)\d\d\b", lm["code"]) and speaker_label(lm["code"].strip(), body):
            rest = lm["rest"].strip(" ,;")
            if not rest or not re.search(r"\b(1[6-9]|20)\d\d[a-z]?\b.*\b(p|pp|pág)\.", rest):
                return lm["code"].strip(), True, body
        if ROLE_RE.match(label) and speaker_label(label, body) and len(body) > 40:
            return label, False, body
    m = LEADING_RE.match(flat)
    if m and speaker_label(m["label"].strip(), m["body"]) and len(m["body"].split()) >= 6:
        return m["label"].strip(), True, m["body"]
    return None


def find_excerpts(chunks: list[Chunk], paras: dict[str, Para], body_indent: int) -> list[Excerpt]:
    """Every attributed excerpt among consecutive chunks (one section's)."""
    out: list[Excerpt] = []
    run: list[Chunk] = []
    for chunk in chunks:
        if not set_apart(chunk, paras.get(chunk.key or ""), body_indent):
            run = []
            continue
        run.append(chunk)
        found = attribution(chunk.text)
        if found is None:
            continue
        label, is_code, body = found
        run = opened(run, body)
        texts = [plain_keep(c.text) for c in run[:-1]] + [body]
        text = strip_quotes("\n\n".join(t for t in texts if t.strip()))
        if len(text) >= 10 and speaker_label(label, text):
            out.append(Excerpt(label, is_code, text, list(run)))
        run = []
    return out


def opened(run: list[Chunk], body: str) -> list[Chunk]:
    """The paragraphs of an excerpt that spans several: back to the one that opens its quotation marks
    (just the attributed paragraph when it opens them itself, or when no earlier one does)."""
    if body.lstrip()[:1] in OPEN_QUOTES:
        return run[-1:]
    for start in range(len(run) - 2, -1, -1):
        if plain_keep(run[start].text).lstrip()[:1] in OPEN_QUOTES:
            return run[start:]
    return run[-1:]


def plain_keep(text: str) -> str:
    """Paragraph text as a reader sees it (markup and escapes removed, words and punctuation kept)."""
    out = re.sub(r"(?<!\\)\*+", "", text)
    out = re.sub(r"\\(.)", r"\1", out)
    return " ".join(out.split())


def informant_code(label: str, pattern: str, example: str, taken: dict[str, str]) -> str:
    """A participant code for a label that fits the project's pattern ('Entrevistado 3' → 'E3', 'E-3' → 'E3').

    ``taken`` maps codes already handed out to the label they stand for, so two labels never share a code.
    Where nothing derived from the label fits, the project's example code (P01) is counted up (P02, P03…).
    """
    words = re.sub(r"[^\w]+", " ", label).split()
    ascii_words = [re.sub(r"[^A-Z0-9]", "", w.upper().translate(ACCENTS)) for w in words]
    number = next((w for w in reversed(words) if w.isdigit()), None)
    candidates = ["".join(ascii_words)] if is_code_label(label) else []
    if number is not None and len(ascii_words) > 1:
        candidates.insert(0, ascii_words[0][:1] + number)
    for candidate in candidates:
        if candidate[:1].isalpha() and re.fullmatch(pattern, candidate) and taken.get(candidate, label) == label:
            return candidate
    digits = re.search(r"\d+", example)
    for n in range(1, 10000):
        if digits:
            code = example[: digits.start()] + f"{n:0{len(digits[0])}d}" + example[digits.end() :]
        else:
            code = f"{example}{n}"
        if re.fullmatch(pattern, code) and code not in taken:
            return code
    raise ValueError(f"no participant code fits {pattern} for '{label}'")


def is_code_label(label: str) -> bool:
    return bool(re.fullmatch(rf"{CODE}|{NUMBERED}", label.strip(), flags=re.I))


ACCENTS = str.maketrans("ÁÉÍÓÚÜÑ", "AEIOUUN")
