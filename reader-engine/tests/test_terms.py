import xml.etree.ElementTree as ET

import pytest

from reader_engine.errors import AuthoringError
from reader_engine.glossary import Glossary


def test_marked_term_links_to_glossary_with_accessible_definition(convert):
    html, _ = convert("The [[soviets]] met.", path="chapters/03.md")
    span = ET.fromstring(html).find(".//span[@class='term']")
    link, tip = span.find("a"), span.find("span")
    assert link.get("href") == "../glossary.md#soviet" and link.text == "soviets"
    assert tip.get("role") == "tooltip" and link.get("aria-describedby") == tip.get("id")
    assert "".join(tip.itertext()).startswith("soviet A council of delegates")


def test_shown_words_and_case_insensitive_aliases(convert):
    html, _ = convert("[[the councils|Soviets]] and [[DUAL POWER]].", path="index.md")
    assert 'href="glossary.md#soviet">the councils</a>' in html
    assert 'data-term="dual-power"' in html


def test_term_uses_record_their_paragraph(convert):
    _, page = convert("Intro [[soviet]].\n\nLater [[dual power]] and [[soviets]].", chapter=4)
    assert [u for u in page.uses if u[0] == "term"] == [
        ("term", "soviet", "p4-1", "4.1"), ("term", "dual-power", "p4-2", "4.2"), ("term", "soviet", "p4-2", "4.2")]


def test_chapter_gets_key_terms_box_in_first_use_order(convert):
    html, _ = convert("[[soviet]] then [[dual power]].", chapter=1)
    box = ET.fromstring(f"<r>{html}</r>").find(".//aside[@class='key-terms']")
    assert [dt.find("a").text for dt in box.iter("dt")] == ["soviet", "dual power"]


def test_no_popover_inside_headings(convert):
    html, _ = convert("## About [[soviets]]\n")
    assert "term-tip" not in html and 'id="about-soviets"' in html


def test_unknown_term_names_line_and_suggests(convert):
    with pytest.raises(AuthoringError) as caught:
        convert("One.\n\nThe [[sovets]] met.\n", line_offset=2)
    message = str(caught.value)
    assert message.startswith("docs/chapters/01.md:5: unknown glossary term 'sovets' (did you mean 'soviets'")
    assert "glossary.yml" in message


@pytest.mark.parametrize("yaml_text, message", [
    ("- term: soviet\n  short: a\n- term: Soviet\n  short: b\n", "has the same anchor '#soviet'"),
    ("- term: soviet\n  short: a\n  aliases: [council]\n- term: assembly\n  short: b\n  aliases: [council]\n",
     "'council' names both"),
    ("- term: soviet\n  short: a\n  related: [nonexistent]\n", "unknown related term 'nonexistent'"),
    ("- term: soviet\n", "needs a 'term' and a 'short'"),
    ("- term: soviet\n  short: a\n  colour: red\n", "unknown field(s) colour"),
    ("- term: soviet\n  short: [unclosed\n", "not valid YAML"),
])
def test_glossary_mistakes_name_the_entry_line(tmp_path, yaml_text, message):
    path = tmp_path / "glossary.yml"
    path.write_text(yaml_text)
    with pytest.raises(AuthoringError) as caught:
        Glossary.load(path, shown_as="glossary.yml")
    assert str(caught.value).startswith("glossary.yml:") and message in str(caught.value)
