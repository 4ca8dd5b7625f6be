from django.urls import path

from .views import document, learning, student, teacher

app_name = "questions"

urlpatterns = [
    path("", student.quizzes, name="quiz_list"),
    path("signup/", student.signup, name="signup"),
    path("quizzes/<slug:slug>/", student.quiz_detail, name="quiz_detail"),
    path("quizzes/<slug:slug>/start/", student.quiz_start, name="quiz_start"),
    path("attempts/<int:pk>/q/<int:position>/", student.attempt_question, name="attempt_question"),
    path("attempts/<int:pk>/submit/", student.attempt_summary, name="attempt_summary"),
    path("attempts/<int:pk>/result/", student.attempt_result, name="attempt_result"),
    path("attempts/<int:pk>/retry/", student.attempt_retry, name="attempt_retry"),
    path("progress/", learning.progress, name="progress"),
    path("review/", learning.review, name="review"),
    path("review/start/", learning.review_round_start, name="review_start"),
    path("document/", document.document_detail, name="document"),
    path("document/<slug:slug>/", document.document_detail, name="document_detail"),
    path("teacher/", teacher.teacher_report, name="teacher_report"),
]
