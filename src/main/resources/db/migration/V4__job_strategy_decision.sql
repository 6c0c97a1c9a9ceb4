-- The strategy a worker ran for a job (for auto, the one it chose), why, and the plan in words, as a JSON
-- document written and read by the application; null until a worker has planned the job.
ALTER TABLE jobs ADD COLUMN strategy_decision TEXT;
