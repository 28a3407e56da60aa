"""Every fact of the term sheet as a lawyer is asked for it: a title and a line of help.

The models' own descriptions speak to whoever writes the YAML (the CLI's hints quote them); these
speak to the lawyer filling in the workbench's form, and are what the JSON Schema carries as each
property's title and description. A test checks that every field of every model has both.
"""
from __future__ import annotations

# (title, help) by "Model.field". A model that extends another (OtherInvestor extends Investor)
# falls back to its parent's wording through PARENTS.
WORDING: dict[str, tuple[str, str]] = {
    # -- the deal's parts
    "Deal.company": ("The company", "The company issuing the securities and giving the registration rights."),
    "Deal.agreement": ("The agreement", "The Registration Rights Agreement's own dates and counterparts. "
                       "Leave it empty if this matter is only a charter."),
    "Deal.investor": ("The initial investor", "The investor who signs the agreement with the company."),
    "Deal.other_investors": ("Other investors", "Investors besides the initial investor: those who also sign, "
                             "and those who later took registration rights by assignment."),
    "Deal.securities": ("Securities", "The securities whose resale the agreement registers."),
    "Deal.placement_agent": ("Placement agent", "The placement agent named in the agreement, if there is one."),
    "Deal.registration": ("Registration", "The registration statement's deadlines and periods."),
    "Deal.company_obligations": ("Company's obligations", "Periods for what the company must do."),
    "Deal.investor_obligations": ("Investors' obligations", "Periods for what the investors must do."),
    "Deal.rule_144": ("Rule 144", "Whether the agreement carries the company's Rule 144 undertakings."),
    "Deal.governing_law": ("Governing law and forum", "The law that governs the agreement, and where "
                           "disputes are heard."),
    "Deal.charter": ("Certificate of incorporation", "The company's charter, if this matter drafts or "
                     "amends one."),
    "Deal.house_style": ("House style", "How the documents write some amounts."),
    # -- company and investors
    "Company.name": ("Company name", "The company's full legal name, as it appears in its charter."),
    "Company.entity_type": ("Kind of entity", "For example, corporation."),
    "Company.jurisdiction": ("State of incorporation", "The state under whose law the company is organised, "
                             "for example Delaware."),
    "Company.principal_office": ("Principal office", "The company's principal office. Needed for the agreement."),
    "Company.notices": ("Notices to the company", "Where notices under the agreement go. Needed for the "
                        "agreement."),
    "Company.address_changes": ("Later notice addresses", "New notice addresses the company has given, "
                                "earliest first."),
    "Company.signatory": ("Company's signatory", "Who signs for the company."),
    "Investor.name": ("Investor's name", "The investor's full legal name. Leave it empty to print a blank "
                      "line to fill in by hand."),
    "Investor.entity_type": ("Kind of entity", "For example, limited partnership."),
    "Investor.jurisdiction": ("Where organised", "The state or country under whose law the investor is "
                              "organised."),
    "Investor.notices": ("Notices to the investor", "Where notices to this investor go."),
    "Investor.address_changes": ("Later notice addresses", "New notice addresses this investor has given, "
                                 "earliest first."),
    "Investor.signatory": ("Investor's signatory", "Who signs for the investor."),
    "OtherInvestor.name": ("Investor's name", "The investor's full legal name."),
    "OtherInvestor.id": ("Short name for letters", "A short name to pick this investor by when sending "
                         "notices. Leave it empty to use the investor's name."),
    "OtherInvestor.assignment": ("Assignment", "How this investor came to hold registration rights, if by "
                                 "assignment."),
    "OtherInvestor.party": ("Signs the agreement", "Tick if this investor signs the agreement as an initial "
                            "investor (named at the start, in the schedule of investors and with a "
                            "signature block)."),
    "Assignment.assignor": ("Assigned by", "Who assigned the rights: the initial investor, or another "
                            "investor by its short name."),
    "Assignment.date": ("Date of assignment", "The day the rights were assigned."),
    "Assignment.securities": ("Securities assigned", "The securities whose registration rights were assigned, "
                              "for example 250,000 Debenture Shares."),
    "Signatory.name": ("Signatory's name", "The person who signs. Leave it empty for a blank line."),
    "Signatory.title": ("Signatory's title", "For example, Chief Executive Officer."),
    "Signer.name": ("Signer's name", "The officer who signs the certificate of amendment."),
    "Signer.title": ("Signer's title", "For example, President."),
    # -- addresses and notices
    "Address.care_of": ("Care of", "A name to print as the care-of line above the street, if any."),
    "Address.lines": ("Street address", "One line each: the street, then a suite or floor if any."),
    "Address.city": ("City", "The city or town."),
    "Address.state": ("State", "The state, for example California."),
    "Address.postal_code": ("ZIP code", "The ZIP or postal code."),
    "RegisteredAddress.county": ("County", "The county of the registered office, for example Kent."),
    "Notices.address": ("Notice address", "The address notices are delivered to."),
    "Notices.attention": ("Attention", "The person or office notices are marked for."),
    "Notices.telecopier": ("Fax number", "The fax number for notices, if any."),
    "Notices.telephone": ("Telephone", "The telephone number for notices, if any."),
    "Notices.copy_to": ("With a copy to", "Counsel who receives a copy of each notice, if any."),
    "AddressChange.date": ("Effective from", "The day notice of the new address was given. Letters dated "
                           "on or after it use the new address."),
    "Counsel.name": ("Counsel's name", "The law firm or lawyer who receives copies."),
    "Counsel.address": ("Counsel's address", "Where counsel's copies are delivered."),
    "Counsel.attention": ("Attention", "The lawyer copies are marked for."),
    "Counsel.telecopier": ("Fax number", "Counsel's fax number, if any."),
    "Counsel.telephone": ("Telephone", "Counsel's telephone number, if any."),
    # -- the agreement
    "Agreement.date": ("Date of the agreement", "The day the agreement is dated."),
    "Agreement.closing_date": ("Closing date", "The day the sale of the securities closes."),
    "Agreement.counterparts": ("Number of counterparts", "How many counterparts the agreement is signed in."),
    "Agreement.footer": ("Page footer", "Text printed at the foot of every page, if any."),
    "Agreement.business_day_calendar": ("Business-day calendar", "Whose holidays are not business days when "
                                        "notice letters count deadlines: a country, for example US, or a "
                                        "country and state, for example US-NY."),
    "Agreement.amendments": ("Amendments to the agreement", "Amendments made after signing, earliest first."),
    "AgreementAmendment.date": ("Date of the amendment", "The day the amendment is made."),
    "AgreementAmendment.approval": ("Approval", "Who approved the amendment."),
    "AgreementAmendment.changes": ("Facts it changes", "Each fact the amendment changes, with its new value."),
    "AgreementAmendment.clauses": ("Sections it rewrites", "Sections of the agreement the amendment replaces, "
                                   "with their new words."),
    "AgreementAmendment.add_after": ("Sections it adds", "New sections the amendment inserts, and where."),
    "Approval.company": ("Approved by the company", "Tick if the company approved the amendment."),
    "Approval.investors": ("Approving investors", "The investors who approved it, by name."),
    "Approval.percent_of_registrable_securities": ("Share of registrable securities (%)", "The percentage of "
                                                   "the registrable securities the approving investors hold, "
                                                   "for example 75."),
    # -- securities
    "Securities.common_stock_par_value": ("Par value of the common stock ($)", "For example, 0.001."),
    "Securities.bridge_loan_shares": ("Bridge loan shares", "The number of shares issued with the bridge "
                                      "loan, if any."),
    "Securities.debenture": ("Convertible debenture", "The debenture the investors buy."),
    "Securities.conversion_price": ("Conversion price ($)", "The price per share at which the debenture "
                                    "converts, for example 1.25."),
    "Securities.purchase_agreement_title": ("Title of the purchase agreement", "The agreement under which the "
                                            "securities are bought, for example Note Purchase Agreement."),
    "Debenture.interest_rate_percent": ("Interest rate (%)", "The debenture's yearly interest rate, for "
                                        "example 6."),
    "Debenture.principal_amount": ("Principal amount ($)", "The debenture's principal amount, if stated."),
    "PlacementAgent.name": ("Placement agent's name", "The placement agent's full legal name."),
    "PlacementAgent.short_name": ("Placement agent's short name", "The name the agreement uses after the "
                                  "first mention."),
    # -- registration
    "Registration.filing_deadline_days": ("Filing deadline (days)", "Days after the closing by which the "
                                          "company must file the registration statement, for example 30."),
    "Registration.effectiveness_deadline_days": ("Effectiveness deadline (days)", "Days after the closing by "
                                                 "which the registration statement must be effective, for "
                                                 "example 120."),
    "Registration.comment_notice_hours": ("Notice of comments (hours)", "Hours within which the company tells "
                                          "the investors of the Commission's comments, for example 36."),
    "Registration.effectiveness_notice_hours": ("Notice of effectiveness (hours)", "Hours within which the "
                                                "company tells the investors the statement is effective."),
    "Registration.acceleration_request_business_days": ("Acceleration request (business days)", "Business days "
                                                        "within which the company asks for acceleration."),
    "Registration.acceleration_window_hours": ("Acceleration window (hours)", "Hours the company has to ask "
                                               "for effectiveness to be accelerated."),
    "Registration.short_form": ("Registration form", "The short form the company may use to register resales with the SEC."),
    "Registration.registration_period_years": ("Registration period (years)", "Years the registration "
                                               "statement must be kept effective."),
    "Registration.piggyback": ("Piggyback registration", "Whether investors may join a registration the "
                               "company makes for itself."),
    "Piggyback.enabled": ("Piggyback registration rights", "Untick if the investors have no piggyback rights."),
    "Piggyback.notice_days": ("Notice of a planned registration (days)", "Days before filing that the company "
                              "must tell the investors. Needed with piggyback rights."),
    "Piggyback.response_days": ("Time to ask to be included (days)", "Days the investors have to ask to be "
                                "included. Needed with piggyback rights."),
    "CompanyObligations.transfer_agent_delivery_business_days": ("Delivery to the transfer agent (business "
                                                                 "days)", "Business days within which the "
                                                                 "company delivers instructions to the "
                                                                 "transfer agent."),
    "CompanyObligations.earnings_statement_months": ("Earnings statement (months)", "Months within which the "
                                                     "company makes an earnings statement generally available."),
    "CompanyObligations.nasd_qualified_independent_underwriter": ("Qualified independent underwriter", "Tick if "
                                                                   "the company must engage a qualified "
                                                                   "independent underwriter where the NASD "
                                                                   "requires one."),
    "InvestorObligations.requested_information_notice_days": ("Notice asking for information (days)", "Days' "
                                                              "notice the company gives when it asks investors "
                                                              "for information."),
    "InvestorObligations.non_responsive_business_days": ("Reply before being left out (business days)",
                                                         "Business days an investor has to reply before it "
                                                         "may be left out of the registration."),
    "Rule144.enabled": ("Rule 144 undertakings", "Untick to leave the Rule 144 section out."),
    "GoverningLaw.state": ("Governing law", "The state whose law governs the agreement, for example Delaware."),
    "GoverningLaw.forum_city": ("Forum city", "The city whose courts hear disputes, for example Springfield."),
    "GoverningLaw.forum_state": ("Forum state", "The state of the forum city."),
    "HouseStyle.money_leading_zero": ("Zero before a decimal point in amounts", "Ticked: $0.0001. Unticked: "
                                      "$.0001."),
    "HouseStyle.number_words_and": ("\u201cAnd\u201d in numbers written in words", "Ticked: one hundred and "
                                    "eighty. Unticked, as in the US: one hundred eighty."),
    # -- the charter
    "Charter.name": ("Name in the charter", "The company's name as the certificate states it, usually in "
                     "capitals."),
    "Charter.signed_on": ("Date signed", "The day the incorporator signs the certificate."),
    "Charter.registered_office": ("Registered office", "The registered office and agent in the state."),
    "Charter.purpose": ("Purpose", "Leave it empty for any lawful act or activity."),
    "Charter.capital": ("Authorized capital", "The shares the company may issue."),
    "Charter.incorporator": ("Incorporator", "Who signs and files the certificate."),
    "Charter.existence": ("Term of existence", "For example, perpetual."),
    "Charter.provisions": ("Optional provisions", "The optional articles the certificate carries."),
    "Charter.first_stock_payment": ("First payment for stock", "The day the company first received payment "
                                    "for any of its stock, if it has."),
    "Charter.filed": ("Already filed", "Tick if the certificate was signed and filed: it prints as a "
                      "conformed copy."),
    "Charter.amendments": ("Amendments to the charter", "Certificates of amendment, earliest first."),
    "RegisteredOffice.address": ("Registered office address", "The registered office's address in the state."),
    "RegisteredOffice.agent": ("Registered agent", "The registered agent at that office."),
    "Capital.total_shares": ("Total authorized shares", "All classes together."),
    "Capital.par_value": ("Par value per share ($)", "For example, 0.01. Leave it empty if the shares have no "
                          "par value, and tick No par value."),
    "Capital.no_par": ("No par value", "Tick if the shares have no par value."),
    "Capital.classes": ("Classes of shares", "Each class and how many shares of it."),
    "Capital.preferred_terms_by": ("Terms of preferred stock fixed by", "Who may fix the terms of preferred "
                                   "stock, for example the Board of Directors, if anyone."),
    "ShareClass.name": ("Class", "For example, common stock or preferred stock."),
    "ShareClass.shares": ("Number of shares", "Shares of this class the company may issue."),
    "Incorporator.name": ("Incorporator's name", "The incorporator's full name."),
    "Incorporator.address": ("Incorporator's address", "The incorporator's mailing address."),
    "Provisions.compromise": ("Compromise with creditors", "The article on compromises or arrangements with "
                              "creditors."),
    "Provisions.management": ("Management and by-laws", "The article on the management of the business and "
                              "the by-laws."),
    "Provisions.director_liability": ("Directors' liability limited", "The article eliminating directors' "
                                      "personal liability as far as the law allows."),
    "Provisions.indemnification": ("Indemnification", "The article on indemnification to the fullest extent "
                                   "the law allows."),
    "Provisions.amendment": ("Right to amend reserved", "The article reserving the right to amend the "
                             "certificate."),
    "Provisions.section_203_opt_out": ("Opt out of section 203", "The article electing not to be governed by "
                                       "section 203 of the Delaware General Corporation Law."),
    "CharterAmendment.date": ("Date of the amendment", "The day the certificate of amendment is signed."),
    "CharterAmendment.adoption": ("How it was adopted", "Before any payment for stock; at a stockholders' "
                                  "meeting; or by written consent of stockholders."),
    "CharterAmendment.adopted_by": ("Adopted by", "Before payment for stock: the incorporator or the "
                                    "directors."),
    "CharterAmendment.meeting": ("Kind of meeting", "For adoption at a meeting: special or annual."),
    "CharterAmendment.schedule": ("Schedule", "The label of the schedule carrying the new articles, if any, "
                                  "for example 1A."),
    "CharterAmendment.signer": ("Signed by", "The officer who signs the certificate of amendment."),
    "CharterAmendment.changes": ("What it changes", "The parts of the charter the amendment changes."),
    "CharterAmendment.filed": ("Already filed", "Tick if it was signed and filed: it prints as a conformed "
                               "copy."),
    "CharterChanges.name": ("New name", "The company's new name, if it changes."),
    "CharterChanges.registered_office": ("New registered office", "If it changes."),
    "CharterChanges.purpose": ("New purpose", "If it changes."),
    "CharterChanges.capital": ("New authorized capital", "If it changes."),
}
# What one item of a list is called ("Remove investor 2"), where the title's last word will not do.
ITEMS = {"Address.lines": "Line", "Capital.classes": "Class", "Agreement.amendments": "Amendment",
         "Charter.amendments": "Amendment", "Deal.other_investors": "Investor",
         "Company.address_changes": "Address change", "Investor.address_changes": "Address change",
         "Approval.investors": "Investor"}
