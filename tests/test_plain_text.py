"""Formatted text made plain for descriptions, harvests and excerpts keeps its words apart."""

from memorial.base.text import strip_html


def test_the_words_of_two_paragraphs_do_not_run_together():
    text = strip_html("<p>He was shot in 1937.</p><p>Named among the victims.</p>")
    assert text == "He was shot in 1937. Named among the victims."


def test_list_items_headings_and_line_breaks_stay_apart():
    text = strip_html("<h2>Life</h2><ul><li>teacher</li><li>poet</li></ul>Alma-Ata<br>1938")
    assert text == "Life teacher poet Alma-Ata 1938"


def test_paragraphs_can_be_kept_as_lines():
    html = "<p>One   paragraph\n of words.</p><p>Another &amp; more.</p>"
    assert strip_html(html, paragraphs=True) == "One paragraph of words.\n\nAnother &amp; more."


def test_inline_emphasis_does_not_split_words():
    assert strip_html("<p>Ба<em>й</em>тұрсынұлы <b>Ахмет</b></p>") == "Байтұрсынұлы Ахмет"


def test_nothing_gives_nothing():
    assert strip_html(None) == "" and strip_html("") == ""
