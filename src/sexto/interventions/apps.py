import rules
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "sexto.interventions"
    verbose_name = _("Interventions")

    def ready(self) -> None:
        from sexto.core.demo import DemoStep, demo_step_register
        from sexto.core.navigation import NavEntry, home_register, nav_register

        # The follow-ups of the police and DPCP outcome register their step keys.
        from sexto.interventions import (
            outcomes,  # noqa: F401
            receivers,  # noqa: F401
        )
        from sexto.interventions.demo import demo_cases_seed, demo_police_direct_seed
        from sexto.interventions.selectors.cases import (
            user_has_case_work,
            user_may_report,
            user_may_triage,
            user_on_case_teams,
        )
        from sexto.interventions.selectors.police import user_is_police_liaison

        demo_step_register(DemoStep(20, "interventions", demo_cases_seed))
        from sexto.interventions.demo_plans import demo_route_plans_seed

        demo_step_register(DemoStep(21, "route-plans", demo_route_plans_seed))

        from sexto.interventions.demo_outcomes import demo_outcomes_seed

        demo_step_register(DemoStep(21, "outcomes", demo_outcomes_seed))

        demo_step_register(DemoStep(21, "police-called-directly", demo_police_direct_seed))
        from sexto.interventions.demo_day import demo_day_seed

        # After the access grants (22): a transfer, the reminders sent, quiet hours.
        demo_step_register(DemoStep(23, "coordinators-day", demo_day_seed))
        # Case-team membership needs TOTP, like the roles that do (DESIGN.md).
        from sexto.directory.permissions import two_factor_capability_register
        from sexto.interventions.permissions import case_member_needs_two_factor

        two_factor_capability_register(case_member_needs_two_factor)
        from sexto.interventions.demo import demo_access_seed

        demo_step_register(DemoStep(22, "access-grants", demo_access_seed))
        # Retention (daily destruction job) and key rotation (the blind index of people's names).
        from sexto.core.crypto import BlindIndexSpec, blind_index_register
        from sexto.core.jobs import daily_job_register
        from sexto.interventions.retention import retention_daily

        daily_job_register("retention", retention_daily)
        blind_index_register(
            BlindIndexSpec("interventions.CasePerson", "name_index", "name", purpose="student")
        )
        home_register(order=10, applies=user_may_triage, url_name="interventions:worklist")
        home_register(
            order=20, applies=user_is_police_liaison, url_name="interventions:police_inbox"
        )
        # An invited professional's home is their cases (the work list shows a team member's).
        home_register(order=30, applies=user_on_case_teams, url_name="interventions:worklist")
        nav_register(
            NavEntry(
                "police_inbox",
                _("Referrals"),
                "interventions:police_inbox",
                user_is_police_liaison,
                order=12,
            )
        )
        from sexto.directory.permissions import is_privacy_officer
        from sexto.interventions.selectors.access import user_holds_case_grants

        nav_register(
            NavEntry(
                "grants_mine",
                _("Shared with me"),
                "interventions:grants_mine",
                user_holds_case_grants,
                order=14,
            )
        )
        nav_register(
            NavEntry(
                "case_break_glass",
                _("Break-glass"),
                "interventions:case_break_glass",
                is_privacy_officer,
                order=16,
            )
        )
        nav_register(
            NavEntry("worklist", _("Cases"), "interventions:worklist", user_has_case_work, order=10)
        )
        # Anyone may be alerted (a grant, a referral, a break-glass): the page is everyone's.
        from sexto.interventions.selectors.alerts import alerts_unread_count

        nav_register(
            NavEntry(
                "alerts",
                _("Alerts"),
                "interventions:alerts",
                lambda u: True,
                order=5,
                count=alerts_unread_count,
            )
        )
        nav_register(
            NavEntry(
                "intake_new",
                _("Report a situation"),
                "interventions:intake_new",
                user_may_report,
                order=20,
            )
        )
        nav_register(
            NavEntry(
                "intakes_mine",
                _("My reports"),
                "interventions:intakes_mine",
                user_may_report,
                order=25,
            )
        )
        nav_register(
            NavEntry(
                "grid",
                _("Evaluation grid"),
                "interventions:grid",
                lambda user: rules.has_perm("grid.evaluate", user),
                order=30,
            )
        )
