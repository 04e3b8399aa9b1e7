"""The shipped curriculum file against the structure of the seed curriculum."""

import pytest

from sessions_app.models import CaseStudy, Module, Prompt, Section, Session

pytestmark = pytest.mark.django_db

SEED_MODULES = {
    1: ["Introduction to Mentoring Up"],
    2: ["Maintaining Effective Communication", "Aligning Expectations"],
    3: ["Addressing Equity and Inclusion", "Cultivating Ethical Behavior"],
    4: ["Self-Efficacy", "Achieving Independence"],
    5: ["Seeking Professional Development", "Work Life Integration"],
    6: ["Articulating your Mentoring Philosophy"],
}
SEED_CASE_STUDIES = [
    ("Giving Constructive Feedback", 3),
    ("Postdoc Blues", 3),
    ("Is it okay to ask?", 3),
    ("You can\u2019t do that", 3),
    ("Tweaking the data", 4),
    ("A drive in the country", 5),
    ("Independent research?", 4),
    ("Choosing a different path", 4),
    ("Looking for harmony", 4),
]
SEED_STRATEGY_COUNTS = [5, 6, 5, 5, 4, 5, 3, 3, 3, 3]
# The background texts in ../shared/seeds, each optional further reading in one module.
SEED_FURTHER_READING = [
    ("introduction-to-mentoring-up", "Revisiting the Basics of Mentorship"),
    ("aligning-expectations", "Building Mentoring Networks"),
    ("self-efficacy", "Psychosocial Mentoring"),
]


def worksheet(slug_or_type):
    return Section.objects.active().get(worksheet_type=slug_or_type)


def test_ten_modules_sit_in_the_seed_sessions_in_order(curriculum):
    found = {}
    for module in curriculum:
        found.setdefault(module.session.number, []).append(module.title)
    assert found == SEED_MODULES
    assert Session.objects.get(number=6).kind == Session.Kind.HOMEWORK


def test_every_module_has_objectives_a_strategies_list_and_smart_goals(curriculum):
    for module in curriculum:
        assert module.objectives, module
        types = list(module.sections.active().values_list("worksheet_type", flat=True))
        assert types.count("strategies") == 1, module
        assert types.count("smart_goals") == 1, module


def test_nine_case_studies_with_the_seed_question_counts(curriculum):
    found = [
        (case.title.replace("'", "\u2019"), case.prompts.active().count())
        for case in CaseStudy.objects.active()
        .filter(is_optional=False)
        .order_by("module__session__number", "module__position", "position")
    ]
    assert found == SEED_CASE_STUDIES


def test_one_optional_case_the_imbalance_vignette_with_its_five_discussion_questions(curriculum):
    optional = CaseStudy.objects.active().filter(is_optional=True)
    assert [(c.module.slug, c.title, c.prompts.active().count()) for c in optional] == [
        ("cultivating-ethical-behavior", "Imbalance", 5)
    ]
    assert optional.get().summary


def test_three_background_texts_are_further_reading_in_their_modules(curriculum):
    readings = Section.objects.active().filter(kind="reading", is_optional=True)
    found = [
        (r.module.slug, r.title)
        for r in readings.order_by("module__session__number", "module__position", "position")
    ]
    assert found == SEED_FURTHER_READING
    assert all(r.summary and r.body and r.spec["groups"] for r in readings)
    assert not Prompt.objects.filter(section__in=readings).exists()


def test_the_mentoring_networks_reading_sits_beside_the_mentor_map(curriculum):
    sections = list(
        Section.objects.active().filter(module__slug="aligning-expectations").order_by("position")
    )
    slugs = [s.slug for s in sections]
    assert slugs.index("building-mentoring-networks") == slugs.index("mentor-map") + 1


def groups_of(slug):
    return {g["title"]: g["points"] for g in Section.objects.get(slug=slug).spec["groups"]}


def test_the_basics_reading_has_two_kinds_of_support_and_four_phases_in_the_seed_order(
    curriculum,
):
    groups = groups_of("basics-of-mentorship")
    support = [len(groups["Psychosocial support"]), len(groups["Career (instrumental) support"])]
    assert support == [2, 3]
    phases = [p.split(":")[0] for p in groups["The four phases of a mentoring relationship"]]
    assert phases == ["Initiation", "Cultivation", "Separation", "Redefinition"]
    assert len(groups["Two theories behind the advice"]) == 2
    assert len(groups["Questions to think over"]) == 7


def test_the_networks_reading_follows_the_seed_s_three_parts(curriculum):
    groups = groups_of("building-mentoring-networks")
    assert list(groups) == [
        "Aspects of mentorship",
        "Building a mentoring network",
        "An approach to mentoring",
    ]
    aspects = [p.split(":")[0] for p in groups["Aspects of mentorship"][:4]]
    assert aspects[:2] == ["Instrumental support", "Psychosocial support"]


