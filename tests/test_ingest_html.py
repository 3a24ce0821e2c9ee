"""HTML pages: trafilatura's main text (offsets index it) and the page's metadata."""
from datetime import date

from eventdesk.ingest import IngestError, read_inputs

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Grenade attack on bus station in Goma | Great Lakes Monitor</title>
<meta property="og:site_name" content="Great Lakes Monitor">
<meta property="article:published_time" content="2022-11-04T09:00:00+02:00">
<link rel="canonical" href="https://glm.example/2022/11/04/goma-grenade">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<article><h1>Grenade attack on bus station in Goma</h1>
<p>A grenade thrown into a crowded bus station in Goma, the capital of North Kivu province, killed three
people and wounded 14 on Thursday evening, the provincial governor's office said.</p>
<p>No group claimed the attack, but officials blamed fighters of the Allied Democratic Forces, who have
carried out a series of bombings in the region this year.</p></article>
<footer>Copyright Great Lakes Monitor. Cookie settings. Newsletter sign-up.</footer>
</body></html>"""


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_main_text_without_page_furniture(tmp_path):
    [doc] = read_inputs([write(tmp_path / "goma.html", PAGE)])
    assert doc.id == "goma.html"
    assert "grenade thrown into a crowded bus station" in doc.text
    assert "Cookie settings" not in doc.text and "Sport" not in doc.text
    start = doc.text.index("North Kivu")
    assert doc.text[start:start + len("North Kivu")] == "North Kivu"


def test_metadata_becomes_document_fields(tmp_path):
    [doc] = read_inputs([write(tmp_path / "goma.htm", PAGE)], published=date(2030, 1, 1))
    assert doc.title.startswith("Grenade attack on bus station in Goma")
    assert doc.published == date(2022, 11, 4)  # the page's own date beats the fallback
    assert doc.url == "https://glm.example/2022/11/04/goma-grenade"
    assert doc.source == "Great Lakes Monitor"


def test_published_parameter_used_when_page_has_no_date(tmp_path):
    page = ("<html><head><title>Raid</title></head><body><article><p>Security forces raided a house in "
            "Mosul's old city and arrested four suspects accused of planning attacks on the "
            "Nineveh provincial council, a police officer said.</p></article></body></html>")
    [doc] = read_inputs([write(tmp_path / "raid.html", page)], published=date(2019, 7, 1))
    assert doc.published == date(2019, 7, 1)


def test_html_without_body_has_no_main_text(tmp_path):
    [error] = read_inputs([write(tmp_path / "head-only.html", "<html><head><title>Hi</title></head></html>")])
    assert isinstance(error, IngestError)
    assert error.message == "HTML has no main text"
    assert str(tmp_path / "head-only.html") in str(error)


def test_page_of_navigation_only_has_no_main_text(tmp_path):
    page = "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><footer>(c)</footer></body></html>"
    [error] = read_inputs([write(tmp_path / "nav.html", page)])
    assert isinstance(error, IngestError) and error.message == "HTML has no main text"


def test_declared_legacy_charset_is_honoured(tmp_path):
    page = PAGE.replace('charset="utf-8"', 'charset="windows-1252"').replace("governor's", "governor’s")
    [doc] = read_inputs([write(tmp_path / "cp1252.html", page, encoding="cp1252")])
    assert "governor’s office" in doc.text


def test_undeclared_invalid_utf8_html_is_an_error(tmp_path):
    page = PAGE.replace('<meta charset="utf-8">', "").replace("governor's", "governor’s")
    [error] = read_inputs([write(tmp_path / "bad.html", page, encoding="cp1252")])
    assert isinstance(error, IngestError) and "invalid UTF-8" in error.message


def test_html_content_without_html_extension_is_detected(tmp_path):
    [doc] = read_inputs([write(tmp_path / "saved-page", PAGE)])
    assert "Cookie settings" not in doc.text and "Goma" in doc.text
