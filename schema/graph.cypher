// Constraints and indexes the knowledge graph needs. Applied at start; every statement is idempotent.
// Every node carries :Node and one kind label; ids are unique across the whole graph.

CREATE CONSTRAINT node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT people_group_id IF NOT EXISTS FOR (n:PeopleGroup) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT place_id IF NOT EXISTS FOR (n:Place) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT fact_id IF NOT EXISTS FOR (n:Fact) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT dispute_id IF NOT EXISTS FOR (n:Dispute) REQUIRE n.id IS UNIQUE;

// Search: names and every alias of entities and events, and the titles and texts of documents.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS
FOR (n:Person|PeopleGroup|Organization|Country|Place|Event) ON EACH [n.name, n.aliasText];
CREATE FULLTEXT INDEX document_search IF NOT EXISTS
FOR (n:Document) ON EACH [n.title, n.text];

// Filters and sorts.
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX event_type IF NOT EXISTS FOR (n:Event) ON (n.type);
CREATE INDEX event_date IF NOT EXISTS FOR (n:Event) ON (n.dateFrom, n.dateTo);
CREATE INDEX event_date_to IF NOT EXISTS FOR (n:Event) ON (n.dateTo);
CREATE INDEX event_modality IF NOT EXISTS FOR (n:Event) ON (n.modality);
// An event's places (and every place above them) as WITHIN relationships with its dates: a place's events in a range.
CREATE INDEX event_within_to IF NOT EXISTS FOR ()-[w:WITHIN]-() ON (w.placeId, w.dateTo);
CREATE INDEX event_within_from IF NOT EXISTS FOR ()-[w:WITHIN]-() ON (w.placeId, w.dateFrom);
CREATE INDEX fact_type IF NOT EXISTS FOR (n:Fact) ON (n.type);
CREATE INDEX claim_modality IF NOT EXISTS FOR (n:Claim) ON (n.modality);
CREATE INDEX claim_predicate IF NOT EXISTS FOR (n:Claim) ON (n.predicate);
CREATE INDEX document_published IF NOT EXISTS FOR (n:Document) ON (n.publishedOn);
CREATE INDEX organization_type IF NOT EXISTS FOR (n:Organization) ON (n.orgType);
CREATE INDEX place_type IF NOT EXISTS FOR (n:Place) ON (n.placeType);

// The write path: an audit record per change, redirects left by merged entities, and write locks.
CREATE CONSTRAINT change_id IF NOT EXISTS FOR (n:Change) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT redirect_id IF NOT EXISTS FOR (n:Redirect) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT write_lock_key IF NOT EXISTS FOR (n:WriteLock) REQUIRE n.key IS UNIQUE;
CREATE INDEX change_actor IF NOT EXISTS FOR (n:Change) ON (n.actor, n.at);
CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind);
