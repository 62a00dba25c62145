"""The take-away formats: offline copy, A4 handouts, book PDF, EPUB, A5 booklet and session packs.

Every format is made from the built site's HTML, where the reader engine has already decided
which paragraph is ¶ 3.7 and which note is which, so the numbers cannot drift between formats.
"""
