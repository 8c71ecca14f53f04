"""Cleaning: page furniture goes, from any kind of site; the report stays byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warmonitor.ingest.clean import clean
from warmonitor.ingest.furniture import Kind, classify

REPORT = """\
Air strikes kill 12 civilians in Idlib
BEIRUT (AFP) - Air strikes killed 12 civilians including three children in the town of Maarat al-Numan in northwest Syria on Sunday, the Syrian Observatory for Human Rights said.
The Britain-based monitor said the raids were carried out by Russian aircraft, a claim Moscow denied.
Rescue workers were still searching the rubble.
"We pulled two children out alive," a member of the White Helmets told AFP.
The province has been under a ceasefire deal since March, but violations are frequent.
Syria's war has killed more than 380,000 people since it started in 2011."""

TAILS = {
    "newsletter signup": """\
Sign up for our daily newsletter
Get the day's top stories delivered to your inbox every morning.
Enter your email address
Sign up
By signing up you agree to our Privacy Policy and Terms of Use.""",
    "related articles": """\
Related articles
Syria: 40 killed as car bomb hits Azaz market
Turkish drone strike kills three SDF fighters near Kobani
UN warns of catastrophe in Rukban camp""",
    "cookie banner": """\
We use cookies to improve your experience on our site and to show you relevant advertising. By clicking "Accept all", you consent to our use of cookies. Read our Cookie Policy.
Accept all
Manage preferences""",
    "share buttons": """\
Share this article
Facebook
Twitter
WhatsApp
Email
Copy link""",
    "app promotion": """\
Download our app for the latest updates
Available on the App Store and Google Play""",
    "copyright": "© 2024 Levant Daily Media Group. All rights reserved.",
    "read more and tags": """\
Read more: Death toll from Homs market bombing rises to 58
Topics
Syria
Idlib
Russia""",
    "membership appeal": """\
Support independent journalism
Become a member from $5 a month
$5/month
12 months
Cancel anytime""",
    "topics and top stories": """\
Related Topics
Syrian civil war
Islamic State group
More on this story
Syria war: Why is Idlib so important?
Published 2 days ago
Top Stories
Live: Gaza strikes kill 30, health ministry says
Copyright 2024 Example. All rights reserved. We are not responsible for external sites.""",
    "video links": """\
More From Example Wire
Video: Turkish strikes kill 9 in northern Syria
Sponsored""",
    "print and comments bar": """\
Print | Email | Comments (14)
Advertisement
Most read
1. Israel strikes Damascus airport
2. Five dead in Deraa clashes""",
}


def test_normal_report_is_left_unchanged() -> None:
    assert clean(REPORT) == REPORT


@pytest.mark.parametrize("site", sorted(TAILS))
def test_furniture_tail_is_cut(site: str) -> None:
    assert clean(f"{REPORT}\n{TAILS[site]}") == REPORT


@pytest.mark.parametrize("site", sorted(TAILS))
def test_furniture_tail_after_blank_lines_is_cut(site: str) -> None:
    assert clean(f"{REPORT}\n\n\n{TAILS[site]}\n\n") == REPORT


def test_all_tails_together_are_cut() -> None:
    assert clean("\n".join([REPORT, *TAILS.values()])) == REPORT


def test_page_head_is_dropped_but_headline_kept() -> None:
    head = "Skip to main content\nMenu\nHome › World › Middle East\nSubscribe\nLog in\n"
    assert clean(head + REPORT) == REPORT


def test_links_and_adverts_inside_the_report_go() -> None:
    lines = REPORT.split("\n")
    with_furniture = [
        *lines[:3],
        "Advertisement",
        "Read more: Five dead in Deraa clashes",
        *lines[3:],
    ]
    assert clean("\n".join(with_furniture)) == REPORT


def test_sentences_that_mention_subscribing_stay() -> None:
    report = (
        f"{REPORT}\n"
        "Local councils that subscribe to the UN early-warning system said the shelling also "
        "wounded 20 people, and residents were urged to sign up for evacuation lists.\n"
        "Residents were told to sign in at the checkpoint."
    )
    assert clean(report) == report
    assert clean(f"{report}\n{TAILS['newsletter signup']}") == report


def test_short_closing_lines_of_the_report_stay_above_a_tail() -> None:
    report = f"{REPORT}\nThe toll is expected to rise.\n(AFP)"
    assert clean(f"{report}\n{TAILS['copyright']}") == report


def test_a_tail_cannot_swallow_a_paragraph() -> None:
    paragraph = REPORT.split("\n")[1]
    text = f"Advertisement\nSubscribe\n{paragraph}\n{TAILS['share buttons']}"
    assert clean(text) == paragraph


def test_a_report_on_one_long_line_is_never_furniture() -> None:
    lines = REPORT.split("\n")
    line = " ".join(
        [*lines[:3], "Subscribe now for unlimited access. All rights reserved.", *lines[3:]]
    )
    assert classify(line) is Kind.PARAGRAPH
    assert clean(line) == line


def test_furniture_run_into_the_last_line_is_cut() -> None:
    line = " ".join(REPORT.split("\n"))
    assert clean(f"{line} Read Also") == line
    assert clean(f"{line} Tags Syria Idlib Comment via Facebook") == line
    assert clean(f"{line} Rescuers said") == f"{line} Rescuers said"


RELATED_RUN_IN = (
    "214 Related Militia Seizes Two Villages Near the Border Drone Strike Kills 17 at Wedding"
    " Party in Valley Town Aid Convoy Reaches Besieged District Tags drone strikes Border"
)


