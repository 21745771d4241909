"""Table-driven tests of the parser's stages, one fact per row."""

from __future__ import annotations

import pytest

from tinget.announcements.parser import dates, parse_announcement, people
from tinget.announcements.parser.lexicon import words
from tinget.announcements.parser.people import parse_people

# (speaker phrase, [(name, role, organisation), ...])
PEOPLE = [
    (
        "Hannah Lindqvist, Head of Section, Climate & Nature, Nordic Build Partners",
        [("Hannah Lindqvist", "Head of Section, Climate & Nature", "Nordic Build Partners")],
    ),
    (
        "Tomas Ravn, Chair of the Steering Group, Green Cities Alliance",
        [("Tomas Ravn", "Chair of the Steering Group", "Green Cities Alliance")],
    ),
    (
        "Ingrid Falk, Senior Advisor, Procurement, Health & Care, Region Vestmark",
        [("Ingrid Falk", "Senior Advisor, Procurement, Health & Care", "Region Vestmark")],
    ),
    (
        "Karin Juhl, klimakoordinator, Odder Kommune",
        [("Karin Juhl", "klimakoordinator", "Odder Kommune")],
    ),
    ("Mia Kragh, NaturErhverv Øst", [("Mia Kragh", None, "NaturErhverv Øst")]),
    (
        "Søren Mørk (Rigsarkivet) og Lis Holm (Svendborg Byhistoriske Arkiv)",
        [("Søren Mørk", None, "Rigsarkivet"), ("Lis Holm", None, "Svendborg Byhistoriske Arkiv")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE)
def test_people_phrase(text, expected):
    got = [(s.name, s.role, s.organisation) for s in parse_people(text)]
    assert got == expected


def test_v_dot_slash_is_read_like_v_slash():
    text = (
        "Temadag om vand\n\nOnsdag den 7. juni 2028 kl. 10.00-12.00\n\n"
        "10.00 Grundvand og skov\n   v./ Mia Kragh, NaturErhverv Øst\n"
    )
    items = parse_announcement(text).sessions[0].items
    assert [(s.name, s.organisation) for s in items[0].speakers] == [
        ("Mia Kragh", "NaturErhverv Øst")
    ]


# (announcement, organisers of the series)
ORGANISERS = [
    (
        "Klimaugen 2028\n\nMandag den 18. september 2028 kl. 19-21\nHavet stiger\n"
        "Arrangør: Randers Naturforening\n\nOnsdag den 20. september 2028 kl. 16-18\n"
        "Cykeltur\nArrangør: Cyklistforbundet Silkeborg\n",
        [],
    ),
    (
        "Webinar om tilgængelighed\n\nTirsdag den 9. maj 2028 kl. 9-10 på Teams\n\n"
        "Arrangør: Digitaliseringsnetværket for kommuner.\n",
        ["Digitaliseringsnetværket for kommuner"],
    ),
    (
        "Water Day 2028\n\n10:00 Welcome\n16:00 Close of day one\n"
        "The symposium is organised by Nordic Water Forum together with Aalto University.\n"
        "6 September 2028\n",
        ["Nordic Water Forum", "Aalto University"],
    ),
    (
        "Netværksmøde\n\nTirsdag den 12. september 2028 kl. 13-16\n"
        "Netværket faciliteres af Kommunaljuridisk Forum.\n",
        ["Kommunaljuridisk Forum"],
    ),
    (
        "Netværksmøde\n\nTirsdag den 12. september 2028 kl. 13-16\n"
        "Mødet faciliteres af Lone Skov, direktør i Tænketanken Fremtidsby.\n",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ORGANISERS)
def test_series_organisers(text, expected):
    assert parse_announcement(text).organisers == expected


# (announcement, [(where, code), ...]) - inferred values carry a flag, read values none
FLAGS = [
    (
        "Webinarrække\n\nTirsdag den 5. december kl. 8.30-9.30: Klimaplaner\n",
        [("sessions.0.date", "year_not_stated")],
    ),
    (
        "Webinarrække 2028\n\nTirsdag den 5. december kl. 8.30-9.30: Klimaplaner\n",
        [("sessions.0.date", "year_inferred")],
    ),
    ("Webinar\n\nTirsdag den 5. december 2028 kl. 8.30-9.30: Klimaplaner\n", []),
    (
        # a date alone above the headline is left out as the publication date, with a flag
        "12. januar 2028\n\nNetværksmøde om energi\n\n"
        "Næste møde holdes torsdag den 2. marts 2028 kl. 10.00-14.00 i Kolding.\n",
        [("", "skipped_date")],
    ),
    (
        "Næste netværksmøde\n\n12. januar 2028\n\nEt møde om energi.\n\n"
        "Mødet efter holdes torsdag den 2. marts 2028 kl. 10.00-14.00 i Kolding.\n",
        [("sessions.0.date", "possible_publication_date")],
    ),
    (
        "Temadag\n\nTirsdag den 24. oktober 2028\n\nProgram\n\n• Ensomhed i tal\n"
        "• Frivillige og kommunen\n\n9.30 Ankomst\n10.00 Oplæg\n",
        [("sessions.0.items.0", "possible_topic"), ("sessions.0.items.1", "possible_topic")],
    ),
    (
        "Netværksmøde\n\nTirsdag den 3. oktober 2028 kl. 13-15\nTilmelding senest 20. september.\n",
        [("registration.deadline", "year_not_stated")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), FLAGS)
def test_inferred_values_are_flagged(text, expected):
    result = parse_announcement(text)
    assert [(f.where, f.code) for f in result.flags] == expected
    assert all(f.message for f in result.flags)


def test_a_guessed_organisation_is_flagged_on_the_seed(seed_result):
    guessed = [f for f in seed_result.flags if f.code == "organisation_guessed"]
    assert [f.where for f in guessed] == ["sessions.2.items.0.speakers.0.organisation"]
    speaker = seed_result.sessions[2].items[0].speakers[0]
    assert speaker.organisation and speaker.organisation_guessed


def test_topics_under_an_intro_are_no_programme_items():
    text = (
        "Temadag: Ensomhed\n\nTirsdag den 24. oktober 2028 kl. 9.30-15.30\n\n"
        "På temadagen kommer vi blandt andet ind på:\n• Tidlig opsporing\n• Frivillige\n\n"
        "Program\n9.30 Ankomst\n10.00 Ensomhed i tal\n"
    )
    session = parse_announcement(text).sessions[0]
    assert [(i.time, i.title) for i in session.items] == [
        ("09:30", "Ankomst"),
        ("10:00", "Ensomhed i tal"),
    ]
    assert session.title is None


# Batch 3 of the dev set (issue 12): one fact per row, in invented wording.
# (announcement, expected organisers)
ORGANISERS_B3 = [
    (
        "Landsmøde 2029\nVelkommen til Danske Arkivarers Netværks landsmøde lørdag den 5. maj "
        "2029 på Hotel Fjordgården.\n\nProgram\n10.00 Velkomst\n",
        ["Danske Arkivarers Netværk"],
    ),
    (
        "Årsmøde og studiedage 2029 – Foreningen for Lokale Kor\n\nFredag den 20. april 2029\n"
        "Kl. 10.00 Velkomst\n",
        ["Foreningen for Lokale Kor"],
    ),
    (
        "Kongres 2029\n\nForbundet af Danske Landinspektører holder landskongres i Kolding.\n\n"
        "14. september 2029\n • Ankomst\n",
        ["Forbundet af Danske Landinspektører"],
    ),
    (
        "River Assembly 2029\n\nFriday, 2 March 2029\n\n9:00 : Opening\n\n"
        "The assembly is hosted by the Nordic River Council at Vejle Town Hall.\n",
        ["Nordic River Council"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), ORGANISERS_B3)
def test_series_organisers_batch_3(text, expected):
    assert parse_announcement(text).organisers == expected


# (announcement, expected place of the first session)
PLACES = [
    (
        "Kongres 2029\n\nForbundet af Danske Landinspektører holder landskongres i Tinghuset "
        "Kongrescenter.\n\n14. september 2029\n • Ankomst\n",
        "Tinghuset Kongrescenter",
    ),
    (
        "Møderække 2029\n\nMøde 1: Tirsdag den 11. september 2029, kl. 13-16\nPersondata\n\n"
        "Møde 2: Tirsdag den 6. november 2029, kl. 13-16\nUdbud\n\n"
        "Møderne holdes i Advokatforeningens lokaler, Nygade 4, Odense.\n",
        "Advokatforeningens lokaler, Nygade 4, Odense",
    ),
    (
        "Symposium 2029\n\nThe symposium takes place on 6 June 2029 at the Institute of Water "
        "Studies, Havnegade 3, Aarhus.\n\n09.00 Welcome\n",
        "Institute of Water Studies, Havnegade 3, Aarhus",
    ),
]


@pytest.mark.parametrize(("text", "expected"), PLACES)
def test_venue_named_in_a_sentence_about_the_event(text, expected):
    result = parse_announcement(text)
    assert result.sessions[0].place == expected
    assert result.sessions[0].format == "physical"


# (title line, expected series title)
TITLES = [
    ("Youth Water Camp 2029 – Schedule", "Youth Water Camp 2029"),
    ("Webinar recording: Roofs that hold rain", "Roofs that hold rain"),
    ("Recording: Roofs that hold rain – webinar held on 3 March 2029", "Roofs that hold rain"),
]


@pytest.mark.parametrize(("title", "expected"), TITLES)
def test_series_title_without_labels_and_tails(title, expected):
    text = f"{title}\n\nTuesday 3 March 2029, 10:00-11:00, online\n"
    assert parse_announcement(text).series_title == expected


@pytest.mark.parametrize(
    "chapters",
    [
        "00:00 Intro\n03:10 Why rain roofs\n19:45 Questions",
        "00:00:00 Intro\n00:02:45 Why rain roofs\n00:41:10 Questions",
        "Chapters\n01:10 Intro\n03:10 Why rain roofs",
    ],
)
def test_video_chapters_are_no_programme_items(chapters):
    text = (
        "Recording: Roofs that hold rain – webinar held on 3 March 2026\n\n"
        f"{chapters}\n\nSpeakers: Ida Berg, Engineer, Rain Roofs Denmark\n"
    )
    result = parse_announcement(text)
    titles = [it.title for s in result.sessions for it in s.items]
    assert not {"Intro", "Why rain roofs", "Questions"} & set(titles)
    assert result.sessions[0].start is None
    assert [sp.name for it in result.sessions[0].items for sp in it.speakers] == ["Ida Berg"]


def test_onwards_and_abbreviated_weekday():
    result = parse_announcement(
        "Temadag 2029\n\nÅrets temadag afholdes lørd. 3. november 2029.\n\n"
        "Kl. 09.30-10.00\tMorgenbrød\n8:00pm onwards Middag\n"
    )
    assert result.sessions[0].date == "2029-11-03"
    assert [it.title for it in result.sessions[0].items] == ["Morgenbrød", "Middag"]


# (speaker phrase, [(name, role, organisation), ...]) - batch 3's shapes
PEOPLE_B3 = [
    (
        "Professor Jonas Lind, Chair of the Local Organising Committee",
        [("Jonas Lind", "Chair of the Local Organising Committee", None)],
    ),
    (
        "Eva Holt, Chair of the Steering Group, Nordic Rivers Alliance",
        [("Eva Holt", "Chair of the Steering Group", "Nordic Rivers Alliance")],
    ),
    (
        "Professor Helle Brandt, Roskilde University",
        [("Helle Brandt", "Professor", "Roskilde University")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PEOPLE_B3)
def test_people_phrase_batch_3(text, expected):
    got = [(s.name, s.role, s.organisation) for s in parse_people(text)]
    assert got == expected


def _speakers(text):
    result = parse_announcement(text)
    return [
        (sp.name, sp.role, sp.organisation, sp.event_role)
        for s in result.sessions
        for it in s.items
        for sp in it.speakers
    ]


def test_english_speaker_named_in_prose_with_an_appositive():
    text = (
        "Webinar: Green roofs\n\nTuesday 9 March 2027, 10:00-11:00, online\n\n"
        "In this webinar, Mette Lund, landscape architect at Aalborg Municipality, shows how "
        "the city plants its roofs.\n"
    )
    assert _speakers(text) == [
        ("Mette Lund", "landscape architect", "Aalborg Municipality", "speaker")
    ]


def test_a_bio_under_a_point_gives_role_and_organisation():
    text = (
        "Årsmøde\nLørdag den 8. maj 2027 på Hotel Strandly.\n\nProgram\n"
        "10.15 Biblioteket og kunstig intelligens\n"
        "I dette oplæg giver teknologiforsker Sofie Kjærgaard et bud på bibliotekernes rolle.\n"
        "Sofie Kjærgaard er ph.d. og seniorforsker ved Center for Digital Dannelse.\n"
        "11.15 Pause\n"
    )
    assert ("Sofie Kjærgaard", "seniorforsker", "Center for Digital Dannelse", "speaker") in (
        _speakers(text)
    )


def test_a_conversation_list_under_a_point_is_its_panel():
    text = (
        "Mødested 2027\n\nDato: 17. marts 2027\n\nProgram\n\n"
        "10.20 Foreningslivet og kommunen – en sofasamtale\n\n"
        "Samtaledeltagere:\nHanne Vig, generalsekretær i Danske Seniorer\n"
        "Peter Lykke, fritidschef i Svendborg Kommune\n\n"
        "Samtalen ledes af Nina Bach, seniorkonsulent i Frivilligrådet\n\n"
        "11.30 Frokost\n"
    )
    result = parse_announcement(text)
    point = result.sessions[0].items[0]
    assert point.title == "Foreningslivet og kommunen – en sofasamtale"
    assert [(sp.name, sp.event_role) for sp in point.speakers] == [
        ("Hanne Vig", "panelist"),
        ("Peter Lykke", "panelist"),
        ("Nina Bach", "moderator"),
    ]


@pytest.mark.parametrize(
    "lead_in", ["Programmet ser sådan ud:", "The tentative schedule of the symposium:", "Day Two"]
)
def test_lead_in_lines_are_no_session_titles(lead_in):
    text = f"Symposium 2027\n\n{lead_in}\n4 June 2027\n09.00 Welcome\n10.00 Talks\n"
    assert parse_announcement(text).sessions[0].title is None


def test_a_room_line_under_the_date_is_the_place():
    text = (
        "Forum 2027\n\nMonday, 13 September 2027\nRoom Triton – Harbour Centre\n"
        "09:00 - Arrivals\n09:10 - Welcome\n"
    )
    session = parse_announcement(text).sessions[0]
    assert session.title is None
    assert session.place == "Room Triton – Harbour Centre"


def test_word_lists_come_from_the_data_file():
    table = words()
    for section, lists in table.items():
        for key, values in lists.items():
            assert values, (section, key)
            if isinstance(values, list):
                assert len(values) == len(set(values)), f"duplicates in {section}.{key}"
    assert dates.MONTHS["oktober"] == 10
    assert people.is_role_word("klimachef") and people.is_org_word("kommune")
    assert "tirsd" in table["dates"]["weekdays"]


def test_a_season_of_evenings_with_two_digit_years_and_topic_labels():
    text = (
        "Foredragsforeningen – Sæson 2026/2027\n\n"
        "Januar 2027 - Mandag 25.01.27. KL. 19.30.\n"
        "Aftenens emne : Vilde bier.\nAftenens foredragsholder er : Biolog Hanne Mose.\n\n"
        "Februar 2027 - Mandag 22.02.27, kl. 18.30.\n"
        "Fællesspisning. Aftenens emne : Kirkeklokker.\n"
        "Foredraget er med : Klokkesagkyndig Per Lund fra Nationalmuseet.\n"
    )
    sessions = parse_announcement(text).sessions
    assert [(s.date, s.start, s.title) for s in sessions] == [
        ("2027-01-25", "19:30", "Vilde bier"),
        ("2027-02-22", "18:30", "Kirkeklokker"),
    ]
    assert [
        (sp.name, sp.role.lower(), sp.organisation)
        for s in sessions
        for it in s.items
        for sp in it.speakers
    ] == [("Hanne Mose", "biolog", None), ("Per Lund", "klokkesagkyndig", "Nationalmuseet")]


def test_a_section_number_with_dots_is_no_date():
    assert parse_announcement("Regler\n\nSe afsnit 1.2.27 om frister.\n").sessions == []


def test_key_dates_with_their_label_on_the_line_above_are_no_sessions():
    text = (
        "Coastal Conference 2027\n\nKEY DATES\n\nREGISTRATION OPENS\nSunday 15th November 2026\n\n"
        "REGISTRATION ENDS\nFriday 28th May 2027 - 5pm CET\n\nABSTRACT DEADLINE\n"
        "Monday 18th January 2027\n\nTHE CONFERENCE\nFriday 2 July 2027, 09:00–17:00, Esbjerg\n"
    )
    result = parse_announcement(text)
    assert [(s.date, s.title) for s in result.sessions] == [("2027-07-02", None)]
    assert result.registration.deadline == "2027-05-28"


def test_a_launch_day_with_whole_hours_rooms_and_a_town_before_the_date():
    text = (
        'Boglancering: "Stemmer fra fjorden"\n\nSkive d. 13. marts 2027, kl. 13-22\n\n'
        "Store sal\n\n13-14 Mød forfatterne\n\n"
        "14-15 Præsentation af bogen v/ redaktør Nina Krog\n\n"
        "Lille sal\n\n16:00 Oplæsning\n\nTil maven\n\nSandwich 30\n"
    )
    result = parse_announcement(text)
    session = result.sessions[0]
    assert result.series_title == "Stemmer fra fjorden"
    assert (session.title, session.place, session.format) == (None, "Skive", "physical")
    assert [(it.time, it.title) for it in session.items][:3] == [
        ("13:00", "Mød forfatterne"),
        ("14:00", "Præsentation af bogen"),
        ("16:00", "Oplæsning"),
    ]


def test_a_point_named_after_its_speaker_and_topic():
    text = (
        "Temaaften\n\nTorsdag den 18. marts 2027 kl. 19.00\n\n"
        "Kl. 20.00 Sigrun Dal om Islands højland\n"
    )
    item = parse_announcement(text).sessions[0].items[0]
    assert (item.title, [sp.name for sp in item.speakers]) == ("Islands højland", ["Sigrun Dal"])


@pytest.mark.parametrize("text", ["10-12 deltagere", "1-2 Timer", "18-25 År"])
def test_numbers_that_are_no_whole_hour_spans(text):
    assert dates.match_agenda(text) is None


def test_people_listed_as_bullets_with_their_role_on_the_next_line():
    text = (
        "Cities Week 2028 – agenda\n\nThursday 12 October 2028\n\n"
        "10:30 am\nKeynote interview: Paying for flood defences\n"
        "  • Laura Brenner\n    Mayor, City of Freiburg\nModerated by\n"
        "  • Tom Akers\n    Cities Editor, Urban Review\n\n"
        "11:15 am\nPanel: Heat plans that work\n  • Nadia Osei\n"
        "    Chief Resilience Officer, City of Rotterdam\n"
    )
    items = parse_announcement(text).sessions[0].items
    got = [
        [(sp.name, sp.role, sp.organisation, sp.event_role) for sp in it.speakers] for it in items
    ]
    assert got == [
        [
            ("Laura Brenner", "Mayor", "City of Freiburg", "speaker"),
            ("Tom Akers", "Cities Editor", "Urban Review", "moderator"),
        ],
        [("Nadia Osei", "Chief Resilience Officer", "City of Rotterdam", "panelist")],
    ]


def test_a_seat_on_a_board_before_the_name_is_a_role():
    got = [(s.name, s.role) for s in parse_people("formand for KL's bestyrelse Jakob Storm")]
    assert got == [("Jakob Storm", "formand for KL's bestyrelse")]
