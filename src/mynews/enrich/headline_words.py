"""A headline's words with their part of speech, for naming a storyline by what its headlines
keep saying ("hunger strike", "Trump impeachment").

Many publishers capitalise every word of a headline ("Palestine: Mass Hunger Strike by
Prisoners"), which makes the tagger call every word a proper noun. Such a headline is tagged in
lower case (its first letter kept) and its common words are given in lower case, so "Hunger
Strike" reads as the common noun phrase it is and "Indigenous" as the adjective it is.
"""

from __future__ import annotations

from functools import lru_cache

from mynews.enrich.entities import load_nlp, title_case

TaggedWord = tuple[str, str, str]
"""(the word as it should read in a name, its universal part of speech, the space after it)"""

TITLE_CASE_SHARE = 0.6  # looser than the entity step's 0.9: tagging in lower case costs little
# the parts of the pipeline that give a word's part of speech
TAGGING = ("tok2vec", "tagger", "attribute_ruler")
_LOWERED_KINDS = frozenset({"NOUN", "ADJ", "VERB", "ADV"})


@lru_cache(maxsize=8192)
def tag_headline(text: str) -> tuple[TaggedWord, ...]:
    """The words of ``text`` (one headline) with their part of speech; cached, since a
    storyline's names are recomputed from the same headlines as it grows."""
    text = " ".join(text.split())
    if not text:
        return ()
    nlp = load_nlp()
    doc = nlp.make_doc(text)
    titled = title_case(doc, share=TITLE_CASE_SHARE)
    lowered = text[:1] + text[1:].lower() if titled else text
    if len(lowered) != len(text):  # a letter whose lower case is longer: tag as written
        lowered, titled = text, False
    if lowered != text:
        doc = nlp.make_doc(lowered)
    for name in TAGGING:  # called one by one: disabling the others would change the shared
        doc = nlp.get_pipe(name)(doc)  # pipeline under a thread reading entities with it
    out = []
    for token in doc:
        surface = text[token.idx : token.idx + len(token.text)]
        shown = token.text if titled and token.pos_ in _LOWERED_KINDS and token.i > 0 else surface
        out.append((shown, token.pos_, token.whitespace_))
    return tuple(out)
