from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("credentials", "0005_status_purpose_suspension")]

    operations = [
        migrations.CreateModel(
            name="KnownIssuer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("did", models.CharField(max_length=500, unique=True, verbose_name="DID")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="added")),
            ],
            options={"verbose_name": "known issuer", "verbose_name_plural": "known issuers", "ordering": ("name",)},
        ),
    ]