# The help an item of a list carries ("Investor 2"); the models' docstrings, which speak to a
# programmer, are not shown.
ITEM_HELP = {"OtherInvestor": "An investor besides the initial investor.",
             "AddressChange": "A new notice address and the day it took effect.",
             "AgreementAmendment": "A dated change to the signed agreement.",
             "CharterAmendment": "A certificate of amendment to the charter.",
             "ShareClass": "A class of shares and how many the company may issue."}
PARENTS = {"OtherInvestor": "Investor", "AddressChange": "Notices", "RegisteredAddress": "Address"}
# What a choice's stored value means, for lists of choices.
CHOICES = {"before_payment": "Before any payment for stock", "stockholders_meeting": "At a stockholders' meeting",
           "written_consent": "By written consent of stockholders", "incorporator": "The incorporator",
           "directors": "The directors", "special": "Special meeting", "annual": "Annual meeting"}


def wording(model: str, field: str) -> tuple[str, str] | None:
    while model:
        found = WORDING.get(f"{model}.{field}")
        if found:
            return found
        model = PARENTS.get(model, "")
    return None


def item(model: str, field: str) -> str | None:
    while model:
        found = ITEMS.get(f"{model}.{field}")
        if found:
            return found
        model = PARENTS.get(model, "")
    return None


def apply(schema: dict) -> dict:
    """Put each property's lawyer's title and help into the schema, in place; returns it."""
    for name, definition in schema.get("$defs", {}).items():
        definition.pop("description", None)
        if name in ITEM_HELP:
            definition["description"] = ITEM_HELP[name]
        for key, prop in definition.get("properties", {}).items():
            _word(prop, wording(name, key), item(name, key))
    for key, prop in schema.get("properties", {}).items():
        _word(prop, wording("Deal", key), item("Deal", key))
    return schema


def _word(prop: dict, found: tuple[str, str] | None, each: str | None) -> None:
    if found:
        prop["title"], prop["description"] = found
    if each:
        prop["x-item-title"] = each
