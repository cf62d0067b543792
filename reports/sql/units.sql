-- The units trdb assumes because the publishers name none (metric_units):
-- the notes under the DSA tables say so.
SELECT metric, unit, why FROM metric_units WHERE assumed = 1 ORDER BY metric;
