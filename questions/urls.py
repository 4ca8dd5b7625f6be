from django.urls import path

from .views import document, student, teacher

app_name = "questions"

urlpatterns = [
    path("", student.quizzes, name="quiz_list"),
    path("signup/", student.signup, name="signup"),
    path("quizzes/<slug:slug>/", student.quiz_detail, name="quiz_detail"),
    path("quizzes/<slug:slug>/start/", student.quiz_start, name="quiz_start"),
    path("attempts/<int:pk>/q/<int:position>/", student.attempt_question, name="attempt_question"),
    path("attempts/<int:pk>/submit/", student.attempt_summary, name="attempt_summary"),
    path("attempts/<int:pk>/result/", student.attempt_result, name="attempt_result"),
    path("progress/", student.progress, name="progress"),
    path("document/", document.document_detail, name="document"),
    path("document/<slug:slug>/", document.document_detail, name="document_detail"),
    path("teacher/", teacher.teacher_report, name="teacher_report"),
]
