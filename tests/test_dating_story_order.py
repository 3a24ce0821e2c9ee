"""An undated incident told further on in a report happened when the incident told before it did."""
import datetime

from eventdesk import Pipeline
from eventdesk.model import Document

REPORT = (
    "Rioting spread across three districts of the state on Saturday.\n\n"
    "In Meerut, a mob set fire to a row of shops on Saturday evening and police fired tear gas.\n\n"
    "The state government held an emergency meeting. Ministers discussed relief camps. "
    "Schools were closed in two districts. Trains were cancelled. Officials toured the area.\n\n"
    "Trouble also broke out in Muzaffarnagar, where two men were stabbed near the bus stand.")


def test_an_undated_incident_later_in_the_story_takes_the_date_of_the_one_before():
    events = Pipeline().process(Document(id="t", text=REPORT, published=datetime.date(2023, 9, 4)))
    by_town = {e.location: e for e in events}
    assert by_town["Meerut"].event_date == "2023-09-02"
    later = by_town["Muzaffarnagar"]
    assert later.event_date == "2023-09-02"
    assert later.provenance["event_date"] == "the date of the incident told before"