def test_a_related_headline_list_run_into_the_last_line_is_cut() -> None:
    line = " ".join(REPORT.split("\n"))
    assert clean(f"{line} ... {RELATED_RUN_IN}") == f"{line} ..."
    assert clean(f"{line} Topic Fighting in the North (312) {RELATED_RUN_IN}") == line


@pytest.mark.parametrize(
    "line",
    [
        RELATED_RUN_IN,
        "Related Militia Seizes Two Villages Near the Border",
        "Tags: Border Fighting Drone Strikes",
    ],
)
def test_headline_lists_are_furniture(line: str) -> None:
    assert classify(line) is Kind.FURNITURE


@pytest.mark.parametrize(
    "line",
    [
        "Related talks in the capital broke down after the shelling killed 17 people.",
        "Topics on the table included a ceasefire and the release of 40 prisoners.",
        "Tags on the bodies showed that 12 of the dead were soldiers from the northern garrison.",
    ],
)
def test_sentences_that_open_with_a_label_word_stay(line: str) -> None:
    assert classify(line) is not Kind.FURNITURE


def test_blank_lines_collapse_and_trailing_spaces_go() -> None:
    assert clean("\n\nFirst line.  \n\n\n\nSecond line.\n\n") == "First line.\n\nSecond line."


@pytest.mark.parametrize(
    "line",
    [
        "₹900",
        "₹300/Month",
        "$4.99 a month",
        "EUR 9.99",
        "3 Months",
        "1 Year",
        "You’ve reached your limit of {{free_limit}} free articles this month.",
        "Already subscribed? Log in",
        "Subscribe to read the full story →",
        "Disclaimer: No journalist was involved in creation of this content",
        "(This story has not been edited by our staff and is published from a syndicated feed.)",
        "Copyright 2017 The Associated Press.",
        "Facebook Twitter WhatsApp Email",
        "Print Tweet Views 458 Related",
        "Home | World | Middle East",
        "Follow us on Telegram",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert classify(line) is Kind.FURNITURE


@pytest.mark.parametrize(
    "line",
    [
        "The war has killed a total of more than 250,000 people.",
        "The UN appealed for $4 billion in aid for Syria this year.",
        "Residents were told to sign in at the checkpoint.",
        "Clashes kill 47 in southern Syria",
        "Exclusive: Syrian army used barrel bombs in Daraa",
        "The siege has lasted 3 years.",
        "Kurds share control of Manbij",
        "2019",
    ],
)
def test_report_lines(line: str) -> None:
    assert classify(line) is not Kind.FURNITURE


def test_prose_between_an_advert_and_the_tail_stays() -> None:
    report = (
        f"{REPORT}\nAdvertisement\nMore than 500,000 people have fled the area since December.\n"
    )
    tail = "Listen to this article\nMost Popular\nIsrael kills 12 in Gaza strikes\nFacebook\nX"
    assert (
        clean(report + tail)
        == REPORT + "\nMore than 500,000 people have fled the area since December."
    )


def test_a_report_without_prose_only_loses_its_furniture_lines() -> None:
    bulletin = "Share\n12 killed in Idlib strike\nFacebook\n5 dead in Hama shelling\nSource: SANA"
    assert clean(bulletin) == "12 killed in Idlib strike\n5 dead in Hama shelling\nSource: SANA"


LINES = [*REPORT.split("\n"), *"\n".join(TAILS.values()).split("\n"), "", "   "]


@given(st.lists(st.sampled_from(LINES), max_size=30))
def test_cleaning_only_removes_lines(lines: list[str]) -> None:
    """Whatever the mix, every line left is a line of the input, in the input's order."""
    kept = clean("\n".join(lines)).split("\n")
    source = iter(line.rstrip() for line in lines)
    assert all(any(line == candidate for candidate in source) for line in kept if line)


@given(st.lists(st.sampled_from(REPORT.split("\n")), min_size=1, max_size=20))
def test_cleaning_keeps_any_report(lines: list[str]) -> None:
    assert clean("\n".join(lines)) == "\n".join(lines)


def test_a_list_of_headlines_in_sentence_case_run_into_the_last_line_is_cut() -> None:
    line = " ".join(REPORT.split("\n"))
    related = (
        " Source AFP Related News Car bomb kills nine fighters at a checkpoint near the river - monitor"
        " Talks on the northern truce stall again UN envoy Air strike kills 31 in eastern province monitor"
        " Category News Follow us on Instagram. Copyright 2018 The Site."
    )
    assert clean(line + related) == f"{line} Source AFP"


def test_a_sentence_that_opens_with_related_after_a_full_stop_stays() -> None:
    line = " ".join(REPORT.split("\n"))
    sentence = (" Related talks in the capital broke down after the shelling of the market killed 17 people"
                " in the old town and the army said that it would press on.")
    assert clean(line + sentence) == line + sentence


def test_a_headline_list_after_a_share_counter_run_into_the_last_line_is_cut() -> None:
    # "85" is the page's share count, "Related" its box of other stories: neither is the
    # report's ("85 Related ... Killed" was read as 85 killed).
    line = " ".join(REPORT.split("\n"))
    related = (  # more than a furniture line's 60 words
        " ... 85 Related Commander Killed by Fighters Near the Dam Town in the North Fighters Halt Advance on the"
        " City to Allow Repairs at the Dam Fighters Take Airport Near the Dam on Way to the City Biggest Dam in the"
        " Country Partially Collapses Due to Fight Near the City Army Says Convoy Hit on Desert Road Tags Fighters"
        " Army Dam Community standardsDiscussion Comment via FacebookComment via the News Site"
    )
    assert clean(line + related) == f"{line} ..."
