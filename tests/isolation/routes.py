"""Every route of the product, declared once for the isolation and permission suite.

A new URL pattern or API operation without an entry here fails the suite: add its entry
the day the view is added. ``objects`` maps a URL argument to an object of the world (see
``world.py``); the suite fills it with the organisation's own object and with another
organisation's.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Route:
    kind: str  # org, portal, account, public, operator (superusers only)
    objects: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)
    reads: bool = True  # answers GET
    writes: bool = False  # answers POST
    # Writes that touch only the person's own credentials (their API tokens), not records:
    # open to auditors too. The suite still checks that an empty POST changes nothing.
    personal: bool = False
    # Writes auditors may make because they change no record: starting a check of the
    # audit trail. The suite still checks that an empty POST changes nothing.
    auditors_write: bool = False


UI_ROUTES = {
    # Platform
    "home": Route("account"),
    "healthz": Route("public"),
    "invitation_accept": Route("public", constants={"token": "no-such-invitation"}, writes=True),
    "api-schema": Route("public"),
    "api-docs": Route("public"),
    # The operator's pages: superusers only, every organisation role refused
    "operator:organization_list": Route("operator"),
    "operator:status": Route("operator"),
    "operator:organization_create": Route("operator", writes=True),
    "operator:organization_detail": Route("operator", objects={"pk": "organization"}),
    "operator:admin_invite": Route(
        "operator", objects={"pk": "organization"}, reads=False, writes=True
    ),
    "operator:organization_suspension": Route(
        "operator", objects={"pk": "organization"}, reads=False, writes=True
    ),
    # Organisation area
    "org_home": Route("org"),
    "member_list": Route("org"),
    "member_invite": Route("org", writes=True),
    "auditor_access_log": Route("org"),
    "member_detail": Route("org", objects={"pk": "membership"}, writes=True),
    "member_remove": Route("org", objects={"pk": "membership"}, reads=False, writes=True),
    "invitation_revoke": Route("org", objects={"pk": "invitation"}, reads=False, writes=True),
    "organization_settings": Route("org", writes=True),
    "token_list": Route("org", writes=True, personal=True),
    "token_revoke": Route("org", objects={"pk": "token"}, reads=False, writes=True, personal=True),
    "import_job": Route("org", objects={"pk": "import_job"}),
    "audit_log": Route("org"),
    "audit_log_export": Route("org"),
    "security_log": Route("org"),
    "audit_verification": Route("org", writes=True, auditors_write=True),
    "record_history": Route(
        "org", objects={"object_id": "membership"}, constants={"model_label": "tenancy.membership"}
    ),
    "record_history_panel": Route(
        "org", objects={"object_id": "party"}, constants={"model_label": "parties.party"}
    ),
    "record_links_panel": Route(
        "org", objects={"pk": "party"}, constants={"model_label": "parties.party"}
    ),
    # Reminders and notifications
    "reminder_list": Route("org"),
    "record_reminders_panel": Route(
        "org", objects={"object_id": "party"}, constants={"model_label": "parties.party"}
    ),
    "notification_list": Route("org", writes=True, personal=True),
    "notification_bell": Route("org", personal=True),
    "notifications_read_all": Route("org", reads=False, writes=True, personal=True),
    "notification_read": Route(
        "org", objects={"pk": "notification"}, reads=False, writes=True, personal=True
    ),
    "notification_preferences": Route("org", writes=True, personal=True),
    # Satisfaction surveys
    "feedback:survey_campaign_list": Route("org"),
    "feedback:survey_campaign_create": Route("org", writes=True),
    "feedback:survey_results": Route("org"),
    "feedback:survey_results_export": Route("org", constants={"fmt": "xlsx"}),
    "feedback:survey_campaign_detail": Route("org", objects={"pk": "survey_campaign"}, writes=True),
    "feedback:survey_campaign_send": Route("org", objects={"pk": "survey_campaign"}, writes=True),
    "feedback:survey_campaign_close": Route("org", objects={"pk": "survey_campaign"}, writes=True),
    "feedback:survey_recipient_bounce": Route(
        "org", objects={"pk": "survey_campaign"}, writes=True
    ),
    "feedback:survey_campaign_results": Route("org", objects={"pk": "survey_campaign"}),
    "feedback:survey_loop_close": Route("org", objects={"pk": "survey_response"}, writes=True),
    "feedback:survey_template_list": Route("org"),
    "feedback:survey_template_create": Route("org", writes=True),
    "feedback:survey_template_detail": Route("org", objects={"pk": "survey_template"}, writes=True),
    "feedback:survey_template_new_version": Route(
        "org", objects={"pk": "survey_template"}, writes=True
    ),
    "feedback:survey_section_create": Route("org", objects={"pk": "survey_template"}, writes=True),
    "feedback:survey_section_edit": Route("org", objects={"pk": "survey_section"}, writes=True),
    "feedback:survey_question_create": Route("org", objects={"pk": "survey_section"}, writes=True),
    "feedback:survey_question_edit": Route("org", objects={"pk": "survey_question"}, writes=True),
    # The respondent's pages: no sign-in; the personal link is the key (respondent routes
    # are walked with a link that names nobody, and with another organisation's link).
    "feedback:survey_respond": Route(
        "respondent", constants={"token": "no-such-link"}, writes=True
    ),
    "feedback:survey_unsubscribe": Route(
        "respondent", constants={"token": "no-such-link"}, writes=True
    ),
    # Interested parties
    "parties:party_list": Route("org"),
    "parties:party_create": Route("org", writes=True),
    "parties:party_detail": Route("org", objects={"pk": "party"}),
    "parties:party_section": Route(
        "org", objects={"pk": "party"}, constants={"section": "interactions"}
    ),
    "parties:party_edit": Route("org", objects={"pk": "party"}, writes=True),
    "parties:need_create": Route("org", objects={"pk": "party"}, writes=True),
    "parties:need_edit": Route("org", objects={"pk": "need"}, writes=True),
    "parties:contact_list": Route("org"),
    "parties:contact_create": Route("org", objects={"pk": "party"}, writes=True),
    "parties:contact_detail": Route("org", objects={"pk": "contact"}),
    "parties:contact_edit": Route("org", objects={"pk": "contact"}, writes=True),
    "parties:contact_consent": Route("org", objects={"pk": "contact"}, writes=True),
    "parties:contact_consent_withdraw": Route("org", objects={"pk": "contact"}, writes=True),
    "parties:contact_export": Route("org", objects={"pk": "contact"}),
    "parties:contact_erase": Route("org", objects={"pk": "contact"}, writes=True),
    "parties:interaction_list": Route("org"),
    "parties:interaction_create": Route("org", objects={"pk": "party"}, writes=True),
    "parties:interaction_detail": Route("org", objects={"pk": "interaction"}),
    "parties:interaction_edit": Route("org", objects={"pk": "interaction"}, writes=True),
    "parties:follow_up_list": Route("org"),
    "parties:follow_up_create": Route("org", objects={"pk": "interaction"}, writes=True),
    "parties:follow_up_edit": Route("org", objects={"pk": "follow_up"}, writes=True),
    "parties:follow_up_done": Route("org", objects={"pk": "follow_up"}, reads=False, writes=True),
    "parties:review_list": Route("org"),
    "parties:review_due_list": Route("org"),
    "parties:review_create": Route("org", objects={"pk": "party"}, writes=True),
    "parties:review_edit": Route("org", objects={"pk": "review"}, writes=True),
    "parties:risk_list": Route("org"),
    "parties:risk_create": Route("org", objects={"pk": "party"}, writes=True),
    "parties:risk_edit": Route("org", objects={"pk": "risk"}, writes=True),
    "parties:overview": Route("org"),
    "parties:overview_power_interest_csv": Route("org"),
    "parties:overview_heat_map_csv": Route("org"),
    "parties:overview_reviews_due_csv": Route("org"),
    "parties:plan_create": Route("org", objects={"pk": "party"}, writes=True),
    "parties:plan_detail": Route("org", objects={"pk": "plan"}),
    "parties:plan_version_start": Route("org", objects={"pk": "plan"}, reads=False, writes=True),
    "parties:plan_version_approve": Route("org", objects={"pk": "plan_version"}, writes=True),
    "parties:plan_version_pdf": Route("org", objects={"pk": "plan_version"}),
    "parties:plan_section_edit": Route("org", objects={"pk": "plan_section"}, writes=True),
    "parties:party_export": Route("org", constants={"fmt": "csv"}),
    "parties:contacts_export": Route("org", constants={"fmt": "xlsx"}),
    "parties:risk_export": Route("org", constants={"fmt": "xlsx"}),
    "parties:import_upload": Route("org", constants={"kind": "parties"}, writes=True),
    "parties:import_preview": Route("org", constants={"kind": "contacts"}, writes=True),
    "parties:import_template": Route("org", constants={"kind": "parties"}),
    # Suppliers and their approval
    "suppliers:supplier_list": Route("org"),
    "suppliers:supplier_create": Route("org", writes=True),
    "suppliers:supplier_detail": Route("org", objects={"pk": "supplier"}),
    # The supplier page's panels, each read on its own (suppliers/views/panels.py)
    **{
        f"suppliers:supplier_panel_{slug}": Route("org", objects={"pk": "supplier"})
        for slug in (
            *("reminders", "standing", "requests", "continuity", "approval"),
            *("questionnaires", "portal", "deliveries", "reviews", "history"),
        )
    },
    "suppliers:supplier_edit": Route("org", objects={"pk": "supplier"}, writes=True),
    "suppliers:supplier_transition": Route(
        "org", objects={"pk": "supplier"}, constants={"action": "suspend"}, writes=True
    ),
    "suppliers:certificate_list": Route("org"),
    "suppliers:certificate_create": Route("org", objects={"pk": "supplier"}, writes=True),
    "suppliers:certificate_edit": Route("org", objects={"pk": "certificate"}, writes=True),
    "suppliers:certificate_delete": Route("org", objects={"pk": "certificate"}, writes=True),
    "suppliers:certificate_download": Route("org", objects={"pk": "certificate"}),
    "suppliers:asl": Route("org"),
    "suppliers:asl_export": Route("org", constants={"fmt": "pdf"}),
    "suppliers:supplier_export": Route("org", constants={"fmt": "csv"}),
    "suppliers:certificate_export": Route("org", constants={"fmt": "xlsx"}),
    "suppliers:delivery_export": Route("org", constants={"fmt": "csv"}),
    "suppliers:reevaluation_due_export": Route("org", constants={"fmt": "xlsx"}),
    "suppliers:questionnaire_export": Route("org", constants={"fmt": "csv"}),
    "suppliers:scorecard_results": Route("org"),
    "suppliers:scorecard_result_export": Route("org", constants={"fmt": "xlsx"}),
    # Deliveries from suppliers
    "suppliers:delivery_list": Route("org"),
    "suppliers:delivery_create": Route("org", writes=True),
    "suppliers:delivery_detail": Route("org", objects={"pk": "delivery"}),
    "suppliers:delivery_edit": Route("org", objects={"pk": "delivery"}, writes=True),
    "suppliers:delivery_delete": Route("org", objects={"pk": "delivery"}, writes=True),
    "suppliers:delivery_import_upload": Route("org", writes=True),
    "suppliers:delivery_import_preview": Route("org", writes=True),
    "suppliers:delivery_import_template": Route("org"),
    # Customer accounts' figures
    "customers:figures": Route("org"),
    "customers:figures_export": Route("org", constants={"fmt": "csv"}),
    "customers:revenue_list": Route("org"),
    "customers:revenue_export": Route("org", constants={"fmt": "csv"}),
    "customers:revenue_create": Route("org", writes=True),
    "customers:revenue_edit": Route("org", objects={"pk": "revenue"}, writes=True),
    "customers:revenue_delete": Route("org", objects={"pk": "revenue"}, writes=True),
    "customers:revenue_import_upload": Route("org", writes=True),
    "customers:revenue_import_preview": Route("org", writes=True),
    "customers:revenue_import_template": Route("org"),
    "customers:loss_create": Route("org", writes=True),
    "suppliers:history_import_upload": Route("org", writes=True),
    "suppliers:history_import_preview": Route("org", writes=True),
    "suppliers:history_import_template": Route("org"),
    # Questionnaires: templates, sending, review
    "suppliers:questionnaire_list": Route("org"),
    "suppliers:questionnaire_detail": Route("org", objects={"pk": "questionnaire"}, writes=True),
    "suppliers:questionnaire_cancel": Route("org", objects={"pk": "questionnaire"}, writes=True),
    "suppliers:questionnaire_answer_file": Route("org", objects={"pk": "questionnaire_answer"}),
    "suppliers:questionnaire_template_list": Route("org"),
    "suppliers:questionnaire_template_create": Route("org", writes=True),
    "suppliers:questionnaire_template_detail": Route(
        "org", objects={"pk": "questionnaire_template"}, writes=True
    ),
    "suppliers:questionnaire_template_new_version": Route(
        "org", objects={"pk": "questionnaire_template"}, writes=True
    ),
    "suppliers:questionnaire_send": Route(
        "org", objects={"pk": "questionnaire_template"}, writes=True
    ),
    "suppliers:questionnaire_section_create": Route(
        "org", objects={"pk": "questionnaire_template"}, writes=True
    ),
    "suppliers:questionnaire_section_edit": Route(
        "org", objects={"pk": "questionnaire_section"}, writes=True
    ),
    "suppliers:questionnaire_question_create": Route(
        "org", objects={"pk": "questionnaire_section"}, writes=True
    ),
    "suppliers:questionnaire_question_edit": Route(
        "org", objects={"pk": "questionnaire_question"}, writes=True
    ),
    # Re-evaluations, performance reviews and agreements
    "suppliers:reevaluation_due_list": Route("org"),
    "suppliers:reevaluation_create": Route("org", objects={"pk": "supplier"}, writes=True),
    "suppliers:reevaluation_detail": Route("org", objects={"pk": "reevaluation"}),
    "suppliers:performance_review_list": Route("org"),
    "suppliers:performance_review_create": Route("org", objects={"pk": "supplier"}, writes=True),
    "suppliers:performance_review_detail": Route("org", objects={"pk": "performance_review"}),
    "suppliers:performance_review_edit": Route(
        "org", objects={"pk": "performance_review"}, writes=True
    ),
    "suppliers:review_action_done": Route(
        "org", objects={"pk": "review_action"}, reads=False, writes=True
    ),
    "suppliers:agreement_list": Route("org"),
    "suppliers:agreement_create": Route("org", writes=True),
    "suppliers:agreement_detail": Route("org", objects={"pk": "agreement"}),
    "suppliers:agreement_panel_reminders": Route("org", objects={"pk": "agreement"}),
    "suppliers:agreement_panel_history": Route("org", objects={"pk": "agreement"}),
    "suppliers:agreement_edit": Route("org", objects={"pk": "agreement"}, writes=True),
    "suppliers:agreement_compliance_export": Route("org", constants={"fmt": "xlsx"}),
    # Supply continuity (suppliers)
    "suppliers:continuity": Route("org"),
    "suppliers:continuity_export": Route("org", constants={"fmt": "xlsx"}),
    "suppliers:category_backup": Route("org", constants={"category": "tooling"}, writes=True),
    "suppliers:contingency_plan_create": Route("org", writes=True),
    "suppliers:contingency_plan_edit": Route(
        "org", objects={"pk": "contingency_plan"}, writes=True
    ),
    # Purchase spend (suppliers)
    "suppliers:spend_list": Route("org"),
    "suppliers:spend_export": Route("org", constants={"fmt": "xlsx"}),
    "suppliers:spend_create": Route("org", writes=True),
    "suppliers:spend_edit": Route("org", objects={"pk": "supplier_spend"}, writes=True),
    "suppliers:spend_delete": Route("org", objects={"pk": "supplier_spend"}, writes=True),
    "suppliers:spend_import_upload": Route("org", writes=True),
    "suppliers:spend_import_preview": Route("org", writes=True),
    "suppliers:spend_import_template": Route("org"),
    # Complaints (feedback)
    "feedback:complaint_list": Route("org"),
    "feedback:complaint_export": Route("org", constants={"fmt": "xlsx"}),
    "feedback:complaint_handling_export": Route("org", constants={"fmt": "xlsx"}),
    "feedback:complaint_create": Route("org", writes=True),
    "feedback:complaint_detail": Route("org", objects={"pk": "complaint"}),
    "feedback:complaint_edit": Route("org", objects={"pk": "complaint"}, writes=True),
    "feedback:complaint_transition": Route("org", objects={"pk": "complaint"}, writes=True),
    "feedback:complaint_attach": Route("org", objects={"pk": "complaint"}, writes=True),
    "feedback:complaint_attachment_download": Route("org", objects={"pk": "complaint_attachment"}),
    # Nonconformities and corrective actions
    "corrective_actions:nc_list": Route("org"),
    "corrective_actions:nc_export": Route("org", constants={"fmt": "xlsx"}),
    "corrective_actions:nc_create": Route("org", writes=True),
    "corrective_actions:nc_from_delivery": Route("org", objects={"pk": "delivery"}, writes=True),
    "corrective_actions:nc_detail": Route("org", objects={"pk": "nonconformity"}),
    "corrective_actions:nc_trail": Route("org", objects={"pk": "nonconformity"}),
    "corrective_actions:nc_edit": Route("org", objects={"pk": "nonconformity"}, writes=True),
    "corrective_actions:nc_transition": Route("org", objects={"pk": "nonconformity"}, writes=True),
    "corrective_actions:nc_attach": Route("org", objects={"pk": "nonconformity"}, writes=True),
    "corrective_actions:nc_open_ca": Route("org", objects={"pk": "nonconformity"}, writes=True),
    "corrective_actions:nc_attachment_download": Route(
        "org", objects={"pk": "nonconformity_attachment"}
    ),
    "corrective_actions:ca_list": Route("org"),
    "corrective_actions:ca_export": Route("org", constants={"fmt": "csv"}),
    "corrective_actions:ca_create": Route("org", writes=True),
    "corrective_actions:ca_detail": Route("org", objects={"pk": "corrective_action"}),
    "corrective_actions:ca_trail": Route("org", objects={"pk": "corrective_action"}),
    "corrective_actions:ca_edit": Route("org", objects={"pk": "corrective_action"}, writes=True),
    "corrective_actions:ca_transition": Route(
        "org", objects={"pk": "corrective_action"}, writes=True
    ),
    "corrective_actions:ca_attach": Route("org", objects={"pk": "corrective_action"}, writes=True),
    "corrective_actions:ca_pdf": Route("org", objects={"pk": "corrective_action"}),
    "corrective_actions:ca_attachment_download": Route(
        "org", objects={"pk": "corrective_action_attachment"}
    ),
    "corrective_actions:step_add": Route("org", objects={"pk": "corrective_action"}, writes=True),
    "corrective_actions:step_edit": Route("org", objects={"pk": "action_step"}, writes=True),
    "corrective_actions:why_add": Route("org", objects={"pk": "corrective_action"}, writes=True),
    "corrective_actions:why_edit": Route("org", objects={"pk": "why_step"}, writes=True),
    "corrective_actions:cause_add": Route("org", objects={"pk": "corrective_action"}, writes=True),
    "corrective_actions:cause_edit": Route("org", objects={"pk": "fishbone_cause"}, writes=True),
    "corrective_actions:summary_save": Route(
        "org", objects={"pk": "corrective_action"}, writes=True
    ),
    # Suppliers' 8Ds (the portal's pages are below, with the portal's)
    "corrective_actions:scar_list": Route("org"),
    "corrective_actions:scar_export": Route("org", constants={"fmt": "csv"}),
    "corrective_actions:scar_create": Route("org", writes=True),
    "corrective_actions:scar_from_nc": Route("org", objects={"pk": "nonconformity"}, writes=True),
    "corrective_actions:scar_from_delivery": Route("org", objects={"pk": "delivery"}, writes=True),
    "corrective_actions:scar_detail": Route("org", objects={"pk": "scar"}),
    "corrective_actions:scar_trail": Route("org", objects={"pk": "scar"}),
    "corrective_actions:scar_review": Route("org", objects={"pk": "scar"}, writes=True),
    "corrective_actions:scar_transition": Route("org", objects={"pk": "scar"}, writes=True),
    "corrective_actions:scar_note": Route("org", objects={"pk": "scar"}, writes=True),
    "corrective_actions:scar_cancel": Route("org", objects={"pk": "scar"}, writes=True),
    "corrective_actions:scar_pdf": Route("org", objects={"pk": "scar"}),
    "corrective_actions:scar_attachment_download": Route("org", objects={"pk": "scar_attachment"}),
    "portal:scar_list": Route("portal"),
    "portal:scar_detail": Route("portal", objects={"pk": "scar"}, writes=True),
    "portal:scar_why_add": Route("portal", objects={"pk": "scar"}, writes=True),
    "portal:scar_why_remove": Route("portal", objects={"pk": "scar_why"}, writes=True),
    "portal:scar_cause_add": Route("portal", objects={"pk": "scar"}, writes=True),
    "portal:scar_cause_remove": Route("portal", objects={"pk": "scar_cause"}, writes=True),
    "portal:scar_summary": Route("portal", objects={"pk": "scar"}, writes=True),
    "portal:scar_attachment": Route("portal", objects={"pk": "scar_attachment"}),
    # The public complaint pages: an unknown organisation, or a link that is not one of its
    # complaints, opens nothing (tests/feedback/test_complaints.py tries one organisation's
    # link under another's address).
    "complaint_public_form": Route("public", constants={"slug": "no-such-org"}, writes=True),
    "complaint_public_thanks": Route("public", constants={"slug": "no-such-org"}),
    "complaint_public_status": Route(
        "public", constants={"slug": "no-such-org", "token": "no-such-link"}
    ),
    # Quality objectives, management reviews, evidence by clause (qms)
    "qms:evidence": Route("org"),
    "qms:objective_list": Route("org"),
    "qms:objective_create": Route("org", writes=True),
    "qms:objective_edit": Route("org", objects={"pk": "quality_objective"}, writes=True),
    "qms:objective_delete": Route(
        "org", objects={"pk": "quality_objective"}, reads=False, writes=True
    ),
    "qms:review_list": Route("org"),
    "qms:review_create": Route("org", writes=True),
    "qms:review_detail": Route("org", objects={"pk": "management_review"}, writes=True),
    "qms:review_hold": Route("org", objects={"pk": "management_review"}, reads=False, writes=True),
    "qms:review_approve": Route(
        "org", objects={"pk": "management_review"}, reads=False, writes=True
    ),
    "qms:review_action_add": Route(
        "org", objects={"pk": "management_review"}, reads=False, writes=True
    ),
    "qms:review_action_done": Route(
        "org", objects={"pk": "management_review_action"}, reads=False, writes=True
    ),
    "qms:review_pdf": Route("org", objects={"pk": "management_review"}),
    # Packs built by the worker: auditors may ask for them (they change no record) and
    # download them; a queued pack's download leads back to its page.
    "qms:evidence_pack_create": Route("org", writes=True, auditors_write=True),
    "qms:review_pack_create": Route(
        "org", objects={"pk": "management_review"}, writes=True, auditors_write=True
    ),
    "qms:pack_job": Route("org", objects={"pk": "pack_job"}),
    "qms:pack_download": Route("org", objects={"pk": "pack_job"}),
    # Supplier portal
    "portal:entry": Route("account"),
    "portal:home": Route("portal"),
    "portal:questionnaire_list": Route("portal"),
    "portal:questionnaire_answer": Route("portal", objects={"pk": "questionnaire"}),
    "portal:questionnaire_file": Route("portal", objects={"pk": "questionnaire_answer"}),
    # Supplier scorecards
    "suppliers:scorecard_overview": Route("org"),
    "suppliers:scorecard_definition": Route("org", writes=True),
    "suppliers:evaluation_criteria": Route("org"),
    "suppliers:scorecard_recompute": Route("org", reads=False, writes=True),
    "suppliers:scorecard_job": Route("org", objects={"pk": "recompute_job"}),
    "suppliers:scorecard_proposals": Route("org"),
    "suppliers:scorecard_proposal_decide": Route(
        "org", objects={"pk": "suspension_proposal"}, writes=True
    ),
    "suppliers:supplier_scorecard": Route("org", objects={"pk": "supplier"}),
    "suppliers:manual_rating": Route("org", objects={"pk": "supplier"}, writes=True),
    # Supplier portal
    "portal:scorecard": Route("portal"),
    # Requests to suppliers, and decisions on what suppliers send through the portal
    "suppliers:request_list": Route("org"),
    "suppliers:request_create": Route("org", objects={"pk": "supplier"}, writes=True),
    "suppliers:request_detail": Route("org", objects={"pk": "portal_request"}),
    "suppliers:request_return": Route("org", objects={"pk": "portal_request"}, writes=True),
    "suppliers:request_close": Route(
        "org", objects={"pk": "portal_request"}, reads=False, writes=True
    ),
    "suppliers:request_download": Route("org", objects={"pk": "portal_request"}),
    "suppliers:change_list": Route("org"),
    "suppliers:change_accept": Route(
        "org", objects={"pk": "profile_change"}, reads=False, writes=True
    ),
    "suppliers:change_reject": Route("org", objects={"pk": "profile_change"}, writes=True),
    "suppliers:certificate_accept": Route(
        "org", objects={"pk": "portal_certificate"}, reads=False, writes=True
    ),
    "suppliers:certificate_reject": Route("org", objects={"pk": "portal_certificate"}, writes=True),
    # Supplier portal (tests/isolation/test_portal_isolation.py tries them across suppliers)
    "portal:profile": Route("portal"),
    "portal:contact_propose": Route("portal", writes=True),
    "portal:contact_change_propose": Route("portal", objects={"pk": "portal_contact"}, writes=True),
    "portal:address_propose": Route("portal", writes=True),
    "portal:certificate_list": Route("portal"),
    "portal:certificate_upload": Route("portal", writes=True),
    "portal:certificate_download": Route("portal", objects={"pk": "portal_certificate"}),
    "portal:request_list": Route("portal"),
    "portal:request_detail": Route("portal", objects={"pk": "portal_request"}, writes=True),
    "portal:request_download": Route("portal", objects={"pk": "portal_request"}),
    "portal:notification_list": Route("portal"),
}

# Account pages of django-allauth (sign-in, password, two-factor): no organisation data.
ACCOUNT_LIBRARY_MODULES = ("allauth.",)

# API operations that name an object: which object of the world fills {id}.
API_OBJECTS = {
    "/api/v1/o/{org_slug}/memberships/{id}/": "membership",
    "/api/v1/o/{org_slug}/audit-events/{id}/": "audit_event",
    "/api/v1/o/{org_slug}/parties/{id}/": "party",
    "/api/v1/o/{org_slug}/needs/{id}/": "need",
    "/api/v1/o/{org_slug}/contacts/{id}/": "contact",
    "/api/v1/o/{org_slug}/contacts/{id}/consent/": "contact",
    "/api/v1/o/{org_slug}/contacts/{id}/withdraw-consent/": "contact",
    "/api/v1/o/{org_slug}/contacts/{id}/export/": "contact",
    "/api/v1/o/{org_slug}/contacts/{id}/erase/": "contact",
    "/api/v1/o/{org_slug}/interactions/{id}/": "interaction",
    "/api/v1/o/{org_slug}/follow-ups/{id}/": "follow_up",
    "/api/v1/o/{org_slug}/reviews/{id}/": "review",
    "/api/v1/o/{org_slug}/risks/{id}/": "risk",
    "/api/v1/o/{org_slug}/plans/{id}/": "plan",
    "/api/v1/o/{org_slug}/plans/{id}/approve/": "plan",
    "/api/v1/o/{org_slug}/plans/{id}/new-version/": "plan",
    "/api/v1/o/{org_slug}/plan-sections/{id}/": "plan_section",
    "/api/v1/o/{org_slug}/suppliers/{id}/": "supplier",
    "/api/v1/o/{org_slug}/suppliers/{id}/transition/": "supplier",
    "/api/v1/o/{org_slug}/certificates/{id}/": "certificate",
    "/api/v1/o/{org_slug}/certificates/{id}/download/": "certificate",
    "/api/v1/o/{org_slug}/deliveries/{id}/": "delivery",
    "/api/v1/o/{org_slug}/customer-revenue/{id}/": "revenue",
    "/api/v1/o/{org_slug}/questionnaire-templates/{id}/": "questionnaire_template",
    "/api/v1/o/{org_slug}/survey-templates/{id}/": "survey_template",
    "/api/v1/o/{org_slug}/survey-templates/{id}/new-version/": "survey_template",
    "/api/v1/o/{org_slug}/survey-campaigns/{id}/": "survey_campaign",
    "/api/v1/o/{org_slug}/survey-campaigns/{id}/send/": "survey_campaign",
    "/api/v1/o/{org_slug}/survey-campaigns/{id}/close/": "survey_campaign",
    "/api/v1/o/{org_slug}/survey-campaigns/{id}/results/": "survey_campaign",
    "/api/v1/o/{org_slug}/questionnaire-templates/{id}/new-version/": "questionnaire_template",
    "/api/v1/o/{org_slug}/questionnaires/{id}/": "questionnaire",
    "/api/v1/o/{org_slug}/questionnaires/{id}/review/": "questionnaire",
    "/api/v1/o/{org_slug}/questionnaires/{id}/cancel/": "questionnaire",
    "/api/v1/o/{org_slug}/scorecard-definitions/{id}/": "scorecard_definition",
    "/api/v1/o/{org_slug}/scorecard-results/{id}/": "scorecard_result",
    "/api/v1/o/{org_slug}/manual-ratings/{id}/": "manual_rating",
    "/api/v1/o/{org_slug}/suspension-proposals/{id}/": "suspension_proposal",
    "/api/v1/o/{org_slug}/suspension-proposals/{id}/confirm/": "suspension_proposal",
    "/api/v1/o/{org_slug}/suspension-proposals/{id}/reject/": "suspension_proposal",
    "/api/v1/o/{org_slug}/scorecard-jobs/{id}/": "recompute_job",
    "/api/v1/o/{org_slug}/certificates/{id}/accept/": "portal_certificate",
    "/api/v1/o/{org_slug}/certificates/{id}/reject/": "portal_certificate",
    "/api/v1/o/{org_slug}/supplier-requests/{id}/": "portal_request",
    "/api/v1/o/{org_slug}/supplier-requests/{id}/return/": "portal_request",
    "/api/v1/o/{org_slug}/supplier-requests/{id}/close/": "portal_request",
    "/api/v1/o/{org_slug}/supplier-requests/{id}/download/": "portal_request",
    "/api/v1/o/{org_slug}/profile-changes/{id}/": "profile_change",
    "/api/v1/o/{org_slug}/profile-changes/{id}/accept/": "profile_change",
    "/api/v1/o/{org_slug}/profile-changes/{id}/reject/": "profile_change",
    "/api/v1/o/{org_slug}/reevaluations/{id}/": "reevaluation",
    "/api/v1/o/{org_slug}/performance-reviews/{id}/": "performance_review",
    "/api/v1/o/{org_slug}/performance-review-actions/{id}/": "review_action",
    "/api/v1/o/{org_slug}/performance-review-actions/{id}/done/": "review_action",
    "/api/v1/o/{org_slug}/agreements/{id}/": "agreement",
    "/api/v1/o/{org_slug}/agreements/{id}/compliance/": "agreement",
    "/api/v1/o/{org_slug}/contingency-plans/{id}/": "contingency_plan",
    "/api/v1/o/{org_slug}/supplier-spend/{id}/": "supplier_spend",
    "/api/v1/o/{org_slug}/complaints/{id}/": "complaint",
    "/api/v1/o/{org_slug}/complaints/{id}/transition/": "complaint",
    "/api/v1/o/{org_slug}/quality-objectives/{id}/": "quality_objective",
    "/api/v1/o/{org_slug}/management-reviews/{id}/": "management_review",
    "/api/v1/o/{org_slug}/management-reviews/{id}/hold/": "management_review",
    "/api/v1/o/{org_slug}/management-reviews/{id}/approve/": "management_review",
    "/api/v1/o/{org_slug}/packs/{id}/": "pack_job",
    "/api/v1/o/{org_slug}/packs/{id}/download/": "pack_job",
    "/api/v1/o/{org_slug}/management-review-actions/{id}/": "management_review_action",
    "/api/v1/o/{org_slug}/management-review-actions/{id}/done/": "management_review_action",
    "/api/v1/o/{org_slug}/nonconformities/{id}/": "nonconformity",
    "/api/v1/o/{org_slug}/nonconformities/{id}/transition/": "nonconformity",
    "/api/v1/o/{org_slug}/corrective-actions/{id}/": "corrective_action",
    "/api/v1/o/{org_slug}/corrective-actions/{id}/transition/": "corrective_action",
    "/api/v1/o/{org_slug}/corrective-actions/{id}/root-cause/": "corrective_action",
    "/api/v1/o/{org_slug}/corrective-action-whys/{id}/": "why_step",
    "/api/v1/o/{org_slug}/corrective-action-causes/{id}/": "fishbone_cause",
    "/api/v1/o/{org_slug}/supplier-8d/{id}/": "scar",
    "/api/v1/o/{org_slug}/supplier-8d/{id}/review/": "scar",
    "/api/v1/o/{org_slug}/supplier-8d/{id}/note/": "scar",
    "/api/v1/o/{org_slug}/supplier-8d/{id}/cancel/": "scar",
    "/api/v1/o/{org_slug}/supplier-8d/{id}/transition/": "scar",
    # The supplier portal API: the portal user's own supplier's records (and its own
    # notifications); tests/isolation/test_portal_isolation.py tries another supplier's.
    "/api/v1/portal/{org_slug}/profile/changes/{id}/": "profile_change",
    "/api/v1/portal/{org_slug}/certificates/{id}/": "portal_certificate",
    "/api/v1/portal/{org_slug}/certificates/{id}/download/": "portal_certificate",
    "/api/v1/portal/{org_slug}/requests/{id}/": "portal_request",
    "/api/v1/portal/{org_slug}/requests/{id}/respond/": "portal_request",
    "/api/v1/portal/{org_slug}/requests/{id}/download/": "portal_request",
    "/api/v1/portal/{org_slug}/questionnaires/{id}/": "questionnaire",
    "/api/v1/portal/{org_slug}/questionnaires/{id}/draft/": "questionnaire",
    "/api/v1/portal/{org_slug}/questionnaires/{id}/submit/": "questionnaire",
    "/api/v1/portal/{org_slug}/questionnaires/files/{id}/": "questionnaire_answer",
    "/api/v1/portal/{org_slug}/notifications/{id}/": "portal_notification",
    "/api/v1/portal/{org_slug}/notifications/{id}/read/": "portal_notification",
    "/api/v1/portal/{org_slug}/8d/{id}/": "scar",
    "/api/v1/portal/{org_slug}/8d/{id}/answer/": "scar",
    "/api/v1/portal/{org_slug}/8d/{id}/analysis-whys/": "scar",
    "/api/v1/portal/{org_slug}/8d/{id}/analysis-causes/": "scar",
    "/api/v1/portal/{org_slug}/8d/files/{id}/": "scar_attachment",
}

# API operations an auditor may call although they are not reads: asking for a pack
# changes no record of the organisation (the request is logged).
API_AUDITORS_WRITE = {("/api/v1/o/{org_slug}/packs/", "post")}
