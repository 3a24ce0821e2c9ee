"""A threat's author is who voices it, not the forces it names as targets; a plot told at
another town than the threat before it is a threat of its own."""
import datetime

from eventdesk import Pipeline
from eventdesk.model import Document

REPORT = (
    "Al-Shabaab fighters attacked an army base in Lower Shabelle on Monday, killing four soldiers.\n\n"
    "The group has also warned that it will target African Union troops before the elections.\n\n"
    "In Kenya, police said they had arrested three men suspected of planning attacks on hotels in Mombasa.")


def test_the_threat_is_the_groups_and_the_plot_another():
    events = Pipeline().process(Document(id="t", text=REPORT, published=datetime.date(2024, 3, 5)))
    threats = [e for e in events if e.kind == "threat"]
    warned = next(e for e in threats if "warned" in e.evidence[0].text)
    assert warned.actor1 == "Al Shabaab"
    assert any(e.country == "Kenya" for e in events if "Mombasa" in e.evidence[0].text)
    assert len(threats) == 2
