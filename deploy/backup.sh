#!/usr/bin/env bash
# A backup of MotCua: the database (pg_dump, custom format) and the uploaded files
# (MEDIA_ROOT; skip with MEDIA_ROOT= when files live in a versioned S3 bucket), into
# <directory>/<date-time>/ with their checksums. Prints the backup's directory.
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/motcua/media deploy/backup.sh /srv/backups
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
dest="${1:-backups}/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$dest"
pg_dump --format=custom --no-owner --no-privileges --file "$dest/motcua.dump" "$DATABASE_URL"
media="${MEDIA_ROOT-var/media}"
if [ -n "$media" ] && [ -d "$media" ]; then
  tar -C "$media" -czf "$dest/media.tar.gz" .
fi
(cd "$dest" && sha256sum -- * > SHA256SUMS)
echo "$dest"
