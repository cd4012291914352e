import factory

from evaluations import totals
from evaluations.models import AboutYouAnswer, Answer, Item, Response, Survey
from tests.factories import CohortFactory


class SurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Survey

    cohort = factory.SubFactory(CohortFactory)
    phase = "before"
    title = "Before the workshop"
    status = Survey.Status.OPEN


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Item

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = Item.Kind.AGREEMENT
    text = factory.Sequence(lambda n: f"Question {n}")
    report_label = factory.Sequence(lambda n: f"label {n}")
    code = factory.Sequence(lambda n: f"item-{n}")


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    item = factory.SubFactory(ItemFactory)
    number = 4

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        answer = super()._create(model_class, *args, **kwargs)
        totals.count_in(Answer.objects.filter(pk=answer.pk))  # as the services keep them
        return answer


def respond(survey, answers: dict, *, about: dict | None = None, participant=None, **fields):
    """One response to `survey`: answers by item code ({"aim-1": 4, "comments": "Great"}), and
    what the respondent told us about themselves ({"role": "pharmacist"})."""
    response = Response.objects.create(survey=survey, participant=participant, **fields)
    items = {item.code: item for item in survey.items.all()}
    for code, value in answers.items():
        if value is None:
            continue
        text, number = (value, None) if isinstance(value, str) else ("", value)
        Answer.objects.create(response=response, item=items[code], number=number, text=text)
    for characteristic, value in (about or {}).items():
        AboutYouAnswer.objects.create(response=response, characteristic=characteristic, value=value)
    totals.count_in(response.answers.all())  # as the services keep them
    return response


def respond_many(survey, count: int, answers: dict, *, about: dict | None = None):
    return [respond(survey, answers, about=about) for _ in range(count)]
