from generator.urls import md_file, relative


def test_relative_links_between_directory_urls() -> None:
    assert relative("citas/x/", "referencias/#k") == "../../referencias/#k"
    assert relative("", "referencias/#k") == "referencias/#k"
    assert relative("referencias/", "referencias/#k") == "#k"
    assert relative("secciones/a/", "secciones/b/") == "../b/"
    assert relative("secciones/a/", "") == "../../"
    assert relative("", "datos/citas.json") == "datos/citas.json"


def test_markdown_file_of_a_url() -> None:
    assert md_file("") == "index.md"
    assert md_file("citas/dmpp5-01/") == "citas/dmpp5-01/index.md"
    assert md_file("secciones/marco/", index=False) == "secciones/marco.md"  # a navigation leaf, same URL
    assert md_file("", index=False) == "index.md"
