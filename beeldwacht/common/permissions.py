"""Who may do what: every role's capabilities in one table.

A staff member may hold several roles at one school; their capabilities are the union.
Teachers and interns see only the groups on their membership (as pretix limits a team to
its events). Guardians are not staff: they reach only the parent portal, and only their
own children."""

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    MANAGEMENT = "management", _("Management")
    SUPERVISOR = "supervisor", _("Supervisor")
    INTERN = "intern", _("Intern")
    INTERN_SUPERVISOR = "intern_supervisor", _("Intern supervisor")
    COMMUNICATIONS = "communications", _("Communications")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    BOARD = "board", _("Board")
    ADMINISTRATION = "administration", _("Administration")


class Capability(StrEnum):
    VIEW_OWN_GROUPS = "view_own_groups"  # consent matrix and photo card of one's own groups
    VIEW_ALL_GROUPS = "view_all_groups"  # the same for every group of the school
    RECORD_CONSENT = "record_consent"  # enter a paper form for a guardian
    RUN_CAMPAIGN = "run_campaign"  # the yearly round of asking guardians
    MANAGE_ROSTER = "manage_roster"  # import pupils, guardians and staff
    MANAGE_CHANNELS = "manage_channels"  # channels, consent texts, school settings
    SET_FLAGS = "set_flags"  # safeguarding and custody-dispute flags
    VIEW_FLAG_REASONS = "view_flag_reasons"  # why a child is blocked: need-to-know only
    VIEW_CONSENT_HISTORY = "view_consent_history"  # which guardian decided what, and when
    VIEW_AUDIT = "view_audit"
    MANAGE_MEDIA = "manage_media"  # activities, uploads and face review (own groups, or all)
    WRITE_PUBLICATION = "write_publication"  # news items, posts, letters to the press
    APPROVE_PUBLICATION = "approve_publication"  # school channels; external media need management
    RECORD_LESSONS = "record_lessons"  # plan and upload a classroom recording (its content:
    # only the one who recorded and her supervisor, whatever their roles)
    VIEW_RECORDING_REGISTER = "view_recording_register"  # that recordings exist, never content
    MANAGE_PROTOCOL = "manage_protocol"  # write and adopt the school's media protocol (MT)
    VIEW_INCIDENTS = "view_incidents"  # the incident register (any staff member may report)
    DECIDE_MEASURES = "decide_measures"  # measures after an incident, and who was involved
    RECORD_EXTERNAL_STEPS = "record_external_steps"  # the board's judgement, inspector, police


C = Capability
ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.TEACHER: frozenset(
        {C.VIEW_OWN_GROUPS, C.MANAGE_MEDIA, C.WRITE_PUBLICATION, C.RECORD_LESSONS}
    ),
    Role.INTERN: frozenset({C.VIEW_OWN_GROUPS, C.MANAGE_MEDIA, C.RECORD_LESSONS}),
    Role.INTERN_SUPERVISOR: frozenset({C.VIEW_OWN_GROUPS, C.MANAGE_MEDIA, C.RECORD_LESSONS}),
    Role.SUPERVISOR: frozenset({C.VIEW_ALL_GROUPS, C.RECORD_LESSONS}),
    Role.COMMUNICATIONS: frozenset(
        {C.VIEW_ALL_GROUPS, C.MANAGE_MEDIA, C.WRITE_PUBLICATION, C.APPROVE_PUBLICATION}
    ),
    Role.ADMINISTRATION: frozenset(
        {C.VIEW_ALL_GROUPS, C.RECORD_CONSENT, C.RUN_CAMPAIGN, C.MANAGE_ROSTER}
    ),
    Role.MANAGEMENT: frozenset(
        {
            C.VIEW_ALL_GROUPS,
            C.MANAGE_MEDIA,
            C.WRITE_PUBLICATION,
            C.APPROVE_PUBLICATION,
            C.RECORD_CONSENT,
            C.RUN_CAMPAIGN,
            C.MANAGE_ROSTER,
            C.MANAGE_CHANNELS,
            C.SET_FLAGS,
            C.VIEW_FLAG_REASONS,
            C.VIEW_CONSENT_HISTORY,
            C.VIEW_AUDIT,
            C.RECORD_LESSONS,
            C.VIEW_RECORDING_REGISTER,
            C.MANAGE_PROTOCOL,
            C.VIEW_INCIDENTS,
            C.DECIDE_MEASURES,
            C.RECORD_EXTERNAL_STEPS,
        }
    ),
    Role.PRIVACY_OFFICER: frozenset(
        {
            C.VIEW_ALL_GROUPS,
            C.RECORD_CONSENT,
            C.RUN_CAMPAIGN,
            C.MANAGE_CHANNELS,
            C.SET_FLAGS,
            C.VIEW_FLAG_REASONS,
            C.VIEW_CONSENT_HISTORY,
            C.VIEW_AUDIT,
            C.VIEW_RECORDING_REGISTER,
        }
    ),
    # The board is the employer: it also decides measures (and alone on a WPO 4a record).
    Role.BOARD: frozenset(
        {C.VIEW_AUDIT, C.VIEW_INCIDENTS, C.DECIDE_MEASURES, C.RECORD_EXTERNAL_STEPS}
    ),
}


def capabilities_of(roles: set[str]) -> frozenset[Capability]:
    result: frozenset[Capability] = frozenset()
    for role in roles:
        result |= ROLE_CAPABILITIES[role]
    return result


def roles_with(capability: Capability) -> list[str]:
    """The roles that hold a capability (whom to tell that something waits for it)."""
    return [role for role, capabilities in ROLE_CAPABILITIES.items() if capability in capabilities]