def test_the_psychosocial_reading_has_the_five_functions_with_the_seed_example_counts(
    curriculum,
):
    groups = groups_of("psychosocial-mentoring")
    assert list(groups) == [
        "Promote Socialization to the Profession and Institution",
        "Provide Encouragement, Enhance Confidence",
        "Enhance Research Self-Efficacy",
        "Clarify Professional Identity",
        "Model Professional Behaviors, Attitudes, and Values",
    ]
    # An opening point, then the seed's ways (7, 5 and 6), then a mentor's or mentee's voice.
    ways = {title: len(points) - 2 for title, points in groups.items()}
    assert ways["Provide Encouragement, Enhance Confidence"] == 7
    assert ways["Clarify Professional Identity"] == 5
    assert ways["Model Professional Behaviors, Attitudes, and Values"] == 6


def test_strategy_lists_have_the_seed_item_counts_and_room_for_own(curriculum):
    counts = []
    for module in curriculum:
        spec = module.sections.get(worksheet_type="strategies").spec
        counts.append(len(spec["items"]))
        assert spec["own_slots"] >= 2
    assert counts == SEED_STRATEGY_COUNTS


def test_smart_fields_are_the_five_letters():
    from django.conf import settings

    from sessions_app.curriculum.reader import read_curriculum

    fields = read_curriculum(settings.CURRICULUM_PATH)["smart_fields"]
    assert [f["label"] for f in fields] == [
        "Specific",
        "Measurable",
        "Achievable",
        "Relevant",
        "Timely",
    ]
    assert all(f["hint"] for f in fields)


def test_questionnaire_has_nineteen_pairs_in_three_stages_on_a_one_to_six_scale(curriculum):
    spec = worksheet("questionnaire").spec
    assert spec["scale"] == {"min": 1, "max": 6}
    assert [len(stage["items"]) for stage in spec["stages"]] == [11, 4, 4]
    for stage in spec["stages"]:
        for item in stage["items"]:
            assert item["left"]
            assert item["right"]


def test_mentor_map_has_the_seed_categories(curriculum):
    spec = worksheet("mentor_map").spec
    assert spec["slots"] == 3
    groups = []
    for category in spec["categories"]:
        if category["group"] not in groups:
            groups.append(category["group"])
    assert [g.lower() for g in groups] == [
        "substantive feedback",
        "access to opportunities",
        "professional development",
        "emotional support",
        "community",
        "role models",
        "accountability for what really matters",
    ]
    assert len(spec["categories"]) == 14


def test_roles_are_seventeen_in_five_groups_with_three_priorities(curriculum):
    spec = worksheet("roles").spec
    assert [len(group["roles"]) for group in spec["groups"]] == [4, 3, 3, 3, 4]
    assert spec["priorities"] == 3


def test_agreement_has_seven_numbered_sections_and_two_signatures(curriculum):
    spec = worksheet("agreement").spec
    assert [s["number"] for s in spec["sections"]] == [1, 2, 3, 4, 5, 6, 7]
    assert [s["input"] for s in spec["sections"]][5:] == ["none", "until"]
    assert len(spec["signatures"]) == 2


def test_four_way_view_domains_and_measures(curriculum):
    section = worksheet("four_way_view")
    spec = section.spec
    assert [d["slug"] for d in spec["domains"]] == ["work", "home", "community", "self"]
    measures = {m["slug"]: m for m in spec["measures"]}
    assert list(measures) == ["importance", "focus", "satisfaction", "performance"]
    assert measures["importance"]["kind"] == measures["focus"]["kind"] == "percent"
    for rating in ("satisfaction", "performance"):
        assert (measures[rating]["min"], measures[rating]["max"]) == (1, 10)
    assert section.prompts.active().count() == 2


@pytest.mark.parametrize(
    ("module_slug", "rows", "columns"),
    [
        ("maintaining-effective-communication", 7, 3),
        ("articulating-your-mentoring-philosophy", 8, 2),
        ("articulating-your-mentoring-philosophy", 5, 4),
    ],
)
def test_grid_worksheets_have_the_seed_shape(curriculum, module_slug, rows, columns):
    grids = Section.objects.active().filter(module__slug=module_slug, worksheet_type="grid")
    shapes = {(len(g.spec["rows"]), len(g.spec["columns"])) for g in grids}
    assert (rows, columns) in shapes
    grid = next(
        g for g in grids if (len(g.spec["rows"]), len(g.spec["columns"])) == (rows, columns)
    )
    assert (
        Prompt.objects.active().filter(section=grid).exclude(row_label="").count() == rows * columns
    )


def test_stair_steps_require_three_steps_and_allow_two_more(curriculum):
    steps = worksheet("stair_steps").spec["steps"]
    assert [s["required"] for s in steps] == [True, True, True, True, False, False]


def test_live_activities_each_name_a_board(curriculum):
    boards = [
        s.spec["board"]
        for s in Section.objects.active().filter(kind="activity")
        if "board" in s.spec
    ]
    assert sorted(boards) == sorted(
        [
            "introductions",
            "mentoring-up-goal",
            "assumptions",
            "indicators-of-independence",
            "mentor-roles-in-professional-development",
        ]
    )


def test_homework_lessons_learned_asks_for_at_least_two(curriculum):
    assert worksheet("list").spec["min_items"] == 2


def test_modules_are_numbered_within_sessions(curriculum):
    assert Module.objects.active().count() == 10
