import re
import xml.etree.ElementTree as ET

import pytest

from reader_engine.errors import AuthoringError


def parse(html):
    return ET.fromstring(f"<root>{html.replace('&#160;', ' ')}</root>")


def test_each_reference_gets_an_inline_note_of_its_kind(convert):
    html, _ = convert("Text one.[^a] Text two.[^b]\n\n[^a]: Context: Lvov led the cabinet.\n[^b]: Question: Why then?\n")
    root = parse(html)
    notes = root.findall(".//p/span[@class='sn']")
    assert [n.get("data-kind") for n in notes] == ["context", "question"]
    first = notes[0].find("span[@class='sidenote']")
    assert first.get("role") == "note"
    assert "".join(first.itertext()).strip() == "Note 1 Context. Lvov led the cabinet."
    # the notes stand in the text, so the footnote list would only repeat them
    assert root.find(".//div[@class='footnote']") is None and "fnref" not in html


def test_note_controls_are_labelled_and_linked(convert):
    html, _ = convert("Claim.[^x]\n\n[^x]: Correction: Wrong date. Confidence: verified.\n")
    root = parse(html)
    toggle = root.find(".//input[@class='sn-toggle']")
    assert toggle.get("aria-label") == "Note 1, correction"
    assert root.find(f".//span[@id='{toggle.get('aria-controls')}']").get("class") == "sidenote"
    label = root.find(".//label[@class='sn-ref']")
    assert label.get("for") == toggle.get("id")
    # the visible number is hidden from assistive technology, which hears the aria-label instead
    assert label.get("aria-hidden") is None and label.find("span").get("aria-hidden") == "true"
    assert "".join(label.itertext()) == "1"
    # without CSS the controls stay hidden and the note reads inline, in brackets, after its call
    assert toggle.get("hidden") and root.find(".//label").get("hidden")
    for hidden in [e for e in root.iter() if e.get("hidden")]:
        hidden.clear()
    assert "".join(root.find(".//p").itertext()) == "Claim. [Note 1 Correction. Wrong date. Confidence: verified.]"


def test_numbers_follow_reading_order_not_definition_order(convert):
    html, _ = convert("A.[^late] B.[^early]\n\n[^early]: Context: two.\n[^late]: Context: one.\n")
    nums = re.findall(r'class="sn-num">(\d+)<', html)
    assert nums == ["1", "2"]
    assert html.index("one.") < html.index("two.")


def test_multi_paragraph_note_and_backlink_removed(convert):
    html, _ = convert("A.[^n]\n\n[^n]: Context: First part.\n\n    Second part.\n")
    note = parse(html).find(".//span[@class='sidenote']")
    assert [p.text for p in note.findall("span[@class='sn-p']")] == ["First part.", "Second part."]
    assert note.find(".//a[@class='footnote-backref']") is None


def test_reused_note_gets_unique_ids(convert):
    html, _ = convert("A [@kilcullen2013]. B [@kilcullen2013].")
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert html.count('class="sidenote"') == 2


@pytest.mark.parametrize("source, line, message", [
    ("Text.[^a]\n\n[^a]: Gossip: hearsay.\n", 3, "note [^a] has unknown kind 'Gossip'"),
    ("Text.[^a]\n\n[^a]: No label here.\n", 3, "note [^a] does not start with a kind"),
    ("One.\n\nTwo.[^missing]\n", 3, "note reference [^missing] has no definition"),
    ("One.[^a]\n\n[^a]: Context: ok.\n[^b]: Context: orphan.\n", 4, "note [^b] is defined but never referenced"),
    ("One.[^a]\n\n[^a]: Context: ok.\n[^a]: Context: again.\n", 4, "note [^a] is defined twice"),
    ("One.[^a][^b]\n\n[^a]: Context: see[^b].\n[^b]: Context: x.\n", 3, "contains a reference to another note"),
])
def test_note_mistakes_name_file_and_line(convert, source, line, message):
    with pytest.raises(AuthoringError) as caught:
        convert(source, line_offset=4)
    assert str(caught.value).startswith(f"docs/chapters/01.md:{line + 4}: ")
    assert message in str(caught.value)
    assert "Fix:" in str(caught.value)


def test_code_is_not_mistaken_for_notes(convert):
    html, _ = convert("Use `[^x]` to cite.\n\n```\n[^y]\n```\n")
    assert "sidenote" not in html


def test_adjacent_calls_are_marked_so_they_read_3_4_not_34(convert):
    html, _ = convert("One.[^a][^b] Two.[^c] [^d] Three[^e] and.[^f]\n\n"
                      + "".join(f"[^{x}]: Context: {x}.\n" for x in "abcdef"))
    p = parse(html).find(".//p")
    assert [sn.get("class") for sn in p.iter("span") if sn.get("data-kind") and "sidenote" not in sn.get("class")] == \
        ["sn", "sn sn-follows", "sn", "sn sn-follows", "sn", "sn"]
    groups = p.findall("span[@class='sn-group']")        # no line break inside a group of calls
    assert [[sn.find(".//span[@class='sn-num']").text for sn in g] for g in groups] == [["1", "2"], ["3", "4"]]
    assert groups[0].tail == " Two." and groups[1].tail == " Three"
