from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from questions.models import (
    AcceptedAnswer,
    Attempt,
    Choice,
    Document,
    MatchPair,
    NumericalAnswer,
    Passage,
    Question,
    Quiz,
    QuizQuestion,
    Topic,
)
from questions.services.accounts import TEACHERS_GROUP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"student{n}")
    password = factory.django.Password("pass-Word-123")


class TeacherFactory(UserFactory):
    username = factory.Sequence(lambda n: f"teacher{n}")
    is_staff = True

    @factory.post_generation
    def teachers_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=TEACHERS_GROUP))


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        django_get_or_create = ("slug",)

    title = "APEC AI 이니셔티브"
    slug = "apec"
    text = "본문"
    checksum = "0" * 64


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    document = factory.SubFactory(DocumentFactory)
    name = factory.Sequence(lambda n: f"주제 {n}")
    position = factory.Sequence(lambda n: n)


class PassageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passage

    document = factory.SubFactory(DocumentFactory)
    topic = factory.SubFactory(TopicFactory, document=factory.SelfAttribute("..document"))
    position = factory.Sequence(lambda n: n + 1)
    section_heading = factory.SelfAttribute("topic.name")
    text = "아시아태평양 AI 센터는 역내 AI 인재 양성의 허브 역할을 수행합니다."
    anchor = factory.Sequence(lambda n: f"p-{n:08x}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question with one right and three wrong options."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"q-{n:03d}")
    qtype = "single"
    text = factory.Sequence(lambda n: f"아시아태평양 AI 센터의 역할은 무엇인가요? ({n})")
    explanation = "센터는 인재 양성의 허브 역할을 합니다."
    difficulty = 1
    points = Decimal("1")
    passage = factory.SubFactory(PassageFactory)
    topic = factory.SelfAttribute("passage.topic")
    source_quote = "역내 AI 인재 양성의 허브 역할"

    @factory.post_generation
    def options(self, create, extracted, **kwargs):
        if not create:
            return
        if self.qtype == "short":
            for text in extracted or ["허브"]:
                AcceptedAnswer.objects.create(question=self, text=text)
            return
        if self.qtype == "matching":
            pairs = extracted or [("한국", "제안국"), ("경주", "개최지"), ("", "관중")]
            for position, (prompt, match) in enumerate(pairs):
                MatchPair.objects.create(
                    question=self, prompt=prompt, match=match, position=position
                )
            return
        if self.qtype == "numerical":
            for value in extracted or [2025]:
                NumericalAnswer.objects.create(question=self, value=value)
            return
        if self.qtype == "truefalse":
            specs = extracted or [("true", True), ("false", False)]
        else:
            specs = extracted or [("허브", True), ("감독", False), ("심판", False), ("관객", False)]
        for position, (text, is_correct) in enumerate(specs):
            Choice.objects.create(
                question=self,
                text=text,
                is_correct=is_correct,
                position=position,
                feedback=f"{text}에 대한 피드백",
            )


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"퀴즈 {n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    published = True
    pass_mark = Decimal("60")

    @factory.post_generation
    def with_questions(self, create, extracted, **kwargs):
        """QuizFactory(with_questions=5) or with_questions=[q1, q2]."""
        if not create or not extracted:
            return
        questions = (
            extracted if isinstance(extracted, list) else QuestionFactory.create_batch(extracted)
        )
        for position, question in enumerate(questions, start=1):
            QuizQuestion.objects.create(quiz=self, question=question, position=position)


class AttemptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attempt

    student = factory.SubFactory(UserFactory)
    quiz = factory.SubFactory(QuizFactory)
    max_score = Decimal("1")
