"""Teachers author numerical and matching questions and tag them: grant those models too."""

from django.db import migrations

CODENAMES = [
    *(f"{action}_numericalanswer" for action in ("add", "change", "delete", "view")),
    *(f"{action}_matchpair" for action in ("add", "change", "delete", "view")),
    *(f"{action}_tag" for action in ("add", "change", "view")),
]


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("questions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Teachers")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="questions", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Teachers"):
        group.permissions.remove(*Permission.objects.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("questions", "0003_numerical_matching_tags")]

    operations = [migrations.RunPython(grant, revoke)]
