import pytest

from reader_engine.errors import AuthoringError


def test_body_paragraphs_and_list_items_are_numbered(convert):
    html, _ = convert("# Title\n\n!!! abstract \"In brief\"\n    Not counted.\n\nFirst.\n\n"
                      "> A quotation, not counted.\n\nSecond.\n\n- item\n- item\n", chapter=3)
    assert html.count('class="para-num"') == 4
    for n in range(1, 5):
        assert f'id="p3-{n}"' in html and f'data-para="3.{n}"' in html and f"¶\u00a03.{n}</a>" in html
    assert "Not counted." in html.split('id="p3-1"')[0]


def test_pages_without_a_chapter_are_not_numbered(convert):
    html, _ = convert("Just a page.")
    assert "para-num" not in html


def test_numbers_are_stable_across_builds(convert):
    text = "One.[^a]\n\nTwo [[soviet]].\n\n[^a]: Context: x.\n"
    assert convert(text, chapter=2)[0] == convert(text, chapter=2)[0]


def test_duplicate_anchor_fails_with_line(convert):
    with pytest.raises(AuthoringError) as caught:
        convert("One.\n\n## Heading {#p3-1}\n", chapter=3)
    assert str(caught.value).startswith("docs/chapters/01.md:3: the anchor '#p3-1' is used twice")
