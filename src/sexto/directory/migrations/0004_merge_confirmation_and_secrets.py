# Joins the three directory branches of issue 14: role confirmation, session generation with
# encrypted second-factor secrets, and retired handles.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0002_membership_confirmation'),
        ('directory', '0003_mfa_secrets_encrypt'),
        ('directory', '0002_retiredhandle'),
    ]

    operations = [
    ]
