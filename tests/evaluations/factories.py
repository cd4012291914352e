import factory

from evaluations.models import Answer, Item, Response, Survey
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
