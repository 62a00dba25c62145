"""The search index (search_index.py) read from rendered pages, and the timeline's event ids it links to."""
import json

from reader_engine.search_index import SearchIndex

CHAPTER = """# One

!!! abstract "In brief"
    A summary.

## Part

First about [[soviet]].[^a]

> A quoted line.

Second.

[^a]: Context: A note on Petrograd.
"""


def records(html, url="chapters/one/", title="One"):
    index = SearchIndex()
    index.add_page(url, title, html)
    return index.docs


def test_each_paragraph_note_and_heading_is_a_record(convert):
    html, _ = convert(CHAPTER, chapter=3)
    assert records(html) == [
        [0, "one", "section", "", "One", "In brief A summary."],         # the page's title and intro
        [0, "part", "section", "", "Part", ""],
        [0, "p3-1", "para", "¶ 3.1", "", "First about soviet. A quoted line."],   # the quotation joins it
        [0, "p3-1", "note", "Note 1 (context) in ¶ 3.1", "", "A note on Petrograd."],   # links to its ¶
        [0, "p3-2", "para", "¶ 3.2", "", "Second."],
    ]


def test_what_repeats_other_text_is_left_out(convert):
    html, _ = convert(CHAPTER, chapter=3)
    text = json.dumps(records(html))
    assert "council" not in text               # the definition pop-up of [[soviet]]
    assert "¶ 3.1 " not in text and "Context:" not in text and "1 Context" not in text


GLOSSARY = """<h1 id="glossary">Glossary</h1>
<h2 id="letter-s">S</h2>
<h3 class="term-entry" id="soviet">soviet</h3>
<p>A council of delegates.</p>
<p class="term-meta"><em>Also:</em> soviets, councils · <em>Related:</em> <a href="#dual-power">dual power</a></p>
<p class="backlinks"><span class="backlinks-label">Used in:</span> <a href="../one/#p1-1">¶ 1.1</a></p>
"""


def test_a_glossary_entry_is_its_headword_and_other_names_with_its_definition():
    assert records(GLOSSARY, "glossary/", "Glossary")[2:] == [
        [0, "soviet", "term", "soviet", "soviet soviets, councils", "A council of delegates."]]


def test_a_bibliography_entry_is_headed_by_itself_with_the_editors_note():
    html = ('<h2 id="group-primary">Primary texts</h2><p class="bib-entry" id="lenin1917">Lenin, V. I. 1917. '
            '<em>The Dual Power</em>.</p><p class="bib-note"><em>Editors\' note:</em> In Pravda.</p>'
            '<p class="backlinks">Used in: <a href="#">¶ 1.1</a></p>')
    assert records(html, "bibliography/", "Bibliography")[1] == [
        0, "lenin1917", "bib", "", "Lenin, V. I. 1917. The Dual Power.", "Editors' note: In Pravda."]


def test_timeline_events_get_ids_from_their_dates_and_are_records(convert):
    html, _ = convert('<div class="timeline" markdown>\n\n## 1917 {#era-1917}\n\n'
                      '- <span class="tl-date">22 April 1917</span> **Lenin writes.** On dual power.\n\n'
                      '- <span class="tl-date">1917</span> **One.** A.\n\n'
                      '- <span class="tl-date">1917</span> **Two.** B.\n\n</div>\n')
    assert [f'id="ev-{slug}"' in html for slug in ("22-april-1917", "1917", "1917-2")] == [True] * 3
    assert records(html, "timeline/", "Timeline")[1] == [
        0, "ev-22-april-1917", "event", "22 April 1917 · Lenin writes.", "22 April 1917 Lenin writes.", "On dual power."]


def test_the_index_is_a_script_that_sets_one_global():
    index = SearchIndex()
    index.add_page("", "Home", "<h1 id='home'>Home</h1><p>Welcome.</p>")
    script = index.script()
    prefix = "(window.DPR=window.DPR||{}).searchIndex="
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix):-2]) == {"version": 1, "pages": [["", "Home"]],
                                                  "docs": [[0, "home", "section", "", "Home", "Welcome."]]}
