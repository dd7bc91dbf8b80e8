from generator.source.citations import Cite, CiteItem, cited_keys, parse


def cites(text: str) -> list[Cite]:
    return [s for s in parse(text) if isinstance(s, Cite)]


def test_parenthetical_with_locator() -> None:
    (c,) = cites("texto [@naser2011, p. 5].")
    assert not c.narrative
    assert c.items == (CiteItem("naser2011", locator=("page", "5")),)


def test_multiple_items_prefix_and_suppressed_author() -> None:
    (c,) = cites("[@riascos2008; como se citó en @naser2011] y")
    assert [i.key for i in c.items] == ["riascos2008", "naser2011"]
    assert c.items[1].prefix == "como se citó en"
    (y,) = cites("(año [-@gil2007])")
    assert y.items[0].suppress_author


def test_narrative_and_plain_text_kept_in_order() -> None:
    segments = parse("Según @gil2007, la mayoría.")
    assert segments[0] == "Según "
    assert isinstance(segments[1], Cite) and segments[1].narrative
    assert segments[2] == ", la mayoría."


def test_emails_and_bracketed_text_are_not_citations() -> None:
    assert cited_keys("escriba a x@y.com [nota sin clave]") == []


def test_cited_keys_in_order_with_repeats() -> None:
    assert cited_keys("@a2000 y [@b2001; @a2000]") == ["a2000", "b2001", "a2000"]
