from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "sexto.training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from sexto.core.demo import DemoStep, demo_step_register
        from sexto.core.navigation import NavEntry, nav_register
        from sexto.training.demo import demo_training_seed
        from sexto.training.selectors import user_is_reviewer

        # After the directory (10) and the interventions (20): it needs their people and schools.
        demo_step_register(DemoStep(30, "training", demo_training_seed))
        nav_register(
            NavEntry("training", _("Training"), "training:program_list", lambda u: True, order=50)
        )
        nav_register(
            NavEntry(
                "training_reviews",
                _("Reviews"),
                "training:review_queue",
                user_is_reviewer,
                order=52,
            )
        )
        nav_register(
            NavEntry(
                "training_cohort",
                _("Cohort report"),
                "training:cohort",
                user_is_reviewer,
                order=54,
            )
        )
