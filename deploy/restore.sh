#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into an EMPTY database (and MEDIA_ROOT):
#   DATABASE_URL=postgres://…/motcua_new MEDIA_ROOT=/srv/motcua/media deploy/restore.sh DIR
# The checksums are verified first; pg_restore stops at the first error.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the empty database to restore into}"
src="${1:?give the backup directory}"
(cd "$src" && sha256sum --check --quiet SHA256SUMS)
pg_restore --no-owner --no-privileges --exit-on-error --dbname "$DATABASE_URL" "$src/motcua.dump"
media="${MEDIA_ROOT-var/media}"
if [ -f "$src/media.tar.gz" ] && [ -n "$media" ]; then
  mkdir -p "$media"
  tar -C "$media" -xzf "$src/media.tar.gz"
fi
echo "restored $src"
