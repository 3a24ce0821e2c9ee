"""Event dates end to end: each event takes the date its own text gives, or says how it guessed."""
import eventdesk


def events(text, published="2023-02-14"):   # a Tuesday
    return eventdesk.extract(text, published=published, doc_id="t")


def test_the_date_comes_from_the_clause_reporting_the_event_not_the_statement():
    text = ("Officials said on Tuesday that a convoy carrying food for the camps in Kunar province had "
            "been ambushed by gunmen on the road near the border on Sunday night, killing three drivers.")
    [ev] = events(text)
    assert (ev.event_date, ev.date_precision) == ("2023-02-12", "day")


def test_an_undated_sentence_goes_on_with_the_time_of_its_paragraph():
    text = ("On 12 March 2022, the provincial governor was travelling to Jalalabad with his guards. "
            "Gunmen opened fire on the convoy near Surkhrod, killing two guards.")
    [ev] = events(text)
    assert (ev.event_date, ev.date_precision) == ("2022-03-12", "day")
    assert ev.provenance["event_date"] == "paragraph: 12 March 2022"
    assert any(span.text == "12 March 2022" and "event_date" in span.fields for span in ev.evidence)


def test_the_time_of_another_paragraph_does_not_carry_over():
    text = ("On 12 March 2022, the provincial governor was travelling to Jalalabad with his guards.\n\n"
            "Gunmen opened fire on a bus in Kunar province, killing two passengers.")
    [ev] = events(text, published="2022-03-20")
    assert ev.provenance["event_date"] == "fallback: reference date"


def test_an_event_reported_without_a_date_is_near_the_day_of_writing():
    [ev] = events("A roadside bomb killed two soldiers in Helmand province, officials said.")
    assert (ev.event_date, ev.date_precision) == ("2023-02-13", "week")
    assert ev.provenance["event_date"] == "fallback: reference date"


def test_a_named_month_keeps_its_precision_when_the_year_of_writing_is_inferred():
    text = ("Daesh has struck foreign missions since the Taliban took over in August 2021. "
            "An attack in October last year on the Turkish embassy in Kabul killed three guards. "
            "On February 2, Qatar closed its embassy in Kabul.")
    dates = {ev.evidence[0].text[:20]: (ev.event_date, ev.date_precision) for ev in events(text, published=None)}
    assert dates["An attack in October"] == ("2022-10-01", "month")
    assert dates["On February 2, Qatar"] == ("2023-02-02", "day")
