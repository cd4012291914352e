"""The fixed list of "About you" characteristics a survey may ask, with their options.

Participants answer these only if they tick to consent, and every one has "Prefer not to say".
The values are stable slugs (stored in `AboutYouAnswer.value`); the labels may be reworded.
Reports break results down by these, and never show a group small enough to identify people.
"""

from dataclasses import dataclass

PREFER_NOT_TO_SAY = "prefer-not-to-say"
PREFER_NOT_TO_SAY_LABEL = "Prefer not to say"


@dataclass(frozen=True)
class Characteristic:
    slug: str
    label: str  # short, for reports and the facilitator's list: "Staff group or role"
    question: str  # as the participant reads it
    options: tuple[tuple[str, str], ...]  # (value, label), "Prefer not to say" last

    def label_for(self, value: str) -> str:
        return dict(self.options).get(value, value)

    def value_for(self, typed: str) -> str | None:
        """The option a label or value names, ignoring case and spaces (for imports), or None."""
        wanted = " ".join(typed.split()).casefold()
        for value, label in self.options:
            if wanted in (value.casefold(), label.casefold()):
                return value
        return None


def _options(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return (*pairs, (PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL))


CHARACTERISTICS = (
    Characteristic(
        slug="role",
        label="Staff group or role",
        question="Which staff group or role is closest to yours?",
        options=_options(
            ("pharmacist", "Pharmacist"),
            ("pharmacy-technician", "Pharmacy technician"),
            ("doctor", "Doctor"),
            ("nurse-or-midwife", "Nurse or midwife"),
            ("allied-health-professional", "Allied health professional"),
            ("manager-or-commissioner", "Manager or commissioner"),
            ("administrative-or-clerical", "Administrative or clerical"),
            ("analyst", "Analyst or data specialist"),
            ("other", "Other"),
        ),
    ),
    Characteristic(
        slug="organisation",
        label="Organisation",
        question="What kind of organisation do you work for?",
        options=_options(
            ("icb", "Integrated care board (ICB)"),
            ("acute-trust", "Acute hospital trust"),
            ("community-or-mental-health-trust", "Community or mental health trust"),
            ("gp-practice-or-pcn", "GP practice or primary care network (PCN)"),
            ("community-pharmacy", "Community pharmacy"),
            ("local-authority", "Local authority"),
            ("voluntary-sector", "Voluntary or community sector"),
            ("other", "Other"),
        ),
    ),
    Characteristic(
        slug="ethnic_group",
        label="Ethnic group",
        question="What is your ethnic group?",
        # The NHS Data Dictionary's five broad ethnic groups.
        options=_options(
            ("white", "White"),
            ("mixed", "Mixed or multiple ethnic groups"),
            ("asian", "Asian or Asian British"),
            ("black", "Black, Black British, Caribbean or African"),
            ("other", "Other ethnic group"),
        ),
    ),
    Characteristic(
        slug="age_band",
        label="Age band",
        question="How old are you?",
        options=_options(
            ("under-25", "Under 25"),
            ("25-34", "25 to 34"),
            ("35-44", "35 to 44"),
            ("45-54", "45 to 54"),
            ("55-64", "55 to 64"),
            ("65-or-over", "65 or over"),
        ),
    ),
    Characteristic(
        slug="disability",
        label="Disability",
        question="Do you consider yourself to have a disability or long-term health condition?",
        options=_options(("yes", "Yes"), ("no", "No")),
    ),
)

# What the workshop's default "before" and "after" surveys ask (evaluations migration 0005).
STANDARD = ("role", "organisation", "ethnic_group", "age_band", "disability")

BY_SLUG = {characteristic.slug: characteristic for characteristic in CHARACTERISTICS}
CHOICES = [(characteristic.slug, characteristic.label) for characteristic in CHARACTERISTICS]


def get(slug: str) -> Characteristic:
    return BY_SLUG[slug]


def in_fixed_order(slugs) -> list[Characteristic]:
    """The characteristics named by these slugs, in the fixed list's order; unknown slugs dropped."""
    wanted = set(slugs)
    return [characteristic for characteristic in CHARACTERISTICS if characteristic.slug in wanted]
