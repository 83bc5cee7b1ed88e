//! What Salesforce documents about some standard fields, for describes that leave it out.
//!
//! A reduced describe (the shape editors cache for SOQL completion) gives names, labels and
//! types but no `createable`, `updateable` or `length`. For the standard fields below those
//! facts are fixed by Salesforce, the same in every org, so the engine fills them in rather than
//! guess: a field Salesforce derives (Event `AccountId`) is read-only, a create-only one
//! (Event `EventSubtype`) is not updated, and lengths bound the values sent. A fact the describe
//! gives always wins, and a filled fact is no longer listed among the field's unknown facts.

use super::{Fact, Field};

/// `(object, field, createable, updateable)`: standard fields whose write rules differ from
/// "writable on create and update", or which a global rule would get wrong.
const WRITES: &[(&str, &str, bool, bool)] = &[
    // Derived from WhatId or WhoId, never written.
    ("Event", "AccountId", false, false),
    // Set once, when the Event is created.
    ("Event", "EventSubtype", true, false),
    ("Event", "Recurrence2PatternText", true, false),
    // The compound person name, built by Salesforce from its parts (older reduced shapes leave
    // out the `personname` marker that gives it away).
    ("Lead", "Name", false, false),
    ("Contact", "Name", false, false),
    // Set by Salesforce's bounce handling on a Lead, and writable by an update only.
    ("Lead", "EmailBouncedReason", false, true),
    ("Lead", "EmailBouncedDate", false, true),
    // Writable on a Contact, on create and update.
    ("Contact", "EmailBouncedReason", true, true),
    ("Contact", "EmailBouncedDate", true, true),
];

/// `(object, field, length)`: lengths of the standard text fields of Lead, Contact, Event and
/// Case that a create or an update can write (the same in every org).
const LENGTHS: &[(&str, &str, u32)] = &[
    ("Lead", "City", 40),
    ("Lead", "Company", 255),
    ("Lead", "CompanyDunsNumber", 9),
    ("Lead", "Country", 80),
    ("Lead", "Description", 32_000),
    ("Lead", "Email", 80),
    ("Lead", "EmailBouncedReason", 255),
    ("Lead", "Fax", 40),
    ("Lead", "FirstName", 40),
    ("Lead", "Jigsaw", 20),
    ("Lead", "LastName", 80),
    ("Lead", "MobilePhone", 40),
    ("Lead", "Phone", 40),
    ("Lead", "PostalCode", 20),
    ("Lead", "State", 80),
    ("Lead", "Street", 255),
    ("Lead", "Title", 128),
    ("Lead", "Website", 255),
    ("Contact", "AssistantName", 40),
    ("Contact", "AssistantPhone", 40),
    ("Contact", "Department", 80),
    ("Contact", "Description", 32_000),
    ("Contact", "Email", 80),
    ("Contact", "EmailBouncedReason", 255),
    ("Contact", "Fax", 40),
    ("Contact", "FirstName", 40),
    ("Contact", "HomePhone", 40),
    ("Contact", "Jigsaw", 20),
    ("Contact", "LastName", 80),
    ("Contact", "MailingCity", 40),
    ("Contact", "MailingCountry", 80),
    ("Contact", "MailingPostalCode", 20),
    ("Contact", "MailingState", 80),
    ("Contact", "MailingStreet", 255),
    ("Contact", "MobilePhone", 40),
    ("Contact", "OtherCity", 40),
    ("Contact", "OtherCountry", 80),
    ("Contact", "OtherPhone", 40),
    ("Contact", "OtherPostalCode", 20),
    ("Contact", "OtherState", 80),
    ("Contact", "OtherStreet", 255),
    ("Contact", "Phone", 40),
    ("Contact", "Title", 128),
    ("Event", "Description", 32_000),
    ("Event", "Location", 255),
    ("Event", "Recurrence2PatternText", 512),
    ("Event", "Subject", 255),
    ("Case", "Comments", 4000),
    ("Case", "Description", 32_000),
    ("Case", "Subject", 255),
    ("Case", "SuppliedCompany", 80),
    ("Case", "SuppliedEmail", 80),
    ("Case", "SuppliedName", 80),
    ("Case", "SuppliedPhone", 40),
];

/// `(object, field)`: standard picklists that are restricted in every org (their values are
/// Salesforce's own: how an Event shows on a calendar, its subtype, how precise a geocode is).
const RESTRICTED: &[(&str, &str)] = &[
    ("Event", "ShowAs"),
    ("Event", "EventSubtype"),
    ("Lead", "GeocodeAccuracy"),
    ("Contact", "MailingGeocodeAccuracy"),
    ("Contact", "OtherGeocodeAccuracy"),
];

/// Fills the facts a describe of `object` left out for the standard fields above.
pub fn complete(object: &str, fields: &mut [Field]) {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    let known_object = |o: &&str| same(o, object);
    if !WRITES.iter().map(|w| w.0).any(|o| known_object(&o))
        && !LENGTHS.iter().map(|l| l.0).any(|o| known_object(&o))
        && !RESTRICTED.iter().map(|r| r.0).any(|o| known_object(&o))
    {
        return;
    }
    for f in fields.iter_mut().filter(|f| !f.unknown_facts.is_empty()) {
        if let Some(&(_, _, create, update)) = WRITES
            .iter()
            .find(|w| same(w.0, object) && same(w.1, &f.name))
        {
            if f.createable.is_none() {
                f.createable = Some(create);
                f.unknown_facts.retain(|k| *k != Fact::Createable);
            }
            if f.updateable.is_none() {
                f.updateable = Some(update);
                f.unknown_facts.retain(|k| *k != Fact::Updateable);
            }
        }
        if f.unknown_facts.contains(&Fact::RestrictedPicklist)
            && RESTRICTED
                .iter()
                .any(|r| same(r.0, object) && same(r.1, &f.name))
        {
            f.restricted_picklist = true;
            f.unknown_facts.retain(|k| *k != Fact::RestrictedPicklist);
        }
        if f.length.is_none() && f.field_type.is_text() {
            if let Some(&(_, _, length)) = LENGTHS
                .iter()
                .find(|l| same(l.0, object) && same(l.1, &f.name))
            {
                f.length = Some(length);
                f.unknown_facts.retain(|k| *k != Fact::Length);
            }
        }
    }
}
