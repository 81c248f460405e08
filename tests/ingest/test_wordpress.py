"""WordPress shortcodes in real Global Voices bodies become figures with captions and credits."""

from __future__ import annotations

from mynews.ingest.wordpress import expand_shortcodes, figures_of

REAL = (
    '[caption id="attachment_316658" align="aligncenter" width="320" caption="Jakarta Governor Foke Giving the '
    'Middle Finger Gesture. Photo from @SHANDYKIIDNAHS"]<a href="http://twitpic.com/9al9tl"><img title="x" '
    'src="http://globalvoicesonline.org/wp-content/uploads/2012/05/foke.jpg" alt="" width="320" /></a>[/caption]'
    "Text after."
)
INNER = (
    '[caption id="" align="alignright" width="300"]<img src="http://example.org/a.jpg" alt="" /> '
    "Demonstration on Avenue Habib Bourguiba, Tunis. Photo by Amine Ghrabi on Flickr (CC BY-NC 2.0)[/caption]"
)


def test_caption_attribute_becomes_a_figcaption() -> None:
    html = expand_shortcodes(REAL)
    assert "[caption" not in html and "<figcaption>Jakarta Governor" in html
    images, captions = figures_of(html, "http://globalvoicesonline.org/")
    assert images[0].url.endswith("foke.jpg")
    assert captions[0].text.startswith("Jakarta Governor Foke")


def test_caption_text_inside_the_shortcode_and_its_credit() -> None:
    images, captions = figures_of(expand_shortcodes(INNER))
    assert images[0].url == "http://example.org/a.jpg"
    assert captions[0].text == "Demonstration on Avenue Habib Bourguiba, Tunis."
    assert captions[0].credit and "Amine Ghrabi" in captions[0].credit


def test_embeds_become_links_and_unknown_shortcodes_go() -> None:
    html = expand_shortcodes("[embed]http://www.youtube.com/watch?v=abc[/embed][gallery ids=1,2]")
    assert '<a href="http://www.youtube.com/watch?v=abc">' in html and "[gallery" not in html
