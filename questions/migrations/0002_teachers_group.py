"""The Teachers group: exactly the permissions that authoring questions and quizzes needs."""

from django.db import migrations

AUTHORING = {
    "question": ("add", "change", "delete", "view"),
    "choice": ("add", "change", "delete", "view"),
    "acceptedanswer": ("add", "change", "delete", "view"),
    "numericalanswer": ("add", "change", "delete", "view"),
    "matchpair": ("add", "change", "delete", "view"),
    "tag": ("add", "change", "view"),
    "quiz": ("add", "change", "delete", "view"),
    "quizquestion": ("add", "change", "delete", "view"),
    "topic": ("view",),
    "passage": ("view",),
    "document": ("view",),
}


def create_teachers_group(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations ran; we need them now.
    app_config = apps.get_app_config("questions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Teachers")
    codenames = [f"{action}_{model}" for model, actions in AUTHORING.items() for action in actions]
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="questions", codename__in=codenames)
    )


def remove_teachers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Teachers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_teachers_group, remove_teachers_group)]
