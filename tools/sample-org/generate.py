#!/usr/bin/env python3
"""Generate the embedded sample Salesforce org (www/sample-org/*.json).

The describes are written from a compact, hand-written table of the *documented* standard
fields of Lead, Contact, Event and Case (shared/docs/salesforce-oncehub-facts.md sections 1-3
and shared/docs/salesforce-standard-fields.md), plus a few custom fields of our own. Nothing
is copied from a real org's describe: every attribute is either in the table below or derived
from the field type by the rules in `field()`.

Output is the REST describe shape of API v62.0 (`GET /services/data/v62.0/sobjects/X/describe`):
every field carries the full v46-v62 attribute set (57 keys), keys sorted as Salesforce sorts
them (alphabetically), fields in the object's natural order (Id first, custom fields last).

Usage:
    python3 tools/sample-org/generate.py           # (re)write www/sample-org/
    python3 tools/sample-org/generate.py --check   # exit 1 if the files are out of date

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

API_VERSION = "62.0"
MASTER_RECORD_TYPE_ID = "012000000000000AAA"
# Record types of the sample org's Case (invented ids, with valid 18-character suffixes), so the
# screen can show a record type chosen by name.
CASE_RECORD_TYPES = [
    ("Support_Request", "Support Request", "0125e000000TkSuAAK"),
    ("Billing_Question", "Billing Question", "0125e000000TkBqAAK"),
]
# Invented My Domain of the sample org (used in the ui* urls only).
INSTANCE_URL = "https://oncehub-sample-dev-ed.develop.my.salesforce.com"

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "www" / "sample-org"

# The OnceHub booking calendars of the sample account (ids in OnceHub's BKC- format).
BOOKING_CALENDARS = [
    {"id": "BKC-7QX2M4DL9A", "name": "Sales demo"},
    {"id": "BKC-K3PZ8R6WN1", "name": "Customer support"},
    {"id": "BKC-H5TV2J0YQE", "name": "Partner intro"},
]

# ---------------------------------------------------------------------------------------------
# Type rules (facts doc section 1.4, "type -> soapType observed across all fixtures")
# ---------------------------------------------------------------------------------------------

SOAP_TYPE = {
    "id": "tns:ID",
    "reference": "tns:ID",
    "string": "xsd:string",
    "textarea": "xsd:string",
    "email": "xsd:string",
    "phone": "xsd:string",
    "url": "xsd:string",
    "picklist": "xsd:string",
    "multipicklist": "xsd:string",
    "combobox": "xsd:string",
    "encryptedstring": "xsd:string",
    "boolean": "xsd:boolean",
    "int": "xsd:int",
    "double": "xsd:double",
    "currency": "xsd:double",
    "percent": "xsd:double",
    "date": "xsd:date",
    "datetime": "xsd:dateTime",
    "time": "xsd:time",
    "address": "urn:address",
    "location": "urn:location",
    "base64": "xsd:base64Binary",
    "anyType": "xsd:anyType",
}

# Types whose `length` is counted in characters (byteLength = 3 x length).
TEXT_TYPES = {
    "string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "combobox",
    "encryptedstring",
}


def query_flags(ftype: str, length: int) -> tuple[bool, bool, bool, bool]:
    """(aggregatable, groupable, sortable, filterable) for a field type."""
    if ftype == "textarea" and length > 255:  # long text area
        return (False, False, False, False)
    if ftype == "address" or ftype == "location":
        return (False, False, False, True)
    if ftype == "boolean":
        return (False, True, True, True)
    if ftype == "multipicklist":
        return (False, False, False, True)
    if ftype in ("datetime", "double", "currency", "percent", "combobox", "time"):
        return (True, False, True, True)
    return (True, True, True, True)


def pick(values, default=None):
    """Picklist entries from a list of `value` or `(value, label)`."""
    out = []
    for v in values:
        value, label = v if isinstance(v, tuple) else (v, v)
        out.append({
            "active": True,
            "defaultValue": value == default,
            "label": label,
            "validFor": None,
            "value": value,
        })
    return out


def field(name, label, ftype, *, length=None, nillable=None, createable=True, updateable=None,
          defaulted=None, default=None, values=None, restricted=False, ref=None, rel=None,
          compound=None, extra=None, precision=0, scale=0, digits=0, id_lookup=False,
          external_id=False, unique=False, name_field=False, auto_number=False, help_text=None,
          prefilter=None, html=False, sys_field=False):
    """One describe field with the full v46-v62 attribute set.

    `sys_field=True` = a read-only system field (not createable, not updateable).
    Unspecified attributes follow the type: booleans are non-nillable and defaulted to false,
    ids/references are 18 long, text types have byteLength 3 x length.
    """
    custom = name.endswith("__c")
    if sys_field:
        createable = False
        updateable = False if updateable is None else updateable
    if updateable is None:
        updateable = createable
    if ftype in ("id", "reference"):
        length = 18 if length is None else length
    if length is None:
        length = 0
    if ftype == "boolean":
        nillable = False if nillable is None else nillable
        defaulted = True if defaulted is None else defaulted
        default = False if default is None else default
    if ftype == "id":
        nillable = False
        defaulted = True
        id_lookup = True
    if ftype == "textarea" and extra is None and not html:
        extra = "plaintextarea"
    if nillable is None:
        nillable = True
    if defaulted is None:
        defaulted = False
    if ftype in TEXT_TYPES:
        byte_length = length * 3
    elif ftype in ("id", "reference"):
        byte_length = length
    else:
        byte_length = 0
    if name == "Comments" and ftype == "textarea":
        byte_length = length  # observed quirk: Case.Comments byteLength == length (facts 1.2)
    refs = list(ref or [])
    polymorphic = len(refs) > 1
    if prefilter is None:
        # Plain lookups to business objects are search-prefilterable; audit/owner/polymorphic
        # lookups and self lookups (MasterRecordId) are not.
        prefilter = (
            ftype == "reference" and not polymorphic
            and name not in ("OwnerId", "CreatedById", "LastModifiedById", "MasterRecordId",
                             "RecurrenceActivityId")
        )
    aggregatable, groupable, sortable, filterable = query_flags(ftype, length)
    return {
        "aggregatable": aggregatable,
        "aiPredictionField": False,
        "autoNumber": auto_number,
        "byteLength": byte_length,
        "calculated": False,
        "calculatedFormula": None,
        "cascadeDelete": False,
        "caseSensitive": False,
        "compoundFieldName": compound,
        "controllerName": None,
        "createable": createable,
        "custom": custom,
        "defaultValue": default,
        "defaultValueFormula": None,
        "defaultedOnCreate": defaulted,
        "dependentPicklist": False,
        "deprecatedAndHidden": False,
        "digits": digits,
        "displayLocationInDecimal": False,
        "encrypted": False,
        "externalId": external_id,
        "extraTypeInfo": extra,
        "filterable": filterable,
        "filteredLookupInfo": None,
        "formulaTreatNullNumberAsZero": False,
        "groupable": groupable,
        "highScaleNumber": False,
        "htmlFormatted": html,
        "idLookup": id_lookup,
        "inlineHelpText": help_text,
        "label": label,
        "length": length,
        "mask": None,
        "maskType": None,
        "name": name,
        "nameField": name_field,
        "namePointing": polymorphic and name in ("OwnerId", "WhoId", "WhatId"),
        "nillable": nillable,
        "permissionable": nillable and (createable or updateable) and not sys_field,
        "picklistValues": pick(values, default) if values else [],
        "polymorphicForeignKey": polymorphic,
        "precision": precision,
        "queryByDistance": False,
        "referenceTargetField": None,
        "referenceTo": refs,
        "relationshipName": rel,
        "relationshipOrder": None,
        "restrictedDelete": False,
        "restrictedPicklist": restricted,
        "scale": scale,
        "searchPrefilterable": prefilter,
        "soapType": SOAP_TYPE[ftype],
        "sortable": sortable,
        "type": ftype,
        "unique": unique,
        "updateable": updateable,
        "writeRequiresMasterRead": False,
    }


# ---------------------------------------------------------------------------------------------
# Shared building blocks
# ---------------------------------------------------------------------------------------------

SALUTATIONS = ["Mr.", "Ms.", "Mrs.", "Dr.", "Prof."]
GEOCODE_ACCURACY = ["Address", "NearAddress", "Block", "Street", "ExtendedZip", "Zip",
                    "Neighborhood", "City", "County", "State", "Unknown"]
CLEAN_STATUS = [("Matched", "In Sync"), ("Different", "Different"), ("Acknowledged", "Reviewed"),
                ("NotFound", "Not Found"), ("Inactive", "Inactive"), ("Pending", "Not Compared"),
                ("SelectMatch", "Select Match"), ("Skipped", "Skipped")]
LEAD_SOURCE = ["Web", "Phone Inquiry", "Partner Referral", "Purchased List", "Other"]
INDUSTRY = ["Agriculture", "Apparel", "Banking", "Biotechnology", "Chemicals", "Communications",
            "Construction", "Consulting", "Education", "Electronics", "Energy", "Engineering",
            "Entertainment", "Environmental", "Finance", "Food & Beverage", "Government",
            "Healthcare", "Hospitality", "Insurance", "Machinery", "Manufacturing", "Media",
            "Not For Profit", "Recreation", "Retail", "Shipping", "Technology",
            "Telecommunications", "Transportation", "Utilities", "Other"]


def id_field(obj_label):
    return field("Id", f"{obj_label} ID", "id", sys_field=True)


def audit_fields():
    """CreatedDate ... SystemModstamp, present on every object."""
    return [
        field("CreatedDate", "Created Date", "datetime", sys_field=True, nillable=False,
              defaulted=True),
        field("CreatedById", "Created By ID", "reference", sys_field=True, nillable=False,
              defaulted=True, ref=["User"], rel="CreatedBy"),
        field("LastModifiedDate", "Last Modified Date", "datetime", sys_field=True,
              nillable=False, defaulted=True),
        field("LastModifiedById", "Last Modified By ID", "reference", sys_field=True,
              nillable=False, defaulted=True, ref=["User"], rel="LastModifiedBy"),
        field("SystemModstamp", "System Modstamp", "datetime", sys_field=True, nillable=False,
              defaulted=True),
    ]


def deleted_field():
    return field("IsDeleted", "Deleted", "boolean", sys_field=True)


def master_record(obj):
    return field("MasterRecordId", "Master Record ID", "reference", sys_field=True, ref=[obj],
                 rel="MasterRecord")


def person_name(salutations):
    return [
        field("LastName", "Last Name", "string", length=80, nillable=False, compound="Name",
              extra="personname"),
        field("FirstName", "First Name", "string", length=40, compound="Name",
              extra="personname"),
        field("Salutation", "Salutation", "picklist", length=40, compound="Name",
              extra="personname", values=salutations),
    ]


def full_name():
    return field("Name", "Full Name", "string", length=121, sys_field=True, nillable=False,
                 name_field=True, extra="personname")


def address(prefix, label_prefix, compound_name):
    """Street/City/State/PostalCode/Country/Latitude/Longitude/GeocodeAccuracy + compound."""
    p, lp, c = prefix, label_prefix, compound_name
    return [
        field(f"{p}Street", f"{lp}Street", "textarea", length=255, compound=c),
        field(f"{p}City", f"{lp}City", "string", length=40, compound=c),
        field(f"{p}State", f"{lp}State/Province", "string", length=80, compound=c),
        field(f"{p}PostalCode", f"{lp}Zip/Postal Code", "string", length=20, compound=c),
        field(f"{p}Country", f"{lp}Country", "string", length=80, compound=c),
        field(f"{p}Latitude", f"{lp}Latitude", "double", compound=c, precision=18, scale=15),
        field(f"{p}Longitude", f"{lp}Longitude", "double", compound=c, precision=18, scale=15),
        field(f"{p}GeocodeAccuracy", f"{lp}Geocode Accuracy", "picklist", length=40,
              compound=c, values=GEOCODE_ACCURACY, restricted=True),
        field(c, f"{lp}Address", "address", sys_field=True),
    ]


# ---------------------------------------------------------------------------------------------
# The four objects
# ---------------------------------------------------------------------------------------------

def lead_fields():
    return [
        id_field("Lead"),
        deleted_field(),
        master_record("Lead"),
        *person_name(SALUTATIONS + ["Mx."]),
        full_name(),
        field("Title", "Title", "string", length=128),
        field("Company", "Company", "string", length=255, nillable=False),
        *address("", "", "Address"),
        field("Phone", "Phone", "phone", length=40),
        field("MobilePhone", "Mobile Phone", "phone", length=40),
        field("Fax", "Fax", "phone", length=40),
        field("Email", "Email", "email", length=80, id_lookup=True),
        field("Website", "Website", "url", length=255),
        field("PhotoUrl", "Photo URL", "url", length=255, sys_field=True, extra="imageurl"),
        field("Description", "Description", "textarea", length=32000),
        field("LeadSource", "Lead Source", "picklist", length=255, values=LEAD_SOURCE),
        field("Status", "Status", "picklist", length=255, nillable=False, defaulted=True,
              default="Open - Not Contacted",
              values=["Open - Not Contacted", "Working - Contacted", "Closed - Converted",
                      "Closed - Not Converted"]),
        field("Industry", "Industry", "picklist", length=255, values=INDUSTRY),
        field("Rating", "Rating", "picklist", length=255, values=["Hot", "Warm", "Cold"]),
        field("AnnualRevenue", "Annual Revenue", "currency", precision=18, scale=0),
        field("NumberOfEmployees", "Employees", "int", digits=8),
        field("OwnerId", "Owner ID", "reference", nillable=False, defaulted=True,
              ref=["Group", "User"], rel="Owner"),
        field("IsConverted", "Converted", "boolean", updateable=False),
        field("ConvertedDate", "Converted Date", "date", sys_field=True),
        field("ConvertedAccountId", "Converted Account ID", "reference", sys_field=True,
              ref=["Account"], rel="ConvertedAccount"),
        field("ConvertedContactId", "Converted Contact ID", "reference", sys_field=True,
              ref=["Contact"], rel="ConvertedContact"),
        field("ConvertedOpportunityId", "Converted Opportunity ID", "reference",
              sys_field=True, ref=["Opportunity"], rel="ConvertedOpportunity"),
        field("IsUnreadByOwner", "Unread By Owner", "boolean"),
        *audit_fields(),
        field("LastActivityDate", "Last Activity", "date", sys_field=True),
        field("LastViewedDate", "Last Viewed Date", "datetime", sys_field=True),
        field("LastReferencedDate", "Last Referenced Date", "datetime", sys_field=True),
        field("Jigsaw", "Data.com Key", "string", length=20),
        field("JigsawContactId", "Jigsaw Contact ID", "string", length=20, sys_field=True),
        field("CleanStatus", "Clean Status", "picklist", length=40, values=CLEAN_STATUS,
              restricted=True),
        field("CompanyDunsNumber", "Company D-U-N-S Number", "string", length=9),
        field("DandbCompanyId", "D&B Company ID", "reference", ref=["DandBCompany"],
              rel="DandbCompany"),
        # Update-only on Lead (facts 3.1).
        field("EmailBouncedReason", "Email Bounced Reason", "string", length=255,
              createable=False, updateable=True),
        field("EmailBouncedDate", "Email Bounced Date", "datetime", createable=False,
              updateable=True),
        field("IndividualId", "Individual ID", "reference", ref=["Individual"],
              rel="Individual"),
        # --- custom fields of the sample org ---
        field("Meeting_Type__c", "Meeting Type", "picklist", length=255,
              values=["Demo", "Discovery", "Support"], restricted=True,
              help_text="Kind of first meeting booked through OnceHub."),
        field("Preferred_Contact_Time__c", "Preferred Contact Time", "datetime",
              help_text="When the lead asked to be contacted."),
    ]


def contact_fields():
    return [
        id_field("Contact"),
        deleted_field(),
        master_record("Contact"),
        field("AccountId", "Account ID", "reference", ref=["Account"], rel="Account"),
        *person_name(SALUTATIONS),
        full_name(),
        *address("Other", "Other ", "OtherAddress"),
        *address("Mailing", "Mailing ", "MailingAddress"),
        field("Phone", "Business Phone", "phone", length=40),
        field("Fax", "Business Fax", "phone", length=40),
        field("MobilePhone", "Mobile Phone", "phone", length=40),
        field("HomePhone", "Home Phone", "phone", length=40),
        field("OtherPhone", "Other Phone", "phone", length=40),
        field("AssistantPhone", "Asst. Phone", "phone", length=40),
        field("ReportsToId", "Reports To ID", "reference", ref=["Contact"], rel="ReportsTo"),
        field("Email", "Email", "email", length=80, id_lookup=True),
        field("Title", "Title", "string", length=128),
        field("Department", "Department", "string", length=80),
        field("AssistantName", "Assistant's Name", "string", length=40),
        field("LeadSource", "Lead Source", "picklist", length=255, values=LEAD_SOURCE),
        field("Birthdate", "Birthdate", "date"),
        field("Description", "Contact Description", "textarea", length=32000),
        field("OwnerId", "Owner ID", "reference", nillable=False, defaulted=True, ref=["User"],
              rel="Owner"),
        *audit_fields(),
        field("LastActivityDate", "Last Activity", "date", sys_field=True),
        field("LastCURequestDate", "Last Stay-in-Touch Request Date", "datetime",
              sys_field=True),
        field("LastCUUpdateDate", "Last Stay-in-Touch Save Date", "datetime", sys_field=True),
        field("LastViewedDate", "Last Viewed Date", "datetime", sys_field=True),
        field("LastReferencedDate", "Last Referenced Date", "datetime", sys_field=True),
        field("EmailBouncedReason", "Email Bounced Reason", "string", length=255),
        field("EmailBouncedDate", "Email Bounced Date", "datetime"),
        field("IsEmailBounced", "Is Email Bounced", "boolean", sys_field=True),
        field("PhotoUrl", "Photo URL", "url", length=255, sys_field=True, extra="imageurl"),
        field("Jigsaw", "Data.com Key", "string", length=20),
        field("JigsawContactId", "Jigsaw Contact ID", "string", length=20, sys_field=True),
        field("CleanStatus", "Clean Status", "picklist", length=40, values=CLEAN_STATUS,
              restricted=True),
        field("IndividualId", "Individual ID", "reference", ref=["Individual"],
              rel="Individual"),
        # --- custom fields of the sample org ---
        field("Booking_Source__c", "Booking Source", "string", length=80,
              help_text="Where the contact's first OnceHub booking came from."),
    ]


# Event.WhatId: a realistic subset of the ~80 targets of a real org.
WHAT_TARGETS = ["Account", "Asset", "Campaign", "Case", "Contract", "Opportunity", "Order",
                "Product2", "Quote", "Solution"]
# Event.RecurrenceTimeZoneSidKey: a subset of the ~420 time zones of a real org.
TIME_ZONES = [
    ("Pacific/Honolulu", "(GMT-10:00) Hawaii-Aleutian Standard Time (Pacific/Honolulu)"),
    ("America/Anchorage", "(GMT-09:00) Alaska Standard Time (America/Anchorage)"),
    ("America/Los_Angeles", "(GMT-08:00) Pacific Standard Time (America/Los_Angeles)"),
    ("America/Denver", "(GMT-07:00) Mountain Standard Time (America/Denver)"),
    ("America/Phoenix", "(GMT-07:00) Mountain Standard Time (America/Phoenix)"),
    ("America/Chicago", "(GMT-06:00) Central Standard Time (America/Chicago)"),
    ("America/New_York", "(GMT-05:00) Eastern Standard Time (America/New_York)"),
    ("America/Toronto", "(GMT-05:00) Eastern Standard Time (America/Toronto)"),
    ("America/Sao_Paulo", "(GMT-03:00) Brasilia Standard Time (America/Sao_Paulo)"),
    ("GMT", "(GMT+00:00) Greenwich Mean Time (GMT)"),
    ("Europe/London", "(GMT+00:00) Greenwich Mean Time (Europe/London)"),
    ("Europe/Berlin", "(GMT+01:00) Central European Standard Time (Europe/Berlin)"),
    ("Europe/Paris", "(GMT+01:00) Central European Standard Time (Europe/Paris)"),
    ("Africa/Johannesburg", "(GMT+02:00) South Africa Standard Time (Africa/Johannesburg)"),
    ("Asia/Jerusalem", "(GMT+02:00) Israel Standard Time (Asia/Jerusalem)"),
    ("Asia/Dubai", "(GMT+04:00) Gulf Standard Time (Asia/Dubai)"),
    ("Asia/Kolkata", "(GMT+05:30) India Standard Time (Asia/Kolkata)"),
    ("Asia/Singapore", "(GMT+08:00) Singapore Standard Time (Asia/Singapore)"),
    ("Asia/Tokyo", "(GMT+09:00) Japan Standard Time (Asia/Tokyo)"),
    ("Australia/Sydney", "(GMT+10:00) Australian Eastern Standard Time (Australia/Sydney)"),
    ("Pacific/Auckland", "(GMT+12:00) New Zealand Standard Time (Pacific/Auckland)"),
]


def event_fields():
    return [
        id_field("Activity"),
        field("WhoId", "Name ID", "reference", ref=["Contact", "Lead"], rel="Who"),
        field("WhatId", "Related To ID", "reference", ref=WHAT_TARGETS, rel="What"),
        field("Subject", "Subject", "combobox", length=255, name_field=True,
              values=["Call", "Email", "Meeting", "Send Letter/Quote", "Other"]),
        field("Location", "Location", "string", length=255),
        field("IsAllDayEvent", "All-Day Event", "boolean"),
        field("ActivityDateTime", "Due Date Time", "datetime"),
        field("ActivityDate", "Due Date Only", "date"),
        field("DurationInMinutes", "Duration", "int", digits=8),
        field("StartDateTime", "Start Date Time", "datetime"),
        field("EndDateTime", "End Date Time", "datetime"),
        field("EndDate", "End Date", "date", sys_field=True),
        field("Description", "Description", "textarea", length=32000),
        field("AccountId", "Account ID", "reference", sys_field=True, ref=["Account"],
              rel="Account"),
        field("OwnerId", "Assigned To ID", "reference", nillable=False, defaulted=True,
              ref=["Calendar", "User"], rel="Owner"),
        field("IsPrivate", "Private", "boolean"),
        field("ShowAs", "Show Time As", "picklist", length=40, defaulted=True, default="Busy",
              values=["Busy", ("OutOfOffice", "Out of Office"), "Free"], restricted=True),
        deleted_field(),
        field("IsChild", "Is Child", "boolean", sys_field=True),
        field("IsGroupEvent", "Is Group Event", "boolean", sys_field=True),
        field("GroupEventType", "Group Event Type", "picklist", length=40, sys_field=True,
              values=[("0", "Non-group Event"), ("1", "Group Event"),
                      ("2", "Proposed Event")], restricted=True),
        *audit_fields(),
        field("IsArchived", "Archived", "boolean", sys_field=True),
        field("RecurrenceActivityId", "Recurrence Activity ID", "reference", sys_field=True,
              ref=["Event"], rel=None),
        field("IsRecurrence", "Create Recurring Series of Events", "boolean",
              updateable=False),
        field("RecurrenceStartDateTime", "Recurrence Begins", "datetime"),
        field("RecurrenceEndDateOnly", "Recurrence Ends", "date"),
        field("RecurrenceTimeZoneSidKey", "Recurrence Time Zone", "picklist", length=40,
              values=TIME_ZONES, restricted=True),
        field("RecurrenceType", "Recurrence Type", "picklist", length=40, restricted=True,
              values=[("RecursDaily", "Recurs Daily"),
                      ("RecursEveryWeekday", "Recurs Every Weekday"),
                      ("RecursMonthly", "Recurs Monthly"),
                      ("RecursMonthlyNth", "Recurs Monthly Nth"),
                      ("RecursWeekly", "Recurs Weekly"),
                      ("RecursYearly", "Recurs Yearly"),
                      ("RecursYearlyNth", "Recurs Yearly Nth")]),
        field("RecurrenceInterval", "Recurrence Interval", "int", digits=9),
        field("RecurrenceDayOfWeekMask", "Recurrence Day of Week Mask", "int", digits=9),
        field("RecurrenceDayOfMonth", "Recurrence Day of Month", "int", digits=9),
        field("RecurrenceInstance", "Recurrence Instance", "picklist", length=40,
              restricted=True,
              values=[("First", "1st"), ("Second", "2nd"), ("Third", "3rd"),
                      ("Fourth", "4th"), ("Last", "last")]),
        field("RecurrenceMonthOfYear", "Recurrence Month of Year", "picklist", length=40,
              restricted=True,
              values=["January", "February", "March", "April", "May", "June", "July",
                      "August", "September", "October", "November", "December"]),
        field("ReminderDateTime", "Reminder Date/Time", "datetime"),
        field("IsReminderSet", "Reminder Set", "boolean"),
        field("EventSubtype", "Event Subtype", "picklist", length=40, updateable=False,
              values=["Event"], restricted=True),
        field("Recurrence2PatternText", "Recurrence Pattern", "textarea", length=512,
              updateable=False),
        # --- custom fields of the sample org ---
        field("OnceHub_Booking_Id__c", "OnceHub Booking ID", "string", length=40,
              external_id=True, unique=True, id_lookup=True,
              help_text="OnceHub booking id (BKNG-...). External id: use it as the upsert key."),
        field("Meeting_Status__c", "Meeting Status", "picklist", length=255,
              values=["Scheduled", "Rescheduled", "Completed", "Canceled", "No-show"]),
    ]


def case_fields():
    return [
        id_field("Case"),
        deleted_field(),
        master_record("Case"),
        field("CaseNumber", "Case Number", "string", length=30, sys_field=True,
              nillable=False, defaulted=True, auto_number=True, id_lookup=True,
              name_field=True),
        field("ContactId", "Contact ID", "reference", ref=["Contact"], rel="Contact"),
        field("AccountId", "Account ID", "reference", ref=["Account"], rel="Account"),
        field("AssetId", "Asset ID", "reference", ref=["Asset"], rel="Asset"),
        field("ParentId", "Parent Case ID", "reference", ref=["Case"], rel="Parent"),
        field("SuppliedName", "Name", "string", length=80),
        field("SuppliedEmail", "Email Address", "email", length=80),
        field("SuppliedPhone", "Phone", "string", length=40),
        field("SuppliedCompany", "Company", "string", length=80),
        field("Type", "Case Type", "picklist", length=40,
              values=["Mechanical", "Electrical", "Electronic", "Structural", "Other"]),
        field("Status", "Status", "picklist", length=40, defaulted=True, default="New",
              values=["New", "Working", "Escalated", "Closed"]),
        field("Reason", "Case Reason", "picklist", length=40,
              values=["Installation", "Equipment Complexity", "Performance", "Breakdown",
                      "Equipment Design", "Feedback", "Other"]),
        field("Origin", "Case Origin", "picklist", length=40, values=["Phone", "Email", "Web"]),
        field("Subject", "Subject", "string", length=255),
        field("Priority", "Priority", "picklist", length=40, defaulted=True, default="Medium",
              values=["High", "Medium", "Low"]),
        field("Description", "Description", "textarea", length=32000),
        field("IsClosed", "Closed", "boolean", sys_field=True),
        field("ClosedDate", "Closed Date", "datetime", sys_field=True),
        field("IsEscalated", "Escalated", "boolean"),
        field("OwnerId", "Owner ID", "reference", nillable=False, defaulted=True,
              ref=["Group", "User"], rel="Owner"),
        field("RecordTypeId", "Case Record Type", "reference", defaulted=True,
              ref=["RecordType"], rel="RecordType"),
        *audit_fields(),
        field("ContactPhone", "Contact Phone", "phone", length=40, sys_field=True),
        field("ContactMobile", "Contact Mobile", "phone", length=40, sys_field=True),
        field("ContactEmail", "Contact Email", "email", length=80, sys_field=True),
        field("ContactFax", "Contact Fax", "phone", length=40, sys_field=True),
        field("Comments", "Internal Comments", "textarea", length=4000),
        field("LastViewedDate", "Last Viewed Date", "datetime", sys_field=True),
        field("LastReferencedDate", "Last Referenced Date", "datetime", sys_field=True),
        # --- custom fields of the sample org ---
        field("Booking_Calendar__c", "Booking Calendar", "string", length=80,
              help_text="Name of the OnceHub booking calendar the meeting was booked on."),
    ]


OBJECTS = {
    # name: (label, labelPlural, keyPrefix, fields, feedEnabled, mergeable, scopes)
    "Lead": ("Lead", "Leads", "00Q", lead_fields, True, True,
             [("everything", "All leads"), ("mine", "My leads"),
              ("queue_owned", "Queue owned leads"), ("team", "My team's leads"),
              ("user_owned", "User owned leads")]),
    "Contact": ("Contact", "Contacts", "003", contact_fields, True, True,
                [("everything", "All contacts"), ("mine", "My contacts"),
                 ("team", "My team's contacts")]),
    "Event": ("Event", "Events", "00U", event_fields, False, False,
              [("delegated", "My delegated events"), ("everything", "All events"),
               ("mine", "My events"), ("team", "My team's events")]),
    "Case": ("Case", "Cases", "500", case_fields, True, True,
             [("everything", "All cases"), ("mine", "My cases"),
              ("queue_owned", "Queue owned cases"), ("team", "My team's cases"),
              ("user_owned", "User owned cases")]),
}


def describe(name: str) -> dict:
    label, plural, prefix, fields_fn, feed, mergeable, scopes = OBJECTS[name]
    base = f"/services/data/v{API_VERSION}/sobjects/{name}"
    fields = fields_fn()
    names = [f["name"] for f in fields]
    assert len(names) == len(set(names)), f"duplicate field in {name}"
    assert names[0] == "Id"
    return {
        "actionOverrides": [],
        "activateable": False,
        "associateEntityType": None,
        "associateParentEntity": None,
        "childRelationships": [],
        "compactLayoutable": True,
        "createable": True,
        "custom": False,
        "customSetting": False,
        "deepCloneable": False,
        "defaultImplementation": None,
        "deletable": True,
        "deprecatedAndHidden": False,
        "extendedBy": None,
        "extendsInterfaces": None,
        "feedEnabled": feed,
        "fields": fields,
        "hasSubtypes": False,
        "implementedBy": None,
        "implementsInterfaces": None,
        "isInterface": False,
        "isSubtype": False,
        "keyPrefix": prefix,
        "label": label,
        "labelPlural": plural,
        "layoutable": True,
        "listviewable": None,
        "lookupLayoutable": None,
        "mergeable": mergeable,
        "mruEnabled": True,
        "name": name,
        "namedLayoutInfos": [],
        "networkScopeFieldName": None,
        "queryable": True,
        "recordTypeInfos": [
            {
                "active": True,
                "available": True,
                "defaultRecordTypeMapping": dev == "Support_Request",
                "developerName": dev,
                "master": False,
                "name": rt_name,
                "recordTypeId": rt_id,
                "urls": {"layout": f"{base}/describe/layouts/{rt_id}"},
            }
            for dev, rt_name, rt_id in (CASE_RECORD_TYPES if name == "Case" else [])
        ] + [{
            "active": True,
            "available": True,
            "defaultRecordTypeMapping": name != "Case",
            "developerName": "Master",
            "master": True,
            "name": "Master",
            "recordTypeId": MASTER_RECORD_TYPE_ID,
            "urls": {"layout": f"{base}/describe/layouts/{MASTER_RECORD_TYPE_ID}"},
        }],
        "replicateable": True,
        "retrieveable": True,
        "searchLayoutable": True,
        "searchable": True,
        "sobjectDescribeOption": "FULL",
        "supportedScopes": [{"label": lab, "name": n} for n, lab in scopes],
        "triggerable": True,
        "undeletable": True,
        "updateable": True,
        "urls": {
            "approvalLayouts": f"{base}/describe/approvalLayouts",
            "compactLayouts": f"{base}/describe/compactLayouts",
            "describe": f"{base}/describe",
            "layouts": f"{base}/describe/layouts",
            "listviews": f"{base}/listviews",
            "quickActions": f"{base}/quickActions",
            "rowTemplate": f"{base}/{{ID}}",
            "sobject": base,
            "uiDetailTemplate": f"{INSTANCE_URL}/{{ID}}",
            "uiEditTemplate": f"{INSTANCE_URL}/{{ID}}/e",
            "uiNewRecord": f"{INSTANCE_URL}/{prefix}/e",
        },
    }


def required_on_create(desc: dict) -> list[str]:
    """The describe rule: createable && !nillable && !defaultedOnCreate, booleans never."""
    return [
        f["name"] for f in desc["fields"]
        if f["createable"] and not f["nillable"] and not f["defaultedOnCreate"]
        and f["type"] != "boolean"
    ]


EXPECTED_REQUIRED = {"Lead": ["LastName", "Company"], "Contact": ["LastName"], "Event": [],
                     "Case": []}


def dumps(obj, sort_keys=True) -> str:
    return json.dumps(obj, indent=1, sort_keys=sort_keys, ensure_ascii=False) + "\n"


def outputs() -> dict[str, str]:
    files = {}
    for name in OBJECTS:
        desc = describe(name)
        got = required_on_create(desc)
        assert got == EXPECTED_REQUIRED[name], f"{name}: required-on-create is {got}"
        files[f"{name}.json"] = dumps(desc)
    files["index.json"] = dumps({"objects": list(OBJECTS),
                                 "bookingCalendars": BOOKING_CALENDARS}, sort_keys=False)
    return files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if www/sample-org/ differs from the generator")
    args = ap.parse_args(argv)
    files = outputs()
    stale = []
    for fname, text in files.items():
        path = OUT_DIR / fname
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(fname)
        if not args.check:
            OUT_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for name in OBJECTS:
        req = required_on_create(json.loads(files[f"{name}.json"]))
        print(f"{name}: {len(json.loads(files[name + '.json'])['fields'])} fields, "
              f"required on create: {', '.join(req) or '(none)'}")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run python3 tools/sample-org/generate.py)",
              file=sys.stderr)
        return 1
    if not args.check:
        print(f"wrote {len(stale)} of {len(files)} files to {OUT_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
