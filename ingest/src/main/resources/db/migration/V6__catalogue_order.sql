-- The catalogue is read in pages, newest first, by key on (created_at, id) (DocumentCatalogue):
-- these indexes serve the unfiltered order and the order within one tier.
CREATE INDEX document_catalogue_order ON document (created_at, id);
CREATE INDEX document_tier_order ON document (tier, created_at, id);
