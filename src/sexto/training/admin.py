"""Trainers author programs, levels, modules and questions here (fr and en side by side)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sexto.training.models import Level, Module, Program, Question
from sexto.training.selectors import user_may_author


class TrainerOnly:
    """Trainers and superusers author training (Django admin also needs `is_staff`)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return user_may_author(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_may_author(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return user_may_author(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_may_author(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return user_may_author(request.user)


class LevelInline(TrainerOnly, admin.TabularInline):
    model = Level
    fields = ("position", "slug", "title_fr", "title_en", "is_open", "proof_kind", "badge_slug")
    extra = 0
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(TrainerOnly, admin.ModelAdmin):
    list_display = ("title_fr", "title_en", "slug", "position", "is_published")
    prepopulated_fields = {"slug": ("title_fr",)}
    fieldsets = (
        (None, {"fields": ("slug", "position", "is_published")}),
        (None, {"fields": (("title_fr", "title_en"), ("summary_fr", "summary_en"))}),
    )
    inlines = [LevelInline]


class ModuleInline(TrainerOnly, admin.StackedInline):
    model = Module
    fields = ("position", ("title_fr", "title_en"), ("body_fr", "body_en"))
    extra = 0


class QuestionInline(TrainerOnly, admin.TabularInline):
    model = Question
    fields = ("round", "position", "prompt_fr", "prompt_en")
    extra = 0


@admin.register(Level)
class LevelAdmin(TrainerOnly, admin.ModelAdmin):
    list_display = (
        "title_fr",
        "title_en",
        "program",
        "position",
        "is_open",
        "proof_kind",
        "badge_slug",
    )
    list_filter = ("program", "is_open", "proof_kind")
    fieldsets = (
        (None, {"fields": ("program", "slug", "position", "is_open", "proof_kind", "badge_slug")}),
        (None, {"fields": (("title_fr", "title_en"), ("description_fr", "description_en"))}),
        (None, {"fields": (("criteria_fr", "criteria_en"),)}),
        (None, {"fields": ("min_answer_length", "validity_months", "prerequisites")}),
    )
    filter_horizontal = ("prerequisites",)
    inlines = [ModuleInline, QuestionInline]
