// Shared by the plain page and the Vite app (tests/vite-app/run.mjs copies it into the app).
// A small Lead describe in the REST describe shape, written from the documented standard
// fields (Id; LastName string(80) and Company string(255), both required; Email email(80)),
// with only the attributes the engine reads.
export const LEAD_DESCRIBE = {
  name: "Lead",
  label: "Lead",
  labelPlural: "Leads",
  custom: false,
  createable: true,
  updateable: true,
  urls: { sobject: "/services/data/v59.0/sobjects/Lead", describe: "/services/data/v59.0/sobjects/Lead/describe" },
  fields: [
    {"name": "Id", "label": "Lead ID", "type": "id", "soapType": "tns:ID", "length": 18, "precision": 0, "scale": 0, "digits": 0, "byteLength": 18, "createable": false, "updateable": false, "nillable": false, "defaultedOnCreate": true, "calculated": false, "autoNumber": false, "custom": false, "unique": false, "externalId": false, "restrictedPicklist": false, "picklistValues": [], "referenceTo": [], "relationshipName": null, "defaultValue": null},
    {"name": "LastName", "label": "Last Name", "type": "string", "soapType": "xsd:string", "length": 80, "precision": 0, "scale": 0, "digits": 0, "byteLength": 240, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false, "calculated": false, "autoNumber": false, "custom": false, "unique": false, "externalId": false, "restrictedPicklist": false, "picklistValues": [], "referenceTo": [], "relationshipName": null, "defaultValue": null},
    {"name": "Company", "label": "Company", "type": "string", "soapType": "xsd:string", "length": 255, "precision": 0, "scale": 0, "digits": 0, "byteLength": 765, "createable": true, "updateable": true, "nillable": false, "defaultedOnCreate": false, "calculated": false, "autoNumber": false, "custom": false, "unique": false, "externalId": false, "restrictedPicklist": false, "picklistValues": [], "referenceTo": [], "relationshipName": null, "defaultValue": null},
    {"name": "Email", "label": "Email", "type": "email", "soapType": "xsd:string", "length": 80, "precision": 0, "scale": 0, "digits": 0, "byteLength": 240, "createable": true, "updateable": true, "nillable": true, "defaultedOnCreate": false, "calculated": false, "autoNumber": false, "custom": false, "unique": false, "externalId": false, "restrictedPicklist": false, "picklistValues": [], "referenceTo": [], "relationshipName": null, "defaultValue": null},
  ],
};

/** What both test pages compute and show; the runners assert on it. */
export function summarize(engine) {
  const summary = engine.loadDescribe(JSON.stringify(LEAD_DESCRIBE));
  return {
    object: summary.object,
    fieldCount: summary.fieldCount,
    required: engine.requiredFields("Lead").map((r) => r.name).sort(),
    compatible: engine.compatibleFields("Lead", "email").map((f) => f.name),
  };
}
