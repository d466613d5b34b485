#!/usr/bin/env bash
# Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes a database with
# every committed migration applied to prisma/schema.prisma. Usage: bash scripts/new-migration.sh add_invites
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: scripts/new-migration.sh <name>}
[[ $name =~ ^[a-z0-9_]+$ ]] || { echo "name: lower-case letters, digits and _ only" >&2; exit 2; }
sql=$(CHECKPOINT_DISABLE=1 npx prisma migrate diff --from-migrations prisma/migrations \
  --to-schema-datamodel prisma/schema.prisma --script 2>/dev/null)
if ! grep -q '[A-Z]' <<<"$(grep -v '^--' <<<"$sql")"; then echo "schema and migrations agree: nothing to write"; exit 0; fi
dir="prisma/migrations/$(date -u +%Y%m%d%H%M%S)_${name}"
mkdir -p "$dir"
printf '%s\n' "$sql" >"$dir/migration.sql"
echo "wrote $dir/migration.sql"
