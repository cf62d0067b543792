-- Schema version 7: the part of its dataset a file is a release of. A DSA
-- report's Table 3 is one service's (its Service column), and one provider
-- publishes several services' reports (Google Ireland Limited: YouTube,
-- Google Play, Google Search, ...): a newer release replaces an older one
-- of the same publisher, dataset and part only, so YouTube's report never
-- makes Google Play's figures for the same half-year stale. NULL: the file
-- is a release of the whole dataset, as every file before this version.
ALTER TABLE source_files ADD COLUMN part TEXT;
