-- BIL-3: the organization's address is structured like a billing address (street and building
-- number apart), so the QR-bill's structured debtor address is filled.
ALTER TABLE organizations ADD COLUMN building_number TEXT NOT NULL DEFAULT '';
