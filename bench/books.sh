# Sourced by the benchmarks that migrate a generated export: counts, straight from the services'
# databases, what arrived against what the generator says must arrive (EXPORT/expected.json), and
# runs the cross-service verification. Needs EXPORT, ROOT and PGHOST/PGPORT/PGUSER.

psql_db() { psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$1" -v ON_ERROR_STOP=1 -qtA -c "$2"; }

expected() { sed -n "s/.*\"$1\" *: *\([0-9]*\).*/\1/p" "$EXPORT/expected.json"; }

completed() { psql_db poco_account "SELECT count(*) FROM poco_account WHERE migration_state = 'COMPLETED'"; }

# Prints one line per book ("ok" or "DIFFERS") and the verification; returns non-zero on any difference.
check_books() {
  local verify_log=$1 accounts points coupons letters=0 verified audited db
  accounts=$(completed)
  points=$(psql_db poco_loyalty "SELECT coalesce(sum(delta), 0) FROM mi_points_entry WHERE reason = 'POCO_CONVERSION'")
  coupons=$(psql_db poco_coupon "SELECT count(*) FROM mi_coupon")
  for db in poco_account poco_loyalty poco_coupon; do
    letters=$((letters + $(psql_db "$db" "SELECT count(*) FROM dead_letter WHERE replayed_at IS NULL")))
  done
  "$ROOT/bin/migrate" verify >"$verify_log" 2>&1 && verified=OK || verified=FAILED
  # every account recounted, and the kept totals the verification answered from compared with it
  "$ROOT/bin/migrate" verify --audit >"${verify_log%.log}-audit.log" 2>&1 && audited=OK || audited=FAILED
  book_row "accounts COMPLETED" "$accounts" "$(expected accounts)"
  book_row "Mi points credited" "$points" "$(expected convertiblePoints)"
  book_row "coupons reissued" "$coupons" "$(expected eligibleCoupons)"
  book_row "dead letters left" "$letters" 0
  echo "verification           $verified  ($verify_log)"
  echo "audit, totals = recount $audited  (${verify_log%.log}-audit.log)"
  [ "$accounts" = "$(expected accounts)" ] && [ "$points" = "$(expected convertiblePoints)" ] \
    && [ "$coupons" = "$(expected eligibleCoupons)" ] && [ "$letters" = 0 ] && [ "$verified" = OK ] \
    && [ "$audited" = OK ]
}

book_row() { printf '%-22s %12s  expected %12s  %s\n' "$1" "$2" "$3" "$([ "$2" = "$3" ] && echo ok || echo DIFFERS)"; }
