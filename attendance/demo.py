"""Demo data: the BLMK cohort's register: 21 expected, and who came to each of its two mornings."""

from attendance.models import Attendance, Attendee
from workshops.demo import BLMK_SLUG
from workshops.models import Cohort

# Made-up names. Of the 21 expected, 19 came to part 1 and 18 to part 2 (17 to both).
NAMES = [
    "Aisha Khan",
    "Ben Carter",
    "Chloe Adams",
    "David Osei",
    "Emma Clarke",
    "Farhan Ali",
    "Grace Nwosu",
    "Hannah Patel",
    "Imran Hussain",
    "Jade Robinson",
    "Kofi Boateng",
    "Laura Bennett",
    "Mohammed Rahman",
    "Nia Williams",
    "Oliver Green",
    "Priti Desai",
    "Rachel Moore",
    "Samir Qureshi",
    "Tara Walsh",
    "Usman Farooq",
    "Victoria Hughes",
]
MISSED_PART_1 = {"Rachel Moore", "Victoria Hughes"}
MISSED_PART_2 = {"Ben Carter", "Samir Qureshi", "Victoria Hughes"}


def load(*, today, out) -> None:
    cohort = Cohort.objects.get(slug=BLMK_SLUG)
    if cohort.attendees.exists():
        return
    people = [
        Attendee(cohort=cohort, name=name, email=f"{name.lower().replace(' ', '.')}@nhs.net")
        for name in NAMES
    ]
    for person in people:
        person.save()
    first, second = cohort.sessions.order_by("part")[:2]
    Attendance.objects.bulk_create(
        [Attendance(attendee=p, session=first) for p in people if p.name not in MISSED_PART_1]
        + [Attendance(attendee=p, session=second) for p in people if p.name not in MISSED_PART_2]
    )
    out.write(f"The register of “{cohort.name}”: {len(NAMES)} expected, with who came to each morning.")
