#!/usr/bin/env bash
# CI: a backup of a small MotCua database and its files, restored into a new database, must
# give back what was saved (row counts of the main tables, the files byte for byte).
set -euo pipefail
cd "$(dirname "$0")/.."
server="postgres://postgres@127.0.0.1:5432"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for db in motcua_backup_src motcua_backup_dst; do
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done
export MOTCUA_ENV=development
DATABASE_URL="$server/motcua_backup_src" .venv/bin/python manage.py migrate --noinput -v 0
DATABASE_URL="$server/motcua_backup_src" .venv/bin/python manage.py load_demo --no-dossiers > /dev/null
mkdir -p "$work/media-src/results/2026/12"
printf 'KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH\n' > "$work/media-src/results/2026/12/ket-qua.pdf"
backup="$(DATABASE_URL="$server/motcua_backup_src" MEDIA_ROOT="$work/media-src" \
  deploy/backup.sh "$work/backups")"
DATABASE_URL="$server/motcua_backup_dst" MEDIA_ROOT="$work/media-dst" deploy/restore.sh "$backup"
count() {
  psql "$server/$1" -tAc "SELECT (SELECT count(*) FROM units_agency), (SELECT count(*) FROM
    catalog_procedure), (SELECT count(*) FROM auth_user), (SELECT count(*) FROM
    units_staffrole), (SELECT count(*) FROM django_migrations)"
}
before="$(count motcua_backup_src)"
after="$(count motcua_backup_dst)"
[ "$before" = "$after" ] || { echo "restore differs: $before != $after"; exit 1; }
cmp "$work/media-src/results/2026/12/ket-qua.pdf" "$work/media-dst/results/2026/12/ket-qua.pdf"
for db in motcua_backup_src motcua_backup_dst; do
  psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
echo "backup and restore: the same $(echo "$before" | tr '|' ' ') rows (agencies, procedures, accounts, roles, migrations) and files"
