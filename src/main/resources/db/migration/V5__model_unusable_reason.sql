-- Why a model cannot be served (its stored network failed its checksum, say), written once when the
-- first load finds out, so that later requests are refused at once instead of downloading it again.
ALTER TABLE models ADD COLUMN unusable_reason TEXT;
