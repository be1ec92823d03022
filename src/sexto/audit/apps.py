from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sexto.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Retention (audit pruning): a daily job (`manage.py daily_jobs`).
        from sexto.audit.retention import audit_prune_daily
        from sexto.core.jobs import daily_job_register

        daily_job_register("audit_prune", audit_prune_daily)
