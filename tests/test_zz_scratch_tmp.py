import pytest
from django.urls import reverse
from questions.models import Question, QuizQuestion, Choice
from tests.factories import QuestionFactory, QuizFactory, PassageFactory
from tests.test_admin import browser_form, fill_rows, question_form, ADD_QUESTION, QUESTIONS

pytestmark = pytest.mark.django_db

def test_dup_slot(client, teacher):
    client.force_login(teacher)
    q = QuestionFactory(); quiz = QuizFactory(with_questions=[q])
    url = reverse("admin:questions_quiz_change", args=[quiz.pk])
    data, _ = browser_form(client, url)
    fill_rows(data, "slots", [{"position": "2", "question": str(q.pk)}])
    r = client.post(url, data)
    print("dup slot", r.status_code, QuizQuestion.objects.count())
    if r.status_code == 200:
        import re; print(re.findall(r'errorlist[^>]*>(.*?)</ul>', r.content.decode(), re.S)[:5])

def test_edit_unmark(client, teacher):
    client.force_login(teacher)
    q = QuestionFactory()
    url = reverse("admin:questions_question_change", args=[q.pk])
    data, _ = browser_form(client, url)
    print({k:v for k,v in data.items() if k.startswith("choices-0") or k.startswith("choices-1")})
    r = client.post(url, data); print("unchanged", r.status_code)
    data.pop("choices-0-is_correct", None)
    r = client.post(url, data); print("unmark", r.status_code, q.choices.filter(is_correct=True).count())
    data, _ = browser_form(client, url)
    for i in (1,2,3): data[f"choices-{i}-DELETE"] = "on"
    r = client.post(url, data); print("delete3", r.status_code, q.choices.count())
    data, _ = browser_form(client, url)
    data["qtype"] = "short"
    fill_rows(data, "accepted_answers", [{"text":"허브","fraction":"1"}])
    r = client.post(url, data); print("to short keep choices", r.status_code, Question.objects.get(pk=q.pk).qtype)
    for i in range(4): data[f"choices-{i}-DELETE"] = "on"
    r = client.post(url, data); print("to short delete choices", r.status_code, Question.objects.get(pk=q.pk).qtype, q.choices.count())

def test_tf(client, teacher):
    client.force_login(teacher)
    p = PassageFactory()
    data = question_form(client, p, key="tf", qtype="truefalse", choices=[("true", True), ("false", False)])
    r = client.post(ADD_QUESTION, data); print("tf", r.status_code)
    data = question_form(client, p, key="tf2", qtype="truefalse", choices=[("참", True), ("거짓", False)])
    r = client.post(ADD_QUESTION, data); print("tf korean", r.status_code)

def test_autocomplete_q(client, teacher):
    client.force_login(teacher)
    q = QuestionFactory()
    r = client.get(reverse("admin:autocomplete"), {"app_label":"questions","model_name":"quizquestion","field_name":"question","term":""})
    print("ac", r.status_code, r.content[:200])

def test_delete_answered(client, teacher, student):
    from questions.services.attempts import attempt_start
    client.force_login(teacher)
    quiz = QuizFactory(with_questions=2)
    attempt_start(student=student, quiz=quiz)
    q = quiz.questions.first()
    url = reverse("admin:questions_question_delete", args=[q.pk])
    r = client.get(url); print("del get", r.status_code)
    r = client.post(url, {"post": "yes"}); print("del post", r.status_code, Question.objects.filter(pk=q.pk).exists())
    url = reverse("admin:questions_quiz_delete", args=[quiz.pk])
    r = client.post(url, {"post": "yes"}); print("quiz del post", r.status_code)
    # remove slot via inline
    url = reverse("admin:questions_quiz_change", args=[quiz.pk])
    data, _ = browser_form(client, url)
    data["slots-0-DELETE"] = "on"
    r = client.post(url, data); print("slot delete", r.status_code, quiz.slots.count())
