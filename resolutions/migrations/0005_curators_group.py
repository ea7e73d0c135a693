"""The `curators` group: may add, change, delete and view everything curators maintain (every
model of this app), and nothing of django.contrib.auth (users, groups)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "curators"


def create_curators(apps, schema_editor):
    # Permissions are normally created after migrate has finished: make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="resolutions"))


def remove_curators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("resolutions", "0004_synthetic_flag"),
    ]

    operations = [migrations.RunPython(create_curators, remove_curators)]
