"""Reference dates: given, from datelines, or inferred from what the text says (and marked so)."""
from datetime import date

from eventdesk.time import ReferenceDate, fallback_date, reference_date


def test_published_date_wins():
    ref = reference_date("KABUL, Feb 14 (Reuters) - Gunmen attacked a bank.", published=date(2023, 2, 15))
    assert ref == ReferenceDate(date(2023, 2, 15), "published", "day")


def test_metadata_date_comes_next():
    ref = reference_date("On Monday, gunmen attacked a bank.", metadata_date=date(2022, 6, 7))
    assert ref == ReferenceDate(date(2022, 6, 7), "metadata", "day")


def test_labelled_publication_line():
    text = "World news\nBy Staff Reporter | Published on 14 February 2023\n\nA raid on Monday night killed five."
    assert reference_date(text) == ReferenceDate(date(2023, 2, 14), "dateline", "day")


def test_updated_line_with_a_clock_time():
    text = "Updated: 2019-04-23 08:17\n\nA car bomb exploded outside the police headquarters."
    assert reference_date(text) == ReferenceDate(date(2019, 4, 23), "dateline", "day")


def test_publication_line_beats_an_update_line():
    text = "Last updated: 20 March 2021\nFirst published: 18 March 2021\n\nMilitants burned a school."
    assert reference_date(text).date == date(2021, 3, 18)


def test_agency_dateline_takes_its_year_from_the_text():
    text = ("KABUL, Feb 14 (Reuters) - Security forces raided a hideout in the capital on Monday night, "
            "a spokesman said. The group has claimed attacks since August 2021 and a bombing on Jan. 5, 2023.")
    assert reference_date(text) == ReferenceDate(date(2023, 2, 14), "dateline", "day")


def test_date_alone_on_a_line_near_the_top():
    text = "Province sees new clashes\nTuesday, 7 June 2022 10:45\n\nFighting broke out near the dam on 2 June 2022."
    assert reference_date(text) == ReferenceDate(date(2022, 6, 7), "dateline", "day")


def test_reported_publication_in_running_text_is_not_a_dateline():
    text = "The report was published on 3 March 2022. Fighters attacked the base on 28 April 2022."
    ref = reference_date(text)
    assert (ref.date, ref.method) == (date(2022, 4, 28), "inferred:latest-date")


def test_latest_full_date_is_an_inferred_lower_bound():
    text = ("On 11th April 2022, two blasts hit a school. On 16th April 2022, a mosque was bombed. "
            "On 27th May 2022, a roadside mine struck a bus.")
    assert reference_date(text) == ReferenceDate(date(2022, 5, 27), "inferred:latest-date", "month")


def test_planned_dates_do_not_count_as_reported():
    text = "Gunmen attacked the polling station on 3 July 2024. A new vote is scheduled for 12 October 2024."
    assert reference_date(text).date == date(2024, 7, 3)


def test_a_yearless_day_shortly_after_the_latest_full_date_moves_it_forward():
    text = "The district fell on 30 May 2021. On June 3, the militants executed two officials."
    assert reference_date(text).date == date(2021, 6, 3)


def test_years_plus_relative_year_language_suggest_two_years_on():
    # A writer in 2022 would call 2021 "last year"; naming it and saying "this year" points later.
    text = ("Dozens of attacks have followed since August 2021. Earlier this year, two governors were "
            "killed, and a UN report last month counted the toll.")
    assert reference_date(text) == ReferenceDate(date(2023, 12, 31), "inferred:relative-year", "year")


def test_years_alone_suggest_the_year_after():
    text = "The group has grown since it took power in August 2021. Recently it attacked a hotel."
    assert reference_date(text) == ReferenceDate(date(2022, 12, 31), "inferred:year-after-latest", "year")


def test_yearless_days_place_the_reference_date_within_the_guessed_year():
    text = ("The militia has attacked embassies since August 2021. A bombing in September last year hit the "
            "Turkish embassy; a hotel was bombed on Dec. 12. On February 2, another embassy closed.")
    ref = reference_date(text)
    assert ref == ReferenceDate(date(2023, 2, 2), "inferred:relative-year+month-day", "year")


def test_no_year_at_all_means_no_reference_date():
    ref = reference_date("Gunmen attacked a checkpoint on Monday, killing two guards.")
    assert ref == ReferenceDate(None, "none", None)


def test_fallback_for_a_day_precise_reference_is_the_day_before_at_week_precision():
    assert fallback_date(ReferenceDate(date(2021, 3, 14), "published", "day")) == ("2021-03-13", "week")


def test_fallback_keeps_the_reference_date_uncertainty():
    assert fallback_date(ReferenceDate(date(2022, 5, 25), "dateline", "month")) == ("2022-05-01", "month")
    assert fallback_date(ReferenceDate(date(2023, 12, 31), "inferred:relative-year", "year")) == ("2023-01-01", "year")
    assert fallback_date(ReferenceDate(None, "none", None)) == (None, None)


def test_fallback_from_the_latest_reported_day_is_that_day_at_week_precision():
    # The latest day an undated article mentions is most often the day of its lead news.
    assert fallback_date(ReferenceDate(date(2023, 2, 14), "inferred:latest-date", "month")) == ("2023-02-14", "week")


def test_publication_label_with_the_date_on_the_next_line():
    text = "Published on\n\nSat 11 Mar 2023\n\nFighters attacked a border post overnight."
    assert reference_date(text) == ReferenceDate(date(2023, 3, 11), "dateline", "day")


def test_publication_label_without_a_date_is_ignored():
    text = "Published\n\non\n\nMilitants attacked a checkpoint on 2 May 2021, police said."
    assert reference_date(text).method == "inferred:latest-date"


def test_a_recent_month_places_a_guessed_year_early_so_last_september_is_the_one_before():
    # "last September" and "in December 2022": written in early 2023, not at its end.
    text = ("A suicide bomber attacked the Russian embassy in Kabul last September, and gunmen raided a "
            "hotel popular with Chinese guests in December 2022.")
    ref = reference_date(text)
    assert (ref.date.year, ref.method, ref.precision) == (2023, "inferred:year-after-latest+latest-month", "year")
    assert ref.date <= date(2023, 3, 31)


def test_an_old_month_leaves_the_guessed_year_open():
    text = "The group has grown since it took power in August 2021. Recently it attacked a hotel."
    assert reference_date(text).method == "inferred:year-after-latest"


def test_a_copyright_line_gives_the_year_of_a_dateline_without_one():
    text = ("Two killed as protesters clash with police\n\nDHAKA, Oct 28 (Reuters) - Two people died and dozens "
            "were hurt on Saturday.\n\n© 2023 News Agency. All rights reserved.")
    ref = reference_date(text)
    assert ref.date.isoformat() == "2023-10-28"


def test_an_article_is_written_after_the_latest_month_it_dates():
    text = ("On 27 August 1975 a bomb exploded without warning at a pub in Caterham. "
            "The cell's members were caught in December 1975 after a siege in London.")
    ref = reference_date(text, None)
    assert (ref.method, ref.date) == ("inferred:latest-date", date(1975, 12, 31))
