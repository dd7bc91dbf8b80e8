"""Which paragraphs of a Word thesis are interview excerpts, and who said them (importers/docx/quotes.py).

No public Spanish thesis with attributed excerpts was found (tests/fixtures/docx/README.md), so the
forms Spanish theses use are checked here one by one; the English real case is in tests/build.
"""

from __future__ import annotations

import pytest

from generator.importers.docx.convert import Chunk
from generator.importers.docx.prepass import Para
from generator.importers.docx.quotes import attribution, find_excerpts, informant_code


@pytest.mark.parametrize(
    "text, label, is_code, body_start",
    [
        ("“…lo hicimos así, sin presupuesto.” (E3)", "E3", True, "“…lo hicimos así"),
        ("La municipalidad no tenía portal. (Entrevistado 2)", "Entrevistado 2", True, "La municipalidad"),
        ("No había capacitación para el personal. (Informante 4, 2021)", "Informante 4", True, "No había"),
        ("Era difícil al principio… (P03)", "P03", True, "Era difícil"),
        ("Nos pidieron usar el sistema sin formación previa. (Docente 1)", "Docente 1", True, "Nos pidieron"),
        ("DMPP5: siempre se quiere que la gestión sea transparente.", "DMPP5", True, "siempre se quiere"),
        ("Participante 2: la verdad es que nadie nos explicó cómo funcionaba.", "Participante 2", True, "la verdad"),
        ("E1 — yo creo que el cambio vino desde arriba, desde la gerencia.", "E1", True, "yo creo"),
        (
            "Currently with my age, it is not necessary. However, I will pay more attention to... (Marketer)",
            "Marketer",
            False,
            "Currently",
        ),
        (
            "I prepared lots of things for several months like the contents and videos. (Sales manager).",
            "Sales manager",
            False,
            "I prepared",
        ),
    ],
)
def test_an_attributed_excerpt_names_its_speaker(text: str, label: str, is_code: bool, body_start: str) -> None:
    found = attribution(text)
    assert found is not None, text
    assert found[0] == label and found[1] is is_code
    assert found[2].startswith(body_start) and label not in found[2]


@pytest.mark.parametrize(
    "text",
    [
        "La gestión pública se modernizó con el gobierno electrónico (Naser y Concha, 2011).",  # a citation
        "Como señala la literatura, la participación es clave (Smith, 2019, p. 4).",
        "El trabajo cooperativo asistido por computador (CSCW)",  # an acronym, no finished sentence before it
        "El World Wide Web Consortium, abreviado W3C, es un consorcio. (W3C)",  # the label is the subject
        "RF1: El usuario debe poder entrenar el clasificador antes de su uso.",  # a requirement
        "H1: La calidad del servicio influye en la satisfacción de los usuarios.",  # a hypothesis
        "Figura 3: Arquitectura general del sistema propuesto para la municipalidad.",
        "Tabla 2. Distribución de los informantes por cargo y área de trabajo (elaboración propia).",
        "El texto continúa en la página siguiente sin ninguna atribución al final.",
        "Se aplicó el cuestionario a todos los participantes. [@perez2019, p. 4]",
    ],
)
def test_what_is_not_an_attributed_excerpt(text: str) -> None:
    assert attribution(text) is None


def para(key: str, indent: int = 0, style_quote: bool = False) -> Para:
    return Para(key, None, "Normal", None, None, indent, 0.0, "", False, False, is_quote_style=style_quote)


def test_only_set_apart_paragraphs_are_quotes_and_a_run_of_them_is_one() -> None:
    chunks = [
        Chunk("p", "Según el gerente, la implementación fue lenta. (E2)", key="P1"),  # body text: not set apart
        Chunk("p", "“Primero hicimos el TUPA en línea.", key="P2"),
        Chunk("p", "Después vino la ventanilla única.” (E2)", key="P3"),
        Chunk("p", "A mi madre, por su apoyo incondicional. (Dedicatoria)", key="P4"),
        Chunk("p", "Nadie sabía usar el sistema al comienzo. (E4)", key="P5", quoted=True),
    ]
    paras = {"P1": para("P1"), "P2": para("P2", 720), "P3": para("P3", 720), "P4": para("P4", 720), "P5": para("P5")}
    found = find_excerpts(chunks, paras, body_indent=0)
    assert [(e.label, e.text) for e in found] == [
        ("E2", "Primero hicimos el TUPA en línea.\n\nDespués vino la ventanilla única."),
        ("E4", "Nadie sabía usar el sistema al comienzo."),
    ]
    # a template that indents all body text: indentation equal to the body's is not "set apart"
    assert find_excerpts(chunks[1:3], paras, body_indent=720) == []


def test_participant_codes_fit_the_project_s_pattern_and_never_collide() -> None:
    taken: dict[str, str] = {}
    assert informant_code("E3", r"^E[0-9]+[A-Z]?$", "E1", taken) == "E3"
    assert informant_code("Entrevistado 3", r"^[A-Z][A-Z0-9]*$", "P01", taken) == "E3"
    taken["E3"] = "Entrevistado 3"
    assert informant_code("Experto 3", r"^[A-Z][A-Z0-9]*$", "P01", taken) == "EXPERTO3"
    assert informant_code("Marketer", r"^P[0-9]{2}$", "P01", {}) == "P01"
    assert informant_code("Sales manager", r"^P[0-9]{2}$", "P01", {"P01": "Marketer"}) == "P02"
    assert informant_code("E-3", r"^P[0-9]{2}$", "P01", {}) == "P01"
