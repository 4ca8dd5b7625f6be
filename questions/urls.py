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
    path("join/", learning.classroom_join_page, name="join"),
    path("teacher/", teacher.teacher_home, name="teacher_report"),
    path("teacher/classes/<int:pk>/", teacher.class_overview_page, name="class_overview"),
    path("teacher/classes/<int:pk>/code/", teacher.class_code_regenerate, name="class_code"),
    path("teacher/classes/<int:pk>/assign/", teacher.class_assign, name="class_assign"),
    path(
        "teacher/classes/<int:pk>/quizzes/<slug:slug>/",
        teacher.quiz_statistics_page,
        name="quiz_statistics",
    ),
    path(
        "teacher/classes/<int:pk>/students/<int:student_id>/",
        teacher.student_report_page,
        name="student_report",
    ),
    path("teacher/classes/<int:pk>/document/", teacher.document_heatmap_page, name="heatmap"),
]
