"""Story similarity: articles telling the same story score higher than articles of another story."""
from eventdesk.fuse.story import StoryIndex, story_terms, tokens

ARTICLES = {
    "a": ("Truck ploughs into festival crowd in Lyon", "A truck swerved into a crowd watching the festival "
          "fireworks on the riverside in Lyon on Thursday night, killing 30 people, the mayor said."),
    "b": ("Lyon festival attack: driver shot dead", "Police shot dead the driver of the truck that ploughed into "
          "the festival crowd in Lyon, where 30 people died watching the fireworks."),
    "c": ("Central bank raises interest rates", "The central bank raised its main interest rate by half a "
          "point on Thursday, citing inflation, the governor said."),
    "d": ("Gunmen kill 4 at checkpoint in Kandahar", "Gunmen killed four police officers at a checkpoint "
          "outside Kandahar on Thursday night, officials said."),
}


def test_tokens_drop_function_and_calendar_words():
    assert tokens("The driver's truck, on Thursday, hit the crowd") == ["driver", "truck", "hit", "crowd"]


def test_headline_counts_twice_and_a_repeated_headline_once():
    terms = story_terms("Lyon attack", "Lyon attack\nThe attack in Lyon")
    assert terms["lyon"] == 3 and terms["attack"] == 3


def test_same_story_scores_higher_than_other_stories():
    index = StoryIndex()
    for doc_id, (title, text) in ARTICLES.items():
        index.add(doc_id, story_terms(title, text))
    same = index.similarity("a", "b")
    assert same > 2 * max(index.similarity("a", "c"), index.similarity("a", "d"))
    assert index.similarity("a", "a") == 1.0 and index.similarity("a", "missing") is None
